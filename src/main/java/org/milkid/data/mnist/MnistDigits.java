package org.milkid.data.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A pool of labelled MNIST digits (28x28 grey images with labels 0-9), loaded from a pair of
 * IDX files whose counts must agree.
 */
public final class MnistDigits {
    private final IdxReader.Images images;
    private final byte[] labels;
    private final String origin;

    private MnistDigits(IdxReader.Images images, byte[] labels, String origin) {
        this.images = images;
        this.labels = labels;
        this.origin = origin;
    }

    /** Loads images and labels; a count mismatch is an error naming both files. */
    public static MnistDigits load(Path imagesFile, Path labelsFile) throws IOException {
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        if (images.rows() != MnistBagSource.SIDE || images.cols() != MnistBagSource.SIDE) {
            throw new IOException(imagesFile + ": images are " + images.rows() + "x" + images.cols()
                    + ", MNIST-bags needs " + MnistBagSource.SIDE + "x" + MnistBagSource.SIDE
                    + " digits (the LeNet encoder's input size)");
        }
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new IOException(imagesFile + " holds " + images.count() + " images but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IOException(labelsFile + ": label " + i + " is " + labels[i] + ", not a digit 0-9");
            }
        }
        return new MnistDigits(images, labels, imagesFile.toString());
    }

    /**
     * Loads the train or test split ({@code train-*} or {@code t10k-*}) from a folder holding the
     * four official files, gzip-compressed ({@code .gz}) or plain.
     */
    public static MnistDigits loadSplit(Path dir, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        return load(find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte"));
    }

    /** The folder of the bundled digits: {@code $MILKID_HOME/data/mnist}, or {@code data/mnist}. */
    public static Path bundledDir() {
        String home = System.getProperty("milkid.home", System.getenv("MILKID_HOME"));
        Path base = home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
        return base.resolve("data").resolve("mnist");
    }

    private static Path find(Path dir, String base) throws IOException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new IOException(dir + ": no " + base + ".gz (nor " + base + ")");
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public int rows() {
        return images.rows();
    }

    public int cols() {
        return images.cols();
    }

    /** Copies digit i into {@code dest} at {@code offset} as [rows*cols] floats in [0,1]. */
    public void copyPixels(int i, float[] dest, int offset) {
        byte[] p = images.pixels();
        int n = images.rows() * images.cols();
        int base = i * n;
        for (int j = 0; j < n; j++) {
            dest[offset + j] = (p[base + j] & 0xff) / 255f;
        }
    }

    /** Where the digits came from (the image file). */
    public String origin() {
        return origin;
    }

    /** A content hash of images and labels (hex, SHA-256). */
    public String fingerprint() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(images.pixels());
            md.update(labels);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
