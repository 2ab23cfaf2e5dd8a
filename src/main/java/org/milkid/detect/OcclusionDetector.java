package org.milkid.detect;

import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.ModelKind;
import org.milkid.model.Prediction;

/**
 * Leave-one-instance-out occlusion: an instance's score is how much the bag logit drops when the
 * instance is left out of the bag. Cheap: the encoder runs once, and for the attention models
 * the logit without instance k follows in closed form from the attention logits r_j and the
 * alone-logits H(h_j) = c_j + b, because H is linear:
 * logit(-k) = (sum_j e_j c_j - e_k c_k) / (sum_j e_j - e_k) + b with e_j = exp(r_j), computed
 * stably ({@link #attentionWithout}). A bag of one instance scores 0.
 */
public final class OcclusionDetector extends PerBagDetector {

    public OcclusionDetector(String name) {
        super(name);
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        float[] drop = logitDrops(model.config().kind(), p);
        return new Detection(b, p.probability(), InstanceScores.minMax(p.weights()), InstanceScores.minMax(drop), null);
    }

    /** For every instance, the bag logit minus the bag logit without that instance. */
    public static float[] logitDrops(ModelKind kind, Prediction p) {
        int k = p.raw().length;
        float[] drop = new float[k];
        if (k == 1) {
            return drop;
        }
        double[] without = switch (kind) {
            case ATTENTION, GATED_ATTENTION -> attentionWithout(p.raw(), p.alone());
            case INST_MAX -> maxWithout(p.raw());
            case INST_MEAN -> meanWithout(p.weights());
        };
        for (int i = 0; i < k; i++) {
            drop[i] = (float) (p.logit() - without[i]);
        }
        return drop;
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
