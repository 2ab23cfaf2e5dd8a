package org.milkid.experiment;

import java.util.List;
import java.util.Map;
import org.milkid.detect.Detection;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;

/**
 * One method's outcome on one set of test bags (one run).
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
