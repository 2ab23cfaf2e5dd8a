package org.milkid.report;

import java.awt.image.BufferedImage;
import org.milkid.bag.Bag;
import org.milkid.bag.InstanceLayout;

/**
 * Draws a bag as the image it came from: every instance at its place in the source image
 * (the paper's Figs. 3 and 4). Optionally every instance's pixels are multiplied by a weight in
 * [0,1] (the heatmaps (c), (d) and detections (e), (f)), and pixels no instance covers are black.
 */
public final class Mosaic {
    private Mosaic() {
    }

    /** The bag as it is. */
    public static BufferedImage render(Bag bag) {
        return render(bag, bag.pixels(), null);
    }

    /**
     * @param bag gives the shape and layout
     * @param pixels the pixels to draw {@code [K, C, H, W]} (the bag's, or refined ones)
     * @param weights per instance a factor in [0,1], or null for 1
     */
    public static BufferedImage render(Bag bag, float[] pixels, float[] weights) {
        InstanceLayout l = bag.layout();
        int c = bag.channels();
        int h = bag.height();
        int w = bag.width();
        BufferedImage img = new BufferedImage(l.imageWidth(), l.imageHeight(), BufferedImage.TYPE_INT_RGB);
        int n = bag.instanceLength();
        for (int k = 0; k < bag.size(); k++) {
            float f = weights == null ? 1f : Math.max(0f, Math.min(1f, weights[k]));
            for (int y = 0; y < h; y++) {
                int py = l.row(k) + y;
                if (py < 0 || py >= l.imageHeight()) {
                    continue;
                }
                for (int x = 0; x < w; x++) {
                    int px = l.col(k) + x;
                    if (px < 0 || px >= l.imageWidth()) {
                        continue;
                    }
                    int base = k * n + y * w + x;
                    int r = byteOf(pixels[base] * f);
                    int g = c == 3 ? byteOf(pixels[base + h * w] * f) : r;
                    int b = c == 3 ? byteOf(pixels[base + 2 * h * w] * f) : r;
                    img.setRGB(px, py, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    /** The image scaled by an integer factor (nearest neighbour), so single digits are visible. */
    public static BufferedImage scale(BufferedImage src, int factor) {
        if (factor <= 1) {
            return src;
        }
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, src.getRGB(x / factor, y / factor));
            }
        }
        return out;
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
