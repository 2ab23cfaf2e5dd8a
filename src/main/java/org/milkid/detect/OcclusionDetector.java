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
 * logit(-k) = (sum_j e_j c_j - e_k c_k) / (sum_j e_j - e_k) + b with e_j = exp(r_j).
 * A bag of one instance scores 0.
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
            case ATTENTION, GATED_ATTENTION -> attentionWithout(p);
            case INST_MAX -> maxWithout(p.raw());
            case INST_MEAN -> meanWithout(p.weights());
        };
        for (int i = 0; i < k; i++) {
            drop[i] = (float) (p.logit() - without[i]);
        }
        return drop;
    }

    private static double[] attentionWithout(Prediction p) {
        float[] r = p.raw();
        float[] alone = p.alone();
        int k = r.length;
        // the bias b of H: logit = sum a_j alone_j, since sum a_j = 1 and alone_j = c_j + b
        double max = Double.NEGATIVE_INFINITY;
        for (float v : r) {
            max = Math.max(max, v);
        }
        double s = 0;
        double t = 0;
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = Math.exp(r[j] - max);
            s += e[j];
            t += e[j] * alone[j];
        }
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            double rest = s - e[j];
            out[j] = rest > 0 ? (t - e[j] * alone[j]) / rest : p.logit();
        }
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
