package org.milkid.results;

import com.google.gson.JsonElement;
import java.util.List;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;

/**
 * What {@code milkid detect} found with one method on one model's test bags: the summary.json beside
 * its instances.csv.
 *
 * @param method the method's name
 * @param description what the method scores
 * @param paperMethod whether the method is the paper's
 * @param dataset the data set's name
 * @param model the model's folder
 * @param inversion the inversion's settings as {@code InversionConfig} serializes itself (JSON null: no inversion)
 * @param bags the bags scored
 * @param bagAccuracy bag accuracy
 * @param bagAuc bag ROC AUC
 * @param threshold the threshold key instances are marked at
 * @param thresholdFrom where that threshold came from, in words
 * @param lambda the lambda of the detections (NaN for a method that does not sweep)
 * @param kid the KID figures at {@code threshold}
 * @param perLambda the KID figures of every lambda tried, at each one's best threshold (empty for a
 *     method that does not sweep)
 * @param seconds the wall time of the method
 * @param modelProvenance the model's provenance as it serializes itself
 */
public record DetectSummary(String method, String description, boolean paperMethod, String dataset, String model,
        JsonElement inversion, int bags, double bagAccuracy, double bagAuc, double threshold, String thresholdFrom,
        double lambda, Kid kid, List<LambdaKid> perLambda, double seconds, JsonElement modelProvenance) {

    /**
     * One run's KID figures.
     *
     * @param at F1, precision and recall at the threshold the figures are reported at
     * @param result every threshold's figures and the threshold-free ones; null when no truly
     *     positive bag has instance labels (KID cannot be scored)
     */
    public record Kid(KidScores.Prf at, KidResult result) {
        /** What the summary says when KID cannot be scored. */
        public static final String NOT_SCORED = "no truly positive bag with instance labels: KID cannot be scored";
    }

    /**
     * The KID figures under one lambda.
     *
     * @param lambda the lambda
     * @param kid the figures, at the lambda's best threshold
     */
    public record LambdaKid(float lambda, Kid kid) {
    }
}
