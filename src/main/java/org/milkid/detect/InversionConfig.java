package org.milkid.detect;

import org.milkid.util.BadInputException;

/**
 * Settings of one inversion (paper sections III-C, III-D and IV-C; method-notes section 4).
 *
 * @param rule how pixels are updated
 * @param objective what is minimised
 * @param learningRate lr of SGD, eta of the proximal step
 * @param momentum SGD's momentum (the paper: 0.9); unused by the proximal rules
 * @param lambda the sparseness coefficient (0 for plain inversion)
 * @param threshold the paper's (lambda) or the textbook (eta*lambda) soft-threshold
 * @param iterations the number of updates
 * @param normalizeGradient divide each bag's gradient by its root mean square before the step,
 *     so that eta is a pixel change per step whatever the scale of the loss (milkid's variant)
 */
public record InversionConfig(UpdateRule rule, Objective objective, float learningRate, float momentum,
        float lambda, ThresholdForm threshold, int iterations, boolean normalizeGradient) {

    public InversionConfig {
        if (rule == null || objective == null || threshold == null) {
            throw new IllegalArgumentException("inversion rule, objective and threshold form are required");
        }
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new BadInputException("inversion learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new BadInputException("momentum must be in [0,1), got " + momentum);
        }
        checkLambdas("--lambda", lambda);
        if (iterations < 1) {
            throw new BadInputException("--iterations must be at least 1, got " + iterations);
        }
    }

    /** Refuses a lambda that is negative, NaN or infinite, naming the option that gave it. */
    public static void checkLambdas(String option, float... lambdas) {
        for (float l : lambdas) {
            if (!(l >= 0f) || Float.isInfinite(l)) {
                throw new BadInputException(option + ": " + l + " is not a number >= 0");
            }
        }
    }

    /** The paper's plain inversion: SGD, lr 1e-3, momentum 0.9, 1000 iterations, NLL. */
    public static InversionConfig paperInversion() {
        return new InversionConfig(UpdateRule.SGD_MOMENTUM, Objective.NLL, 1e-3f, 0.9f, 0f, ThresholdForm.PAPER,
                1000, false);
    }

    /** The paper's sparse inversion with the data set's eta and iterations and the given lambda. */
    public static InversionConfig paperSparse(InversionDefaults d, float lambda) {
        return new InversionConfig(UpdateRule.PROXIMAL, Objective.NLL, d.eta(), 0f, lambda, ThresholdForm.PAPER,
                d.iterations(), false);
    }

    public InversionConfig withLambda(float l) {
        return new InversionConfig(rule, objective, learningRate, momentum, l, threshold, iterations, normalizeGradient);
    }

    public InversionConfig withIterations(int n) {
        return new InversionConfig(rule, objective, learningRate, momentum, lambda, threshold, n, normalizeGradient);
    }

    public InversionConfig withRule(UpdateRule r) {
        return new InversionConfig(r, objective, learningRate, momentum, lambda, threshold, iterations, normalizeGradient);
    }

    public InversionConfig withThreshold(ThresholdForm t) {
        return new InversionConfig(rule, objective, learningRate, momentum, lambda, t, iterations, normalizeGradient);
    }

    public InversionConfig withObjective(Objective o) {
        return new InversionConfig(rule, o, learningRate, momentum, lambda, threshold, iterations, normalizeGradient);
    }

    public InversionConfig withLearningRate(float lr) {
        return new InversionConfig(rule, objective, lr, momentum, lambda, threshold, iterations, normalizeGradient);
    }

    public InversionConfig withNormalizedGradient(boolean n) {
        return new InversionConfig(rule, objective, learningRate, momentum, lambda, threshold, iterations, n);
    }

    /** The value the soft-threshold subtracts: lambda (paper) or eta*lambda (textbook). */
    public float thresholdValue() {
        return threshold == ThresholdForm.PAPER ? lambda : learningRate * lambda;
    }
}
