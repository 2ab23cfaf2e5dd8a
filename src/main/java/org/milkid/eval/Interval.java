package org.milkid.eval;

/**
 * A closed interval [lo, hi]: a 95% confidence interval in results.json ({@code "ci95": [lo, hi]}).
 *
 * @param lo the lower bound
 * @param hi the upper bound, at least {@code lo}
 */
public record Interval(double lo, double hi) {
    public Interval {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("interval [" + lo + ", " + hi + "] is empty or not a number");
        }
    }

    /** hi - lo. */
    public double width() {
        return hi - lo;
    }

    /** Whether {@code x} lies in [lo, hi]. */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }
}
