package org.milkid.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
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
    private final EpochCheckpoint checkpoint;

    /**
     * @param config the settings
     * @param listener hears progress
     * @param augmenter applied to every training bag at every step when {@code config.augment()}
     *     (the histopathology augmentation); may be null otherwise
     */
    public MilTrainer(TrainConfig config, TrainListener listener, BiFunction<Bag, Random, Bag> augmenter) {
        this(config, listener, augmenter, EpochCheckpoint.NONE);
    }

    private MilTrainer(TrainConfig config, TrainListener listener, BiFunction<Bag, Random, Bag> augmenter,
            EpochCheckpoint checkpoint) {
        if (config.augment() && augmenter == null) {
            throw new IllegalArgumentException("augmentation is on but no augmenter was given");
        }
        this.config = config;
        this.listener = listener;
        this.augmenter = augmenter;
        this.checkpoint = checkpoint;
    }

    /**
     * This trainer keeping its state in {@code checkpoint} after every epoch, and going on from the
     * state kept there by an interrupted training of the same model on the same bags: the epochs
     * after it run as if the training had never stopped (the same numbers on the same machine).
     */
    public MilTrainer withCheckpoint(EpochCheckpoint checkpoint) {
        return new MilTrainer(config, listener, augmenter, checkpoint);
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
     * Every epoch seeds libtorch's random generator (dropout) from the config's seed, the attempt
     * and the epoch, so a model's training depends on its config alone, not on what ran before in
     * the process. With a {@link #withCheckpoint checkpoint}, the state after every epoch is kept
     * there, and a state an interrupted training kept is taken up after its epoch.
     *
     * @throws IllegalStateException when the validation loss was NaN in every epoch (the weights diverged)
     */
    public TrainResult fit(MilModel model, List<Bag> train, List<Bag> validation) {
        for (Bag b : train) {
            model.checkShape(b);
        }
        boolean bothLabels = bothLabels(validation);
        TrainingState saved = checkpoint.load();
        if (saved != null) {
            String misfit = saved.misfit(model.snapshot(), train.size(), config);
            if (misfit != null) {
                checkpoint.discard(misfit);
                saved = null;
            }
        }
        int abandonedEpochs = saved == null ? 0 : saved.abandonedEpochs();
        long start = System.nanoTime();
        double before = saved == null ? 0 : saved.seconds();
        DoubleSupplier seconds = () -> before + (System.nanoTime() - start) / 1e9;
        for (int attempt = saved == null ? 0 : saved.attempt();; attempt++) {
            boolean last = attempt >= config.restarts();
            TrainingState resume = saved != null && saved.attempt() == attempt ? saved : null;
            if (attempt > 0 && resume == null) {
                model.reinitialise(Seeds.derive(config.seed(), "restart-" + model.config().kind().cliName(), attempt));
            }
            Attempt a = attempt(model, train, validation, attempt, abandonedEpochs, last ? 0 : config.restartAfter(),
                    bothLabels, resume, seconds);
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
     * The seed of libtorch's global random generator (dropout) for an epoch of an attempt: derived
     * from the training seed, so dropout draws the same masks whatever ran before in the process,
     * and set at every epoch, so that a training resumed after an epoch draws what it would have
     * drawn without the interruption.
     */
    static int libtorchSeed(long seed, int attempt, int epoch) {
        long s = Seeds.derive(seed, "libtorch", attempt);
        return (int) (epoch == 1 ? s : Seeds.derive(s, "epoch", epoch));
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

    /** What an attempt does after an epoch. */
    private enum Next { GO_ON, STOP, ABANDON }

    /**
     * Runs one attempt, from its first epoch or from the state {@code resume} kept after an epoch;
     * {@code restartAfter} > 0 abandons it after that many epochs at chance.
     */
    private Attempt attempt(MilModel model, List<Bag> train, List<Bag> validation, int attempt, int abandonedBefore,
            int restartAfter, boolean bothLabels, TrainingState resume, DoubleSupplier seconds) {
        ResumableAdam adam = new ResumableAdam(new WarmUp(config.learningRate(), config.warmupSteps()),
                config.beta1(), config.beta2(), config.weightDecay());
        // DJL's trainer wants a loss; milkid's step computes BagLoss itself, so this one is never evaluated
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
        // the first attempt keeps the streams it always had; restarts draw new ones
        Random order = new Random(attempt == 0 ? Seeds.derive(config.seed(), "bag-order")
                : Seeds.derive(config.seed(), "bag-order", attempt));
        Random augRng = new Random(attempt == 0 ? Seeds.derive(config.seed(), "augmentation")
                : Seeds.derive(config.seed(), "augmentation", attempt));
        // the bags' order as indices: shuffling them draws what shuffling the bags would
        List<Integer> bags = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            bags.add(i);
        }
        List<EpochReport> history = new ArrayList<>();
        List<float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        double bestAcc = 0;
        double bestPositiveShare = 0.5;
        List<Double> stepMs = new ArrayList<>();
        int first = 1;
        Next next = Next.GO_ON;
        model.freeze(false);
        try (Trainer trainer = model.djlModel().newTrainer(tc)) {
            skipZeroGradientCheck(trainer);
            if (resume != null) {
                model.restore(resume.params());
                adam.restore(resume.adam(), model.parameters());
                order = TrainingStateCodec.restore(resume.orderRandom());
                augRng = TrainingStateCodec.restore(resume.augmentationRandom());
                bags.clear();
                for (int i : resume.order()) {
                    bags.add(i);
                }
                history.addAll(resume.history());
                best = resume.best();
                bestLoss = resume.bestLoss();
                bestEpoch = resume.bestEpoch();
                bestAcc = resume.bestAccuracy();
                bestPositiveShare = resume.bestPositiveShare();
                for (double ms : resume.stepMs()) {
                    stepMs.add(ms);
                }
                first = resume.epoch() + 1;
                // as the interrupted training decided after that epoch
                next = next(resume.epoch(), restartAfter, best, bestLoss, bestAcc, bestPositiveShare, bestEpoch,
                        bothLabels);
                if (next == Next.GO_ON) {
                    listener.onResume(attempt, resume.epoch());
                } else if (next == Next.ABANDON) {
                    listener.onRestart(attempt + 1, resume.epoch());
                }
            }
            for (int epoch = first; next == Next.GO_ON; epoch++) {
                long t0 = System.nanoTime();
                Engines.ensureReady().setRandomSeed(libtorchSeed(config.seed(), attempt, epoch));
                java.util.Collections.shuffle(bags, order);
                double lossSum = 0;
                for (int i = 0; i < bags.size(); i++) {
                    Bag bag = train.get(bags.get(i));
                    if (config.augment()) {
                        bag = augmenter.apply(bag, augRng);
                    }
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
                if (checkpoint != EpochCheckpoint.NONE) {
                    // the weights just taken as the best epoch's when this epoch is the best
                    List<float[]> now = improved ? best : model.snapshot();
                    checkpoint.save(new TrainingState(attempt, abandonedBefore, epoch, now,
                            adam.moments(model.parameters()), bags.stream().mapToInt(Integer::intValue).toArray(),
                            TrainingStateCodec.save(order), TrainingStateCodec.save(augRng), best, bestEpoch,
                            bestLoss, bestAcc, bestPositiveShare, history,
                            stepMs.stream().mapToDouble(Double::doubleValue).toArray(), seconds.getAsDouble()));
                }
                next = next(epoch, restartAfter, best, bestLoss, bestAcc, bestPositiveShare, bestEpoch, bothLabels);
                if (next == Next.ABANDON) {
                    listener.onRestart(attempt + 1, epoch);
                }
            }
        } finally {
            adam.release();
        }
        return new Attempt(history, next == Next.ABANDON ? null : best, bestEpoch, bestLoss, bestAcc,
                bestPositiveShare, stepMs, next == Next.ABANDON);
    }

    /**
     * What the attempt does after {@code epoch}: abandon it for a restart when it is still flat at
     * chance after {@code restartAfter} epochs (> 0), stop it when the weights diverged by then,
     * when the patience ran out or after the last epoch, else go on.
     */
    private Next next(int epoch, int restartAfter, List<float[]> best, double bestLoss, double bestAcc,
            double bestPositiveShare, int bestEpoch, boolean bothLabels) {
        if (restartAfter > 0 && epoch == restartAfter && best == null) {
            return Next.STOP; // NaN in every epoch so far: the weights diverged, which fresh weights would not cure
        }
        if (restartAfter > 0 && epoch == restartAfter && epoch < config.epochs()
                && flatAtChance(bestLoss, bestAcc, bestPositiveShare, bothLabels)) {
            return Next.ABANDON;
        }
        // patience counts only once the model has left chance: the paper's settings can sit
        // on the ln 2 plateau for several epochs before they start to learn
        boolean atChance = bestLoss > TrainResult.CHANCE_LOSS;
        if (config.patience() > 0 && !atChance && epoch - bestEpoch >= config.patience()) {
            return Next.STOP;
        }
        return epoch >= config.epochs() ? Next.STOP : Next.GO_ON;
    }

    /**
     * Turns off DJL's check, at a trainer's first step, that some gradient is not zero. milkid's step
     * always back-propagates its loss; but when every bag sits at the loss's clamp (the plateau the
     * paper's MNIST trainings fall onto, README), every gradient is exactly zero, and DJL would refuse
     * the first step of a training resumed there, although Adam's weight decay still moves the
     * weights (that is how a training leaves the plateau). The check only reads the gradients: the
     * training computes the same numbers without it.
     */
    private static void skipZeroGradientCheck(Trainer trainer) {
        try {
            Field checked = Trainer.class.getDeclaredField("gradientsChecked");
            checked.setAccessible(true);
            checked.setBoolean(trainer, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this DJL's Trainer has no field gradientsChecked to turn its first-step"
                    + " gradient check off (MilTrainer.skipZeroGradientCheck)", e);
        }
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
