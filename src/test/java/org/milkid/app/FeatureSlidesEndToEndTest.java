package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidScores;
import org.milkid.experiment.DevelopmentThreshold;
import org.milkid.model.MilModel;
import org.milkid.model.ModelKind;
import org.milkid.results.ResultsCodec;
import org.milkid.slide.QuPathGeoJson;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * {@code train} then {@code detect} on a folder of CLAM-style feature files: the model file, the
 * summary, one GeoJSON file per test slide whose squares sit on the slide's coords, and heatmaps.
 */
class FeatureSlidesEndToEndTest {

    @Test
    void trainThenDetectWritesGeoJsonAndHeatmapsPerSlide(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        List<FeatureFixtures.Slide> slides = FeatureFixtures.cohort(data, 40, 30, 90, 32, 1.5f, 4);
        Map<String, FeatureFixtures.Slide> byId = new HashMap<>();
        slides.forEach(s -> byId.put(s.id(), s));
        DatasetSpec spec = new DatasetSpec("features", null, data, 0, 0.25, 4, false,
                new FeatureBagsConfig(null, "tumor", 0));
        TrainConfig tc = Datasets.trainDefaults("features", 4).withEpochs(30).withPatience(6);
        Path model = dir.resolve("model");
        TrainJob.Outcome o = TrainJob.run(new TrainRequest(spec, ModelKind.ATTENTION, tc, model), Progress.NONE);
        assertThat(o.testBags()).isEqualTo(10);
        assertThat(o.testAuc()).isGreaterThanOrEqualTo(0.9);

        Path out = dir.resolve("kid");
        JsonObject summary = ResultsCodec.encode(DetectJob.run(DetectRequest.builder(model, out).method("alone")
                .tileSize(512).build(), Progress.NONE));
        assertThat(summary.get("dataset").getAsString()).isEqualTo("features");
        // key instances are marked at the threshold chosen on the development bags at training time
        DevelopmentThreshold stored;
        try (MilModel m = MilModel.load(model)) {
            stored = DevelopmentThreshold.of(m.provenance());
        }
        assertThat(stored).isNotNull();
        assertThat(stored.method()).isEqualTo(KidMethod.ATT_ALONE.key());
        assertThat(KidScores.FINE_THRESHOLDS).contains(stored.threshold());
        assertThat(stored.positiveBags()).isPositive();
        assertThat(summary.get("threshold").getAsDouble()).isEqualTo(stored.threshold());
        assertThat(summary.get("thresholdFrom").getAsString()).contains("development bags");
        assertThat(summary.getAsJsonObject("kid").get("threshold").getAsDouble()).isEqualTo(stored.threshold());
        assertThat(summary.getAsJsonObject("kid").get("f1").getAsDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(out.resolve("instances.csv")).exists();
        assertThat(out.resolve("mosaics")).doesNotExist();
        List<Path> geojson;
        try (var files = Files.list(out.resolve("geojson"))) {
            geojson = files.sorted().toList();
        }
        assertThat(geojson).hasSize(10);
        for (Path file : geojson) {
            String id = file.getFileName().toString().replace(".geojson", "");
            FeatureFixtures.Slide s = byId.get(id);
            List<QuPathGeoJson.Feature> features = QuPathGeoJson.read(file);
            assertThat(features).hasSize(s.features().length);
            for (QuPathGeoJson.Feature f : features) {
                int[] xy = s.coords()[f.tileIndex()];
                assertThat(f.ring()).hasNumberOfRows(5);
                assertThat(f.ring()[0]).containsExactly(xy[0], xy[1]);
                assertThat(f.ring()[2]).as("--tile-size 512").containsExactly(xy[0] + 512, xy[1] + 512);
                assertThat(f.measurements().get("true key")).isEqualTo(s.instanceLabels()[f.tileIndex()]);
            }
            assertThat(ImageIO.read(out.resolve("heatmaps").resolve(id + ".png").toFile())).isNotNull();
        }
        Path sparse = dir.resolve("sparse");
        JsonObject s = ResultsCodec.encode(DetectJob.run(DetectRequest.builder(model, sparse).method("sparse")
                .lambdas(List.of(0.003f)).iterations(10).build(), Progress.NONE));
        assertThat(sparse.resolve("geojson")).isDirectory();
        // no threshold stored for Att+sparse: the fallback, said so
        assertThat(s.get("threshold").getAsDouble()).isEqualTo(DetectJob.FALLBACK_THRESHOLD);
        assertThat(s.get("thresholdFrom").getAsString()).contains("--threshold");
        Path given = dir.resolve("given");
        JsonObject g = ResultsCodec.encode(DetectJob.run(DetectRequest.builder(model, given).method("alone")
                .threshold(0.35).mosaics(0).build(), Progress.NONE));
        assertThat(g.get("threshold").getAsDouble()).isEqualTo(0.35);
        assertThat(g.get("thresholdFrom").getAsString()).isEqualTo("--threshold");
        List<String[]> rows = Files.readAllLines(given.resolve("instances.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        assertThat(rows.stream().filter(c -> c[6].equals("1"))).isNotEmpty()
                .allSatisfy(c -> assertThat(Double.parseDouble(c[5])).isGreaterThanOrEqualTo(0.35 - 1e-6));
        assertThat(rows.stream().filter(c -> c[6].equals("0") && Double.parseDouble(c[3]) > 0.5 + 1e-6))
                .allSatisfy(c -> assertThat(Double.parseDouble(c[5])).isLessThan(0.35 + 1e-6));
    }
}
