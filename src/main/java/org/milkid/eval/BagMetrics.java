package org.milkid.eval;

import org.milkid.util.BadInputException;

/** Bag-level metrics: accuracy (as the paper) and ROC AUC. */
public final class BagMetrics {
    private BagMetrics() {
    }

    /** Share of bags whose predicted label (P >= 0.5) equals the true label. */
    public static double accuracy(float[] probabilities, int[] labels) {
        check(probabilities, labels);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += (probabilities[i] >= 0.5f ? 1 : 0) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /**
     * Area under the ROC curve: the probability that a random positive bag scores above a random
     * negative one, ties counting one half (Mann-Whitney). NaN when one class is absent.
     */
    public static double auc(float[] scores, int[] labels) {
        check(scores, labels);
        long pos = 0;
        long neg = 0;
        double wins = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 1) {
                continue;
            }
            pos++;
            for (int j = 0; j < labels.length; j++) {
                if (labels[j] == 1) {
                    continue;
                }
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        for (int l : labels) {
            neg += l == 1 ? 0 : 1;
        }
        return pos == 0 || neg == 0 ? Double.NaN : wins / (pos * neg);
    }

    private static void check(float[] scores, int[] labels) {
        if (scores.length != labels.length || labels.length == 0) {
            throw new BadInputException(scores.length + " scores for " + labels.length + " labels");
        }
    }
}
