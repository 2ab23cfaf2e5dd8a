package org.milkid.data.mnist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class IdxReaderTest {
    @TempDir
    Path dir;

    /** Writes an idx3 file of n images of rows x cols, image i filled with value (i + 1). */
    static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x803);
        d.writeInt(n);
        d.writeInt(rows);
        d.writeInt(cols);
        for (int i = 0; i < n; i++) {
            byte[] img = new byte[rows * cols];
            Arrays.fill(img, (byte) (i + 1));
            d.write(img);
        }
        return b.toByteArray();
    }

    static byte[] labels(byte... l) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x801);
        d.writeInt(l.length);
        d.write(l);
        return b.toByteArray();
    }

    public static void gz(Path file, byte[] content) throws IOException {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
            o.write(content);
        }
    }

    @Test
    void roundTripPlainAndGzip() throws IOException {
        Files.write(dir.resolve("plain"), images(3, 2, 4));
        gz(dir.resolve("packed.gz"), images(3, 2, 4));
        for (String name : new String[] {"plain", "packed.gz"}) {
            IdxReader.Images im = IdxReader.readImages(dir.resolve(name));
            assertThat(im.count()).isEqualTo(3);
            assertThat(im.rows()).isEqualTo(2);
            assertThat(im.cols()).isEqualTo(4);
            assertThat(im.pixel(2, 1, 3)).isEqualTo(3 / 255f);
        }
        Files.write(dir.resolve("l"), labels((byte) 4, (byte) 9));
        assertThat(IdxReader.readLabels(dir.resolve("l"))).containsExactly(4, 9);
    }

    @Test
    void truncatedFileIsRefusedWithItsName() throws IOException {
        byte[] full = images(3, 2, 4);
        Path f = dir.resolve("cut-images-idx3-ubyte");
        Files.write(f, Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> IdxReader.readImages(f)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated");
        Path g = dir.resolve("cut.gz");
        gz(g, Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> IdxReader.readImages(g)).hasMessageContaining("truncated");
        Path h = dir.resolve("header");
        Files.write(h, Arrays.copyOf(full, 6));
        assertThatThrownBy(() -> IdxReader.readImages(h)).hasMessageContaining("truncated IDX header");
    }

    @Test
    void wrongMagicIsRefused() throws IOException {
        Files.write(dir.resolve("labels-as-images"), labels((byte) 1));
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("labels-as-images")))
                .hasMessageContaining("not an IDX image file");
        Files.write(dir.resolve("images-as-labels"), images(1, 2, 2));
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("images-as-labels")))
                .hasMessageContaining("not an IDX label file");
    }

    @Test
    void countMismatchAndBadLabelsAreRefused() throws IOException {
        Files.write(dir.resolve("i"), images(3, 28, 28));
        Files.write(dir.resolve("l"), labels((byte) 1, (byte) 2));
        assertThatThrownBy(() -> MnistDigits.load(dir.resolve("i"), dir.resolve("l")))
                .hasMessageContaining("holds 3 images").hasMessageContaining("holds 2 labels");
        Files.write(dir.resolve("l2"), labels((byte) 1, (byte) 2, (byte) 12));
        assertThatThrownBy(() -> MnistDigits.load(dir.resolve("i"), dir.resolve("l2")))
                .hasMessageContaining("not a digit");
        assertThatThrownBy(() -> MnistDigits.loadSplit(dir, true)).hasMessageContaining("train-images-idx3-ubyte");
    }

    @Test
    void bundledDigitsLoad() throws IOException {
        MnistDigits train = MnistDigits.loadSplit(Path.of("data", "mnist"), true);
        MnistDigits test = MnistDigits.loadSplit(Path.of("data", "mnist"), false);
        assertThat(train.size() + test.size()).isEqualTo(10_000);
        assertThat(train.rows()).isEqualTo(28);
    }
}
