package org.milkid.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * Leave-one-instance-out occlusion: an instance's score is how much the bag logit drops when the
 * instance is left out of the bag. Cheap: the encoder runs once, and for the attention models
 * the logit without instance k follows in closed form from the attention logits r_j and the
 * alone-logits H(h_j) = c_j + b, because H is linear:
 * logit(-k) = (sum_j e_j c_j - e_k c_k) / (sum_j e_j - e_k) + b with e_j = exp(r_j), computed
 * stably ({@link #attentionWithout}). A bag of one instance scores 0.
 *
 * <p>Additive MIL has no such closed form: leaving instance k out renormalises the softmax of the
 * others (a_j / (1 - a_k)), and psi is not linear in its input. Its logits without each instance are
 * computed exactly by pooling the embeddings of the other K - 1 instances ({@link #additiveWithout}):
 * the encoder still runs once, the pooling K times over K - 1 instances, so the cost grows as K^2.
 */
public final class OcclusionDetector extends PerBagDetector {
    /** At most this many floats of embeddings ({@code [bags, K - 1, M]}) are pooled in one pass. */
    static final long POOL_BATCH_FLOATS = 1L << 22;

    public OcclusionDetector(String name) {
        super(name);
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        float[] drop = logitDrops(model, b, p);
        return new Detection(b, p.probability(), InstanceScores.minMax(p.weights()), InstanceScores.minMax(drop), null);
    }

    /**
     * For every instance, the bag logit minus the bag logit without that instance.
     *
     * @param model the model
     * @param bag the bag as given
     * @param p the model's prediction on {@code bag}
     */
    public static float[] logitDrops(MilModel model, Bag bag, Prediction p) {
        int k = p.raw().length;
        float[] drop = new float[k];
        if (k == 1) {
            return drop;
        }
        double[] without = switch (model.config().kind()) {
            case ATTENTION, GATED_ATTENTION -> attentionWithout(p.raw(), p.alone());
            case INST_MAX -> maxWithout(p.raw());
            case INST_MEAN -> meanWithout(p.weights());
            case ADDITIVE -> additiveWithout(model, bag);
        };
        for (int i = 0; i < k; i++) {
            drop[i] = (float) (p.logit() - without[i]);
        }
        return drop;
    }

    /**
     * The bag logit of a model without each instance, by pooling the embeddings of the others: bag
     * j of a pass holds every instance but one, {@code [bags, K - 1, M]}, several bags a pass (at most
     * {@link #POOL_BATCH_FLOATS} floats of embeddings). Exact for any pooling; used for Additive MIL.
     * Needs K >= 2.
     */
    static double[] additiveWithout(MilModel model, Bag bag) {
        return additiveWithout(model, bag, POOL_BATCH_FLOATS);
    }

    /** The same with at most {@code batchFloats} floats of embeddings a pass. */
    static double[] additiveWithout(MilModel model, Bag bag, long batchFloats) {
        int k = bag.size();
        double[] out = new double[k];
        try (NDManager m = model.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray h = model.block().embed(ps, MilModel.toArray(m, bag), false);
            long dim = h.getShape().get(2);
            NDArray rows = h.reshape(k, dim);
            int perPass = (int) Math.max(1, Math.min(k, batchFloats / ((k - 1) * dim)));
            for (int first = 0; first < k; first += perPass) {
                int n = Math.min(perPass, k - first);
                long[] index = new long[n * (k - 1)];
                int at = 0;
                for (int left = first; left < first + n; left++) {
                    for (int j = 0; j < k; j++) {
                        if (j != left) {
                            index[at++] = j;
                        }
                    }
                }
                try (NDManager pass = m.newSubManager()) {
                    NDArray others = rows.get(pass, new NDIndex("{}", pass.create(index))).reshape(n, k - 1, dim);
                    NDList pooled = model.block().pool(new ParameterStore(pass, false), others, false);
                    float[] logits = pooled.get(MilBlock.LOGIT).toFloatArray();
                    for (int i = 0; i < n; i++) {
                        out[first + i] = logits[i];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The attention bag logit without each instance, stable however dominant one instance is. For
     * every instance but the one with the largest attention logit, the sums are taken relative to that
     * largest logit and keep its term 1, so removing the instance's own term cannot cancel them; for the
     * largest one, the sums over the others are taken afresh relative to the second largest logit
     * (removing it from sums taken relative to itself would leave nothing but rounding error once the
     * gap between the two reaches about 37).
     */
    static double[] attentionWithout(float[] r, float[] alone) {
        int k = r.length;
        int arg = 0;
        for (int j = 1; j < k; j++) {
            if (r[j] > r[arg]) {
                arg = j;
            }
        }
        double s = 0;
        double t = 0;
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp((double) r[j] - r[arg]);
            s += e[j];
            t += e[j] * alone[j];
        }
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            out[j] = (t - e[j] * alone[j]) / (s - e[j]);
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (j != arg) {
                second = Math.max(second, r[j]);
            }
        }
        double s2 = 0;
        double t2 = 0;
        for (int j = 0; j < k; j++) {
            if (j != arg) {
                double w = Math.exp(r[j] - second);
                s2 += w;
                t2 += w * alone[j];
            }
        }
        out[arg] = t2 / s2;
        return out;
    }

    private static double[] maxWithout(float[] logits) {
        int k = logits.length;
        int arg = 0;
        for (int i = 1; i < k; i++) {
            if (logits[i] > logits[arg]) {
                arg = i;
            }
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            if (i != arg) {
                second = Math.max(second, logits[i]);
            }
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = i == arg ? second : logits[arg];
        }
        return out;
    }

    private static double[] meanWithout(float[] probs) {
        int k = probs.length;
        double sum = 0;
        for (float v : probs) {
            sum += v;
        }
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            double m = Math.min(Math.max((sum - probs[i]) / (k - 1), 1e-7), 1 - 1e-7);
            out[i] = Math.log(m / (1 - m));
        }
        return out;
    }
}
