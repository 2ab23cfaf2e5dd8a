package org.milkid.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.ModelKind;
import org.milkid.model.Prediction;

/**
 * The model's bag logit and probability on any subset of one bag's instances, the subset given as a
 * mask of {@code K} booleans. The encoder runs once, when the object is made ({@link #of}); a subset
 * then costs no more than pooling its instances.
 *
 * <p>For the paper's model kinds the value of a subset S follows in closed form from the per-instance
 * outputs of the whole bag, computed in double:
 * <ul>
 *   <li>attention and gated attention: {@code logit(S) = sum_{j in S} e_j H(h_j) / sum_{j in S} e_j}
 *       with {@code e_j = exp(r_j - max_{i in S} r_i)}, r the attention logits and H(h_j) the bag logit
 *       of instance j alone; the bag classifier H is linear and the attention weights of S sum to one,
 *       so this is H of the attention-pooled embedding of S (eq. 1-3);</li>
 *   <li>Inst+max: the largest instance logit in S;</li>
 *   <li>Inst+mean: the logit of the mean instance probability over S, clipped as {@link MilBlock} clips
 *       it (the bag probability is the mean unclipped).</li>
 * </ul>
 * Any other model kind takes the exact generic path ({@link #pooled}): {@link MilBlock#pool} on the
 * embeddings of the subset's instances, several subsets of one size in one batch.
 *
 * <p><b>The empty subset</b> has no value and is refused: a MIL model is undefined on a bag without
 * instances (a softmax or a maximum over nothing), and MILLI's authors never evaluate one: their
 * sampler redraws empty and full coalitions ({@code weighted_gen} in {@code src/interpretability/
 * local_surrogate.py} of github.com/JAEarly/MILLI), and their surrogate's intercept stands for the
 * bag without instances.
 *
 * <p>Holds the bag's embeddings {@code [1, K, M]} in native memory until {@link #close}.
 */
public final class BagSubsets implements AutoCloseable, SubsetFunction {
    private static final double INST_MEAN_LOW = 1e-7f;
    private static final double INST_MEAN_HIGH = 1f - 1e-7f;

    private final MilModel model;
    private final ModelKind kind;
    private final int size;
    private final NDManager manager;
    private final NDArray embeddings;
    private final Prediction whole;

    private BagSubsets(MilModel model, NDManager manager, NDArray embeddings, Prediction whole) {
        this.model = model;
        this.kind = model.config().kind();
        this.manager = manager;
        this.embeddings = embeddings;
        this.whole = whole;
        this.size = whole.raw().length;
    }

    /** Runs the encoder of {@code model} on {@code bag} once (inference mode: dropout off). */
    public static BagSubsets of(MilModel model, Bag bag) {
        model.checkShape(bag);
        NDManager m = model.manager().newSubManager();
        try {
            NDArray h;
            Prediction p;
            try (NDManager t = m.newSubManager()) {
                NDArray x = MilModel.toArray(t, bag);
                h = model.block().embed(new ParameterStore(t, false), x, false);
                p = MilModel.toPrediction(model.block().pool(new ParameterStore(t, false), h, false), 0);
                h.attach(m);
            }
            return new BagSubsets(model, m, h, p);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** K, the number of instances of the bag. */
    public int size() {
        return size;
    }

    /** The model's prediction on the whole bag, from the same embeddings. */
    public Prediction whole() {
        return whole;
    }

    /** The instance embeddings h_k, copied to Java: {@code [K][M]}. */
    public float[][] embeddings() {
        float[] flat = embeddings.toFloatArray();
        int d = flat.length / size;
        float[][] out = new float[size][d];
        for (int k = 0; k < size; k++) {
            System.arraycopy(flat, k * d, out[k], 0, d);
        }
        return out;
    }

    /** The bag logit of the subset {@code mask} ({@code K} booleans, at least one true). */
    public double logit(boolean[] mask) {
        return logits(List.of(mask))[0];
    }

    /** The bag probability of the subset {@code mask}. */
    public double probability(boolean[] mask) {
        return probabilities(List.of(mask))[0];
    }

    /** The bag logits of the subsets, one per mask. */
    public double[] logits(List<boolean[]> masks) {
        return evaluate(masks, false);
    }

    /** The bag probabilities of the subsets, one per mask. */
    public double[] probabilities(List<boolean[]> masks) {
        return evaluate(masks, true);
    }

    /** The bag probabilities of the subsets: the value MILLI explains. */
    @Override
    public double[] values(List<boolean[]> masks) {
        return probabilities(masks);
    }

    /** The bag probability of every one-instance subset, without building K masks of K booleans. */
    @Override
    public double[] singles(int n) {
        if (n != size) {
            throw new IllegalArgumentException("the bag has " + size + " instances, not " + n);
        }
        double[] out = new double[size];
        switch (kind) {
            case ATTENTION, GATED_ATTENTION, INST_MAX -> {
                for (int k = 0; k < size; k++) {
                    out[k] = sigmoid(whole.alone()[k]);
                }
            }
            case INST_MEAN -> {
                for (int k = 0; k < size; k++) {
                    out[k] = whole.weights()[k];
                }
            }
            default -> {
                return singlesPooled(true);
            }
        }
        return out;
    }

    private double[] evaluate(List<boolean[]> masks, boolean probability) {
        for (boolean[] mask : masks) {
            check(mask);
        }
        double[] out = new double[masks.size()];
        switch (kind) {
            case ATTENTION, GATED_ATTENTION -> {
                for (int i = 0; i < out.length; i++) {
                    double logit = attentionLogit(whole.raw(), whole.alone(), masks.get(i));
                    out[i] = probability ? sigmoid(logit) : logit;
                }
            }
            case INST_MAX -> {
                for (int i = 0; i < out.length; i++) {
                    double logit = maxLogit(whole.raw(), masks.get(i));
                    out[i] = probability ? sigmoid(logit) : logit;
                }
            }
            case INST_MEAN -> {
                for (int i = 0; i < out.length; i++) {
                    double mean = meanProbability(whole.weights(), masks.get(i));
                    out[i] = probability ? mean : clippedLogit(mean);
                }
            }
            default -> {
                return pooled(masks, probability);
            }
        }
        return out;
    }

    /**
     * The exact path for any model kind: {@link MilBlock#pool} on the embeddings of each subset's
     * instances (float32, as the model computes); masks of the same size share one batch.
     *
     * @param probability the bag probabilities ({@link MilBlock#PROB}) instead of the logits
     */
    double[] pooled(List<boolean[]> masks, boolean probability) {
        for (boolean[] mask : masks) {
            check(mask);
        }
        Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < masks.size(); i++) {
            bySize.computeIfAbsent(count(masks.get(i)), s -> new ArrayList<>()).add(i);
        }
        double[] out = new double[masks.size()];
        long m = embeddings.getShape().get(2);
        for (Map.Entry<Integer, List<Integer>> e : bySize.entrySet()) {
            int s = e.getKey();
            List<Integer> which = e.getValue();
            long[] rows = new long[which.size() * s];
            int r = 0;
            for (int i : which) {
                boolean[] mask = masks.get(i);
                for (int k = 0; k < size; k++) {
                    if (mask[k]) {
                        rows[r++] = k;
                    }
                }
            }
            float[] v = poolRows(rows, which.size(), s, m, probability);
            for (int j = 0; j < which.size(); j++) {
                out[which.get(j)] = v[j];
            }
        }
        return out;
    }

    /** Every one-instance subset through {@link MilBlock#pool}: one batch of K bags of one instance. */
    double[] singlesPooled(boolean probability) {
        long[] rows = new long[size];
        for (int k = 0; k < size; k++) {
            rows[k] = k;
        }
        float[] v = poolRows(rows, size, 1, embeddings.getShape().get(2), probability);
        double[] out = new double[size];
        for (int k = 0; k < size; k++) {
            out[k] = v[k];
        }
        return out;
    }

    private float[] poolRows(long[] rows, int bags, int perBag, long dim, boolean probability) {
        try (NDManager t = manager.newSubManager()) {
            t.tempAttachAll(embeddings); // what follows lives in t, the embeddings return to the manager after
            NDArray h = embeddings.reshape(size, dim).get(t.create(rows)).reshape(bags, perBag, dim);
            NDList out = model.block().pool(new ParameterStore(t, false), h, false);
            return out.get(probability ? MilBlock.PROB : MilBlock.LOGIT).toFloatArray();
        }
    }

    private void check(boolean[] mask) {
        if (mask.length != size) {
            throw new IllegalArgumentException("a subset mask of " + mask.length + " booleans for a bag of " + size
                    + " instances");
        }
        if (count(mask) == 0) {
            throw new IllegalArgumentException("the empty subset has no value (a MIL model needs an instance)");
        }
    }

    private static int count(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    /** The attention bag logit of a subset, stable however far apart the attention logits are. */
    static double attentionLogit(float[] r, float[] alone, boolean[] mask) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < r.length; j++) {
            if (mask[j]) {
                max = Math.max(max, r[j]);
            }
        }
        double s = 0;
        double t = 0;
        for (int j = 0; j < r.length; j++) {
            if (mask[j]) {
                double e = Math.exp(r[j] - max);
                s += e;
                t += e * alone[j];
            }
        }
        return t / s;
    }

    private static double maxLogit(float[] logits, boolean[] mask) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.length; j++) {
            if (mask[j]) {
                max = Math.max(max, logits[j]);
            }
        }
        return max;
    }

    private static double meanProbability(float[] probs, boolean[] mask) {
        double sum = 0;
        int c = 0;
        for (int j = 0; j < probs.length; j++) {
            if (mask[j]) {
                sum += probs[j];
                c++;
            }
        }
        return sum / c;
    }

    private static double clippedLogit(double p) {
        double q = Math.min(Math.max(p, INST_MEAN_LOW), INST_MEAN_HIGH);
        return Math.log(q) - Math.log(1 - q);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Override
    public void close() {
        manager.close();
    }
}
