package org.milkid.detect;

import java.util.ArrayList;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * Att-selftrain: self-training of an instance classifier on the frozen model's embeddings, with
 * clean negatives. Under the MIL assumption every instance of a negative training bag is negative;
 * the positives are the instances of positive training bags that the current scorer ranks as key
 * (min-max normalised score at least {@link #KEY_SCORE}, and at least the top one of each bag).
 * The first scorer is the bag classifier on each instance alone, H(h_k) ({@link KidMethod#ATT_ALONE});
 * an {@link InstanceLogistic} is fitted on the labelled embeddings, becomes the scorer, and the
 * positives are labelled again, for {@link #ROUNDS} rounds. The last classifier's logits, min-max
 * normalised per bag, are the scores. Deterministic: no random draws.
 *
 * <p>Only the training bags' bag labels are used (never an instance label). The settings are
 * fixed, not tuned on any bags: three rounds, key score 0.5, ridge 1e-2, 200 gradient steps; in an
 * experiment the threshold is chosen on development bags like every milkid method's.
 */
public final class SelfTrainingDetector extends PerBagDetector {
    /** Rounds of fitting and labelling again. */
    public static final int ROUNDS = 3;
    /** The normalised score from which an instance of a positive training bag is labelled key. */
    public static final double KEY_SCORE = 0.5;
    static final double L2 = 1e-2;
    static final int ITERATIONS = 200;
    /**
     * At most this many training instances are kept (whole-slide cohorts hold millions): beyond it,
     * every bag keeps every s-th instance, the same s for all bags.
     */
    public static final int MAX_INSTANCES = 50_000;

    private final List<Bag> training;
    private MilModel fittedFor;
    private InstanceLogistic classifier;

    /**
     * @param name the method's name in results
     * @param training the model's training bags (their bag labels are used)
     */
    public SelfTrainingDetector(String name, List<Bag> training) {
        super(name);
        if (training == null || training.isEmpty()) {
            throw new IllegalArgumentException(name + " needs the model's training bags");
        }
        this.training = List.copyOf(training);
    }

    /**
     * A detector with a classifier fitted elsewhere ({@link #classifier} of a detector of the same
     * model, e.g. on the driver of a Spark job): it scores any model's bags with it and fits nothing.
     *
     * @param name the method's name in results
     * @param classifier the fitted instance classifier
     */
    public SelfTrainingDetector(String name, InstanceLogistic classifier) {
        super(name);
        this.training = null;
        this.classifier = java.util.Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * The instance classifier this detector scores {@code model}'s bags with: fitted on the training
     * bags at the first call for a model (then kept), or the one it was made with.
     */
    public InstanceLogistic classifier(MilModel model) {
        if (training != null && fittedFor != model) {
            classifier = fit(model, training);
            fittedFor = model;
        }
        return classifier;
    }

    @Override
    Detection detect(MilModel model, Bag bag, Prediction p) {
        InstanceLogistic classifier = classifier(model);
        float[][] h;
        try (BagSubsets b = BagSubsets.of(model, bag)) {
            h = b.embeddings();
        }
        return new Detection(bag, p.probability(), InstanceScores.minMax(p.weights()),
                InstanceScores.minMax(logits(classifier, h)), null);
    }

    /** Fits the instance classifier by self-training on the training bags of {@code model}. */
    static InstanceLogistic fit(MilModel model, List<Bag> training) {
        List<float[][]> emb = new ArrayList<>();
        List<float[]> scores = new ArrayList<>();
        boolean anyPositive = false;
        boolean anyNegative = false;
        long total = training.stream().mapToLong(Bag::size).sum();
        int stride = (int) Math.max(1, (total + MAX_INSTANCES - 1) / MAX_INSTANCES);
        for (Bag b : training) {
            // one encoder pass gives the embeddings and the first scorer, H(h_k)
            try (BagSubsets s = BagSubsets.of(model, b)) {
                emb.add(thin(s.embeddings(), stride));
                scores.add(thin(s.whole().alone(), stride));
            }
            anyPositive |= b.label() == 1;
            anyNegative |= b.label() == 0;
        }
        if (!anyPositive || !anyNegative) {
            throw new IllegalArgumentException("self-training needs positive and negative training bags");
        }
        InstanceLogistic c = null;
        for (int round = 0; round < ROUNDS; round++) {
            List<float[]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < training.size(); i++) {
                float[][] h = emb.get(i);
                float[] s = c == null ? scores.get(i) : logits(c, h);
                boolean positive = training.get(i).label() == 1;
                float[] n = InstanceScores.minMax(s);
                int top = argmax(s);
                for (int k = 0; k < h.length; k++) {
                    x.add(h[k]);
                    y.add(positive && (k == top || n[k] >= KEY_SCORE) ? 1 : 0);
                }
            }
            c = InstanceLogistic.fit(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(), L2,
                    ITERATIONS);
        }
        return c;
    }

    private static float[][] thin(float[][] h, int stride) {
        if (stride == 1) {
            return h;
        }
        float[][] out = new float[(h.length + stride - 1) / stride][];
        for (int i = 0; i < out.length; i++) {
            out[i] = h[i * stride];
        }
        return out;
    }

    private static float[] thin(float[] s, int stride) {
        float[] out = new float[(s.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = s[i * stride];
        }
        return out;
    }

    private static float[] logits(InstanceLogistic c, float[][] h) {
        float[] s = new float[h.length];
        for (int k = 0; k < h.length; k++) {
            s[k] = (float) c.logit(h[k]);
        }
        return s;
    }

    private static int argmax(float[] s) {
        int a = 0;
        for (int k = 1; k < s.length; k++) {
            if (s[k] > s[a]) {
                a = k;
            }
        }
        return a;
    }
}
