package org.milkid.detect;

import java.util.List;
import org.milkid.eval.BagMetrics;
import org.milkid.eval.KidEvaluator;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;

/**
 * Turns detections into KID results: the truly positive bags with instance labels among them, with
 * their normalised scores, bag decisions and AOPC-R, go to {@link KidEvaluator}, which knows scores
 * and labels only (so {@code eval} does not depend on the detectors).
 */
public final class KidEvaluation {
    private KidEvaluation() {
    }

    /** Scores the detections at the given thresholds; null when no bag is truly positive with instance labels. */
    public static KidResult evaluate(List<Detection> detections, double[] thresholds) {
        return KidEvaluator.evaluate(scores(detections), thresholds);
    }

    /**
     * The scores KID is computed from: the truly positive bags with instance labels among the
     * detections, in order (what {@link org.milkid.eval.KidBootstrap} resamples).
     */
    public static KidScores scores(List<Detection> detections) {
        KidScores s = new KidScores();
        for (Detection d : detections) {
            if (d.bag().label() == 1 && d.bag().hasInstanceLabels()) {
                s.add(d.after(), d.bag().instanceLabels(), d.predictedLabel() == 1, d.aopcR());
            }
        }
        return s;
    }

    /** Bag accuracy and AUC of the detections' bag probabilities: {accuracy, auc}. */
    public static double[] bagMetrics(List<Detection> detections) {
        float[] p = new float[detections.size()];
        int[] y = new int[detections.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = detections.get(i).probability();
            y[i] = detections.get(i).bag().label();
        }
        return new double[] {BagMetrics.accuracy(p, y), BagMetrics.auc(p, y)};
    }
}
