package org.milkid.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 95% confidence intervals of the KID figures (pooled precision, recall, F1 at a fixed threshold,
 * pooled average precision and instance AUROC, NDCG@n and AOPC-R averaged over bags) by the percentile bootstrap over bags: the truly positive bags of a
 * {@link KidScores} are drawn with replacement as many times as there are bags, the pooled
 * figures are recomputed over the instances of the drawn bags (a bag drawn twice counts twice),
 * and the 2.5% and 97.5% quantiles of {@code resamples} such draws bound the interval.
 *
 * <p>The threshold (and, for a sweeping method, the lambda whose detections were scored) is held
 * at the value the method chose; the interval covers the variation of the bags, not that of the
 * choice. When a skewed resampling distribution leaves the point estimate outside the percentile
 * interval, the interval is widened to reach it, so that it always holds the figure it stands
 * beside. The draws come from one {@link SplittableRandom} seeded with {@code seed}: the same seed
 * and scores give the same interval on any machine.
 */
public final class KidBootstrap {
    /** The number of resamples milkid uses unless told otherwise. */
    public static final int RESAMPLES = 2000;

    private KidBootstrap() {
    }

    /**
     * The intervals of the KID figures (null where a figure has no value, as average precision
     * without a key instance).
     *
     * @param f1 of the pooled F1 at the threshold
     * @param precision of the pooled precision at the threshold
     * @param recall of the pooled recall at the threshold
     * @param averagePrecision of the threshold-free average precision
     * @param auroc of the instance AUROC
     * @param ndcg of NDCG@n
     * @param aopcR of AOPC-R (null when not measured)
     * @param resamples the number of resamples
     * @param bags the number of bags resampled
     */
    public record Intervals(Interval f1, Interval precision, Interval recall, Interval averagePrecision,
            Interval auroc, Interval ndcg, Interval aopcR, int resamples, int bags) {
    }

    /**
     * The percentile-bootstrap 95% intervals of the pooled figures of {@code scores} at threshold
     * {@code t}.
     *
     * @param scores the truly positive bags, at least one
     * @param t the threshold the method chose
     * @param resamples the number of bootstrap resamples, at least 100
     * @param seed the seed of the draws
     */
    public static Intervals of(KidScores scores, double t, int resamples, long seed) {
        int nb = scores.bags();
        if (nb == 0) {
            throw new IllegalArgumentException("a bootstrap over bags needs at least one bag");
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
        Pooled pooled = new Pooled(scores, t);
        double[][] draws = new double[FIGURES][resamples];
        int[] counts = new int[nb];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < nb; i++) {
                counts[rng.nextInt(nb)]++;
            }
            double[] f = pooled.figures(counts);
            for (int k = 0; k < FIGURES; k++) {
                draws[k][r] = f[k];
            }
        }
        int[] all = new int[nb];
        Arrays.fill(all, 1);
        double[] point = pooled.figures(all);
        return new Intervals(interval(draws[2], point[2]), interval(draws[0], point[0]), interval(draws[1], point[1]),
                interval(draws[3], point[3]), interval(draws[4], point[4]), interval(draws[5], point[5]),
                interval(draws[6], point[6]), resamples, nb);
    }

    /** The number of figures {@link #figures} returns. */
    private static final int FIGURES = 7;

    /**
     * {precision, recall, F1, average precision, AUROC, NDCG@n, AOPC-R} over the bags taken
     * {@code counts[b]} times each: the same figures as {@link KidScores#at},
     * {@link KidScores#averagePrecision}, {@link KidScores#auroc}, {@link KidScores#ndcg} and
     * {@link KidScores#aopcR} on a
     * {@link KidScores} holding every bag that many times, without building it.
     */
    static double[] figures(KidScores scores, double t, int[] counts) {
        return new Pooled(scores, t).figures(counts);
    }

    /** The 2.5% and 97.5% quantiles of the finite draws, widened to the point; null without one. */
    private static Interval interval(double[] draws, double point) {
        List<Double> finite = new ArrayList<>(draws.length);
        for (double d : draws) {
            if (!Double.isNaN(d)) {
                finite.add(d);
            }
        }
        if (finite.isEmpty() || Double.isNaN(point)) {
            return null;
        }
        double[] s = finite.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = quantile(s, 0.025);
        double hi = quantile(s, 0.975);
        return new Interval(Math.min(lo, point), Math.max(hi, point));
    }

    /** The q-quantile of sorted values: the value at rank ceil(q n) (1-based), the inverse of the empirical CDF. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length - 1e-9);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /** Per-bag counts at one threshold, and the instances in one pooled ranking for average precision. */
    private static final class Pooled {
        private final long[] tp;
        private final long[] fp;
        private final long[] fn;
        private final long[] keys;
        /** Bag of each instance, in the order of the pooled ranking. */
        private final int[] bagOf;
        private final boolean[] key;
        /** Whether the instance at this rank has the same pooled score as the one before it. */
        private final boolean[] tiedWithPrevious;
        /** NDCG@n of each bag (NaN without a key instance). */
        private final double[] ndcg;
        /** AOPC-R of each bag (NaN when not measured). */
        private final double[] aopcR;

        Pooled(KidScores scores, double t) {
            int nb = scores.bags();
            tp = new long[nb];
            fp = new long[nb];
            fn = new long[nb];
            keys = new long[nb];
            int n = 0;
            for (int b = 0; b < nb; b++) {
                float[] s = scores.scores(b);
                int[] y = scores.labels(b);
                boolean pos = scores.predictedPositive(b);
                for (int i = 0; i < s.length; i++) {
                    boolean predicted = pos && s[i] >= t;
                    if (predicted && y[i] == 1) {
                        tp[b]++;
                    } else if (predicted) {
                        fp[b]++;
                    } else if (y[i] == 1) {
                        fn[b]++;
                    }
                    keys[b] += y[i];
                }
                n += s.length;
            }
            // the ranking of KidScores.averagePrecision: score descending (bags predicted negative
            // at -1), negatives first among ties
            double[] s = new double[n];
            int[] y = new int[n];
            int[] bag = new int[n];
            int j = 0;
            for (int b = 0; b < nb; b++) {
                float[] sb = scores.scores(b);
                for (int i = 0; i < sb.length; i++) {
                    s[j] = scores.predictedPositive(b) ? sb[i] : -1;
                    y[j] = scores.labels(b)[i];
                    bag[j] = b;
                    j++;
                }
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, c) -> s[a] != s[c] ? Double.compare(s[c], s[a]) : Integer.compare(y[a], y[c]));
            bagOf = new int[n];
            key = new boolean[n];
            tiedWithPrevious = new boolean[n];
            for (int r = 0; r < n; r++) {
                bagOf[r] = bag[order[r]];
                key[r] = y[order[r]] == 1;
                tiedWithPrevious[r] = r > 0 && s[order[r]] == s[order[r - 1]];
            }
            ndcg = new double[nb];
            aopcR = new double[nb];
            for (int b = 0; b < nb; b++) {
                ndcg[b] = KidScores.ndcg(scores.scores(b), scores.labels(b));
                aopcR[b] = scores.aopcR(b);
            }
        }

        /** {precision, recall, F1, AP, AUROC, NDCG@n, AOPC-R} over the bags taken counts[b] times. */
        double[] figures(int[] counts) {
            long stp = 0;
            long sfp = 0;
            long sfn = 0;
            long positives = 0;
            for (int b = 0; b < counts.length; b++) {
                stp += counts[b] * tp[b];
                sfp += counts[b] * fp[b];
                sfn += counts[b] * fn[b];
                positives += counts[b] * keys[b];
            }
            double p = stp + sfp == 0 ? 0 : (double) stp / (stp + sfp);
            double r = stp + sfn == 0 ? 0 : (double) stp / (stp + sfn);
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            double ap = Double.NaN;
            if (positives > 0) {
                // copies of one instance are tied and adjacent; among tied instances the negatives
                // come first, so walking the copies in place gives the explicit pool's ranking
                long rank = 0;
                long hits = 0;
                double sum = 0;
                for (int i = 0; i < bagOf.length; i++) {
                    int c = counts[bagOf[i]];
                    if (c == 0) {
                        continue;
                    }
                    if (key[i]) {
                        for (int k = 0; k < c; k++) {
                            hits++;
                            rank++;
                            sum += (double) hits / rank;
                        }
                    } else {
                        rank += c;
                    }
                }
                ap = sum / positives;
            }
            return new double[] {p, r, f1, ap, auroc(counts), meanOverBags(ndcg, counts), meanOverBags(aopcR, counts)};
        }

        /**
         * The weighted AUROC over the pooled ranking: walking it group of tied scores by group, each
         * key instance wins against every non-key instance below its group and half-wins against
         * those within it.
         */
        private double auroc(int[] counts) {
            long negatives = 0;
            long positives = 0;
            for (int i = 0; i < bagOf.length; i++) {
                if (key[i]) {
                    positives += counts[bagOf[i]];
                } else {
                    negatives += counts[bagOf[i]];
                }
            }
            if (positives == 0 || negatives == 0) {
                return Double.NaN;
            }
            double wins = 0;
            long negativesAbove = 0;
            int i = 0;
            while (i < bagOf.length) {
                long groupPositives = 0;
                long groupNegatives = 0;
                int j = i;
                do {
                    if (key[j]) {
                        groupPositives += counts[bagOf[j]];
                    } else {
                        groupNegatives += counts[bagOf[j]];
                    }
                    j++;
                } while (j < bagOf.length && tiedWithPrevious[j]);
                wins += groupPositives * (negatives - negativesAbove - groupNegatives + 0.5 * groupNegatives);
                negativesAbove += groupNegatives;
                i = j;
            }
            return wins / ((double) positives * negatives);
        }

        /** The mean of a per-bag figure over the drawn bags where it has a value. */
        private static double meanOverBags(double[] perBag, int[] counts) {
            double sum = 0;
            long n = 0;
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] > 0 && !Double.isNaN(perBag[b])) {
                    sum += counts[b] * perBag[b];
                    n += counts[b];
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }
}
