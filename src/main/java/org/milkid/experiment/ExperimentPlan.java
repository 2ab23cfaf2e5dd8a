package org.milkid.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.data.Datasets;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.model.ModelKind;
import org.milkid.util.Durations;

/**
 * What an experiment will do and how long it should take on this machine: the counts of training
 * steps, forward passes and inversion iterations of the runs still to do, times the costs a
 * {@link TimeProbe} measured. Training is counted for every epoch, so with early stopping the
 * estimate is an upper bound for that part; inversions are counted for the truly positive test
 * bags (only bags predicted positive are inverted).
 *
 * @param runs the (repeat, fold) runs of the experiment
 * @param runsToDo the runs this invocation does: those without a checkpoint (all of them unless resuming),
 *     at most {@code --max-runs} of them
 * @param meanBagSize the mean number of instances a bag
 * @param trainBagsPerRun the bags a fold's models train on (validation part included)
 * @param testBagsPerRun the bags a fold's models are tested on
 * @param devBags the development bags per repeat
 * @param models the model kinds trained per run
 * @param trainSteps the training steps of the runs to do
 * @param forwardPasses the forward passes (validation, detection) of the runs to do
 * @param inversionIterations the one-row inversion iterations of the runs to do
 * @param sweepIterations the lambda-sweep iterations (one row per lambda) of the runs to do
 * @param timing the probe's costs
 * @param estimatedSeconds the estimate for the runs to do
 */
public record ExperimentPlan(int runs, int runsToDo, double meanBagSize, int trainBagsPerRun, int testBagsPerRun,
        int devBags, List<String> models, long trainSteps, long forwardPasses, long inversionIterations,
        long sweepIterations, TimeProbe.Timing timing, double estimatedSeconds) {

    /**
     * Counts the work of {@code runsToDo} runs of {@code cfg} and prices it with {@code timing}.
     *
     * @param cfg the settings
     * @param runsToDo the runs still to do
     * @param meanBagSize the mean number of instances a bag
     * @param trainBags the bags a run trains on
     * @param testBags the bags a run tests on
     * @param timing the probe's costs per instance
     */
    public static ExperimentPlan of(ExperimentConfig cfg, int runsToDo, double meanBagSize, int trainBags,
            int testBags, TimeProbe.Timing timing) {
        InversionDefaults d = Datasets.inversionDefaults(cfg.dataset());
        double validation = Math.max(1, Math.round(trainBags * 0.1));
        List<ModelKind> kinds = cfg.modelKinds();
        long steps = (long) cfg.epochs() * (long) (trainBags - validation) * kinds.size();
        long forwards = (long) (cfg.epochs() * validation * kinds.size());
        long inv = 0;
        long sweep = 0;
        double testPositives = testBags / 2.0;
        double devPositives = cfg.devBags() / 2.0;
        for (KidMethod m : cfg.methods()) {
            InversionConfig c = m.inversion(d);
            int iterations = c == null ? 0 : cfg.inversionIterations() > 0 ? cfg.inversionIterations() : c.iterations();
            boolean onDev = !m.isPaper() && cfg.devBags() > 0;
            forwards += testBags + (onDev ? cfg.devBags() : 0);
            if (m == KidMethod.ATT_GRAD_X_INPUT) {
                inv += testBags + (onDev ? cfg.devBags() : 0);
            }
            if (m.needsTrainingBags()) {
                // the encoder and the model on every training bag, once per detector (dev and test)
                forwards += 2L * trainBags * (onDev ? 2 : 1);
            }
            if (c == null) {
                continue;
            }
            if (m.sweepsLambda()) {
                if (onDev) {
                    sweep += Math.round(devPositives * iterations);
                    inv += Math.round(testPositives * iterations);
                } else {
                    sweep += Math.round(testPositives * iterations);
                }
            } else {
                inv += Math.round((testPositives + (onDev ? devPositives : 0)) * iterations);
            }
        }
        steps *= runsToDo;
        forwards *= runsToDo;
        inv *= runsToDo;
        sweep *= runsToDo;
        double ms = meanBagSize * (steps * timing.trainStep() + forwards * timing.forward()
                + inv * timing.inversionIteration() + sweep * timing.sweepIteration());
        List<String> names = new ArrayList<>();
        kinds.forEach(k -> names.add(k.label()));
        return new ExperimentPlan(cfg.folds() * cfg.repeats(), runsToDo, meanBagSize, trainBags, testBags,
                cfg.devBags(), names, steps, forwards, inv, sweep, timing, ms / 1000);
    }

    /** The plan in plain words, several lines, for the terminal. */
    public String describe(ExperimentConfig cfg) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "experiment %s on %s: %d-fold cross-validation x %d repeats = %d runs"
                + " (%d to do), seed %d%n", cfg.preset(), cfg.dataset(), cfg.folds(), cfg.repeats(), runs, runsToDo,
                cfg.seed()));
        if (cfg.mnist() != null) {
            sb.append(String.format(Locale.ROOT, "  data: MNIST-bags G = %d (%d digits a bag), per repeat %d bags from"
                    + " the train digits (CV pool) and %d from the test digits%s%n", cfg.mnist().grid(),
                    cfg.mnist().grid() * cfg.mnist().grid(), cfg.mnist().trainBags(), cfg.mnist().testBags(),
                    cfg.devBags() > 0 ? ", " + cfg.devBags() + " development bags" : ""));
        } else {
            sb.append(String.format(Locale.ROOT, "  data: %s from %s, %.0f instances a bag on average%n", cfg.dataset(),
                    cfg.dataDir(), meanBagSize));
        }
        sb.append(String.format(Locale.ROOT, "  per run: models %s trained on %d bags (at most %d epochs%s), tested on"
                + " %d bags%n", String.join(", ", models), trainBagsPerRun, cfg.epochs(),
                cfg.patience() > 0 ? ", patience " + cfg.patience() : ", best validation epoch kept", testBagsPerRun));
        List<String> methods = new ArrayList<>();
        cfg.methods().forEach(m -> methods.add(m.key()));
        sb.append("  methods: ").append(String.join(", ", methods)).append('\n');
        sb.append(String.format(Locale.ROOT, "  KID: %s; lambdas %s; thresholds %s%n",
                cfg.paperInversion() ? "the paper's inversion settings"
                        : "every inversion cut to " + cfg.inversionIterations() + " iterations",
                cfg.lambdas(), cfg.thresholds()));
        sb.append(String.format(Locale.ROOT, "  work: %,d training steps, %,d forward passes, %,d inversion iterations,"
                + " %,d sweep iterations (of %d lambdas each)%n", trainSteps, forwardPasses, inversionIterations,
                sweepIterations, timing.sweepRows()));
        sb.append(String.format(Locale.ROOT, "  probe (%.1f s, one bag of %d instances): %.1f ms a training step,"
                + " %.1f ms a forward pass, %.1f ms an inversion iteration, %.1f ms a sweep iteration (all lambdas in one"
                + " pass)%n",
                timing.seconds(), timing.probeInstances(), timing.trainStep() * timing.probeInstances(),
                timing.forward() * timing.probeInstances(), timing.inversionIteration() * timing.probeInstances(),
                timing.sweepIteration() * timing.probeInstances()));
        sb.append("  estimated running time: ").append(Durations.compact(estimatedSeconds))
                .append(cfg.patience() > 0 ? " at most (early stopping may end training sooner)" : "").append('\n');
        return sb.toString();
    }

    /**
     * The estimated wall time when {@code parallel} runs go at once, each as fast as one alone (an
     * executor per run, each like the machine the probe ran on): the runs go in rounds of
     * {@code parallel}, so ceil(runs to do / parallel) times the time of one run.
     */
    public double wallSeconds(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel runs must be at least 1, got " + parallel);
        }
        if (runsToDo == 0) {
            return 0;
        }
        return Math.ceil((double) runsToDo / parallel) * (estimatedSeconds / runsToDo);
    }
}
