package org.milkid.train;

import org.milkid.util.BadInputException;

/**
 * Training settings (paper section IV-C, method-notes section 3): Adam with betas (0.9, 0.999),
 * one bag per step, up to {@code epochs} epochs, keeping the weights of the epoch with the lowest
 * validation loss.
 *
 * @param epochs the most epochs to run (the paper: 100)
 * @param learningRate Adam's step size (MNIST 5e-4, histopathology 1e-4)
 * @param weightDecay L2 added to the gradient, as PyTorch's Adam (MNIST 1e-4, histopathology 5e-4)
 * @param beta1 Adam's first-moment decay (0.9)
 * @param beta2 Adam's second-moment decay (0.999)
 * @param validationFraction share of the training bags held out for validation (stratified)
 * @param patience stop after this many epochs without a lower validation loss (0: never stop early)
 * @param warmupSteps linear learning-rate warm-up over this many steps (0: none, as the paper)
 * @param augment random 90-degree rotations and flips per patch (histopathology)
 * @param seed drives the validation split, the bag order, augmentation, libtorch's random generator
 *     (dropout) and the weights of restarts
 * @param restarts the most restarts from fresh weights when a model has not left chance after
 *     {@code restartAfter} epochs (0: never restart, the paper's behaviour); see {@link MilTrainer}
 * @param restartAfter the epochs an attempt gets to leave chance before it is abandoned for a restart
 */
public record TrainConfig(int epochs, float learningRate, float weightDecay, float beta1, float beta2,
        double validationFraction, int patience, int warmupSteps, boolean augment, long seed, int restarts,
        int restartAfter) {

    /** milkid's default number of restarts: bounds the extra cost of a model that cannot learn. */
    public static final int DEFAULT_RESTARTS = 2;
    /**
     * milkid's default epochs before a model still at chance is restarted. Measured on MNIST-bags
     * G = 10 (lr 5e-4): Att left the ln 2 plateau only at epoch 6-7 with 90 training bags (quick-mnist),
     * so a restart after 4 epochs abandoned models that were about to learn; 8 lets them.
     */
    public static final int DEFAULT_RESTART_AFTER = 8;

    /** The settings with milkid's default restarts. */
    public TrainConfig(int epochs, float learningRate, float weightDecay, float beta1, float beta2,
            double validationFraction, int patience, int warmupSteps, boolean augment, long seed) {
        this(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, patience, warmupSteps, augment, seed,
                DEFAULT_RESTARTS, DEFAULT_RESTART_AFTER);
    }

    public TrainConfig {
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new BadInputException("--lr must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new BadInputException("--weight-decay must be >= 0, got " + weightDecay);
        }
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new BadInputException("Adam betas must be in [0,1), got " + beta1 + ", " + beta2);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new BadInputException("the validation fraction must be in (0,1), got " + validationFraction);
        }
        if (patience < 0 || warmupSteps < 0) {
            throw new BadInputException("--patience and --warmup must not be negative");
        }
        if (restarts < 0) {
            throw new BadInputException("--restarts must not be negative, got " + restarts);
        }
        if (restartAfter < 1) {
            throw new BadInputException("--restart-after must be at least 1 epoch, got " + restartAfter);
        }
    }

    /**
     * The paper's MNIST-bags settings: lr 5e-4, weight decay 1e-4, 100 epochs; with milkid's default
     * restarts ({@link #withRestarts}{@code (0, ...)} for the paper's behaviour).
     */
    public static TrainConfig paperMnist(long seed) {
        return new TrainConfig(100, 5e-4f, 1e-4f, 0.9f, 0.999f, 0.1, 0, 0, false, seed);
    }

    /** The paper's histopathology settings: lr 1e-4, weight decay 5e-4, 100 epochs, augmentation; default restarts. */
    public static TrainConfig paperHistology(long seed) {
        return new TrainConfig(100, 1e-4f, 5e-4f, 0.9f, 0.999f, 0.1, 0, 0, true, seed);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, learningRate, weightDecay, beta1, beta2, validationFraction, patience, warmupSteps,
                augment, seed, restarts, restartAfter);
    }

    public TrainConfig withAugment(boolean a) {
        return new TrainConfig(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, patience, warmupSteps,
                a, seed, restarts, restartAfter);
    }

    public TrainConfig withPatience(int p) {
        return new TrainConfig(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, p, warmupSteps,
                augment, seed, restarts, restartAfter);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, patience,
                warmupSteps, augment, s, restarts, restartAfter);
    }

    public TrainConfig withLearningRate(float lr) {
        return new TrainConfig(epochs, lr, weightDecay, beta1, beta2, validationFraction, patience, warmupSteps,
                augment, seed, restarts, restartAfter);
    }

    /**
     * With at most {@code max} restarts, each after {@code after} epochs at chance ({@code max} 0:
     * never restart, as the paper).
     */
    public TrainConfig withRestarts(int max, int after) {
        return new TrainConfig(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, patience,
                warmupSteps, augment, seed, max, after);
    }

    /** With a linear learning-rate warm-up over {@code steps} steps. */
    public TrainConfig withWarmup(int steps) {
        return new TrainConfig(epochs, learningRate, weightDecay, beta1, beta2, validationFraction, patience, steps,
                augment, seed, restarts, restartAfter);
    }
}
