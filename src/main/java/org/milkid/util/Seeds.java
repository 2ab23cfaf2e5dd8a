package org.milkid.util;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent seeds from one master seed, so that one seed drives a whole run while
 * every component (bag sampling, weight initialisation, bag order, folds) has its own stream.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for the named purpose, e.g. {@code derive(seed, "train-bags")}; stable across JVMs. */
    public static long derive(long seed, String purpose) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h + b);
        }
        return mix(h);
    }

    /** A seed for the i-th member of a family, e.g. the fold of a repeat. */
    public static long derive(long seed, String purpose, int index) {
        return derive(derive(seed, purpose), Integer.toString(index));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
