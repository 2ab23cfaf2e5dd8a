package org.milkid.bag;

import java.util.Arrays;
import org.milkid.util.BadInputException;

/**
 * Where the instances of a bag sit in their source image: the top-left pixel (row, column)
 * of every instance and the size of the source image. Used to draw a bag as a mosaic.
 */
public final class InstanceLayout {
    private final int[] rows;
    private final int[] cols;
    private final int imageHeight;
    private final int imageWidth;

    /**
     * @param rows top row of each instance, in pixels of the source image
     * @param cols left column of each instance
     * @param imageHeight height of the source image
     * @param imageWidth width of the source image
     */
    public InstanceLayout(int[] rows, int[] cols, int imageHeight, int imageWidth) {
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

    InstanceLayout permuted(int[] order) {
        int[] r = new int[order.length];
        int[] c = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = rows[order[i]];
            c[i] = cols[order[i]];
        }
        return new InstanceLayout(r, c, imageHeight, imageWidth);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceLayout l && Arrays.equals(rows, l.rows) && Arrays.equals(cols, l.cols)
                && imageHeight == l.imageHeight && imageWidth == l.imageWidth;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(rows) + Arrays.hashCode(cols);
    }
}
