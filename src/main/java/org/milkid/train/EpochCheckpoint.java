package org.milkid.train;

/**
 * Keeps a training's state after every epoch ({@link MilTrainer#withCheckpoint}), so that a training
 * stopped between or during epochs resumes after the last finished epoch with the same numbers as
 * one that never stopped (on the same machine).
 */
public interface EpochCheckpoint {
    /** Keeps nothing: an interrupted training starts again. */
    EpochCheckpoint NONE = new EpochCheckpoint() {
        @Override
        public TrainingState load() {
            return null;
        }

        @Override
        public void save(TrainingState state) {
        }

        @Override
        public void discard(String why) {
        }
    };

    /** The state an earlier, interrupted training of the same model left; null when there is none. */
    TrainingState load();

    /** Keeps the state after an epoch, in place of the one before. */
    void save(TrainingState state);

    /** Drops a state {@link #load} gave that cannot go on ({@code why}); the training starts afresh. */
    void discard(String why);
}
