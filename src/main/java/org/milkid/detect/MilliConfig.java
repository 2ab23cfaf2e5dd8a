package org.milkid.detect;

import org.milkid.util.BadInputException;

/**
 * The settings of {@link Milli} (Early, Evers and Ramchurn, "Model agnostic interpretability for
 * multiple instance learning", ICLR 2022).
 *
 * @param samples how many distinct coalitions (subsets of the bag) the surrogate is fitted on; fewer
 *     when the bag has fewer non-empty proper subsets (then all of them)
 * @param alpha the inclusion probability of the instance ranked first by the one-instance values; the
 *     last one is included with 1 - alpha; in (0, 1)
 * @param beta the shape of the inclusion probability over the ranks between those two (0: a straight
 *     line; larger |beta| bends it towards one end); any finite number
 * @param paired whether every sampled coalition brings its complement along (the authors' "paired
 *     sampling")
 */
public record MilliConfig(int samples, double alpha, double beta, boolean paired) {

    /**
     * The authors' setting for their MNIST bags ("four-MNIST-bags", 30 digits a bag): Paired-MILLI
     * with 150 coalitions, alpha = 0.05, beta = 0.01, instances ranked by their one-instance values
     * ({@code method='single'}), distinct coalitions. From {@code src/interpretability/mnist_interpretability.py},
     * lines 72-73, of github.com/JAEarly/MILLI; {@code scripts/tuning/tune_milli.py}, line 159, gives the
     * same 150 coalitions for MNIST. milkid uses it for every data set.
     */
    public static final MilliConfig MNIST = new MilliConfig(150, 0.05, 0.01, true);

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
    }

    /** The same with another number of coalitions. */
    public MilliConfig withSamples(int s) {
        return new MilliConfig(s, alpha, beta, paired);
    }

    @Override
    public String toString() {
        return (paired ? "paired, " : "") + samples + " coalitions, alpha " + alpha + ", beta " + beta;
    }
}
