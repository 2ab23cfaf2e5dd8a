package org.milkid.results;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * The results of an experiment: every method over the (repeat, fold) runs, and the experiment's own
 * blocks.
 *
 * @param table the methods
 * @param protocol the protocol in one paragraph
 * @param runs how many runs there are and how many finished
 * @param data the data statistics
 * @param training how each model kind's training went over the runs
 * @param time the running time, estimated and actual
 * @param kidStudy the KID study, null when the experiment ran only the paper's methods without development bags
 * @param notes lines to show the reader
 */
public record ExperimentResults(MethodTable table, String protocol, RunCounts runs, DataSummary data,
        List<Training> training, Time time, KidStudy kidStudy, List<String> notes) implements Results {

    /**
     * The runs of the experiment.
     *
     * @param repeats the repeats
     * @param folds the folds a repeat
     * @param total repeats x folds
     * @param finished the runs with results
     */
    public record RunCounts(int repeats, int folds, int total, int finished) {
        /** True when not every run has finished ({@code --max-runs}): the figures are partial. */
        public boolean partial() {
            return finished < total;
        }
    }

    /**
     * The statistics of the bags, summed over the repeats, and per repeat.
     *
     * @param all train and test together
     * @param train the cross-validation pool (for MNIST-bags: the train-digit bags)
     * @param test the separate test pool (MNIST-bags' test-digit bags; empty for the other data sets)
     * @param perRepeat every repeat's
     */
    public record DataSummary(DataStats all, DataStats train, DataStats test, List<RepeatData> perRepeat) {
    }

    /**
     * The bags of one repeat.
     *
     * @param repeat the repeat, from 0
     * @param fingerprint the fingerprint of its data
     * @param train its pool
     * @param test its test pool
     */
    public record RepeatData(int repeat, String fingerprint, DataStats train, DataStats test) {
    }

    /**
     * How one model kind's training went over the runs.
     *
     * @param model the model kind's label
     * @param epochsRun epochs run
     * @param bestEpoch the epoch whose weights were kept
     * @param bestValidationLoss its validation loss
     * @param msPerStep the median time of a training step
     * @param seconds the wall time of the training
     * @param runs the runs
     * @param runsAtChance the runs whose model never left chance
     * @param runsRestarted the runs whose training restarted
     * @param restarts the restarts over all runs
     * @param restartsPerRun restarts a run
     */
    public record Training(String model, Metric epochsRun, Metric bestEpoch, Metric bestValidationLoss,
            Metric msPerStep, Metric seconds, int runs, long runsAtChance, long runsRestarted, int restarts,
            Metric restartsPerRun) {
    }

    /**
     * Running time of the experiment, in seconds to a tenth.
     *
     * @param estimatedSeconds the plan's estimate for the runs this invocation did
     * @param actualSeconds the wall time of this invocation
     * @param runSeconds the summed wall time of all runs (also those of earlier invocations)
     * @param runsThisInvocation the runs this invocation did
     * @param parallelRuns how many runs were done at once
     * @param estimatedWallSeconds the plan's estimate of the wall time with that many runs at once
     * @param plan the plan as {@code org.milkid.experiment.ExperimentPlan} serializes itself
     *     ({@link ResultsCodec#work} reads it)
     */
    public record Time(double estimatedSeconds, double actualSeconds, double runSeconds, int runsThisInvocation,
            int parallelRuns, double estimatedWallSeconds, JsonObject plan) {
    }
}
