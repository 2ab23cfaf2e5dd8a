package org.milkid.bag;

import java.util.Arrays;
import org.milkid.util.BadInputException;

/**
 * Where the instances of a bag sit in their source image: the top-left pixel (row, column)
 * of every instance and the size of the source image. Used to draw a bag as a mosaic. The tiles
 * of a feature bag also know their size on the slide ({@link #tileSize}).
 */
public final class InstanceLayout {
    private final int[] rows;
    private final int[] cols;
    private final int imageHeight;
    private final int imageWidth;
    private final int tileSize;

    /**
     * @param rows top row of each instance, in pixels of the source image
     * @param cols left column of each instance
     * @param imageHeight height of the source image
     * @param imageWidth width of the source image
     */
    public InstanceLayout(int[] rows, int[] cols, int imageHeight, int imageWidth) {
        this(rows, cols, imageHeight, imageWidth, 0);
    }

    /**
     * The tiles of a slide: top-left corners in level-0 pixels and the tile size; the image is the
     * bounding box of the tiles from the origin.
     *
     * @param rows y of each tile's top-left corner, level-0 pixels, not negative
     * @param cols x of each tile's top-left corner
     * @param tileSize the side of a tile in level-0 pixels, positive
     */
    public static InstanceLayout tiles(int[] rows, int[] cols, int tileSize) {
        if (tileSize <= 0) {
            throw new BadInputException("tile size must be positive, got " + tileSize);
        }
        int h = 0;
        int w = 0;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || (i < cols.length && cols[i] < 0)) {
                throw new BadInputException("tile " + i + " has negative coordinates");
            }
            h = Math.max(h, rows[i]);
            w = Math.max(w, i < cols.length ? cols[i] : 0);
        }
        return new InstanceLayout(rows, cols, Math.addExact(h, tileSize), Math.addExact(w, tileSize), tileSize);
    }

    private InstanceLayout(int[] rows, int[] cols, int imageHeight, int imageWidth, int tileSize) {
        if (rows.length != cols.length) {
            throw new BadInputException(rows.length + " rows but " + cols.length + " columns");
        }
        if (imageHeight <= 0 || imageWidth <= 0) {
            throw new BadInputException("image size must be positive, got " + imageHeight + "x" + imageWidth);
        }
        this.rows = rows.clone();
        this.cols = cols.clone();
        this.imageHeight = imageHeight;
        this.imageWidth = imageWidth;
        this.tileSize = tileSize;
    }

    /** K instances of size h x w on a g x g grid in row-major order, g = ceil(sqrt(K)). */
    public static InstanceLayout grid(int k, int h, int w) {
        int g = (int) Math.ceil(Math.sqrt(k));
        int[] r = new int[k];
        int[] c = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = (i / g) * h;
            c[i] = (i % g) * w;
        }
        return new InstanceLayout(r, c, ((k + g - 1) / g) * h, g * w);
    }

    public int size() {
        return rows.length;
    }

    public int row(int k) {
        return rows[k];
    }

    public int col(int k) {
        return cols[k];
    }

    public int imageHeight() {
        return imageHeight;
    }

    public int imageWidth() {
        return imageWidth;
    }

    /** The side of a tile on the slide in level-0 pixels (feature bags), or 0 when instances have their own size. */
    public int tileSize() {
        return tileSize;
    }

    InstanceLayout permuted(int[] order) {
        int[] r = new int[order.length];
        int[] c = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = rows[order[i]];
            c[i] = cols[order[i]];
        }
        return new InstanceLayout(r, c, imageHeight, imageWidth, tileSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceLayout l && Arrays.equals(rows, l.rows) && Arrays.equals(cols, l.cols)
                && imageHeight == l.imageHeight && imageWidth == l.imageWidth && tileSize == l.tileSize;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols);
    }
}
