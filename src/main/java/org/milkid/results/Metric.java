package org.milkid.results;

import org.milkid.eval.Interval;
import org.milkid.eval.Stat;

/**
 * A figure over runs as results.json holds it: mean, standard error of the mean, number of runs,
 * and a 95% confidence interval when one can be made. The factories keep 6 decimals, as the file
 * does, so that a figure reads back as it was made.
 *
 * @param mean the mean, NaN for no value
 * @param sem the standard error of the mean (0 for one run)
 * @param n the number of runs
 * @param ci95 the 95% confidence interval, or null
 */
public record Metric(double mean, double sem, int n, Interval ci95) {

    /** A figure without interval. */
    public static Metric of(Stat s) {
        return of(s, null);
    }

    /** A figure with an interval ({@code ci} null: without). */
    public static Metric of(Stat s, Interval ci) {
        return new Metric(round(s.mean()), round(s.sem()), s.n(), ci == null ? null
                : new Interval(round(ci.lo()), round(ci.hi())));
    }

    /** A figure over runs with Student's t interval of its mean when there are two runs or more. */
    public static Metric overRuns(Stat s) {
        return of(s, s.ci95());
    }

    /** Mean, SEM and n. */
    public Stat stat() {
        return new Stat(mean, sem, n);
    }

    /** A value kept to the 6 decimals results.json holds, NaN as NaN. */
    public static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 1e6) / 1e6;
    }
}
