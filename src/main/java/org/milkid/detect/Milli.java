package org.milkid.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * MILLI, Multiple Instance Learning Local Interpretations (Early, Evers and Ramchurn, "Model agnostic
 * interpretability for multiple instance learning", ICLR 2022): instance attributions from a weighted
 * linear surrogate of the bag function over subsets of the bag (coalitions), for any model.
 *
 * <ol>
 *   <li><b>Ranking.</b> Every instance alone is valued, f({i}); the instances are ranked by that value,
 *       highest first (ties: lower index first). This is the authors' {@code method='single'}.</li>
 *   <li><b>Inclusion probabilities.</b> The instance of rank x (0 .. k, k = n - 1) is drawn into a
 *       coalition with probability {@link #inclusion}: alpha for rank 0, 1 - alpha for rank k, and in
 *       between, with beta' = -beta when alpha > 0.5 and beta otherwise,
 *       {@code (2 alpha - 1)(1 - x/k) exp(-beta' x) + 1 - alpha} for beta' >= 0 and
 *       {@code (1 - 2 alpha)(x/k) exp(|beta'| (x - k)) + alpha} for beta' < 0. With alpha < 0.5 the
 *       instances most likely to matter on their own are drawn least often, so that a coalition
 *       mostly shows what one of them adds to the others.</li>
 *   <li><b>Coalitions.</b> Each instance is drawn independently with its probability; empty and full
 *       draws are drawn again, and so are coalitions already held; with paired sampling every new
 *       coalition brings its complement along. Draws stop at {@link MilliConfig#samplesFor} coalitions:
 *       {@code samples}, or {@code perInstance} per instance when that is more (or, for a bag with no
 *       more non-empty proper subsets than that, all of them are taken instead).</li>
 *   <li><b>Kernel.</b> A coalition S weighs the mean inclusion probability of its instances,
 *       {@code sum_{i in S} pi_i / |S|}.</li>
 *   <li><b>Surrogate.</b> f(S) is regressed on the coalition masks by weighted least squares with an
 *       intercept and a ridge penalty of 1e-10 ({@link WeightedRidge}); the slopes are the
 *       attributions: what each instance adds to the bag function, positive for support.</li>
 * </ol>
 * Read from the authors' code (github.com/JAEarly/MILLI, {@code src/interpretability/
 * instance_attribution/milli_instance_attribution.py} and {@code src/interpretability/local_surrogate.py}),
 * implemented anew. Three choices of milkid: exactly that many coalitions (the authors' paired loop
 * may end one above); a number that may grow with the bag ({@link MilliConfig#DEFAULT}: the authors fix
 * it per data set); and a bag of one instance, which has no proper non-empty subset, gets attribution 0.
 * Sampling guards against bags whose distinct coalitions are too rare to collect: after
 * {@value #MAX_DRAWS_PER_SAMPLE} draws per coalition wanted, the surrogate is fitted on those found.
 *
 * <p>Pure Java, in double; deterministic for a given seed. The bag function is called twice: once for
 * the n one-instance subsets ({@link SubsetFunction#singles}) and once for all coalitions together.
 */
public final class Milli {
    /** The ridge penalty of the authors' surrogate ({@code Ridge(alpha=1e-10)} in local_surrogate.py). */
    static final double RIDGE = 1e-10;
    /** Draws per wanted coalition after which sampling gives up looking for new distinct ones. */
    static final int MAX_DRAWS_PER_SAMPLE = 10_000;

    private final MilliConfig config;

    public Milli(MilliConfig config) {
        this.config = config;
    }

    public MilliConfig config() {
        return config;
    }

    /**
     * The attribution of every instance of a bag of {@code n} instances to the bag function {@code f}.
     *
     * @param f the bag function on subsets (e.g. the model's bag probability, {@link BagSubsets})
     * @param n the number of instances, at least 1
     * @param seed drives the coalition sampling: the same seed gives the same attributions
     */
    public double[] attributions(SubsetFunction f, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("MILLI needs a bag of at least one instance, got " + n);
        }
        if (n == 1) {
            return new double[1];
        }
        double[] singles = f.singles(n);
        checkValues(singles, n, "one-instance subsets");
        double[] pi = inclusionProbabilities(singles, config.alpha(), config.beta());
        List<boolean[]> coalitions = coalitions(pi, seed);
        double[] y = f.values(coalitions);
        checkValues(y, coalitions.size(), "coalitions");
        double[] w = new double[coalitions.size()];
        for (int s = 0; s < w.length; s++) {
            w[s] = kernel(coalitions.get(s), pi);
        }
        return WeightedRidge.fit(coalitions, y, w, RIDGE);
    }

    private static void checkValues(double[] v, int expected, String what) {
        if (v.length != expected) {
            throw new IllegalStateException("the bag function gave " + v.length + " values for " + expected + " " + what);
        }
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalStateException("the bag function gave " + x + " on one of the " + what);
            }
        }
    }

    /**
     * The inclusion probability of the instance of rank {@code x} (0 = highest one-instance value) in a
     * bag of {@code n >= 2} instances.
     */
    static double inclusion(int x, int n, double alpha, double beta) {
        double k = n - 1;
        double b = alpha > 0.5 ? -beta : beta;
        if (b >= 0) {
            return (2 * alpha - 1) * (1 - x / k) * Math.exp(-b * x) + 1 - alpha;
        }
        return (1 - 2 * alpha) * (x / k) * Math.exp(-b * (x - k)) + alpha;
    }

    /** Every instance's inclusion probability, from its one-instance value's rank. */
    static double[] inclusionProbabilities(double[] singles, double alpha, double beta) {
        int n = singles.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(singles[q], singles[p]));
        double[] pi = new double[n];
        for (int x = 0; x < n; x++) {
            pi[order[x]] = inclusion(x, n, alpha, beta);
        }
        return pi;
    }

    /** The kernel weight of a coalition: the mean inclusion probability of its instances. */
    static double kernel(boolean[] coalition, double[] pi) {
        double s = 0;
        int c = 0;
        for (int i = 0; i < pi.length; i++) {
            if (coalition[i]) {
                s += pi[i];
                c++;
            }
        }
        return s / c;
    }

    /** The coalitions the surrogate is fitted on, for inclusion probabilities {@code pi}. */
    List<boolean[]> coalitions(double[] pi, long seed) {
        int n = pi.length;
        int samples = config.samplesFor(n);
        if (n < 31 && (1L << n) - 2 <= samples) {
            return allProperSubsets(n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Set<BitSet> seen = new HashSet<>();
        List<boolean[]> out = new ArrayList<>(samples);
        long maxDraws = (long) samples * MAX_DRAWS_PER_SAMPLE;
        for (long draw = 0; out.size() < samples && draw < maxDraws; draw++) {
            boolean[] c = new boolean[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (rng.nextDouble() < pi[i]) {
                    c[i] = true;
                    count++;
                }
            }
            if (count == 0 || count == n) {
                continue;
            }
            addIfNew(c, seen, out);
            if (config.paired() && out.size() < samples) {
                boolean[] complement = new boolean[n];
                for (int i = 0; i < n; i++) {
                    complement[i] = !c[i];
                }
                addIfNew(complement, seen, out);
            }
        }
        return out;
    }

    private static void addIfNew(boolean[] c, Set<BitSet> seen, List<boolean[]> out) {
        BitSet key = new BitSet(c.length);
        for (int i = 0; i < c.length; i++) {
            if (c[i]) {
                key.set(i);
            }
        }
        if (seen.add(key)) {
            out.add(c);
        }
    }

    private static List<boolean[]> allProperSubsets(int n) {
        List<boolean[]> out = new ArrayList<>();
        for (long bits = 1; bits < (1L << n) - 1; bits++) {
            boolean[] c = new boolean[n];
            for (int i = 0; i < n; i++) {
                c[i] = (bits >>> i & 1) == 1;
            }
            out.add(c);
        }
        return out;
    }
}
