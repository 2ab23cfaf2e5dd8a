package org.milkid.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.milkid.bag.Bag;
import org.milkid.bag.Splits;
import org.milkid.eval.Stat;
import org.milkid.model.Engines;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.util.BadInputException;
import org.milkid.util.NativeMemory;
import org.milkid.util.Seeds;

/**
 * Trains a {@link MilModel} on bags, one bag per Adam step (bags differ in size), and keeps the
 * weights of the epoch with the lowest validation loss (paper section IV-C).
 */
public final class MilTrainer {
    private final TrainConfig config;
    private final TrainListener listener;
    private final BiFunction<Bag, Random, Bag> augmenter;

    /**
     * @param config the settings
     * @param listener hears progress
     * @param augmenter applied to every training bag at every step when {@code config.augment()}
     *     (the histopathology augmentation); may be null otherwise
     */
    public MilTrainer(TrainConfig config, TrainListener listener, BiFunction<Bag, Random, Bag> augmenter) {
        if (config.augment() && augmenter == null) {
            throw new IllegalArgumentException("augmentation is on but no augmenter was given");
        }
        this.config = config;
        this.listener = listener;
        this.augmenter = augmenter;
    }

    public MilTrainer(TrainConfig config, TrainListener listener) {
        this(config, listener, null);
    }

    /** Splits off a stratified validation part of {@code bags} and trains on the rest. */
    public TrainResult fit(MilModel model, List<Bag> bags) {
        Splits.Split split = validationSplit(bags, config);
        return fit(model, split.train(), split.heldOut());
    }

    /**
     * The stratified validation part {@link #fit(MilModel, List)} holds out of {@code bags} (the same
     * bags for the same seed): the development bags of a trained model.
     */
    public static Splits.Split validationSplit(List<Bag> bags, TrainConfig config) {
        Splits.Split split = Splits.holdOut(bags, config.validationFraction(), Seeds.derive(config.seed(), "validation"));
        if (split.heldOut().isEmpty() || split.train().isEmpty()) {
            throw new BadInputException("too few bags (" + bags.size() + ") to hold out a validation part");
        }
        return split;
    }

    /**
     * Trains on {@code train}, choosing the epoch by the loss on {@code validation}.
     *
     * <p>An attempt that is still flat at chance ({@link #flatAtChance}) after
     * {@link TrainConfig#restartAfter()} epochs is abandoned while restarts remain: the weights are
     * drawn afresh from a seed derived from the config's seed, the model kind and the attempt, and
     * Adam starts again with a new bag order. The last attempt runs as the paper's training does.
     * Every attempt seeds libtorch's random generator (dropout) from the config's seed, so a model's
     * training depends on its config alone, not on what ran before in the process.
     *
     * @throws IllegalStateException when the validation loss was NaN in every epoch (the weights diverged)
     */
    public TrainResult fit(MilModel model, List<Bag> train, List<Bag> validation) {
        for (Bag b : train) {
            model.checkShape(b);
        }
        boolean bothLabels = bothLabels(validation);
        int abandonedEpochs = 0;
        for (int attempt = 0;; attempt++) {
            boolean last = attempt >= config.restarts();
            if (attempt > 0) {
                model.reinitialise(Seeds.derive(config.seed(), "restart-" + model.config().kind().cliName(), attempt));
            }
            Engines.ensureReady().setRandomSeed(libtorchSeed(config.seed(), attempt));
            Attempt a = attempt(model, train, validation, attempt, last ? 0 : config.restartAfter(), bothLabels);
            if (a.abandoned()) {
                abandonedEpochs += a.history().size();
                continue;
            }
            if (a.best() == null) {
                throw new IllegalStateException(model.config().kind().label() + ": the validation loss was NaN in every"
                        + " one of " + a.history().size() + " epochs (the weights diverged); try a smaller learning rate"
                        + " (--lr, now " + config.learningRate() + ") or a warm-up (--warmup)");
            }
            model.restore(a.best());
            model.freeze(true);
            boolean left = leftChance(a.bestLoss(), a.bestAccuracy(), a.bestPositiveShare(), bothLabels);
            return new TrainResult(a.history(), a.bestEpoch(), a.bestLoss(), a.stepMs().isEmpty() ? 0 : Stat.median(a.stepMs()), left, attempt,
                    abandonedEpochs);
        }
    }

    /**
     * The seed of libtorch's global random generator for an attempt: derived from the training
     * seed, so dropout draws the same masks whatever ran before in the process.
     */
    static int libtorchSeed(long seed, int attempt) {
        return (int) Seeds.derive(seed, "libtorch", attempt);
    }

    /**
     * One attempt's outcome.
     *
     * @param history its epochs
     * @param best the parameters of its best epoch (null when no epoch had a finite validation loss)
     * @param abandoned true when it was stopped at chance for a restart
     */
    private record Attempt(List<EpochReport> history, List<float[]> best, int bestEpoch, double bestLoss,
            double bestAccuracy, double bestPositiveShare, List<Double> stepMs, boolean abandoned) {
    }

    /** Runs one attempt; {@code restartAfter} > 0 abandons it after that many epochs at chance. */
    private Attempt attempt(MilModel model, List<Bag> train, List<Bag> validation, int attempt, int restartAfter,
            boolean bothLabels) {
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(new WarmUp(config.learningRate(), config.warmupSteps()))
                .optBeta1(config.beta1()).optBeta2(config.beta2())
                .optWeightDecays(config.weightDecay())
                .build();
        // DJL's trainer wants a loss; milkid's step computes BagLoss itself, so this one is never evaluated
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
        // the first attempt keeps the streams it always had; restarts draw new ones
        Random order = new Random(attempt == 0 ? Seeds.derive(config.seed(), "bag-order")
                : Seeds.derive(config.seed(), "bag-order", attempt));
        Random augRng = new Random(attempt == 0 ? Seeds.derive(config.seed(), "augmentation")
                : Seeds.derive(config.seed(), "augmentation", attempt));
        List<EpochReport> history = new ArrayList<>();
        List<float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double bestAcc = 0;
        double bestPositiveShare = 0.5;
        List<Double> stepMs = new ArrayList<>();
        model.freeze(false);
        try (Trainer trainer = model.djlModel().newTrainer(tc)) {
            List<Bag> bags = new ArrayList<>(train);
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                java.util.Collections.shuffle(bags, order);
                double lossSum = 0;
                for (int i = 0; i < bags.size(); i++) {
                    Bag bag = config.augment() ? augmenter.apply(bags.get(i), augRng) : bags.get(i);
                    long s0 = System.nanoTime();
                    lossSum += step(trainer, bag);
                    if (stepMs.size() % NativeMemory.EVERY == NativeMemory.EVERY - 1) {
                        NativeMemory.release();
                    }
                    stepMs.add((System.nanoTime() - s0) / 1e6);
                    listener.onStep(epoch, i + 1, bags.size(), lossSum / (i + 1));
                }
                double[] val = evaluate(model, validation);
                boolean improved = val[0] < bestLoss;
                if (improved) {
                    bestLoss = val[0];
                    bestEpoch = epoch;
                    bestAcc = val[1];
                    bestPositiveShare = val[2];
                    best = model.snapshot();
                }
                EpochReport r = new EpochReport(epoch, lossSum / bags.size(), val[0], val[1],
                        (System.nanoTime() - t0) / 1e9, improved);
                history.add(r);
                listener.onEpoch(r);
                if (restartAfter > 0 && epoch == restartAfter && best == null) {
                    break; // NaN in every epoch so far: the weights diverged, which fresh weights would not cure
                }
                if (restartAfter > 0 && epoch == restartAfter && epoch < config.epochs()
                        && flatAtChance(bestLoss, bestAcc, bestPositiveShare, bothLabels)) {
                    listener.onRestart(attempt + 1, epoch);
                    return new Attempt(history, null, bestEpoch, bestLoss, bestAcc, bestPositiveShare, stepMs, true);
                }
                // patience counts only once the model has left chance: the paper's settings can sit
                // on the ln 2 plateau for several epochs before they start to learn
                boolean atChance = bestLoss > TrainResult.CHANCE_LOSS;
                if (config.patience() > 0 && !atChance && epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
        }
        return new Attempt(history, best, bestEpoch, bestLoss, bestAcc, bestPositiveShare, stepMs, false);
    }

    private static double step(Trainer trainer, Bag bag) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = MilModel.toArray(m, bag);
            NDArray y = m.create(new float[] {bag.label()});
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                NDArray loss = BagLoss.nll(out.get(MilBlock.PROB), y).sum();
                gc.backward(loss);
                float value = loss.getFloat();
                trainer.step();
                return value;
            }
        }
    }

    /** Mean NLL, accuracy and share of bags predicted positive of the model on some bags (inference mode). */
    public static double[] evaluate(MilModel model, List<Bag> bags) {
        double loss = 0;
        int correct = 0;
        int predictedPositive = 0;
        for (Bag b : bags) {
            float p = model.predict(b).probability();
            loss += BagLoss.nll(p, b.label());
            correct += (p >= 0.5f ? 1 : 0) == b.label() ? 1 : 0;
            predictedPositive += p >= 0.5f ? 1 : 0;
        }
        return new double[] {loss / bags.size(), (double) correct / bags.size(),
            (double) predictedPositive / bags.size()};
    }

    /**
     * How far below ln 2 the best validation loss must be for a model that has not left chance yet to
     * count as learning (and not be restarted). Chosen on the training histories of seeds 1-7 of
     * quick-mnist and 1-5 of the demo (issue 13): Inst+mean and some attention models were at 0.64-0.68
     * after 8 epochs and left chance soon after, the stuck ones within 0.002 of ln 2.
     */
    static final double FLAT_MARGIN = 0.01;

    /**
     * Whether an attempt should be restarted: it has not left chance ({@link #leftChance}) and its best
     * validation loss is still within {@link #FLAT_MARGIN} of ln 2, so it is not on its way down.
     */
    static boolean flatAtChance(double loss, double accuracy, double positiveShare, boolean bothLabels) {
        return !leftChance(loss, accuracy, positiveShare, bothLabels) && loss > Math.log(2) - FLAT_MARGIN;
    }

    /**
     * Whether a model did better than chance on its validation bags at its best epoch: not when
     * its loss and accuracy are both at chance, and not when it gives every bag the same label
     * although both labels are there (its accuracy is then the share of one label, whatever its loss).
     */
    static boolean leftChance(double loss, double accuracy, double positiveShare, boolean bothLabels) {
        boolean plateau = loss > TrainResult.CHANCE_LOSS && accuracy <= TrainResult.CHANCE_ACCURACY;
        boolean oneClass = bothLabels && (positiveShare == 0 || positiveShare == 1);
        return !plateau && !oneClass;
    }

    private static boolean bothLabels(List<Bag> bags) {
        return bags.stream().anyMatch(b -> b.label() == 1) && bags.stream().anyMatch(b -> b.label() == 0);
    }

    /** A fixed learning rate after an optional linear warm-up. */
    private record WarmUp(float lr, int steps) implements Tracker {
        @Override
        public float getNewValue(int numUpdate) {
            return steps == 0 || numUpdate >= steps ? lr : lr * (numUpdate + 1) / steps;
        }
    }
}
