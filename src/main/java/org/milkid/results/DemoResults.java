package org.milkid.results;

import java.util.List;

/**
 * The results of {@code milkid demo}: one run on one set of test bags, its KID intervals from a
 * bootstrap over the positive test bags.
 *
 * @param table the methods
 * @param testBags the test bags
 * @param training how each model's training went
 * @param notes lines to show the reader
 * @param seconds the wall time of the demo
 */
public record DemoResults(MethodTable table, TestBags testBags, List<Training> training, List<String> notes,
        double seconds) implements Results {

    /**
     * The test bags of the run.
     *
     * @param bags how many
     * @param positive how many are positive
     * @param keyInstances the key instances in the positive ones
     */
    public record TestBags(int bags, long positive, int keyInstances) {
    }

    /**
     * How one model's training went.
     *
     * @param model the model kind's label
     * @param epochsRun the epochs run
     * @param bestEpoch the epoch whose weights were kept
     * @param bestValidationLoss its validation loss
     * @param msPerStep the median time of a training step
     * @param leftChance false when the model never did better than chance
     * @param restarts how many times training restarted from fresh weights
     * @param abandonedEpochs the epochs the abandoned attempts ran
     */
    public record Training(String model, int epochsRun, int bestEpoch, double bestValidationLoss, double msPerStep,
            boolean leftChance, int restarts, int abandonedEpochs) {
    }
}
