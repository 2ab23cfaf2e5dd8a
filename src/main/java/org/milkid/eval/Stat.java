package org.milkid.eval;

import java.util.List;

/**
 * A figure over runs: mean, standard error of the mean and number of runs, as every metric of
 * results.json is written ({@code {"mean", "sem", "n"}}). NaN values are left out.
 *
 * @param mean the mean
 * @param sem the standard error of the mean, s / sqrt(n) with the sample standard deviation s
 *     (0 for a single run)
 * @param n the number of runs
 */
public record Stat(double mean, double sem, int n) {

    /** The figure of one run. */
    public static Stat of(double value) {
        return Double.isNaN(value) ? new Stat(Double.NaN, 0, 0) : new Stat(value, 0, 1);
    }

    /** Mean and SEM of several runs. */
    public static Stat of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stat(Double.NaN, 0, 0);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Stat(mean, 0, 1);
        }
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Stat(mean, Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n);
    }

    /**
     * The 95% confidence interval of the mean over runs by Student's t: mean +- t(0.975, n - 1) x sem;
     * null for fewer than two runs (no spread to go by) or no value.
     */
    public Interval ci95() {
        if (n < 2 || Double.isNaN(mean) || Double.isNaN(sem)) {
            return null;
        }
        double half = tQuantile975(n - 1) * sem;
        return new Interval(mean - half, mean + half);
    }

    /** Student's t at 0.975 for 1..30 degrees of freedom (standard table values, 6 decimals). */
    private static final double[] T975 = {12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624,
        2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816,
        2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272};

    /**
     * The 0.975 quantile of Student's t with {@code df} degrees of freedom: the table up to 30, the
     * Cornish-Fisher expansion around the normal quantile beyond (error below 1e-5 there).
     */
    public static double tQuantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, got " + df);
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959963984540054;
        double v = df;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }

    /** "0.912 +- 0.013" with three decimals. */
    public String format() {
        return Double.isNaN(mean) ? "n/a" : n > 1 ? String.format("%.3f +- %.3f", mean, sem) : String.format("%.3f", mean);
    }

    /** The median of the values (the mean of the middle two for an even count); NaN for none. */
    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] a = values.clone();
        java.util.Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** The median of the values; NaN for none. */
    public static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
