package org.milkid.eval;

import java.util.List;
import org.milkid.detect.Detection;
import org.milkid.util.BadInputException;

/**
 * Scores detections against the true instance labels: pooled precision, recall and F1 over the
 * instances of all truly positive bags that have instance labels (method-notes section 5), at
 * every threshold, the best threshold, and the threshold-free average precision, instance AUROC
 * and NDCG@n, and the AOPC-R the detections carry.
 */
public final class KidEvaluator {
    private KidEvaluator() {
    }

    /** Refuses an empty list of KID thresholds or one outside [0,1], naming {@code --thresholds}. */
    public static void checkThresholds(double... thresholds) {
        if (thresholds.length == 0) {
            throw new BadInputException("--thresholds: at least one value is needed");
        }
        for (double t : thresholds) {
            if (!(t >= 0 && t <= 1)) {
                throw new BadInputException("--thresholds: " + t + " is outside [0,1]");
            }
        }
    }

    /** Scores the detections at the given thresholds. */
    public static KidResult evaluate(List<Detection> detections, double[] thresholds) {
        checkThresholds(thresholds);
        KidScores s = scores(detections);
        if (s.bags() == 0) {
            return null;
        }
        int keys = 0;
        for (Detection d : detections) {
            if (d.bag().label() == 1 && d.bag().hasInstanceLabels()) {
                keys += d.bag().positiveInstances();
            }
        }
        return new KidResult(s.sweep(thresholds), s.best(thresholds), s.averagePrecision(), s.auroc(), s.ndcg(), s.aopcR(),
                s.bags(),
                keys);
    }

    /**
     * The scores KID is computed from: the truly positive bags with instance labels among the
     * detections, in order (what {@link KidBootstrap} resamples).
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
