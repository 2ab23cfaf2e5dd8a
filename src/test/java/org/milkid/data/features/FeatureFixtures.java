package org.milkid.data.features;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes CLAM/TRIDENT-style feature files for tests with jhdf: {@code features} [N, D] float32 in
 * a chosen chunk layout, {@code coords} [N, 2] int32 with tile-size attributes, optional
 * {@code instance_labels}; and planted cohorts whose key tiles are shifted along one direction.
 */
public final class FeatureFixtures {
    private FeatureFixtures() {
    }

    /** One slide's contents. */
    public record Slide(String id, int label, float[][] features, int[][] coords, int[] instanceLabels) {
    }

    /**
     * Writes one feature file.
     *
     * @param chunkRows rows per chunk of {@code features} (32 as CLAM, 1 as TRIDENT), 0 for contiguous
     * @param tileSizeLevel0 written as {@code patch_size_level0} when positive
     */
    public static void write(Path file, Slide s, int chunkRows, int tileSizeLevel0) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            int d = s.features()[0].length;
            DatasetCreationOptions opts = chunkRows > 0
                    ? DatasetCreationOptions.builder().chunkDimensions(Math.min(chunkRows, s.features().length), d).build()
                    : DatasetCreationOptions.DEFAULT;
            h5.putDataset(FeatureFile.FEATURES, s.features(), opts);
            WritableDataset c = h5.putDataset(FeatureFile.COORDS, s.coords());
            if (tileSizeLevel0 > 0) {
                c.putAttribute("patch_size_level0", tileSizeLevel0);
            }
            if (s.instanceLabels() != null) {
                h5.putDataset(FeatureFile.INSTANCE_LABELS, s.instanceLabels());
            }
        }
    }

    /**
     * A planted cohort: {@code slides} slides of {@code minTiles..maxTiles} tiles of length {@code d} on a
     * square grid of tile size 256; background features N(0, 1) after a ReLU-like shift, key tiles (10-30%
     * of a positive slide's tiles) shifted by {@code shift} along one fixed direction. Half the slides
     * positive; written to {@code dir/h5_files}, half chunked (32, D) and half (1, D), with
     * {@code dir/slides.csv} (case_id,slide_id,label with labels normal/tumor).
     */
    public static List<Slide> cohort(Path dir, int slides, int minTiles, int maxTiles, int d, float shift, long seed) {
        Random r = new Random(seed);
        float[] direction = new float[d];
        for (int j = 0; j < d; j++) {
            direction[j] = (float) (r.nextGaussian() / Math.sqrt(d));
        }
        List<Slide> out = new ArrayList<>();
        StringBuilder csv = new StringBuilder("case_id,slide_id,label\n");
        for (int i = 0; i < slides; i++) {
            int label = i % 2;
            int n = minTiles + r.nextInt(maxTiles - minTiles + 1);
            int side = (int) Math.ceil(Math.sqrt(n));
            float[][] f = new float[n][d];
            int[][] xy = new int[n][2];
            int[] keys = new int[n];
            int nKeys = label == 1 ? Math.max(1, (int) (n * (0.1 + 0.2 * r.nextDouble()))) : 0;
            for (int k = 0; k < n; k++) {
                keys[k] = k < nKeys ? 1 : 0;
            }
            shuffle(keys, r);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    f[k][j] = (float) (r.nextGaussian() + (keys[k] == 1 ? shift * direction[j] * Math.sqrt(d) : 0));
                }
                xy[k][0] = (k % side) * 256;
                xy[k][1] = (k / side) * 256;
            }
            String id = String.format("slide-%03d", i);
            Slide s = new Slide(id, label, f, xy, keys);
            write(dir.resolve(FeatureBagSource.H5_DIR).resolve(id + ".h5"), s, i % 4 < 2 ? 32 : 1, 256);
            csv.append("case-").append(i).append(',').append(id).append(',').append(label == 1 ? "tumor" : "normal")
                    .append('\n');
            out.add(s);
        }
        try {
            Files.writeString(dir.resolve(FeatureBagSource.SLIDES_FILE), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
