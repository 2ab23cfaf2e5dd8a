package org.milkid.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.app.DetectJob;
import org.milkid.app.DetectRequest;
import org.milkid.app.TrainJob;
import org.milkid.app.TrainRequest;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.ModelKind;
import org.milkid.results.DetectSummary;
import org.milkid.results.ResultsCodec;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * Issue 16's promise for {@code detect --spark}: on a tiny MNIST-bags model and a tiny cohort of
 * feature bags, detecting the test bags in Spark tasks ({@code local[2]}, a few groups of bags per
 * slot) writes the same instances.csv, summary.json (timings aside), mosaics, GeoJSON files and
 * heatmaps as the sequential run, for a per-bag method (Att-alone), a lambda-sweeping one (the sparse
 * inversion, a few iterations) and the self-training one (fitted on the driver); a bad master is
 * refused before anything is read.
 */
@Tag("slow")
class SparkDetectTest {
    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static Path mnistModel;
    private static Path slideModel;

    @BeforeAll
    static void trainTinyModels() throws IOException {
        mnistModel = dir.resolve("mnist-model");
        DatasetSpec mnist = DatasetSpec.mnist(new MnistBagsConfig(2, 9, 40, 12, 3, null));
        TrainJob.run(new TrainRequest(mnist, ModelKind.ATTENTION,
                Datasets.trainDefaults("mnist-bags", 3).withEpochs(4).withPatience(0), mnistModel), Progress.NONE);
        Path data = dir.resolve("cohort");
        FeatureFixtures.cohort(data, 24, 10, 30, 16, 1.5f, 5);
        slideModel = dir.resolve("slide-model");
        DatasetSpec slides = new DatasetSpec("features", null, data, 0, 0.25, 5, false,
                new FeatureBagsConfig(null, "tumor", 0));
        TrainJob.run(new TrainRequest(slides, ModelKind.ATTENTION,
                Datasets.trainDefaults("features", 5).withEpochs(10).withPatience(0), slideModel), Progress.NONE);
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("milkid test")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void attAloneOnMnistBagsGivesTheSequentialFilesFromOneTaskPerGroup() throws Exception {
        sc.setJobGroup("alone", "detect alone", false);
        DetectSummary s = assertSameFiles(mnistModel, "alone", b -> b.method("alone"));
        assertThat(s.bags()).isEqualTo(12);
        // 12 bags dealt into 4 groups per task slot of local[2]: 8 groups, 8 tasks
        SparkJobInfo job = sc.statusTracker().getJobInfo(sc.statusTracker().getJobIdsForGroup("alone")[0]);
        SparkStageInfo stage = sc.statusTracker().getStageInfo(job.stageIds()[0]);
        assertThat(stage.numTasks()).isEqualTo(8);
    }

    @Test
    void theSparseSweepOnMnistBagsGivesTheSequentialFiles() throws Exception {
        DetectSummary s = assertSameFiles(mnistModel, "sparse", b -> b.method("sparse").iterations(3)
                .lambdas(List.of(0.0005f, 0.002f, 0.01f)));
        assertThat(s.perLambda()).hasSize(3);
        try (Stream<Path> files = Files.list(dir.resolve("sparse-spark").resolve("mosaics"))) {
            // the inverted pixels of the positive bags came back from the tasks
            assertThat(files.filter(p -> p.toString().endsWith("-b-refined.png")).count()).isPositive();
        }
    }

    @Test
    void selfTrainingFittedOnTheDriverGivesTheSequentialFiles() throws Exception {
        assertSameFiles(mnistModel, "selftrain", b -> b.method("selftrain"));
    }

    @Test
    void milliWhoseDrawsAreSeededByTheBagGivesTheSequentialFiles() throws Exception {
        assertSameFiles(mnistModel, "milli", b -> b.method("milli"));
    }

    @Test
    void featureBagsGiveTheSequentialFilesGeoJsonAndHeatmapsIncluded() throws Exception {
        DetectSummary s = assertSameFiles(slideModel, "slides-alone", b -> b.method("alone"));
        assertThat(s.dataset()).isEqualTo("features");
        assertThat(dir.resolve("slides-alone-spark").resolve("geojson")).isNotEmptyDirectory();
        assertSameFiles(slideModel, "slides-sparse", b -> b.method("sparse").iterations(3)
                .lambdas(List.of(0.001f, 0.01f)));
    }

    @Test
    void aBadMasterIsRefusedBeforeAnythingIsRead() {
        Path out = dir.resolve("bad-master");
        assertThatThrownBy(() -> DetectJob.run(DetectRequest.builder(dir.resolve("no-model"), out).spark("local[0]")
                .build(), Progress.NONE)).isInstanceOf(BadInputException.class)
                .hasMessage("--spark: 'local[0]' is not a Spark master URL (" + SparkRunSchedulerFactory.MASTERS + ")");
        assertThat(out).doesNotExist();
    }

    /**
     * Detects with {@code options} sequentially and on Spark and checks the two output folders hold
     * the same files, byte for byte (summary.json timings aside); returns the Spark run's summary.
     */
    private static DetectSummary assertSameFiles(Path model, String name, UnaryOperator<DetectRequest.Builder> options)
            throws IOException {
        Path seq = dir.resolve(name + "-seq");
        Path spark = dir.resolve(name + "-spark");
        DetectJob.run(options.apply(DetectRequest.builder(model, seq)).build(), null, Progress.NONE);
        DetectSummary s;
        try (SparkBagScheduler scheduler = SparkBagScheduler.on(sc)) {
            s = DetectJob.run(options.apply(DetectRequest.builder(model, spark)).build(), scheduler, Progress.NONE);
        }
        List<Path> files = files(seq);
        assertThat(files(spark)).isEqualTo(files);
        assertThat(files).contains(Path.of("instances.csv"), Path.of("summary.json"));
        for (Path f : files) {
            if (f.equals(Path.of("summary.json"))) {
                assertThat(ResultsCodec.withoutTimings(Json.read(spark.resolve(f)).getAsJsonObject()))
                        .isEqualTo(ResultsCodec.withoutTimings(Json.read(seq.resolve(f)).getAsJsonObject()));
            } else {
                assertThat(Files.readAllBytes(spark.resolve(f))).as(name + ": " + f)
                        .isEqualTo(Files.readAllBytes(seq.resolve(f)));
            }
        }
        return s;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
