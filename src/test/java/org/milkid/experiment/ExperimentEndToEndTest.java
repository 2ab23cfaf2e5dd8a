package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidScores;
import org.milkid.report.Report;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsCodec;
import org.milkid.util.Json;

/**
 * A tiny experiment end to end (G = 2, 2 folds x 2 repeats, 1 epoch, 2 inversion iterations):
 * the files it writes and their schema, --resume, and a report.html that embeds its figures and
 * needs no network.
 */
@Tag("slow")
class ExperimentEndToEndTest {
    private static final int RUNS = 4;
    private static final int THRESHOLDS = 5;
    private static final int LAMBDAS = 6;

    @Test
    void writesEveryFileWithItsSchema() throws IOException {
        Path out = TinyExperiment.output();
        for (String f : List.of("experiment.json", "results.json", "folds.csv", "report.html", "panels/index.json")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        for (int r = 0; r < 2; r++) {
            for (int f = 0; f < 2; f++) {
                assertThat(FoldResult.file(out, r, f)).isRegularFile();
                FoldResult run = FoldResult.read(FoldResult.file(out, r, f));
                assertThat(run.repeat()).isEqualTo(r);
                assertThat(run.fold()).isEqualTo(f);
                assertThat(run.methods()).extracting(FoldResult.Figures::method)
                        .containsExactly("Att", "Att+sparse", "Inst+max");
                assertThat(run.training()).extracting(FoldResult.Training::model).containsExactly("Att", "Inst+max");
            }
        }
        JsonObject results = Json.read(out.resolve("results.json")).getAsJsonObject();
        assertThat(results.get("dataset").getAsString()).isEqualTo("mnist-bags");
        JsonObject methods = results.getAsJsonObject("methods");
        assertThat(methods.keySet()).containsExactly("Att", "Att+sparse", "Inst+max");
        for (Map.Entry<String, JsonElement> e : methods.entrySet()) {
            JsonObject m = e.getValue().getAsJsonObject();
            assertStat(m.get("bagAccuracy"), RUNS);
            assertStat(m.get("bagAuc"), -1);
            JsonObject kid = m.getAsJsonObject("kid");
            for (String k : List.of("f1", "precision", "recall", "averagePrecision", "auroc", "ndcg", "aopcR")) {
                assertKidStat(kid.get(k), RUNS);
            }
            assertThat(kid.getAsJsonArray("perThreshold")).hasSize(THRESHOLDS);
        }
        assertStat(methods.getAsJsonObject("Att+sparse").get("lambda"), RUNS);
        assertThat(methods.getAsJsonObject("Att+sparse").getAsJsonArray("perLambda")).hasSize(LAMBDAS);
        // the experiment's own blocks
        assertThat(results.getAsJsonObject("runs").get("finished").getAsInt()).isEqualTo(RUNS);
        JsonObject all = results.getAsJsonObject("data").getAsJsonObject("all");
        assertThat(all.get("bags").getAsInt()).isEqualTo(2 * (24 + 8));
        assertThat(all.get("positiveBagShare").getAsDouble()).isEqualTo(0.5);
        assertThat(all.get("meanBagSize").getAsDouble()).isEqualTo(4.0);
        JsonObject time = results.getAsJsonObject("time");
        assertThat(time.get("estimatedSeconds").getAsDouble()).isPositive();
        assertThat(time.get("actualSeconds").getAsDouble()).isPositive();
        assertThat(results.getAsJsonObject("training").keySet()).containsExactly("Att", "Inst+max");
        // every run's checkpoint records each model's restarts; results.json sums them per model
        Map<String, Integer> restarts = new java.util.HashMap<>();
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            for (Path f : runs.filter(p -> p.getFileName().toString().matches("r\\d+-f\\d+\\.json")).toList()) {
                for (FoldResult.Training t : FoldResult.read(f).training()) {
                    assertThat(t.restarts()).isBetween(0, org.milkid.train.TrainConfig.DEFAULT_RESTARTS);
                    assertThat(t.abandonedEpochs()).isEqualTo(t.restarts() * org.milkid.train.TrainConfig.DEFAULT_RESTART_AFTER);
                    restarts.merge(t.model(), t.restarts(), Integer::sum);
                }
            }
        }
        assertThat(restarts).containsOnlyKeys("Att", "Inst+max");
        for (String model : List.of("Att", "Inst+max")) {
            JsonObject t = results.getAsJsonObject("training").getAsJsonObject(model);
            assertThat(t.get("restarts").getAsInt()).isEqualTo(restarts.get(model));
            assertThat(t.get("runsRestarted").getAsInt()).isBetween(0, RUNS);
        }
        assertThat(results.has("kidStudy")).isFalse();

        List<String> csv = Files.readAllLines(out.resolve("folds.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).isEqualTo(ExperimentSummary.CSV_HEADER).contains(",average_precision,auroc,ndcg,aopc_r,");
        // Att and Inst+max: one row per threshold; Att+sparse: one per lambda and threshold
        assertThat(csv).hasSize(1 + RUNS * (THRESHOLDS + LAMBDAS * THRESHOLDS + THRESHOLDS));
        for (String row : csv.subList(1, csv.size())) {
            assertThat(row.split(",", -1)).hasSize(14);
        }
        // one chosen row per run and method
        assertThat(csv.stream().filter(l -> l.endsWith(",1"))).hasSize(RUNS * 3);
        // results.json's KID table is recomputed from the chosen rows of folds.csv: one lambda and one
        // threshold per method, the mean of every run's figures there
        List<String> header = List.of(csv.get(0).split(","));
        for (String method : methods.keySet()) {
            List<String[]> chosen = csv.stream().skip(1).map(l -> l.split(",", -1))
                    .filter(c -> c[2].equals(method) && c[header.indexOf("chosen")].equals("1")).toList();
            assertThat(chosen).as(method).hasSize(RUNS);
            JsonObject kid = methods.getAsJsonObject(method).getAsJsonObject("kid");
            for (String[] c : chosen) {
                assertThat(Double.parseDouble(c[header.indexOf("threshold")])).isEqualTo(kid.get("threshold").getAsDouble());
                assertThat(c[header.indexOf("lambda")]).isEqualTo(chosen.get(0)[header.indexOf("lambda")]);
            }
            for (String[] column : new String[][] {{"f1", "f1"}, {"precision", "precision"}, {"recall", "recall"},
                {"average_precision", "averagePrecision"}, {"auroc", "auroc"}, {"ndcg", "ndcg"},
                {"aopc_r", "aopcR"}}) {
                double mean = chosen.stream().mapToDouble(c -> Double.parseDouble(c[header.indexOf(column[0])]))
                        .average().orElseThrow();
                assertThat(mean).as(method + " " + column[0]).isCloseTo(kid.getAsJsonObject(column[1]).get("mean")
                        .getAsDouble(), within(2e-6));
            }
            if (methods.getAsJsonObject(method).has("lambda")) {
                JsonObject lambda = methods.getAsJsonObject(method).getAsJsonObject("lambda");
                assertThat(Double.parseDouble(chosen.get(0)[header.indexOf("lambda")]))
                        .isCloseTo(lambda.get("mean").getAsDouble(), within(1e-6));
                assertThat(lambda.get("sem").getAsDouble()).isZero();
            }
        }

        JsonObject panels = Json.read(out.resolve("panels/index.json")).getAsJsonObject();
        assertThat(panels.getAsJsonArray("bags")).isNotEmpty();
        try (Stream<Path> pngs = Files.list(out.resolve("panels"))) {
            assertThat(pngs.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void reportEmbedsItsFiguresAndLinksNowhere() throws IOException {
        Path out = TinyExperiment.output();
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("data:image/png;base64,");
        JsonObject index = Json.read(out.resolve("panels/index.json")).getAsJsonObject();
        int panelFiles = 0;
        for (JsonElement b : index.getAsJsonArray("bags")) {
            panelFiles += b.getAsJsonObject().getAsJsonObject("panels").size();
        }
        // every panel embedded, plus the charts
        assertThat(TinyExperiment.count(html, "<img src=\"data:image/png;base64,")).isGreaterThanOrEqualTo(panelFiles + 3);
        Matcher m = Pattern.compile("(?i)\\b(src|href)\\s*=\\s*[\"']?([^\"'\\s>]*)").matcher(html);
        List<String> targets = new ArrayList<>();
        while (m.find()) {
            targets.add(m.group(2));
        }
        assertThat(targets).isNotEmpty().allMatch(t -> t.startsWith("data:image/png;base64,") || t.startsWith("#"));
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)");
        assertThat(html).doesNotContainPattern("(?i)url\\(").doesNotContain("<script").doesNotContain("<link");
        for (String section : List.of("Settings and provenance", "Running time", "Tables I and II", "Table III",
                "Key instance detection", "Where milkid differs from the paper", "(g) ground truth")) {
            assertThat(html).contains(section);
        }
        assertThat(html).contains("0.996").contains("10.2%");
    }

    @Test
    void reportEscapesEveryText(@TempDir Path dir) throws IOException {
        Path out = TinyExperiment.output();
        JsonObject results = Json.read(out.resolve("results.json")).getAsJsonObject();
        results.getAsJsonArray("notes").add("<script>alert('x')</script> & <img src=http://example.org/a.png>");
        Files.createDirectories(dir);
        Json.write(dir.resolve("results.json"), results);
        String html = Files.readString(Report.write(dir), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script>").doesNotContain("<img src=http")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=http://example.org/a.png&gt;")
                .contains("No panels were written");
    }

    @Test
    void resumeSkipsFinishedRunsAndRefusesOtherSettings(@TempDir Path dir) throws IOException {
        Path src = TinyExperiment.output();
        Path out = dir.resolve("out");
        TinyExperiment.copyTree(src, out);
        Files.delete(FoldResult.file(out, 1, 0));
        Path kept = FoldResult.file(out, 0, 1);
        String keptBefore = Files.readString(kept);
        long keptTime = Files.getLastModifiedTime(kept).toMillis();

        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), TinyExperiment.recorder(new ArrayList<>())))
                .hasMessageContaining("--resume");
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out).withEpochs(2).withResume(true),
                TinyExperiment.recorder(new ArrayList<>()))).hasMessageContaining("epochs");

        List<String> messages = new ArrayList<>();
        Experiment e = Experiment.prepare(TinyExperiment.config(out).withResume(true), TinyExperiment.recorder(messages));
        assertThat(e.plan().runsToDo()).isEqualTo(1);
        JsonObject results = ResultsCodec.encode(e.run());
        assertThat(messages.stream().filter(s -> s.contains("skipped (--resume)"))).hasSize(3);
        assertThat(messages.stream().filter(s -> s.contains("training on"))).hasSize(1)
                .allMatch(s -> s.startsWith("r2/2 f1/2"));
        assertThat(FoldResult.file(out, 1, 0)).isRegularFile();
        assertThat(Files.readString(kept)).isEqualTo(keptBefore);
        assertThat(Files.getLastModifiedTime(kept).toMillis()).isEqualTo(keptTime);
        assertThat(results.getAsJsonObject("runs").get("finished").getAsInt()).isEqualTo(RUNS);
        assertThat(results.getAsJsonObject("time").get("runsThisInvocation").getAsInt()).isEqualTo(1);
        // the re-run fold reproduces the deleted one: same seed, same numbers
        FoldResult again = FoldResult.read(FoldResult.file(out, 1, 0));
        FoldResult first = FoldResult.read(FoldResult.file(src, 1, 0));
        assertThat(again.methods().get(0).bagAccuracy()).isEqualTo(first.methods().get(0).bagAccuracy());
        assertThat(again.methods().get(0).kid().perThreshold()).isEqualTo(first.methods().get(0).kid().perThreshold());
    }

    @Test
    void kidStudyChoosesMilkidsSettingsOnDevelopmentBags(@TempDir Path dir) throws IOException {
        ExperimentConfig cfg = ExperimentPresets.kidStudy(dir.resolve("out"))
                .withMnist(new MnistBagsConfig(2, 9, 16, 6, 3, null)).withFolds(2).withRepeats(1).withEpochs(1)
                .withPatience(0).withInversionIterations(2).withDevBags(4).withPanelBags(0)
                .withMethods(List.of(KidMethod.ATT, KidMethod.ATT_SPARSE, KidMethod.ATT_ALONE, KidMethod.ATT_SPARSE_LOGIT));
        JsonObject results = ResultsCodec.encode(Experiment.prepare(cfg, TinyExperiment.recorder(new ArrayList<>())).run());
        JsonObject study = results.getAsJsonObject("kidStudy");
        assertThat(study.get("devBags").getAsInt()).isEqualTo(4);
        JsonObject m = study.getAsJsonObject("methods");
        assertThat(m.getAsJsonObject("Att").get("selection").getAsString()).isEqualTo("test");
        assertThat(m.getAsJsonObject("Att+sparse").get("selection").getAsString()).isEqualTo("test");
        assertThat(m.getAsJsonObject("Att-alone").get("selection").getAsString()).isEqualTo("development");
        assertThat(m.getAsJsonObject("Att+sparse-logit").get("selection").getAsString()).isEqualTo("development");
        assertKidStat(m.getAsJsonObject("Att-alone").get("f1"), 2);
        assertThat(results.getAsJsonObject("ci95Method").get("runs").getAsString()).contains("Student's t");
        assertStat(m.getAsJsonObject("Att+sparse-logit").get("lambda"), 2);
        for (int f = 0; f < 2; f++) {
            FoldResult run = FoldResult.read(FoldResult.file(cfg.out(), 0, f));
            assertThat(run.devBags()).isEqualTo(4);
            FoldResult.Figures logit = run.methods().get(3);
            assertThat(logit.onDevelopment()).isTrue();
            // the test bags ran with the one lambda chosen on the development bags
            assertThat(logit.perLambda()).hasSize(1);
            assertThat((double) logit.perLambda().get(0).lambda()).isEqualTo(logit.lambda());
            // milkid's methods choose their threshold from the fine grid; the paper's keep the paper's grid
            assertThat(KidScores.FINE_THRESHOLDS).contains(logit.devThreshold());
            assertThat(logit.kid().perThreshold()).hasSize(KidScores.FINE_THRESHOLDS.length);
            assertThat(run.methods().get(0).onDevelopment()).isFalse();
            assertThat(run.methods().get(0).kid().perThreshold()).hasSize(cfg.thresholds().size());
        }
        String html = Files.readString(cfg.out().resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("KID study").contains("development bags").contains("test (optimistic)");
    }

    @Test
    void kidStudyPresetIsThreePartsAndTheStudyReportSetsThemSideBySide(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("study");
        List<ExperimentConfig> all = ExperimentPresets.presetParts("kid-study", null, out);
        assertThat(all).extracting(c -> c.mnist().grid()).containsExactly(10, 10, 20);
        assertThat(all).extracting(c -> c.mnist().targetDigit()).containsExactly(9, 4, 9);
        assertThat(all).extracting(ExperimentConfig::out).containsExactly(out.resolve("grid-10"), out.resolve("digit-4"),
                out.resolve("grid-20"));
        assertThat(Study.title(all.get(1))).isEqualTo("MNIST-bags G = 10, digit 4");
        List<ExperimentConfig> parts = List.of(all.get(0), all.get(2));
        assertThat(ExperimentPresets.presetParts("quick-mnist", null, out)).extracting(ExperimentConfig::out)
                .containsExactly(out);
        List<ExperimentConfig> tiny = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tiny.add(parts.get(i).withMnist(new MnistBagsConfig(2 + i, 9, 8, 4, 3, null)).withFolds(2).withRepeats(1)
                    .withEpochs(1).withPatience(0).withInversionIterations(1).withDevBags(2).withPanelBags(0)
                    .withMethods(List.of(KidMethod.ATT, KidMethod.ATT_ALONE)));
        }
        Study study = Study.prepare(out, tiny, TinyExperiment.recorder(new ArrayList<>()));
        assertThat(study.describe()).contains("part grid-10").contains("part grid-20").contains("2 parts");
        List<ExperimentResults> results = study.run();
        assertThat(results).hasSize(2);
        assertThat(results.get(1).table().config().getAsJsonObject("experiment").getAsJsonObject("mnist").get("grid").getAsInt())
                .isEqualTo(3);
        JsonObject index = Json.read(out.resolve("study.json")).getAsJsonObject();
        assertThat(index.getAsJsonArray("parts")).hasSize(2);
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("F1, MNIST-bags G = 2").contains("F1, MNIST-bags G = 3").contains("Att-alone")
                .contains("href=\"grid-20/report.html\"");
        assertThat(out.resolve("grid-10").resolve("results.json")).isRegularFile();
        // the study page is rebuilt by `milkid report` from the study folder alone
        Files.delete(out.resolve("report.html"));
        Report.write(out);
        assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8)).isEqualTo(html);
    }

    @Test
    void histopathologyWithoutInstanceLabelsReportsBagMetricsOnly(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("breast"));
        java.util.Random rng = new java.util.Random(4);
        for (int i = 0; i < 8; i++) {
            boolean malignant = i % 2 == 1;
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int v = 120 + rng.nextInt(60) - (malignant && x < 32 && y < 32 ? 80 : 0);
                    img.setRGB(x, y, (v << 16) | ((v / 2) << 8) | 140);
                }
            }
            String name = "ytma10_0107" + i + "_" + (malignant ? "malignant" : "benign") + i + "_ccd.tif";
            assertThat(javax.imageio.ImageIO.write(img, "tif", data.resolve(name).toFile())).isTrue();
        }
        ExperimentConfig cfg = ExperimentPresets.paperBreast(data, dir.resolve("out")).withRepeats(1).withEpochs(1)
                .withInversionIterations(2).withPanelBags(1)
                .withMethods(List.of(KidMethod.ATT, KidMethod.ATT_SPARSE, KidMethod.INST_MAX));
        assertThat(cfg.folds()).isEqualTo(10);
        cfg = cfg.withFolds(2);
        JsonObject results = ResultsCodec.encode(Experiment.prepare(cfg, TinyExperiment.recorder(new ArrayList<>())).run());
        JsonObject att = results.getAsJsonObject("methods").getAsJsonObject("Att");
        assertStat(att.get("bagAccuracy"), 2);
        assertThat(att.has("kid")).isFalse();
        assertThat(results.getAsJsonObject("data").getAsJsonObject("all").get("bags").getAsInt()).isEqualTo(8);
        assertThat(results.getAsJsonObject("data").getAsJsonObject("all").get("positiveInstanceShare").isJsonNull())
                .isTrue();
        List<String> csv = Files.readAllLines(cfg.out().resolve("folds.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(1 + 2 * 3);
        String html = Files.readString(cfg.out().resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("BREAST CANCER").contains("0.718").contains("44.8%")
                .contains("KID cannot be scored");
    }

    /** A KID metric over n >= 2 runs: mean, sem, n and Student's t interval of the mean. */
    private static void assertKidStat(JsonElement e, int n) {
        JsonObject o = e.getAsJsonObject();
        assertThat(o.keySet()).containsExactlyInAnyOrder("mean", "sem", "n", "ci95");
        assertThat(o.get("n").getAsInt()).isEqualTo(n);
        double mean = o.get("mean").getAsDouble();
        double half = org.milkid.eval.Stat.tQuantile975(n - 1) * o.get("sem").getAsDouble();
        assertThat(o.getAsJsonArray("ci95").get(0).getAsDouble()).isCloseTo(mean - half, within(2e-6));
        assertThat(o.getAsJsonArray("ci95").get(1).getAsDouble()).isCloseTo(mean + half, within(2e-6));
    }

    private static void assertStat(JsonElement e, int n) {
        JsonObject o = e.getAsJsonObject();
        assertThat(o.keySet()).containsExactlyInAnyOrder("mean", "sem", "n");
        if (n >= 0) {
            assertThat(o.get("n").getAsInt()).isEqualTo(n);
        }
    }
}
