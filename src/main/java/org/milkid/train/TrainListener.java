package org.milkid.train;

/** Hears a trainer's progress; the CLI shows it, tests ignore it. */
public interface TrainListener {
    /** A listener that does nothing. */
    TrainListener NONE = new TrainListener() {
    };

    /** After each step: {@code step} of {@code steps} in the current epoch. */
    default void onStep(int epoch, int step, int steps, double runningLoss) {
    }

    /** After each epoch. */
    default void onEpoch(EpochReport report) {
    }

    /**
     * When an attempt still at chance after {@code epochs} epochs is abandoned and training
     * restarts from fresh weights ({@code restart} counts from 1).
     */
    default void onRestart(int restart, int epochs) {
    }

    /**
     * When a training goes on from the state an interrupted one kept ({@link EpochCheckpoint}): after
     * {@code epoch} of attempt {@code attempt} (0: the first).
     */
    default void onResume(int attempt, int epoch) {
    }
}
