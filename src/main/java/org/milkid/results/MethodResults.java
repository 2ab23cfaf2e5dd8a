package org.milkid.results;

import java.util.List;

/**
 * One method's results over runs.
 *
 * @param name the method's name ({@code KidMethod.key()}: Att, Att+sparse, Att-alone, ...)
 * @param paper whether the method is the paper's
 * @param description what the method scores, in words
 * @param bagAccuracy bag accuracy of its model on the test bags
 * @param bagAuc bag ROC AUC of its model
 * @param kid the KID figures, null when no test bag has instance labels
 * @param lambda the chosen lambda of a method that sweeps it, null for the others
 * @param perLambda the figures under every lambda of the sweep, null for a method that does not sweep
 * @param seconds the wall time of the method a run
 * @param inversionIterations the iterations an inversion ran ({@code milkid demo} records them), or null
 */
public record MethodResults(String name, boolean paper, String description, Metric bagAccuracy, Metric bagAuc,
        KidFigures kid, Metric lambda, List<LambdaRow> perLambda, Metric seconds, Integer inversionIterations) {

    /** The same results with the iterations its inversion ran. */
    public MethodResults withInversionIterations(int iterations) {
        return new MethodResults(name, paper, description, bagAccuracy, bagAuc, kid, lambda, perLambda, seconds,
                iterations);
    }
}
