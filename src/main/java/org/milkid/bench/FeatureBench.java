package org.milkid.bench;

import com.google.gson.JsonObject;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.milkid.bag.Bag;
import org.milkid.bag.InstanceLayout;
import org.milkid.data.features.FeatureFile;
import org.milkid.detect.Detection;
import org.milkid.detect.KidMethod;
import org.milkid.eval.Stat;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.model.Platform;
import org.milkid.slide.QuPathGeoJson;
import org.milkid.slide.TileHeatmap;
import org.milkid.slide.TileScores;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;
import org.milkid.util.Json;

/**
 * {@code milkid bench --features}: whole-slide speed on synthetic feature bags of D = 1024: reading a
 * 10,000-tile HDF5 file chunked (32, D) as CLAM writes it and (1, D) as TRIDENT does, a training step
 * on a 10,000-tile slide (an epoch over 100 such slides is 100 steps), and key instance detection on a
 * 50,000-tile slide by each method that works on feature bags, with the QuPath GeoJSON and the heatmap
 * written; the process's peak resident memory. Medians over repetitions, measured in one run.
 *
 * @param dim D
 * @param trainTiles tiles of a training slide
 * @param kidTiles tiles of the slide scored
 * @param repetitions timed repetitions of each measurement (after one warm-up)
 */
public record FeatureBench(int dim, int trainTiles, int kidTiles, int repetitions) {

    /** The sizes: D = 1024, 10,000-tile training slides, a 50,000-tile slide to score, 5 repetitions. */
    public static FeatureBench defaults() {
        return new FeatureBench(1024, 10_000, 50_000, 5);
    }

    /** Runs every measurement in a scratch folder, deleted at the end. */
    public JsonObject run(Consumer<String> progress) throws IOException {
        Path work = Files.createTempDirectory("milkid-bench-features");
        try {
            return run(work, progress);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private JsonObject run(Path work, Consumer<String> progress) throws IOException {
        JsonObject j = new JsonObject();
        j.addProperty("dim", dim);
        j.addProperty("trainTiles", trainTiles);
        j.addProperty("kidTiles", kidTiles);
        j.addProperty("repetitions", repetitions);
        for (int chunk : new int[] {32, 1}) {
            progress.accept("reading a " + trainTiles + "-tile HDF5 file chunked (" + chunk + ", " + dim + ")");
            j.addProperty("h5ReadSecondsChunk" + chunk, readSeconds(work, chunk));
        }
        progress.accept("training steps on " + trainTiles + "-tile slides");
        double stepMs = trainStepMs(trainTiles);
        j.addProperty("trainStepMs", stepMs);
        j.addProperty("epochSeconds100Slides", stepMs * 100 / 1000);
        progress.accept("training steps on " + kidTiles + "-tile slides");
        j.addProperty("trainStepMsLargest", trainStepMs(kidTiles));
        try (MilModel model = MilModel.create(ModelConfig.features(ModelKind.ATTENTION, dim), 2)) {
            Bag slide = slide("kid", kidTiles, 3, 1);
            for (KidMethod m : List.of(KidMethod.ATT, KidMethod.ATT_ALONE, KidMethod.ATT_OCCLUSION,
                    KidMethod.ATT_GRAD_X_INPUT)) {
                progress.accept(m.key() + " on a " + kidTiles + "-tile slide");
                j.addProperty("kidSeconds." + m.cliName(), median(() -> m.detector(null, null).detect(model,
                        List.of(slide))));
            }
            Detection d = KidMethod.ATT_ALONE.detector(null, null).detect(model, List.of(slide)).get(0);
            TileScores s = TileScores.of(d, 0.5, model.predict(slide).weights());
            progress.accept("GeoJSON and heatmap of a " + kidTiles + "-tile slide");
            j.addProperty("geojsonSeconds", median(() -> QuPathGeoJson.write(work.resolve("slide.geojson"), s)));
            j.addProperty("geojsonMiB", Files.size(work.resolve("slide.geojson")) / 1048576.0);
            j.addProperty("heatmapSeconds", median(() -> TileHeatmap.writePng(s, work.resolve("slide.png"))));
        }
        Double peak = ProcessMemory.peakRssMiB();
        j.addProperty("peakResidentMiB", peak == null ? Double.NaN : peak);
        j.addProperty("javaMaxHeapMiB", Runtime.getRuntime().maxMemory() / 1048576.0);
        j.add("platform", Json.gson().toJsonTree(Platform.current()));
        return j;
    }

    /** The findings in a few lines. */
    public static String describe(JsonObject j) {
        return String.format(Locale.ROOT, "HDF5 read of %d x %d: %.2f s chunked (32, D), %.2f s chunked (1, D)%n"
                + "training: %.1f ms a step on a %d-tile slide: an epoch over 100 such slides %.1f s; %.1f ms a step on"
                + " a %d-tile slide%n"
                + "KID on a %d-tile slide: attention %.2f s, alone %.2f s, occlusion %.2f s, grad-x-input %.2f s;"
                + " GeoJSON %.2f s (%.0f MiB), heatmap %.2f s%npeak resident memory %.0f MiB (Java heap limit %.0f MiB)",
                j.get("trainTiles").getAsInt(), j.get("dim").getAsInt(), num(j, "h5ReadSecondsChunk32"),
                num(j, "h5ReadSecondsChunk1"), num(j, "trainStepMs"), j.get("trainTiles").getAsInt(),
                num(j, "epochSeconds100Slides"), num(j, "trainStepMsLargest"), j.get("kidTiles").getAsInt(),
                j.get("kidTiles").getAsInt(), num(j, "kidSeconds.attention"),
                num(j, "kidSeconds.alone"), num(j, "kidSeconds.occlusion"), num(j, "kidSeconds.grad-x-input"),
                num(j, "geojsonSeconds"), num(j, "geojsonMiB"), num(j, "heatmapSeconds"), num(j, "peakResidentMiB"),
                num(j, "javaMaxHeapMiB"));
    }

    private static double num(JsonObject j, String key) {
        return j.get(key).getAsDouble();
    }

    private double readSeconds(Path work, int chunk) throws IOException {
        Path file = work.resolve("slide-chunk" + chunk + ".h5");
        Bag b = slide("h5", trainTiles, 1, 1);
        float[][] rows = new float[trainTiles][];
        int[][] coords = new int[trainTiles][];
        for (int k = 0; k < trainTiles; k++) {
            rows[k] = b.instance(k);
            coords[k] = new int[] {b.layout().col(k), b.layout().row(k)};
        }
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset(FeatureFile.FEATURES, rows, DatasetCreationOptions.builder().chunkDimensions(chunk, dim).build());
            h5.putDataset(FeatureFile.COORDS, coords);
        }
        return median(() -> FeatureFile.read(file));
    }

    private double trainStepMs(int tiles) {
        List<Bag> bags = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bags.add(slide("train" + i, tiles, 10 + i, i % 2));
        }
        try (MilModel model = MilModel.create(ModelConfig.features(ModelKind.ATTENTION, dim), 1)) {
            TrainConfig tc = TrainConfig.paperHistology(1).withAugment(false).withEpochs(1).withRestarts(0, 1);
            List<Bag> steps = new ArrayList<>(Collections.nCopies(2 + 4 * repetitions / 2, bags.get(0)));
            for (int i = 0; i < steps.size(); i++) {
                steps.set(i, bags.get(i % 4));
            }
            return new MilTrainer(tc, TrainListener.NONE).fit(model, steps, bags.subList(0, 2)).msPerStep();
        }
    }

    /** A synthetic slide of {@code n} tiles: ReLU-like features on a square grid of 256-pixel tiles. */
    Bag slide(String id, int n, long seed, int label) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n * dim];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.max(0, r.nextDouble() * 2 - 0.5);
        }
        int side = (int) Math.ceil(Math.sqrt(n));
        int[] x = new int[n];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            x[k] = (k % side) * 256;
            y[k] = (k / side) * 256;
        }
        return Bag.features(id, label, dim, f, null, InstanceLayout.tiles(y, x, 256));
    }

    private interface Work {
        void run() throws IOException;
    }

    private double median(Work w) throws IOException {
        w.run();
        double[] t = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long t0 = System.nanoTime();
            w.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return Stat.median(t);
    }
}
