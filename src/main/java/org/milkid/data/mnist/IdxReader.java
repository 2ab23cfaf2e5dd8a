package org.milkid.data.mnist;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's IDX files: {@code idx3-ubyte} images (magic 0x00000803) and {@code idx1-ubyte}
 * labels (magic 0x00000801), plain or gzip-compressed (detected from the content, not the name).
 *
 * <p>Every problem (wrong magic number, implausible dimensions, a truncated file, trailing
 * bytes) is reported as an {@link IOException} whose message names the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_SIDE = 4096;

    private IdxReader() {
    }

    /** Images: {@code count} x {@code rows} x {@code cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** The pixel (r, c) of image i as a value in [0,1]. */
        public float pixel(int i, int r, int c) {
            return (pixels[(i * rows + r) * cols + c] & 0xff) / 255f;
        }
    }

    /** Reads an idx3-ubyte image file. */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new IOException(file + ": not an IDX image file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x00000803)");
            }
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count < 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE
                    || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": implausible image dimensions " + count + " x " + rows + " x " + cols);
            }
            byte[] pixels = new byte[count * rows * cols];
            readFully(in, pixels, file, "images");
            expectEnd(in, file);
            return new Images(count, rows, cols, pixels);
        }
    }

    /** Reads an idx1-ubyte label file. */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new IOException(file + ": not an IDX label file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x00000801)");
            }
            int count = readHeaderInt(in, file);
            if (count < 0) {
                throw new IOException(file + ": negative label count " + count);
            }
            byte[] labels = new byte[count];
            readFully(in, labels, file, "labels");
            expectEnd(in, file);
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        PushbackInputStream raw = new PushbackInputStream(new BufferedInputStream(Files.newInputStream(file)), 2);
        int b0 = raw.read();
        int b1 = raw.read();
        if (b1 >= 0) {
            raw.unread(b1);
        }
        if (b0 >= 0) {
            raw.unread(b0);
        }
        InputStream in = raw;
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16));
        }
        return new DataInputStream(in);
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        int off = 0;
        try {
            while (off < into.length) {
                int n = in.read(into, off, into.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
        } catch (EOFException e) {
            // a truncated gzip stream: reported below with the byte count
        }
        if (off < into.length) {
            throw new IOException(file + ": truncated: the header promises " + into.length + " bytes of "
                    + what + " but the file holds " + off);
        }
    }

    private static void expectEnd(DataInputStream in, Path file) throws IOException {
        if (in.read() >= 0) {
            throw new IOException(file + ": unexpected bytes after the data the header announces");
        }
    }
}
