package org.milkid.bag;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Objects;
import org.milkid.util.BadInputException;

/**
 * One multiple-instance bag: {@code K} image instances of shape {@code [C, H, W]}, pixels in
 * [0,1], stored contiguously as {@code [K, C, H, W]} in row-major order.
 *
 * <p>A <em>feature bag</em> ({@link #features}) holds instead the feature vectors of {@code K}
 * tiles of a slide, made by a frozen encoder outside milkid: shape {@code [K, D, 1, 1]}, any
 * finite values.
 *
 * <p>A feature bag may be <em>reloadable</em> ({@link #features(String, int, int, float[], int[],
 * InstanceLayout, Reload)}): its values are then held through a soft reference, which the JVM clears
 * when the heap runs short, and read again from their source when next needed. A cohort of slides
 * larger than the heap thus trains and scores, more slowly, rather than running out of memory; one
 * that fits stays in memory and is read once.
 *
 * <p>A bag knows its label, optionally the label of every instance (for scoring key instance
 * detection; never used in training), and where every instance sits in its source image
 * (for drawing the bag as a mosaic). Bags are immutable; {@link #withPixels} makes a refined copy.
 */
public final class Bag {
    private final String id;
    private final int label;
    private final int channels;
    private final int height;
    private final int width;
    private final int size;
    /** The values, or null for a reloadable bag (then {@link #cache} and {@link #reload}). */
    private final float[] pixels;
    private final Reload reload;
    private SoftReference<float[]> cache;
    private final int[] instanceLabels;
    private final InstanceLayout layout;
    private final boolean features;

    /**
     * @param id a name unique within its data set
     * @param label 0 or 1
     * @param channels C, 1 for grey, 3 for RGB
     * @param height H of one instance
     * @param width W of one instance
     * @param pixels {@code [K, C, H, W]}, every value finite and in [0,1]
     * @param instanceLabels K values of 0 or 1, or {@code null} when unknown
     * @param layout where each instance sits in the source image, or {@code null} for a square
     *     grid of the instances in order
     */
    public Bag(String id, int label, int channels, int height, int width, float[] pixels,
            int[] instanceLabels, InstanceLayout layout) {
        this(id, label, channels, height, width, pixels, instanceLabels, layout, false, null);
    }

    /**
     * A feature bag: the feature vectors of K tiles, {@code [K, D]} row-major, every value finite.
     *
     * @param id the slide's name
     * @param label 0 or 1
     * @param dim D, the length of one feature vector
     * @param features {@code K * D} values
     * @param instanceLabels K values of 0 or 1 (1 = key tile), or {@code null} when unknown
     * @param layout where each tile sits on the slide (level-0 pixels) and the tile size
     */
    public static Bag features(String id, int label, int dim, float[] features, int[] instanceLabels,
            InstanceLayout layout) {
        return new Bag(id, label, dim, 1, 1, features, instanceLabels, layout, true, null);
    }

    /**
     * Reads a reloadable bag's values again from their source.
     */
    @FunctionalInterface
    public interface Reload {
        /**
         * The same values as the bag was made with; a {@link BadInputException} naming the source when
         * they cannot be had (a file removed or changed since it was first read).
         */
        float[] values();
    }

    /**
     * A reloadable feature bag: as {@link #features(String, int, int, float[], int[], InstanceLayout)}, but
     * {@code features} is only softly held, and {@code reload} reads the same values again when the JVM
     * has dropped them.
     */
    public static Bag features(String id, int label, int dim, float[] features, int[] instanceLabels,
            InstanceLayout layout, Reload reload) {
        return new Bag(id, label, dim, 1, 1, features, instanceLabels, layout, true, Objects.requireNonNull(reload));
    }

    private Bag(String id, int label, int channels, int height, int width, float[] pixels,
            int[] instanceLabels, InstanceLayout layout, boolean features, Reload reload) {
        this.id = Objects.requireNonNull(id, "id");
        if (label != 0 && label != 1) {
            throw new BadInputException("bag " + id + ": label must be 0 or 1, got " + label);
        }
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new BadInputException("bag " + id + ": instance shape must be positive, got ["
                    + channels + ", " + height + ", " + width + "]");
        }
        int per = channels * height * width;
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length == 0 || pixels.length % per != 0) {
            throw new BadInputException("bag " + id + ": " + pixels.length
                    + " pixel values are not a positive multiple of C*H*W = " + per);
        }
        int k = pixels.length / per;
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (features && !Float.isFinite(v)) {
                throw new BadInputException("bag " + id + ": feature " + (i % per) + " of tile " + (i / per)
                        + " is " + v + " (features must be finite)");
            }
            if (!features && !(v >= 0f && v <= 1f)) {
                throw new BadInputException("bag " + id + ": pixel " + i + " of instance " + (i / per)
                        + " is " + v + ", outside [0,1]" + (Float.isNaN(v) ? " (NaN)" : ""));
            }
        }
        if (instanceLabels != null) {
            if (instanceLabels.length != k) {
                throw new BadInputException("bag " + id + ": " + instanceLabels.length
                        + " instance labels for " + k + " instances");
            }
            boolean any = false;
            for (int l : instanceLabels) {
                if (l != 0 && l != 1) {
                    throw new BadInputException("bag " + id + ": instance labels must be 0 or 1, got " + l);
                }
                any |= l == 1;
            }
            if (any != (label == 1)) {
                throw new BadInputException("bag " + id + ": bag label " + label
                        + " disagrees with its instance labels (the bag label is their OR)");
            }
        }
        if (layout != null && layout.size() != k) {
            throw new BadInputException("bag " + id + ": layout has " + layout.size()
                    + " positions for " + k + " instances");
        }
        this.label = label;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.size = k;
        this.reload = reload;
        this.pixels = reload == null ? pixels : null;
        this.cache = reload == null ? null : new SoftReference<>(pixels);
        this.instanceLabels = instanceLabels;
        this.layout = layout != null ? layout : InstanceLayout.grid(k, height, width);
        this.features = features;
    }

    public String id() {
        return id;
    }

    /** The bag label, 0 or 1. */
    public int label() {
        return label;
    }

    /** K, the number of instances. */
    public int size() {
        return size;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** C*H*W, the number of values of one instance. */
    public int instanceLength() {
        return channels * height * width;
    }

    /** The shape of the bag as an array {@code [K, C, H, W]}. */
    public long[] shape() {
        return new long[] {size(), channels, height, width};
    }

    /** True for a feature bag ({@link #features}): values are feature vectors, not pixels in [0,1]. */
    public boolean isFeatureBag() {
        return features;
    }

    /**
     * The pixels {@code [K, C, H, W]} (a feature bag's features {@code [K, D]}); the array is shared, do not
     * modify it. A reloadable bag whose values the JVM dropped reads them again here.
     */
    public float[] pixels() {
        if (pixels != null) {
            return pixels;
        }
        synchronized (this) {
            float[] v = cache.get();
            if (v == null) {
                v = reload.values();
                if (v.length != size * instanceLength()) {
                    throw new BadInputException("bag " + id + ": read again, it has " + v.length + " values instead of "
                            + size * instanceLength() + " (its file changed since milkid first read it)");
                }
                cache = new SoftReference<>(v);
            }
            return v;
        }
    }

    /** True for a reloadable feature bag, whose values may be dropped from memory and read again. */
    public boolean isReloadable() {
        return reload != null;
    }

    /**
     * Drops a reloadable bag's values from memory now, as the JVM does when short of heap; they are read
     * again when next needed. No effect on other bags.
     */
    public synchronized void dropValues() {
        if (reload != null) {
            cache.clear();
        }
    }

    /** The pixels of instance {@code k}, a copy of length C*H*W. */
    public float[] instance(int k) {
        int n = instanceLength();
        return Arrays.copyOfRange(pixels(), k * n, (k + 1) * n);
    }

    public boolean hasInstanceLabels() {
        return instanceLabels != null;
    }

    /** The instance labels, or {@code null} when unknown; shared, do not modify. */
    public int[] instanceLabels() {
        return instanceLabels;
    }

    public InstanceLayout layout() {
        return layout;
    }

    /** The number of positive instances, or -1 when the instance labels are unknown. */
    public int positiveInstances() {
        if (instanceLabels == null) {
            return -1;
        }
        int n = 0;
        for (int l : instanceLabels) {
            n += l;
        }
        return n;
    }

    /** A copy of this bag with other pixels of the same shape (a refined bag after inversion). */
    public Bag withPixels(float[] newPixels) {
        if (newPixels.length != size * instanceLength()) {
            throw new BadInputException("bag " + id + ": refined pixels have length "
                    + newPixels.length + ", expected " + size * instanceLength());
        }
        return new Bag(id, label, channels, height, width, newPixels, instanceLabels, layout, features, null);
    }

    /** A copy of this bag with the instances in the given order (used to test order invariance). */
    public Bag permuted(int[] order) {
        int n = instanceLength();
        if (order.length != size()) {
            throw new BadInputException("permutation of length " + order.length + " for " + size() + " instances");
        }
        float[] values = pixels();
        float[] p = new float[values.length];
        int[] labels = instanceLabels == null ? null : new int[order.length];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(values, order[i] * n, p, i * n, n);
            if (labels != null) {
                labels[i] = instanceLabels[order[i]];
            }
        }
        return new Bag(id, label, channels, height, width, p, labels, layout.permuted(order), features, null);
    }

    @Override
    public String toString() {
        return "Bag[" + id + ", label " + label + ", " + size() + " x " + channels + "x" + height + "x" + width + "]";
    }
}
