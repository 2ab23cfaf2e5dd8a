package org.milkid.detect;

import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;
import org.milkid.util.Seeds;

/**
 * KID by {@link Milli}: an instance's score is its MILLI attribution to the bag probability of the
 * positive class, min-max normalised over the bag. Works with any model kind: the bag function is the
 * model itself on subsets of the bag ({@link BagSubsets}: the encoder runs once per bag, the subsets are
 * pooled in closed form or, for other kinds, by the model's own pooling).
 *
 * <p>Every bag gets its own sampling seed, derived from this detector's seed and the bag's id, so a
 * bag's scores do not depend on which other bags are detected with it.
 */
public final class MilliDetector extends PerBagDetector {
    /** The seed of {@link KidMethod#MILLI}'s detector. */
    public static final long DEFAULT_SEED = 1;

    private final Milli milli;
    private final long seed;

    /**
     * @param name the method's name in results
     * @param config MILLI's settings ({@link MilliConfig#DEFAULT} for {@link KidMethod#MILLI}, or the
     *     authors' {@link MilliConfig#MNIST})
     * @param seed from which every bag's sampling seed is derived
     */
    public MilliDetector(String name, MilliConfig config, long seed) {
        super(name);
        this.milli = new Milli(config);
        this.seed = seed;
    }

    public MilliConfig config() {
        return milli.config();
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        double[] a;
        try (BagSubsets subsets = BagSubsets.of(model, b)) {
            a = milli.attributions(subsets, b.size(), Seeds.derive(seed, "milli/" + b.id()));
        }
        float[] score = new float[a.length];
        for (int k = 0; k < a.length; k++) {
            score[k] = (float) a[k];
        }
        return new Detection(b, p.probability(), InstanceScores.minMax(p.weights()), InstanceScores.minMax(score), null);
    }
}
