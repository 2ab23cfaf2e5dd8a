/**
 * Key instance detection: the detectors behind {@link org.milkid.detect.KeyInstanceDetector}, the one optimisation loop of network inversion and sparse network inversion ({@link org.milkid.detect.InversionLoop}), its update rules and objectives, MILLI, the model-agnostic surrogate method ({@link org.milkid.detect.Milli} on the model's values of subsets of a bag, {@link org.milkid.detect.BagSubsets}), and the catalogue of methods ({@link org.milkid.detect.KidMethod}).
 */
package org.milkid.detect;
