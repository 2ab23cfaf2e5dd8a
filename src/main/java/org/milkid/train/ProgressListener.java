package org.milkid.train;

import org.milkid.util.Progress;

/** Forwards a trainer's steps and epochs to a {@link Progress}. */
public final class ProgressListener implements TrainListener {
    private final Progress progress;
    private final String task;
    private final int epochs;

    /**
     * @param progress where to report
     * @param task the name shown, e.g. "train Att"
     * @param epochs the most epochs the run may take
     */
    public ProgressListener(Progress progress, String task, int epochs) {
        this.progress = progress;
        this.task = task;
        this.epochs = epochs;
    }

    @Override
    public void onStep(int epoch, int step, int steps, double runningLoss) {
        progress.update(task + " (loss " + String.format("%.3f", runningLoss) + ")",
                (long) (epoch - 1) * steps + step, (long) epochs * steps);
    }

    @Override
    public void onEpoch(EpochReport r) {
        progress.message(String.format("%s: epoch %d  train loss %.4f  validation loss %.4f  accuracy %.3f  %.1f s%s",
                task, r.epoch(), r.trainLoss(), r.validationLoss(), r.validationAccuracy(), r.seconds(),
                r.best() ? "  (best)" : ""));
    }

    @Override
    public void onRestart(int restart, int epochs) {
        progress.message(String.format("%s: still at chance after %d epochs: restart %d from fresh weights", task,
                epochs, restart));
    }

    @Override
    public void onResume(int attempt, int epoch) {
        progress.message(String.format("%s: goes on after epoch %d%s, where an interrupted training stopped", task,
                epoch, attempt > 0 ? " of restart " + attempt : ""));
    }
}
