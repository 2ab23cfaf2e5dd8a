package org.milkid.experiment;

import java.util.List;
import java.util.Map;
import org.milkid.detect.Detection;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;

/**
 * One method's outcome on one set of test bags (one run), with its detections. What is kept of it
 * is its {@link FoldResult.Figures} (the run's checkpoint), which {@link MethodSummaries} sums up
 * over runs; the detections serve the panels, instances.csv and a single run's bootstrap intervals.
 *
 * @param method the method
 * @param bagAccuracy bag accuracy of its model
 * @param bagAuc bag ROC AUC of its model
 * @param kid KID scores at the chosen lambda (null when no bag has instance labels)
 * @param lambda the chosen lambda of a sweeping method, NaN otherwise
 * @param perLambda KID scores per lambda of a sweeping method (empty otherwise)
 * @param detections the detections at the chosen lambda
 * @param seconds wall time of the detection
 */
public record MethodOutcome(KidMethod method, double bagAccuracy, double bagAuc, KidResult kid, double lambda,
        Map<Float, KidResult> perLambda, List<Detection> detections, double seconds) {
}
