package org.milkid.eval;

import org.milkid.util.BadInputException;

/**
 * Scores instance scores against the true instance labels: pooled precision, recall and F1 over the
 * instances of all truly positive bags that have instance labels (method-notes section 5), at
 * every threshold, the best threshold, and the threshold-free average precision, instance AUROC
 * and NDCG@n, and the mean AOPC-R the bags carry.
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

    /**
     * Scores the truly positive bags of {@code s} at the given thresholds; null when it holds no bag.
     * (the detectors' KidEvaluation builds {@code s} from detections.)
     */
    public static KidResult evaluate(KidScores s, double[] thresholds) {
        checkThresholds(thresholds);
        if (s.bags() == 0) {
            return null;
        }
        int keys = 0;
        for (int b = 0; b < s.bags(); b++) {
            for (int y : s.labels(b)) {
                keys += y;
            }
        }
        return new KidResult(s.sweep(thresholds), s.best(thresholds), s.averagePrecision(), s.auroc(), s.ndcg(),
                s.aopcR(), s.bags(), keys);
    }
}
