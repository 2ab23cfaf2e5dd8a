package org.milkid.detect;

import org.milkid.util.BadInputException;

/**
 * The settings of {@link Milli} (Early, Evers and Ramchurn, "Model agnostic interpretability for
 * multiple instance learning", ICLR 2022).
 *
 * @param samples how many distinct coalitions (subsets of the bag) the surrogate is fitted on at least
 *     ({@link #samplesFor}: more for a large bag when {@code perInstance} is positive); fewer when the bag
 *     has fewer non-empty proper subsets (then all of them)
 * @param alpha the inclusion probability of the instance ranked first by the one-instance values; the
 *     last one is included with 1 - alpha; in (0, 1)
 * @param beta the shape of the inclusion probability over the ranks between those two (0: a straight
 *     line; larger |beta| bends it towards one end); any finite number
 * @param paired whether every sampled coalition brings its complement along (the authors' "paired
 *     sampling")
 * @param perInstance coalitions per instance of the bag: a bag of n instances gets
 *     {@code max(samples, ceil(perInstance * n))} of them; 0 for a fixed number, as the authors have
 */
public record MilliConfig(int samples, double alpha, double beta, boolean paired, double perInstance) {

    /**
     * The authors' setting for their MNIST bags ("four-MNIST-bags", 30 digits a bag): Paired-MILLI
     * with 150 coalitions, alpha = 0.05, beta = 0.01, instances ranked by their one-instance values
     * ({@code method='single'}), distinct coalitions. From {@code src/interpretability/mnist_interpretability.py},
     * lines 72-73, of github.com/JAEarly/MILLI; {@code scripts/tuning/tune_milli.py}, line 159, gives the
     * same 150 coalitions for MNIST. A fixed number: the authors set 1,000 for their CRC bags of about 264
     * instances instead.
     */
    public static final MilliConfig MNIST = new MilliConfig(150, 0.05, 0.01, true, 0);

    /**
     * milkid's default ({@link KidMethod#MILLI}): the authors' MNIST setting with a budget that grows with
     * the bag, at least 150 coalitions and 10 per instance up to {@link #MAX_SCALED_SAMPLES}
     * ({@code max(150, min(10 n, 1000))}: 300 for the authors' bags of 30, 1,000 for the KID study's bags
     * of 100 and of 400). Chosen on development bags of
     * the KID study's G = 10 part (bags of 100, 4 runs; the README's "Is MILLI under-sampled?"): the
     * development F1 rose from 0.452 +- 0.010 with 150 coalitions to 0.559 (300), 0.617 (500) and 0.643 +-
     * 0.010 (1,000), then no further than its standard error (2,000: 0.644, 5,000: 0.651 +- 0.012); on the
     * test bags, at the threshold chosen on development, 0.421 with 150 and 0.571 with 1,000. The cap
     * keeps large bags affordable (the study measured 10 s for a bag of 1,000 instances with 10,000
     * coalitions; capped, such a bag takes 1,000).
     */
    public static final MilliConfig DEFAULT = new MilliConfig(150, 0.05, 0.01, true, 10);

    /** A fixed number of coalitions ({@code perInstance} 0), as the authors have it. */
    public MilliConfig(int samples, double alpha, double beta, boolean paired) {
        this(samples, alpha, beta, paired, 0);
    }

    public MilliConfig {
        if (samples < 2) {
            throw new BadInputException("MILLI: samples must be at least 2 (coalitions to fit the surrogate on), got "
                    + samples);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new BadInputException("MILLI: alpha must lie strictly between 0 and 1 (an inclusion probability),"
                    + " got " + alpha);
        }
        if (!Double.isFinite(beta)) {
            throw new BadInputException("MILLI: beta must be a finite number, got " + beta);
        }
        if (!(perInstance >= 0 && Double.isFinite(perInstance))) {
            throw new BadInputException("MILLI: coalitions per instance must be a finite number, 0 or more, got "
                    + perInstance);
        }
    }

    /**
     * The most coalitions the per-instance budget gives: the authors' largest budget (1,000, for their
     * CRC bags of about 264 instances). Without it a slide of 10,000 tiles would take 100,000
     * coalitions and hours; with it the surrogate's fit stays linear in the bag's size beyond 100
     * instances (its dual form: about 10 s for 10,000 tiles).
     */
    public static final int MAX_SCALED_SAMPLES = 1000;

    /**
     * The number of coalitions for a bag of {@code n} instances:
     * {@code max(samples, min(ceil(perInstance * n), MAX_SCALED_SAMPLES))} ({@link Milli} takes every
     * non-empty proper subset instead when the bag has no more than that).
     */
    public int samplesFor(int n) {
        double scaled = Math.min(Math.ceil(perInstance * n), MAX_SCALED_SAMPLES);
        return scaled > samples ? (int) scaled : samples;
    }

    /** The same with another least number of coalitions. */
    public MilliConfig withSamples(int s) {
        return new MilliConfig(s, alpha, beta, paired, perInstance);
    }

    /** The same with another number of coalitions per instance (0: a fixed number). */
    public MilliConfig withPerInstance(double c) {
        return new MilliConfig(samples, alpha, beta, paired, c);
    }

    @Override
    public String toString() {
        String budget = perInstance > 0
                ? "max(" + samples + ", min(" + formatted(perInstance) + " n, " + MAX_SCALED_SAMPLES
                        + ")) coalitions for n instances"
                : samples + " coalitions";
        return (paired ? "paired, " : "") + budget + ", alpha " + alpha + ", beta " + beta;
    }

    private static String formatted(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
