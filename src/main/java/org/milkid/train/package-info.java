/**
 * Training: Adam, one bag a step, the weights of the best validation epoch ({@link org.milkid.train.MilTrainer}), its settings and the bag loss.
 */
package org.milkid.train;
