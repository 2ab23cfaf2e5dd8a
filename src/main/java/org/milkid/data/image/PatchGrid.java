package org.milkid.data.image;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.milkid.bag.Bag;
import org.milkid.bag.InstanceLayout;
import org.milkid.util.BadInputException;

/**
 * Cuts an image into a grid of square RGB patches, drops background patches and, given a mask,
 * labels the patches. Shared by the BREAST CANCER source and the generic image-grid source.
 *
 * <p>The rules, with {@code P} the patch size and {@code n = P * P}:
 * <ul>
 *   <li><b>Grid.</b> Non-overlapping {@code P x P} patches with top-left corners
 *       {@code (i * P, j * P)}, {@code i < H / P}, {@code j < W / P} (integer division), in
 *       row-major order. The partial strip at the bottom and right border (the remainder
 *       {@code H mod P} rows and {@code W mod P} columns) is dropped. 896x768 with P = 32
 *       gives 28 x 24 = 672 patches.
 *   <li><b>White filter.</b> A pixel is white when all three channels are
 *       {@code >= whiteLevel} (of 255). A patch is dropped when its number of white pixels is
 *       {@code >= whiteFraction * n}. {@code whiteFraction = 1.0} ({@link #NO_WHITE_FILTER})
 *       switches the filter off: no patch is dropped, not even a wholly white one.
 *   <li><b>Mask.</b> A mask pixel marks cancer when it is not black (any channel non-zero).
 *       A kept patch is positive (label 1) when at least {@code maskFraction * n} of its pixels
 *       are marked, else negative (0).
 *   <li><b>Mask against bag label.</b> See {@link Cut#toBag}: when the mask's patch labels
 *       disagree with the bag label, the bag keeps its label and loses its instance labels,
 *       with a warning.
 * </ul>
 */
public final class PatchGrid {
    /** The whiteness level of a channel, of 255: {@value}. */
    public static final int DEFAULT_WHITE_LEVEL = 200;
    /** The fraction of white pixels from which a patch is dropped: {@value} (the paper's 75%). */
    public static final double DEFAULT_WHITE_FRACTION = 0.75;
    /** The fraction of marked pixels from which a patch is positive: {@value}. */
    public static final double DEFAULT_MASK_FRACTION = 0.10;
    /** The white fraction that switches the white filter off. */
    public static final double NO_WHITE_FILTER = 1.0;

    /**
     * How to cut and filter.
     *
     * @param patchSize P, the side of a square patch in pixels, {@code >= 1}
     * @param whiteLevel a channel value {@code >= whiteLevel} counts as white, in [0, 255]
     * @param whiteFraction drop a patch with at least this fraction of white pixels, in (0, 1];
     *     1.0 keeps every patch
     * @param maskFraction a patch is positive when at least this fraction of its pixels is
     *     marked by the mask, in (0, 1]
     */
    public record Options(int patchSize, int whiteLevel, double whiteFraction, double maskFraction) {
        public Options {
            if (patchSize < 1) {
                throw new BadInputException("patchSize must be >= 1, got " + patchSize);
            }
            if (whiteLevel < 0 || whiteLevel > 255) {
                throw new BadInputException("whiteLevel must be in [0, 255], got " + whiteLevel);
            }
            if (!(whiteFraction > 0 && whiteFraction <= 1)) {
                throw new BadInputException("whiteFraction must be in (0, 1], got " + whiteFraction);
            }
            if (!(maskFraction > 0 && maskFraction <= 1)) {
                throw new BadInputException("maskFraction must be in (0, 1], got " + maskFraction);
            }
        }

        /** BREAST CANCER as in the paper: 32x32 patches, drop 75% white (level 200), mask 10%. */
        public static Options breast() {
            return new Options(32, DEFAULT_WHITE_LEVEL, DEFAULT_WHITE_FRACTION, DEFAULT_MASK_FRACTION);
        }

        /** Patches of the given size with the default white filter and mask fraction. */
        public static Options of(int patchSize) {
            return new Options(patchSize, DEFAULT_WHITE_LEVEL, DEFAULT_WHITE_FRACTION, DEFAULT_MASK_FRACTION);
        }

        /** Patches of the given size, every patch kept, default mask fraction. */
        public static Options unfiltered(int patchSize) {
            return new Options(patchSize, DEFAULT_WHITE_LEVEL, NO_WHITE_FILTER, DEFAULT_MASK_FRACTION);
        }

        /** False when {@code whiteFraction == 1.0}, i.e. no patch is dropped. */
        public boolean filtersWhite() {
            return whiteFraction < NO_WHITE_FILTER;
        }
    }

    private final Options options;

    public PatchGrid(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /**
     * Cuts an image.
     *
     * @param image the image, at least one patch in each direction or the cut is empty
     * @param mask the cancer mask of the same size, or {@code null} for no instance labels
     * @throws IllegalArgumentException when the mask's size differs from the image's (see
     *     {@link #requireSameSize} for a check that names the file)
     */
    public Cut cut(RgbImage image, RgbImage mask) {
        if (mask != null && (mask.height() != image.height() || mask.width() != image.width())) {
            throw new BadInputException("mask is " + mask.height() + "x" + mask.width() + " but the image is "
                    + image.height() + "x" + image.width());
        }
        int p = options.patchSize();
        int n = p * p;
        int gridRows = image.height() / p;
        int gridCols = image.width() / p;
        int total = gridRows * gridCols;
        int[] rows = new int[total];
        int[] cols = new int[total];
        int[] labels = mask == null ? null : new int[total];
        float[] pixels = new float[total * 3 * n];
        int kept = 0;
        for (int i = 0; i < gridRows; i++) {
            for (int j = 0; j < gridCols; j++) {
                int top = i * p;
                int left = j * p;
                if (options.filtersWhite() && countWhite(image, top, left) >= options.whiteFraction() * n) {
                    continue;
                }
                image.copyPatch(top, left, p, pixels, kept * 3 * n);
                rows[kept] = top;
                cols[kept] = left;
                if (labels != null) {
                    labels[kept] = countMarked(mask, top, left) >= options.maskFraction() * n ? 1 : 0;
                }
                kept++;
            }
        }
        return new Cut(p, image.height(), image.width(), Arrays.copyOf(rows, kept),
                Arrays.copyOf(cols, kept), Arrays.copyOf(pixels, kept * 3 * n),
                labels == null ? null : Arrays.copyOf(labels, kept));
    }

    /** Throws an IOException naming {@code maskName} when the mask's size differs from the image's. */
    public static void requireSameSize(RgbImage image, RgbImage mask, String maskName) throws IOException {
        if (mask.height() != image.height() || mask.width() != image.width()) {
            throw new IOException(maskName + ": mask is " + mask.height() + "x" + mask.width()
                    + " (rows x columns) but its image is " + image.height() + "x" + image.width());
        }
    }

    private int countWhite(RgbImage image, int top, int left) {
        int p = options.patchSize();
        int white = 0;
        for (int y = top; y < top + p; y++) {
            for (int x = left; x < left + p; x++) {
                if (image.isWhite(y, x, options.whiteLevel())) {
                    white++;
                }
            }
        }
        return white;
    }

    private int countMarked(RgbImage mask, int top, int left) {
        int p = options.patchSize();
        int marked = 0;
        for (int y = top; y < top + p; y++) {
            for (int x = left; x < left + p; x++) {
                if (mask.isMarked(y, x)) {
                    marked++;
                }
            }
        }
        return marked;
    }

    /**
     * The patches kept from one image: K patches {@code [K, 3, P, P]} (R, G, B, values in
     * [0,1]), their top-left corners, and their labels when a mask was given.
     */
    public static final class Cut {
        private final int patchSize;
        private final int imageHeight;
        private final int imageWidth;
        private final int[] rows;
        private final int[] cols;
        private final float[] pixels;
        private final int[] instanceLabels;

        Cut(int patchSize, int imageHeight, int imageWidth, int[] rows, int[] cols, float[] pixels,
                int[] instanceLabels) {
            this.patchSize = patchSize;
            this.imageHeight = imageHeight;
            this.imageWidth = imageWidth;
            this.rows = rows;
            this.cols = cols;
            this.pixels = pixels;
            this.instanceLabels = instanceLabels;
        }

        /** K, the number of kept patches. */
        public int size() {
            return rows.length;
        }

        public boolean isEmpty() {
            return rows.length == 0;
        }

        public int patchSize() {
            return patchSize;
        }

        /** The pixels {@code [K, 3, P, P]}; shared, do not modify. */
        public float[] pixels() {
            return pixels;
        }

        /** The top row of patch {@code k} in the image. */
        public int row(int k) {
            return rows[k];
        }

        /** The left column of patch {@code k} in the image. */
        public int col(int k) {
            return cols[k];
        }

        /** K labels from the mask (1 = positive), or {@code null} without a mask; shared. */
        public int[] instanceLabels() {
            return instanceLabels;
        }

        /** Why no patch was kept (only meaningful when {@link #isEmpty()}). */
        public String emptyReason() {
            return imageHeight < patchSize || imageWidth < patchSize
                    ? "image " + imageHeight + "x" + imageWidth + " is smaller than one " + patchSize + "x" + patchSize
                            + " patch"
                    : "every patch is white (background)";
        }

        /** Where the patches sit in the image (top-left corners, image size). */
        public InstanceLayout layout() {
            return new InstanceLayout(rows, cols, imageHeight, imageWidth);
        }

        /**
         * Makes the bag of these patches, applying two rules and recording a warning
         * (prefixed by {@code id}) for each:
         * <ul>
         *   <li>no patch kept (every patch white, or the image smaller than one patch): there is
         *       no bag, the result is empty;
         *   <li>instance labels whose OR disagrees with {@code label} (a positive bag whose
         *       mask marks no kept patch, or a negative bag whose mask marks one): the bag keeps
         *       {@code label} and gets no instance labels ({@code null}).
         * </ul>
         *
         * @param warnings where the warnings go
         */
        public Optional<Bag> toBag(String id, int label, List<String> warnings) {
            if (isEmpty()) {
                warnings.add(id + ": " + emptyReason() + "; image skipped");
                return Optional.empty();
            }
            int[] labels = instanceLabels;
            if (labels != null) {
                int positive = 0;
                for (int l : labels) {
                    positive += l;
                }
                if ((positive > 0) != (label == 1)) {
                    warnings.add(id + ": bag label " + label + " but the mask marks " + positive + " of " + size()
                            + " kept patches positive; instance labels dropped");
                    labels = null;
                }
            }
            return Optional.of(new Bag(id, label, 3, patchSize, patchSize, pixels, labels, layout()));
        }
    }
}
