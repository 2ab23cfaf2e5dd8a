package org.milkid.data.colon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

class ColonCancerSourceTest {
    private static final int SIDE = 500;
    private static final int P = 27;

    @TempDir
    Path root;

    /** The planted colour of pixel (row, col), 0-based: every 27x27 window is unique. */
    private static int planted(int row, int col) {
        int r = row & 0xFF;
        int g = col & 0xFF;
        int b = (3 * row + 5 * col) & 0xFF;
        return (r << 16) | (g << 8) | b;
    }

    private Path imageFolder(String id) throws IOException {
        Path folder = Files.createDirectories(root.resolve("Classification").resolve(id));
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                image.setRGB(c, r, planted(r, c));
            }
        }
        assertThat(ImageIO.write(image, "bmp", folder.resolve(id + ".bmp").toFile())).isTrue();
        return folder;
    }

    /** Writes {@code detection} = the given rows {x, y} (1-based, as MATLAB). */
    private static void writeDetections(Path folder, String cls, double[]... xy) throws IOException {
        int cols = xy.length == 0 ? 2 : xy[0].length;
        Matrix m = Mat5.newMatrix(xy.length, cols);
        for (int i = 0; i < xy.length; i++) {
            for (int j = 0; j < cols; j++) {
                m.setDouble(i, j, xy[i][j]);
            }
        }
        writeMat(folder, cls, "detection", m);
    }

    private static void writeMat(Path folder, String cls, String variable, Matrix m) throws IOException {
        String id = folder.getFileName().toString();
        try (Sink sink = Sinks.newStreamingFile(folder.resolve(id + "_" + cls + ".mat").toFile())) {
            Mat5.newMatFile().addArray(variable, m).writeTo(sink);
        }
    }

    private static void assertPatchIs(Bag bag, int k, int top, int left) {
        float[] patch = bag.instance(k);
        assertThat(patch).hasSize(3 * P * P);
        for (int y = 0; y < P; y++) {
            for (int x = 0; x < P; x++) {
                int rgb = planted(top + y, left + x);
                assertThat(patch[y * P + x]).isEqualTo(((rgb >> 16) & 0xFF) / 255f);
                assertThat(patch[P * P + y * P + x]).isEqualTo(((rgb >> 8) & 0xFF) / 255f);
                assertThat(patch[2 * P * P + y * P + x]).isEqualTo((rgb & 0xFF) / 255f);
            }
        }
        assertThat(bag.layout().row(k)).isEqualTo(top);
        assertThat(bag.layout().col(k)).isEqualTo(left);
    }

    @Test
    void oneBagPerImageOnePatchPerNucleusWithLabels() throws IOException {
        Path img1 = imageFolder("img1");
        writeDetections(img1, "epithelial", new double[] {100, 200}, new double[] {300, 40});
        writeDetections(img1, "fibroblast", new double[] {250, 250});
        writeDetections(img1, "others", new double[] {60, 450});
        // no img1_inflammatory.mat: no inflammatory nuclei
        Path img2 = imageFolder("img2");
        writeDetections(img2, "fibroblast", new double[] {10, 20}, new double[] {400, 400});
        writeDetections(img2, "inflammatory", new double[] {200, 100});
        writeDetections(img2, "epithelial"); // 0 x 2: no epithelial nuclei
        Path img10 = imageFolder("img10");
        writeDetections(img10, "epithelial", new double[] {250, 250});
        imageFolder("img3"); // no .mat at all: skipped

        ColonCancerSource source = ColonCancerSource.load(root);

        List<Bag> bags = source.trainBags();
        assertThat(bags).extracting(Bag::id).containsExactly("img1", "img2", "img10");
        assertThat(source.testBags()).isEmpty();
        assertThat(source.warnings()).singleElement().asString().startsWith("img3");
        assertThat(source.name()).isEqualTo("colon-cancer");

        Bag b1 = bags.get(0);
        assertThat(b1.shape()).containsExactly(4, 3, P, P);
        assertThat(b1.label()).isEqualTo(1);
        // sorted by centre row: y = 40 (epi), 200 (epi), 250 (fib), 450 (others)
        assertThat(b1.instanceLabels()).containsExactly(1, 1, 0, 0);
        assertThat(b1.layout().imageHeight()).isEqualTo(SIDE);
        assertThat(b1.layout().imageWidth()).isEqualTo(SIDE);

        Bag b2 = bags.get(1);
        assertThat(b2.size()).isEqualTo(3);
        assertThat(b2.label()).isEqualTo(0);
        assertThat(b2.instanceLabels()).containsExactly(0, 0, 0);
        assertThat(bags.get(2).label()).isEqualTo(1);
        assertThat(bags.get(2).positiveInstances()).isEqualTo(1);
    }

    @Test
    void centresAreOneBasedAndPatchesCentredOnThem() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "epithelial", new double[] {101, 51}); // column 100, row 50 (0-based)

        Bag bag = ColonCancerSource.load(root).trainBags().get(0);

        assertPatchIs(bag, 0, 50 - 13, 100 - 13);
        float[] patch = bag.instance(0);
        int centre = planted(50, 100);
        assertThat(patch[13 * P + 13]).isEqualTo(((centre >> 16) & 0xFF) / 255f); // R = row 50
        assertThat(patch[P * P + 13 * P + 13]).isEqualTo(((centre >> 8) & 0xFF) / 255f); // G = column 100
    }

    @Test
    void patchesAtTheBorderAreClampedInside() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "fibroblast", new double[] {1, 1}, new double[] {500, 500}, new double[] {14, 487});
        writeDetections(img, "epithelial", new double[] {250, 250});

        Bag bag = ColonCancerSource.load(root.resolve("Classification")).trainBags().get(0);

        // sorted by row: (1,1) -> row 0; (250,250) -> 249; (14,487) -> 486; (500,500) -> 499
        assertPatchIs(bag, 0, 0, 0);
        assertPatchIs(bag, 1, 249 - 13, 249 - 13);
        assertPatchIs(bag, 2, SIDE - P, 0); // x = 14 -> column 13 -> left 0 exactly, row clamped
        assertPatchIs(bag, 3, SIDE - P, SIDE - P);
        assertThat(bag.instanceLabels()).containsExactly(0, 1, 0, 0);
    }

    @Test
    void missingDetectionVariableNamesTheFile() throws IOException {
        Path img = imageFolder("img1");
        writeMat(img, "epithelial", "centres", Mat5.newMatrix(1, 2));

        assertThatThrownBy(() -> ColonCancerSource.load(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("img1_epithelial.mat")
                .hasMessageContaining("detection");
    }

    @Test
    void centreOutsideTheImageNamesTheFile() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "inflammatory", new double[] {20, 20}, new double[] {501, 30});

        assertThatThrownBy(() -> ColonCancerSource.load(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("img1_inflammatory.mat")
                .hasMessageContaining("row 2")
                .hasMessageContaining("outside");
    }

    @Test
    void zeroBasedCoordinateIsOutside() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "others", new double[] {0, 30});

        assertThatThrownBy(() -> ColonCancerSource.load(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("img1_others.mat");
    }

    @Test
    void wrongColumnCountNamesTheFile() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "epithelial", new double[] {20, 20, 1});

        assertThatThrownBy(() -> ColonCancerSource.load(root))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("img1_epithelial.mat")
                .hasMessageContaining("N x 2");
    }

    @Test
    void fingerprintIsStableAndChangesWithTheFiles() throws IOException {
        Path img = imageFolder("img1");
        writeDetections(img, "epithelial", new double[] {100, 100});

        String first = ColonCancerSource.load(root).fingerprint();
        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(ColonCancerSource.load(root).fingerprint()).isEqualTo(first);

        writeDetections(img, "epithelial", new double[] {100, 101});
        assertThat(ColonCancerSource.load(root).fingerprint()).isNotEqualTo(first);
    }

    @Test
    void missingFolderOrImageIsRefused() throws IOException {
        assertThatThrownBy(() -> ColonCancerSource.load(root)).isInstanceOf(IOException.class)
                .hasMessageContaining("Classification");
        Path folder = Files.createDirectories(root.resolve("Classification").resolve("img4"));
        writeDetections(folder, "epithelial", new double[] {1, 1});
        assertThatThrownBy(() -> ColonCancerSource.load(root)).isInstanceOf(IOException.class)
                .hasMessageContaining("img4.bmp");
    }

    @Test
    void optionsAreValidated() {
        assertThat(ColonCancerSource.Options.defaults().patchSize()).isEqualTo(27);
        assertThatThrownBy(() -> new ColonCancerSource.Options(28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ColonCancerSource.Options(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ColonCancerSource.CLASSES).first().isEqualTo("epithelial");
    }
}
