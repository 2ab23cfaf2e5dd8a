package org.milkid.detect;

import org.milkid.bag.Bag;

/**
 * What a detector found in one bag.
 *
 * @param bag the bag as given
 * @param probability the bag probability of the model on the bag as given (never changed by a detector)
 * @param before min-max normalised instance scores of the model on the bag as given
 *     (attention weights for Att, instance probabilities for Inst models)
 * @param after min-max normalised instance scores the detector settles on (the same as {@code before}
 *     for Att; recomputed on the refined bag for the inversions)
 * @param refined the bag's pixels after inversion {@code [K, C, H, W]}, or null when not inverted
 * @param aopcR the bag's AOPC-R under the {@code after} ranking ({@link AopcR}), NaN when not measured
 */
public record Detection(Bag bag, float probability, float[] before, float[] after, float[] refined, double aopcR) {

    /** A detection whose AOPC-R is not measured (yet). */
    public Detection(Bag bag, float probability, float[] before, float[] after, float[] refined) {
        this(bag, probability, before, after, refined, Double.NaN);
    }

    /** The same detection with its AOPC-R. */
    public Detection withAopcR(double value) {
        return new Detection(bag, probability, before, after, refined, value);
    }

    /** The predicted bag label, 1 when P >= 0.5. */
    public int predictedLabel() {
        return probability >= 0.5f ? 1 : 0;
    }

    /** Whether instance k is detected as key at threshold t: the bag is predicted positive and a^_k >= t. */
    public boolean isKey(int k, double t) {
        return predictedLabel() == 1 && after[k] >= t;
    }
}
