package org.milkid.model;

import org.milkid.util.BadInputException;

/**
 * The instance encoders of method-notes section 2, with the instance shape they take and the
 * input normalisation that lives inside the model (pixels stay in [0,1] outside it).
 */
public enum EncoderKind {
    /** LeNet-5 for 28x28 grey digits; normalised by MNIST's mean 0.1307 and std 0.3081. */
    LENET(1, 28, 28, 500, 0.1307f, 0.3081f),
    /** The histopathology CNN for 27x27 RGB patches (COLON CANCER); normalised to [-1, 1]. */
    HISTO27(3, 27, 27, 512, 0.5f, 0.5f),
    /** The histopathology CNN for 32x32 RGB patches (BREAST CANCER); normalised to [-1, 1]. */
    HISTO32(3, 32, 32, 512, 0.5f, 0.5f),
    /**
     * Feature bags (vectors of length D made by a frozen encoder outside milkid, instances
     * {@code [D, 1, 1]}): one dense layer D to 512, ReLU and dropout, as CLAM's; no normalisation.
     * D is the model's {@link ModelConfig#featureDim()}, so {@link #channels()} is 0 here.
     */
    FEATURES(0, 1, 1, 512, 0f, 1f);

    private final int channels;
    private final int height;
    private final int width;
    private final int embedding;
    private final float mean;
    private final float std;

    EncoderKind(int channels, int height, int width, int embedding, float mean, float std) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.embedding = embedding;
        this.mean = mean;
        this.std = std;
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

    /** M, the size of an instance embedding. */
    public int embedding() {
        return embedding;
    }

    public float mean() {
        return mean;
    }

    public float std() {
        return std;
    }

    /** True for {@link #FEATURES}: instances are feature vectors, not images. */
    public boolean isFeatures() {
        return this == FEATURES;
    }

    /** The encoder that takes instances of the given shape ({@code [D, 1, 1]}: feature vectors). */
    public static EncoderKind forShape(int c, int h, int w) {
        if (c > 0 && h == 1 && w == 1) {
            return FEATURES;
        }
        for (EncoderKind e : values()) {
            if (e.channels == c && e.height == h && e.width == w) {
                return e;
            }
        }
        throw new BadInputException("no encoder for instances of shape [" + c + ", " + h + ", " + w
                + "] (milkid has LeNet for [1, 28, 28], the histology CNN for [3, 27, 27] and [3, 32, 32], and a dense"
                + " layer for feature vectors [D, 1, 1])");
    }
}
