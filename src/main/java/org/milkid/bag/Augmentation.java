package org.milkid.bag;

import java.util.Objects;
import java.util.Random;
import org.milkid.util.BadInputException;

/**
 * Training-time augmentation of histopathology bags (paper section IV-A: "randomly rotating and
 * flipping"): every instance of a bag independently gets one of the 8 symmetries of the square.
 * For training only; never apply it to bags that are evaluated or inverted.
 *
 * <p>For an instance {@code [C, S, S]} the transform with {@code quarterTurns = q} and
 * {@code flip} first mirrors the columns when {@code flip} ({@code x -> S-1-x}), then rotates
 * the result counter-clockwise by {@code q * 90} degrees (as numpy's {@code rot90(a, q)});
 * every channel gets the same transform. The instance stays at its index, so its label and
 * layout position stay aligned with it; bag id and label are unchanged.
 */
public final class Augmentation {
    private Augmentation() {
    }

    /**
     * A copy of {@code bag} with every instance rotated and flipped at random: for instance
     * {@code k = 0, 1, ...} in order, {@code q = random.nextInt(4)} then
     * {@code flip = random.nextBoolean()}. The same RNG state gives the same bag.
     *
     * @param bag instances {@code [K, C, S, S]}
     * @throws IllegalArgumentException when the instances are not square
     */
    public static Bag apply(Bag bag, Random random) {
        Objects.requireNonNull(random, "random");
        int s = requireSquare(bag);
        int n = bag.instanceLength();
        float[] src = bag.pixels();
        float[] dst = new float[src.length];
        for (int k = 0; k < bag.size(); k++) {
            int q = random.nextInt(4);
            boolean flip = random.nextBoolean();
            transform(src, k * n, dst, k * n, bag.channels(), s, q, flip);
        }
        int[] labels = bag.instanceLabels() == null ? null : bag.instanceLabels().clone();
        return new Bag(bag.id(), bag.label(), bag.channels(), s, s, dst, labels, bag.layout());
    }

    /** {@link #apply(Bag, Random)} with {@code new Random(seed)}: reproducible for a seed. */
    public static Bag apply(Bag bag, long seed) {
        return apply(bag, new Random(seed));
    }

    /**
     * One symmetry of one instance.
     *
     * @param patch {@code [C, S, S]} in row-major order
     * @param quarterTurns q in 0..3, counter-clockwise quarter turns
     * @param flip mirror the columns before rotating
     * @return a new array {@code [C, S, S]}
     */
    public static float[] transform(float[] patch, int channels, int size, int quarterTurns, boolean flip) {
        if (channels <= 0 || size <= 0 || patch.length != channels * size * size) {
            throw new IllegalArgumentException("patch of length " + patch.length + " is not [" + channels + ", "
                    + size + ", " + size + "]");
        }
        if (quarterTurns < 0 || quarterTurns > 3) {
            throw new IllegalArgumentException("quarterTurns must be 0..3, got " + quarterTurns);
        }
        float[] out = new float[patch.length];
        transform(patch, 0, out, 0, channels, size, quarterTurns, flip);
        return out;
    }

    private static void transform(float[] src, int srcOff, float[] dst, int dstOff, int channels, int s, int q,
            boolean flip) {
        int last = s - 1;
        int plane = s * s;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    // (r, x) is the source pixel of the flipped image t; out[i][j] = t[r][x]
                    int r;
                    int x;
                    switch (q) {
                        case 0 -> { r = i; x = j; }
                        case 1 -> { r = j; x = last - i; }
                        case 2 -> { r = last - i; x = last - j; }
                        default -> { r = last - j; x = i; }
                    }
                    int col = flip ? last - x : x;
                    dst[dstOff + base + i * s + j] = src[srcOff + base + r * s + col];
                }
            }
        }
    }

    private static int requireSquare(Bag bag) {
        if (bag.height() != bag.width()) {
            throw new BadInputException("bag " + bag.id() + ": rotation needs square instances, got "
                    + bag.height() + "x" + bag.width());
        }
        return bag.height();
    }
}
