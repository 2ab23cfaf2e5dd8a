package org.milkid.detect;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A value for every non-empty subset of a bag's {@code n} instances, a subset given as a mask of
 * {@code n} booleans: what {@link Milli} explains (the model's bag probability for {@link BagSubsets}).
 * Evaluated in batches, so that an implementation can share work between subsets.
 */
@FunctionalInterface
public interface SubsetFunction {

    /** The value of every subset, one per mask, in order. */
    double[] values(List<boolean[]> masks);

    /** The value of each one-instance subset {i}, i = 0..n-1; implementations may avoid the n masks. */
    default double[] singles(int n) {
        List<boolean[]> masks = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean[] m = new boolean[n];
            m[i] = true;
            masks.add(m);
        }
        return values(masks);
    }

    /** A subset function evaluated one mask at a time. */
    static SubsetFunction of(ToDoubleFunction<boolean[]> f) {
        return masks -> masks.stream().mapToDouble(f).toArray();
    }
}
