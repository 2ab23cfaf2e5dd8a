package org.milkid.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.milkid.util.BadInputException;

/**
 * Key instance detection scores (method-notes section 5), pooled (micro) over the instances of all
 * truly positive bags. An instance is predicted key when its bag is predicted positive and its
 * normalised score is at least the threshold; instances of a positive bag predicted negative
 * count as predicted negative.
 */
public final class KidScores {
    /** The paper's thresholds. */
    public static final double[] PAPER_THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5};

    /**
     * The grid milkid's own methods choose their threshold from on development bags: 0.05 to 0.95 in
     * steps of 0.05. The paper's grid stops at 0.5, which caps confident scorers (whose key instances
     * sit near 1 and whose other instances are spread above 0.5).
     */
    public static final double[] FINE_THRESHOLDS = fineThresholds();

    private static double[] fineThresholds() {
        double[] t = new double[19];
        for (int i = 0; i < t.length; i++) {
            t[i] = (i + 1) / 20.0;
        }
        return t;
    }

    private final List<float[]> scores = new ArrayList<>();
    private final List<int[]> labels = new ArrayList<>();
    private final List<Boolean> predictedPositive = new ArrayList<>();
    private final List<Double> aopcR = new ArrayList<>();

    /**
     * Adds one truly positive bag.
     *
     * @param normalised min-max normalised instance scores
     * @param instanceLabels the true instance labels
     * @param bagPredictedPositive whether the model predicted the bag positive
     */
    public void add(float[] normalised, int[] instanceLabels, boolean bagPredictedPositive) {
        add(normalised, instanceLabels, bagPredictedPositive, Double.NaN);
    }

    /**
     * Adds one truly positive bag with its AOPC-R (NaN when not measured).
     *
     * @param normalised min-max normalised instance scores
     * @param instanceLabels the true instance labels
     * @param bagPredictedPositive whether the model predicted the bag positive
     * @param bagAopcR the bag's AOPC-R under these scores (MILLI's perturbation figure)
     */
    public void add(float[] normalised, int[] instanceLabels, boolean bagPredictedPositive, double bagAopcR) {
        if (normalised.length != instanceLabels.length) {
            throw new BadInputException(normalised.length + " scores for " + instanceLabels.length + " labels");
        }
        scores.add(normalised);
        labels.add(instanceLabels);
        predictedPositive.add(bagPredictedPositive);
        aopcR.add(bagAopcR);
    }

    /** The AOPC-R of bag {@code b} (NaN when not measured). */
    double aopcR(int b) {
        return aopcR.get(b);
    }

    /** AOPC-R averaged over the bags where it was measured; NaN where none. */
    public double aopcR() {
        double sum = 0;
        int n = 0;
        for (double v : aopcR) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    public int bags() {
        return scores.size();
    }

    /** The normalised scores of bag {@code b} (in the order added), for {@link KidBootstrap}. */
    float[] scores(int b) {
        return scores.get(b);
    }

    /** The true instance labels of bag {@code b}. */
    int[] labels(int b) {
        return labels.get(b);
    }

    /** Whether the model predicted bag {@code b} positive. */
    boolean predictedPositive(int b) {
        return predictedPositive.get(b);
    }

    /** Precision, recall and F1 at one threshold. */
    public record Prf(double threshold, double precision, double recall, double f1) {
    }

    /** Pooled precision, recall and F1 at threshold {@code t}. */
    public Prf at(double t) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int b = 0; b < scores.size(); b++) {
            float[] s = scores.get(b);
            int[] y = labels.get(b);
            boolean bagPos = predictedPositive.get(b);
            for (int i = 0; i < s.length; i++) {
                boolean key = bagPos && s[i] >= t;
                if (key && y[i] == 1) {
                    tp++;
                } else if (key) {
                    fp++;
                } else if (y[i] == 1) {
                    fn++;
                }
            }
        }
        double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new Prf(t, p, r, f1);
    }

    /** The scores at every threshold, in order. */
    public List<Prf> sweep(double[] thresholds) {
        List<Prf> out = new ArrayList<>();
        for (double t : thresholds) {
            out.add(at(t));
        }
        return out;
    }

    /** The threshold of the list with the highest F1 (the first on ties). */
    public Prf best(double[] thresholds) {
        return sweep(thresholds).stream().max(Comparator.comparingDouble(Prf::f1)).orElseThrow();
    }

    /**
     * Instance AUROC over the pooled normalised scores, threshold-free: the probability that a key
     * instance outranks a non-key instance of the truly positive bags, ties counting one half.
     * Instances of bags predicted negative rank below all others (score -1), as in
     * {@link #averagePrecision}. NaN without a key or without a non-key instance.
     */
    public double auroc() {
        int[] all = new int[scores.size()];
        Arrays.fill(all, 1);
        return KidBootstrap.figures(this, 0.5, all)[4];
    }

    /**
     * NDCG@n, MILLI's ranking figure (Early et al., ICLR 2022), averaged over the truly positive
     * bags with at least one key instance: in each bag, with n its number of key instances, the
     * discounted gain sum_{r <= n} key(r) / log2(r + 1) of its instances ranked by normalised score,
     * over that of a perfect ranking. The bag prediction plays no part (it ranks within one bag);
     * ties rank non-key instances first. NaN without a bag with a key instance.
     */
    public double ndcg() {
        double sum = 0;
        int n = 0;
        for (int b = 0; b < scores.size(); b++) {
            double v = ndcg(scores.get(b), labels.get(b));
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** NDCG@n of one bag (NaN without a key instance). */
    static double ndcg(float[] s, int[] y) {
        int keys = 0;
        for (int v : y) {
            keys += v;
        }
        if (keys == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> s[a] != s[c] ? Float.compare(s[c], s[a]) : Integer.compare(y[a], y[c]));
        double dcg = 0;
        double ideal = 0;
        for (int r = 1; r <= keys; r++) {
            double discount = 1 / (Math.log(r + 1) / Math.log(2));
            dcg += y[order[r - 1]] * discount;
            ideal += discount;
        }
        return dcg / ideal;
    }

    /**
     * Average precision over the pooled normalised scores, threshold-free: the mean of the
     * precision at the rank of every positive instance. Instances of bags predicted negative
     * rank below all others (score -1). Ties are ranked pessimistically (negatives first).
     */
    public double averagePrecision() {
        int n = 0;
        for (float[] s : scores) {
            n += s.length;
        }
        double[] s = new double[n];
        int[] y = new int[n];
        int j = 0;
        int positives = 0;
        for (int b = 0; b < scores.size(); b++) {
            for (int i = 0; i < scores.get(b).length; i++) {
                s[j] = predictedPositive.get(b) ? scores.get(b)[i] : -1;
                y[j] = labels.get(b)[i];
                positives += y[j];
                j++;
            }
        }
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> s[a] != s[c] ? Double.compare(s[c], s[a]) : Integer.compare(y[a], y[c]));
        double sum = 0;
        int tp = 0;
        for (int r = 0; r < n; r++) {
            if (y[order[r]] == 1) {
                tp++;
                sum += (double) tp / (r + 1);
            }
        }
        return sum / positives;
    }
}
