package org.milkid.train;

/**
 * What one epoch did.
 *
 * @param epoch 1-based
 * @param trainLoss mean bag NLL over the epoch's steps
 * @param validationLoss mean bag NLL on the validation bags after the epoch
 * @param validationAccuracy bag accuracy on the validation bags
 * @param seconds wall time of the epoch
 * @param best whether this epoch has the lowest validation loss so far
 */
public record EpochReport(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
        double seconds, boolean best) {
}
