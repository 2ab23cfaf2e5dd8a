package org.milkid.data.features;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One slide's feature file as CLAM and TRIDENT write it: HDF5 with the datasets {@code features}
 * (float32 or float64, {@code [N, D]}, or {@code [1, N, D]}), {@code coords} (integers,
 * {@code [N, 2]}: the level-0 (x, y) of each tile's top-left corner) and optionally
 * {@code instance_labels} (integers, {@code [N]}, 1 = key tile), read in pure Java by jhdf
 * whatever the chunk layout.
 *
 * <p>The tile size on the slide comes from the attributes of {@code coords}: TRIDENT's
 * {@code patch_size_level0}; else CLAM's {@code patch_size} times its {@code downsample} (when
 * present); else {@code patch_size}; else 0 (unknown).
 *
 * <p>Every problem is an IOException whose message names the file: not HDF5, a missing dataset,
 * shapes that disagree, a feature that is NaN or infinite, a negative coordinate, a label other
 * than 0 or 1.
 *
 * @param features {@code [N, D]} row-major
 * @param dim D
 * @param x level-0 x of each tile's top-left corner
 * @param y level-0 y of each tile's top-left corner
 * @param instanceLabels N values of 0 or 1, or {@code null} when the file has none
 * @param tileSize the tile side in level-0 pixels from the attributes, or 0 when they do not say
 */
public record FeatureFile(float[] features, int dim, int[] x, int[] y, int[] instanceLabels, int tileSize) {
    /** The dataset names. */
    public static final String FEATURES = "features";
    public static final String COORDS = "coords";
    public static final String INSTANCE_LABELS = "instance_labels";

    /** N, the number of tiles. */
    public int tiles() {
        return x.length;
    }

    /** Reads and checks one feature file. */
    public static FeatureFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not found");
        }
        try (HdfFile h5 = new HdfFile(file)) {
            return parse(h5, file);
        } catch (HdfException | ClassCastException | UnsupportedOperationException e) {
            throw unreadable(file, e);
        }
    }

    /** Checks one feature file already read into memory ({@code file} names it in messages). */
    public static FeatureFile read(Path file, byte[] bytes) throws IOException {
        try (HdfFile h5 = HdfFile.fromBytes(bytes)) {
            return parse(h5, file);
        } catch (HdfException | ClassCastException | UnsupportedOperationException e) {
            throw unreadable(file, e);
        }
    }

    private static IOException unreadable(Path file, RuntimeException e) {
        return new IOException(file + ": not a readable HDF5 feature file (" + e.getMessage() + ")", e);
    }

    private static FeatureFile parse(HdfFile h5, Path file) throws IOException {
        Dataset f = dataset(h5, file, FEATURES, "float [N, D]");
        Dataset c = dataset(h5, file, COORDS, "integers [N, 2]");
        int[] fd = f.getDimensions();
        if (fd.length == 3 && fd[0] == 1) {
            fd = new int[] {fd[1], fd[2]};
        }
        if (fd.length != 2 || fd[0] < 1 || fd[1] < 1) {
            throw new IOException(file + ": '" + FEATURES + "' has shape " + Arrays.toString(f.getDimensions())
                    + ", expected [N, D] with N, D >= 1");
        }
        int n = fd[0];
        int d = fd[1];
        int[] cd = c.getDimensions();
        if (cd.length != 2 || cd[1] != 2 || cd[0] != n) {
            throw new IOException(file + ": '" + COORDS + "' has shape " + Arrays.toString(cd) + " but '" + FEATURES
                    + "' has " + n + " tiles: expected [" + n + ", 2]");
        }
        float[] features = floats(f, file);
        long[] xy = longs(c, file, COORDS);
        int[] x = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = coordinate(xy[2 * i], file, i);
            y[i] = coordinate(xy[2 * i + 1], file, i);
        }
        checkFinite(features, d, file);
        return new FeatureFile(features, d, x, y, labels(h5, file, n), tileSize(c, file));
    }

    private static Dataset dataset(HdfFile h5, Path file, String name, String what) throws IOException {
        Node node = h5.getChildren().get(name);
        if (!(node instanceof Dataset ds)) {
            throw new IOException(file + ": no dataset '" + name + "' (" + what + "); a CLAM/TRIDENT feature file holds '"
                    + FEATURES + "' [N, D] and '" + COORDS + "' [N, 2]" + (h5.getChildren().isEmpty() ? ""
                    : "; this one holds " + h5.getChildren().keySet()));
        }
        return ds;
    }

    private static float[] floats(Dataset ds, Path file) throws IOException {
        Object flat = ds.getDataFlat();
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new IOException(file + ": '" + FEATURES + "' holds " + ds.getJavaType().getSimpleName()
                + " values, expected float32 or float64");
    }

    private static long[] longs(Dataset ds, Path file, String name) throws IOException {
        Object flat = ds.getDataFlat();
        Class<?> type = flat.getClass().getComponentType();
        if (type != int.class && type != long.class && type != short.class && type != byte.class) {
            throw new IOException(file + ": '" + name + "' holds " + ds.getJavaType().getSimpleName()
                    + " values, expected integers");
        }
        long[] out = new long[Array.getLength(flat)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) Array.get(flat, i)).longValue();
        }
        return out;
    }

    private static int coordinate(long v, Path file, int tile) throws IOException {
        if (v < 0 || v > Integer.MAX_VALUE / 2) {
            throw new IOException(file + ": tile " + tile + " has coordinate " + v + " in '" + COORDS
                    + "' (level-0 pixels must be >= 0)");
        }
        return (int) v;
    }

    private static void checkFinite(float[] features, int d, Path file) throws IOException {
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IOException(file + ": feature " + (i % d) + " of tile " + (i / d) + " is " + features[i]
                        + " (features must be finite)");
            }
        }
    }

    private static int[] labels(HdfFile h5, Path file, int n) throws IOException {
        Node node = h5.getChildren().get(INSTANCE_LABELS);
        if (node == null) {
            return null;
        }
        if (!(node instanceof Dataset ds) || ds.getSize() != n) {
            throw new IOException(file + ": '" + INSTANCE_LABELS + "' must hold " + n + " values (one per tile)");
        }
        long[] raw = longs(ds, file, INSTANCE_LABELS);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            if (raw[i] != 0 && raw[i] != 1) {
                throw new IOException(file + ": '" + INSTANCE_LABELS + "' of tile " + i + " is " + raw[i]
                        + ", expected 0 or 1");
            }
            labels[i] = (int) raw[i];
        }
        return labels;
    }

    private static int tileSize(Dataset coords, Path file) throws IOException {
        double level0 = number(coords.getAttribute("patch_size_level0"));
        double size = number(coords.getAttribute("patch_size"));
        double down = number(coords.getAttribute("downsample"));
        double t = level0 > 0 ? level0 : size > 0 ? size * (down > 0 ? down : 1) : 0;
        if (t != 0 && !(t >= 1 && t <= 1 << 20)) {
            throw new IOException(file + ": the attributes of '" + COORDS + "' give a tile size of " + t + " pixels");
        }
        return (int) Math.round(t);
    }

    /** The first value of a numeric attribute (scalar or array), or 0 when absent or not a number. */
    private static double number(Attribute a) {
        if (a == null) {
            return 0;
        }
        Object v = a.getData();
        if (v != null && v.getClass().isArray()) {
            v = Array.getLength(v) > 0 ? Array.get(v, 0) : null;
        }
        return v instanceof Number num ? num.doubleValue() : 0;
    }
}
