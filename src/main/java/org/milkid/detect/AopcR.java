package org.milkid.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.util.Seeds;

/**
 * AOPC-R, MILLI's perturbation figure (Early, Evers and Ramchurn, ICLR 2022; {@code perturbation_metric}
 * in {@code src/interpretability/metrics.py} of github.com/JAEarly/MILLI): how much faster the bag
 * probability falls when instances are removed in the order of the method's scores than in random
 * orders. With f the model's bag probability, f(c) that of the bag without the first c instances of an
 * order, and c = 0 .. p-1 (p = the bag's size, at most {@link #MAX_REMOVALS}):
 * AOPC(order) = mean_c (f(0) - f(c)), and AOPC-R = AOPC(scores) - mean over {@link #RANDOM_ORDERS}
 * random orders of AOPC(random). Positive when the scores put the instances the prediction rests on
 * first; 0 for a bag of one instance. The bag is never emptied (c stops at p - 1), as in the authors'
 * code. Ties in the scores are broken by instance index. The random orders come from a seed derived
 * from the bag's id, so a bag's figure does not depend on the other bags.
 */
public final class AopcR {
    /** Random orders to compare with, as the authors. */
    public static final int RANDOM_ORDERS = 10;
    /**
     * At most this many removals (the authors remove up to the whole bag); a slide of thousands of
     * tiles stops here, so that its cost stays linear in its size.
     */
    public static final int MAX_REMOVALS = 1000;

    private AopcR() {
    }

    /** AOPC-R of {@code scores} on {@code bag} for {@code model}, the encoder run once. */
    public static double of(MilModel model, Bag bag, float[] scores) {
        return of(model, bag, List.of(scores))[0];
    }

    /**
     * AOPC-R of every ranking of {@code bag} (e.g. one per lambda of a sweep), the encoder run once
     * for all of them; each against the same random orders.
     */
    public static double[] of(MilModel model, Bag bag, List<float[]> rankings) {
        long seed = Seeds.derive(1, "aopc-r/" + bag.id());
        double[] out = new double[rankings.size()];
        try (BagSubsets f = BagSubsets.of(model, bag)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = of(f, rankings.get(i), seed);
            }
        }
        return out;
    }

    /**
     * AOPC-R of {@code scores} for the bag function {@code f} of {@code scores.length} instances.
     *
     * @param seed the seed of the random orders
     */
    public static double of(SubsetFunction f, float[] scores, long seed) {
        int n = scores.length;
        if (n <= 1) {
            return 0;
        }
        int p = Math.min(n, MAX_REMOVALS);
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        double whole = f.values(List.of(all))[0];
        double attributed = aopc(f, byScore(scores), whole, p);
        SplittableRandom rng = new SplittableRandom(seed);
        double random = 0;
        for (int r = 0; r < RANDOM_ORDERS; r++) {
            random += aopc(f, shuffled(n, rng), whole, p);
        }
        return attributed - random / RANDOM_ORDERS;
    }

    /** mean over c = 0..p-1 of f(whole) - f(without the first c of {@code order}). */
    static double aopc(SubsetFunction f, int[] order, double whole, int p) {
        int n = order.length;
        List<boolean[]> masks = new ArrayList<>(p - 1);
        boolean[] mask = new boolean[n];
        Arrays.fill(mask, true);
        for (int c = 1; c < p; c++) {
            mask[order[c - 1]] = false;
            masks.add(mask.clone());
        }
        double[] v = masks.isEmpty() ? new double[0] : f.values(masks);
        double sum = 0; // the c = 0 term is whole - whole = 0
        for (double x : v) {
            sum += whole - x;
        }
        return sum / p;
    }

    /** The instances by descending score, ties by index. */
    static int[] byScore(float[] s) {
        Integer[] o = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
        return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }
}
