package org.milkid.experiment;

/**
 * One (repeat, fold) run of an experiment: the unit a {@link RunScheduler} schedules.
 *
 * @param repeat the repeat, from 0
 * @param fold the fold, from 0
 */
public record RunId(int repeat, int fold) {

    public RunId {
        if (repeat < 0 || fold < 0) {
            throw new IllegalArgumentException("repeat and fold start at 0, got r" + repeat + " f" + fold);
        }
    }

    /** The run's place among all runs of {@code cfg}, repeat-major: {@code repeat * folds + fold}. */
    public int index(ExperimentConfig cfg) {
        return repeat * cfg.folds() + fold;
    }

    /** The run at place {@code index} of {@link #index}. */
    public static RunId ofIndex(ExperimentConfig cfg, int index) {
        if (index < 0 || index >= cfg.repeats() * cfg.folds()) {
            throw new IllegalArgumentException("run " + index + " of " + cfg.repeats() * cfg.folds());
        }
        return new RunId(index / cfg.folds(), index % cfg.folds());
    }

    /** Whether this is the first run, the one whose test bags the panels (a)-(g) draw. */
    public boolean first() {
        return repeat == 0 && fold == 0;
    }

    @Override
    public String toString() {
        return "r" + repeat + "-f" + fold;
    }
}
