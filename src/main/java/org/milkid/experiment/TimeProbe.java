package org.milkid.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.eval.Stat;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;

/**
 * A short timed probe of this machine on one bag of the data set: a few training steps, forward
 * passes and inversion iterations (one row, and one row per lambda as the sweep runs them). The
 * times are per instance, so that an {@link ExperimentPlan} can multiply them by its counts.
 */
public final class TimeProbe {
    private TimeProbe() {
    }

    /**
     * Measured costs, in milliseconds per instance of a bag.
     *
     * @param trainStep one Adam step (forward, backward, update)
     * @param forward one forward pass in inference mode
     * @param inversionIteration one inversion iteration of one row
     * @param sweepIteration one inversion iteration of the lambda sweep (all {@code sweepRows} rows in one pass)
     * @param sweepRows the number of rows of the sweep
     * @param probeInstances K of the probed bag
     * @param seconds how long the probe took
     */
    public record Timing(double trainStep, double forward, double inversionIteration, double sweepIteration,
            int sweepRows, int probeInstances, double seconds) {
    }

    /**
     * Times the paper's attention model on {@code bag}.
     *
     * @param bag the probed bag
     * @param defaults the data set's inversion settings (eta)
     * @param sweepRows the number of lambdas the sweep inverts
     * @param train the data set's training settings (learning rate, augmentation off)
     */
    public static Timing measure(Bag bag, InversionDefaults defaults, int sweepRows, TrainConfig train) {
        long t0 = System.nanoTime();
        int k = bag.size();
        try (MilModel model = MilModel.create(ModelConfig.forBag(ModelKind.ATTENTION, bag), 1)) {
            TrainConfig tc = new TrainConfig(1, train.learningRate(), train.weightDecay(), train.beta1(), train.beta2(),
                    train.validationFraction(), 0, 0, false, train.seed());
            // the median of the steps after the first WARM_UP ones: the first steps of a fresh process
            // run while the JIT compiles on the same cores and libtorch prepares its kernels for the shape
            StepClock clock = new StepClock();
            new MilTrainer(tc, clock).fit(model, Collections.nCopies(WARM_UP + TIMED_STEPS, bag), List.of(bag));
            double stepMs = clock.medianAfter(WARM_UP);
            model.predict(bag);
            List<Double> fwd = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long s = System.nanoTime();
                model.predict(bag);
                fwd.add((System.nanoTime() - s) / 1e6);
            }
            InversionConfig inv = InversionConfig.paperSparse(defaults, defaults.lambdas()[0]);
            double one = perIteration(model, bag, 1, inv);
            // the sweep runs all its rows in one pass (SparseSweep)
            double sweep = sweepRows <= 1 ? one : perIteration(model, bag, sweepRows, inv);
            return new Timing(stepMs / k, Stat.median(fwd) / k, one / k, sweep / k, sweepRows, k,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Training steps of the probe not timed, and timed. */
    static final int WARM_UP = 4;
    static final int TIMED_STEPS = 9;

    /** Times the steps of a training from one {@link TrainListener#onStep} to the next. */
    static final class StepClock implements TrainListener {
        private final List<Double> ms = new ArrayList<>();
        private long last = System.nanoTime();

        @Override
        public void onStep(int epoch, int step, int steps, double runningLoss) {
            long now = System.nanoTime();
            ms.add((now - last) / 1e6);
            last = now;
        }

        /** The median of the step times after the first {@code skip}. */
        double medianAfter(int skip) {
            return Stat.median(ms.subList(Math.min(skip, ms.size() - 1), ms.size()));
        }
    }

    /** Milliseconds of one iteration with {@code rows} rows: the time of 4 iterations less that of 1, over 3. */
    private static double perIteration(MilModel model, Bag bag, int rows, InversionConfig inv) {
        float[] lambdas = new float[rows];
        Arrays.fill(lambdas, inv.lambda());
        InversionLoop.runLambdas(model, bag.shape(), bag.pixels(), lambdas, inv.withIterations(1), null);
        long a = System.nanoTime();
        InversionLoop.runLambdas(model, bag.shape(), bag.pixels(), lambdas, inv.withIterations(1), null);
        long b = System.nanoTime();
        InversionLoop.runLambdas(model, bag.shape(), bag.pixels(), lambdas, inv.withIterations(4), null);
        long c = System.nanoTime();
        double d = ((c - b) - (b - a)) / 1e6 / 3;
        return d > 0 ? d : (c - b) / 1e6 / 4;
    }

}
