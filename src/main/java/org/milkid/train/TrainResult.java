package org.milkid.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param history one report per epoch run by the attempt whose weights the model holds (the last)
 * @param bestEpoch the epoch whose weights the model now holds (lowest validation loss)
 * @param bestValidationLoss its validation loss
 * @param msPerStep median wall time of one training step
 * @param leftChance false when the model never did better than chance: its best validation loss
 *     and accuracy are at chance (see {@link #CHANCE_LOSS}), or at its best epoch it gives every
 *     validation bag the same label although both labels are there
 * @param restarts how many times training restarted from fresh weights because the model had not
 *     left chance after {@link TrainConfig#restartAfter()} epochs (0: the first attempt was kept)
 * @param abandonedEpochs the epochs run by the abandoned attempts (the time restarts cost)
 */
public record TrainResult(List<EpochReport> history, int bestEpoch, double bestValidationLoss, double msPerStep,
        boolean leftChance, int restarts, int abandonedEpochs) {
    /**
     * A validation loss above this (ln 2 minus a margin) with validation accuracy at most
     * {@link #CHANCE_ACCURACY} means the model predicts every bag as 0.5 or close: it never left chance.
     */
    public static final double CHANCE_LOSS = 0.65;
    public static final double CHANCE_ACCURACY = 0.6;
}
