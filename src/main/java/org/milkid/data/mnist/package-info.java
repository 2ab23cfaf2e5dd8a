/**
 * MNIST: the IDX reader (plain or gzip, validated), digit pools, and MNIST-bags as the paper builds them.
 */
package org.milkid.data.mnist;
