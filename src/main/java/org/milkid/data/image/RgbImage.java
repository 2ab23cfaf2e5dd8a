package org.milkid.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.milkid.util.BadInputException;

/**
 * An image decoded to 8-bit RGB, {@code height x width} pixels packed as {@code 0xRRGGBB} in
 * row-major order. Reads every format {@link ImageIO} reads (BMP, PNG, TIFF, JPEG, GIF).
 *
 * <p>Colour images go through {@link BufferedImage#getRGB}, so any bit depth and band order
 * ends up as 8-bit sRGB; palette images take their palette colour. Grey images keep their raw
 * grey value (scaled to 8 bits, no gamma conversion) in all three channels. Alpha is ignored.
 */
public final class RgbImage {
    private final int height;
    private final int width;
    private final int[] rgb;

    private RgbImage(int height, int width, int[] rgb) {
        this.height = height;
        this.width = width;
        this.rgb = rgb;
    }

    /**
     * Wraps packed pixels.
     *
     * @param height rows, positive
     * @param width columns, positive
     * @param rgb {@code height * width} pixels {@code 0xRRGGBB} in row-major order (copied;
     *     bits above the low 24 are ignored)
     */
    public static RgbImage of(int height, int width, int[] rgb) {
        if (height <= 0 || width <= 0) {
            throw new BadInputException("image size must be positive, got " + height + "x" + width);
        }
        if (rgb.length != height * width) {
            throw new BadInputException(rgb.length + " pixels for a " + height + "x" + width + " image");
        }
        int[] p = new int[rgb.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = rgb[i] & 0xFFFFFF;
        }
        return new RgbImage(height, width, p);
    }

    /** Reads an image file; an IOException names the file when it cannot be decoded. */
    public static RgbImage read(Path file) throws IOException {
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * Decodes the bytes of an image file.
     *
     * @param bytes the whole file
     * @param name the file's name, for error messages
     */
    public static RgbImage decode(byte[] bytes, String name) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IOException(name + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(name + ": not an image format ImageIO can read");
        }
        int transfer = image.getRaster().getTransferType();
        if (transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE) {
            return fromFloatRaster(image.getRaster(), name);
        }
        return fromBufferedImage(image);
    }

    /**
     * A floating-point image (a float TIFF, say): one band is grey, three or more are RGB (further
     * bands ignored). Every sample must be a finite number in [0,1]; the first that is not is
     * refused, naming the file and the pixel. Samples are scaled to 8 bits by rounding {@code v * 255}.
     */
    private static RgbImage fromFloatRaster(Raster raster, String name) throws IOException {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int bands = raster.getNumBands();
        if (bands != 1 && bands < 3) {
            throw new IOException(name + ": a floating-point image with " + bands + " bands (expected 1 or 3)");
        }
        int used = bands == 1 ? 1 : 3;
        int[] p = new int[h * w];
        double[] row = new double[w];
        for (int b = 0; b < used; b++) {
            for (int r = 0; r < h; r++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + r, w, 1, b, row);
                for (int c = 0; c < w; c++) {
                    double v = row[c];
                    if (!(v >= 0 && v <= 1)) {
                        throw new IOException(name + ": pixel at row " + r + ", column " + c + (used > 1 ? ", band " + b
                                : "") + " is " + (float) v + (Double.isNaN(v) || Double.isInfinite(v) ? ""
                                : ", outside [0,1]") + " (floating-point images must hold values in [0,1])");
                    }
                    int q = (int) Math.round(v * 255);
                    p[r * w + c] |= used == 1 ? (q << 16) | (q << 8) | q : q << (16 - 8 * b);
                }
            }
        }
        return new RgbImage(h, w, p);
    }

    /** Converts a decoded image, by the rules in the class comment. */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] p = new int[h * w];
        ColorModel cm = image.getColorModel();
        int transfer = image.getRaster().getTransferType();
        boolean integral = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT;
        boolean grey = integral && !(cm instanceof IndexColorModel)
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey) {
            Raster raster = image.getRaster();
            int bits = cm.getComponentSize(0);
            long max = (1L << bits) - 1;
            int[] row = new int[w];
            for (int r = 0; r < h; r++) {
                raster.getSamples(0, r, w, 1, 0, row);
                for (int c = 0; c < w; c++) {
                    int v = (int) ((row[c] * 255L + max / 2) / max);
                    p[r * w + c] = (v << 16) | (v << 8) | v;
                }
            }
        } else {
            image.getRGB(0, 0, w, h, p, 0, w);
            for (int i = 0; i < p.length; i++) {
                p[i] &= 0xFFFFFF;
            }
        }
        return new RgbImage(h, w, p);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The pixel at {@code (row, col)} as {@code 0xRRGGBB}. */
    public int rgb(int row, int col) {
        return rgb[row * width + col];
    }

    /** True when all three channels of the pixel are {@code >= level} (of 255). */
    public boolean isWhite(int row, int col, int level) {
        int v = rgb[row * width + col];
        return ((v >> 16) & 0xFF) >= level && ((v >> 8) & 0xFF) >= level && (v & 0xFF) >= level;
    }

    /** True when any channel of the pixel is non-zero (the mask rule: non-black marks). */
    public boolean isMarked(int row, int col) {
        return rgb[row * width + col] != 0;
    }

    /**
     * Copies the {@code size x size} patch with top-left corner {@code (top, left)} into
     * {@code dst} as {@code [3, size, size]} channel-first (R, G, B), values {@code v / 255}
     * in [0,1].
     *
     * @throws IllegalArgumentException when the patch does not lie wholly inside the image
     */
    public void copyPatch(int top, int left, int size, float[] dst, int offset) {
        if (size <= 0 || top < 0 || left < 0 || top + size > height || left + size > width) {
            throw new IllegalArgumentException("patch " + size + "x" + size + " at (" + top + ", " + left
                    + ") outside a " + height + "x" + width + " image");
        }
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            int src = (top + y) * width + left;
            int d = offset + y * size;
            for (int x = 0; x < size; x++) {
                int v = rgb[src + x];
                dst[d + x] = ((v >> 16) & 0xFF) / 255f;
                dst[d + plane + x] = ((v >> 8) & 0xFF) / 255f;
                dst[d + 2 * plane + x] = (v & 0xFF) / 255f;
            }
        }
    }
}
