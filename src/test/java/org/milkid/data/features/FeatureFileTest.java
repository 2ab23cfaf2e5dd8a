package org.milkid.data.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureFileTest {

    private static FeatureFixtures.Slide slide(int n, int d) {
        float[][] f = new float[n][d];
        int[][] xy = new int[n][2];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < d; j++) {
                f[k][j] = k * 1000 + j + 0.25f;
            }
            xy[k][0] = 512 * k;
            xy[k][1] = 7 + k;
            labels[k] = k == 1 ? 1 : 0;
        }
        return new FeatureFixtures.Slide("s", 1, f, xy, labels);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 32})
    void readsEveryValueInEachChunkLayout(int chunkRows, @TempDir Path dir) throws IOException {
        FeatureFixtures.Slide s = slide(70, 24);
        Path file = dir.resolve("s.h5");
        FeatureFixtures.write(file, s, chunkRows, 512);
        assertPlanted(FeatureFile.read(file));
    }

    /** The contents of {@link #slide}(70, 24) with tile size 512, as the h5py fixtures hold them too. */
    private static void assertPlanted(FeatureFile f) {
        assertThat(f.tiles()).isEqualTo(70);
        assertThat(f.dim()).isEqualTo(24);
        assertThat(f.tileSize()).isEqualTo(512);
        for (int k = 0; k < 70; k++) {
            assertThat(f.x()[k]).isEqualTo(512 * k);
            assertThat(f.y()[k]).isEqualTo(7 + k);
            assertThat(f.instanceLabels()[k]).isEqualTo(k == 1 ? 1 : 0);
            for (int j = 0; j < 24; j++) {
                assertThat(f.features()[k * 24 + j]).isEqualTo(k * 1000 + j + 0.25f);
            }
        }
    }

    /** Files written by h5py into resizable datasets, as CLAM and TRIDENT write them (scripts/make-feature-fixtures.py). */
    @ParameterizedTest
    @ValueSource(strings = {"clam-chunk32.h5", "trident-chunk1.h5", "float64-chunk32-latest.h5"})
    void readsFilesThatH5pyAppendedTo(String name) throws Exception {
        // tile size: patch_size 256 at downsample 2
        assertPlanted(FeatureFile.read(Path.of(getClass().getResource("/features/" + name).toURI())));
    }

    @Test
    void tileSizeFromClamAttributesAndAbsentWhenUnsaid(@TempDir Path dir) throws IOException {
        FeatureFixtures.Slide s = slide(3, 4);
        Path clam = dir.resolve("clam.h5");
        try (WritableHdfFile h5 = HdfFile.write(clam)) {
            h5.putDataset("features", s.features());
            var c = h5.putDataset("coords", s.coords());
            c.putAttribute("patch_size", 256);
            c.putAttribute("downsample", new double[] {2.0, 2.0});
        }
        assertThat(FeatureFile.read(clam).tileSize()).isEqualTo(512);
        assertThat(FeatureFile.read(clam).instanceLabels()).isNull();
        Path bare = dir.resolve("bare.h5");
        FeatureFixtures.write(bare, s, 0, 0);
        assertThat(FeatureFile.read(bare).tileSize()).isZero();
    }

    @Test
    void missingKeyIsNamedWithTheFile(@TempDir Path dir) {
        Path file = dir.resolve("nocoords.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("features", new float[][] {{1f, 2f}});
        }
        assertThatThrownBy(() -> FeatureFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("no dataset 'coords'")
                .hasMessageContaining("[features]");
    }

    @Test
    void shapesThatDisagreeAreRefused(@TempDir Path dir) {
        Path file = dir.resolve("short.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("features", new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f}});
            h5.putDataset("coords", new int[][] {{0, 0}, {256, 0}});
        }
        assertThatThrownBy(() -> FeatureFile.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("expected [3, 2]");
    }

    @Test
    void nanAndInfiniteFeaturesAreRefused(@TempDir Path dir) {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path file = dir.resolve("bad" + bad + ".h5");
            try (WritableHdfFile h5 = HdfFile.write(file)) {
                h5.putDataset("features", new float[][] {{1f, 2f}, {3f, bad}});
                h5.putDataset("coords", new int[][] {{0, 0}, {256, 0}});
            }
            assertThatThrownBy(() -> FeatureFile.read(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("feature 1 of tile 1")
                    .hasMessageContaining("finite");
        }
    }

    @Test
    void badInstanceLabelsAndNegativeCoordinatesAreRefused(@TempDir Path dir) {
        Path labels = dir.resolve("labels.h5");
        try (WritableHdfFile h5 = HdfFile.write(labels)) {
            h5.putDataset("features", new float[][] {{1f}, {2f}});
            h5.putDataset("coords", new int[][] {{0, 0}, {256, 0}});
            h5.putDataset("instance_labels", new int[] {0, 2});
        }
        assertThatThrownBy(() -> FeatureFile.read(labels)).hasMessageContaining("tile 1 is 2");
        Path negative = dir.resolve("negative.h5");
        try (WritableHdfFile h5 = HdfFile.write(negative)) {
            h5.putDataset("features", new float[][] {{1f}, {2f}});
            h5.putDataset("coords", new int[][] {{0, 0}, {-256, 0}});
        }
        assertThatThrownBy(() -> FeatureFile.read(negative)).hasMessageContaining("tile 1 has coordinate -256");
    }

    @Test
    void notHdf5AndTruncatedFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("text.h5");
        Files.writeString(text, "this is not HDF5");
        assertThatThrownBy(() -> FeatureFile.read(text)).isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString());
        Path whole = dir.resolve("whole.h5");
        FeatureFixtures.write(whole, slide(40, 16), 32, 256);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.h5");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> FeatureFile.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining(truncated.toString());
    }
}
