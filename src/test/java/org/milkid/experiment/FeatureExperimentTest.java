package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.cli.Main;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.report.SlidePanels;
import org.milkid.util.Json;
import picocli.CommandLine;

/**
 * {@code milkid experiment --dataset features} end to end on a planted cohort of CLAM-style HDF5
 * files (key tiles shifted along one direction of the feature space): cross-validation over the
 * slides, the bag and KID figures in results.json and folds.csv, tile heatmaps in place of the
 * pixel panels in report.html, a resume that gives the same files, and a cohort without
 * instance_labels that gets bag figures only.
 */
@Tag("slow")
class FeatureExperimentTest {
    private static final int SLIDES = 32;
    private static final String[] SETTINGS = {"--folds", "2", "--repeats", "2", "--epochs", "25", "--patience", "6",
        "--inversion-iterations", "5", "--methods", "attention,sparse,inst-max,alone", "--lambdas", "0.003,0.006",
        "--panels", "2", "--seed", "3", "--positive-label", "tumor"};

    @TempDir
    static Path dir;
    private static Path data;
    private static Path reference;
    private static Map<String, FeatureFixtures.Slide> slides;

    record Run(int code, String err) {
    }

    /**
     * {@code milkid experiment --dataset features --data DATA} with the settings above, those that
     * {@code more} names replaced by its values, and its flags ({@code --resume}) added.
     */
    static Run experiment(Path data, Path out, String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < SETTINGS.length; i += 2) {
            options.put(SETTINGS[i], SETTINGS[i + 1]);
        }
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < more.length; i++) {
            if (i + 1 < more.length && !more[i + 1].startsWith("--")) {
                options.put(more[i], more[++i]);
            } else {
                flags.add(more[i]);
            }
        }
        List<String> args = new ArrayList<>(List.of("experiment", "--dataset", "features", "--data", data.toString(),
                "--out", out.toString()));
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        args.addAll(flags);
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(String[]::new));
        return new Run(code, err.toString().trim());
    }

    @BeforeAll
    static void runOnce() {
        data = dir.resolve("cohort");
        slides = new HashMap<>();
        FeatureFixtures.cohort(data, SLIDES, 30, 60, 32, 1.5f, 11).forEach(s -> slides.put(s.id(), s));
        reference = dir.resolve("reference");
        Run r = experiment(data, reference);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void resultsHoldHighBagAndKidFiguresOfEveryRun() throws IOException {
        JsonObject results = Json.read(reference.resolve("results.json")).getAsJsonObject();
        assertThat(results.get("dataset").getAsString()).isEqualTo("features");
        assertThat(results.get("defaultKidMethod").getAsString()).isEqualTo("Att-alone");
        JsonObject exp = results.getAsJsonObject("config").getAsJsonObject("experiment");
        assertThat(exp.get("preset").getAsString()).isEqualTo("features");
        assertThat(exp.getAsJsonObject("features").get("positiveLabel").getAsString()).isEqualTo("tumor");
        assertThat(results.get("protocol").getAsString()).contains("over the slides");
        JsonObject methods = results.getAsJsonObject("methods");
        assertThat(methods.keySet()).containsExactly("Att", "Att+sparse", "Inst+max", "Att-alone");
        for (String m : methods.keySet()) {
            JsonObject o = methods.getAsJsonObject(m);
            assertThat(o.getAsJsonObject("bagAccuracy").get("n").getAsInt()).as(m).isEqualTo(4);
            assertThat(o.has("kid")).as(m + " is scored: the files carry instance_labels").isTrue();
            double f1 = o.getAsJsonObject("kid").getAsJsonObject("f1").get("mean").getAsDouble();
            assertThat(f1).as(m + " KID F1").isBetween(0.0, 1.0);
        }
        assertThat(mean(methods, "Att", "bagAuc")).as("Att bag AUC").isGreaterThanOrEqualTo(0.9);
        assertThat(methods.getAsJsonObject("Att-alone").getAsJsonObject("kid").getAsJsonObject("f1").get("mean")
                .getAsDouble()).as("Att-alone KID F1").isGreaterThanOrEqualTo(0.8);
        assertThat(mean(methods, "Att-alone", "bagAccuracy")).as("detectors share Att's bag predictions")
                .isEqualTo(mean(methods, "Att", "bagAccuracy"));
        // every (repeat, fold) run, each with its own seed, learns the planted direction
        for (int r = 0; r < 2; r++) {
            for (int f = 0; f < 2; f++) {
                FoldResult run = FoldResult.read(FoldResult.file(reference, r, f));
                assertThat(run.trainBags() + run.testBags()).isEqualTo(SLIDES);
                FoldResult.Figures att = run.methods().stream().filter(m -> m.method().equals("Att")).findFirst()
                        .orElseThrow();
                FoldResult.Figures alone = run.methods().stream().filter(m -> m.method().equals("Att-alone"))
                        .findFirst().orElseThrow();
                assertThat(att.bagAuc()).as("r%d f%d bag AUC", r, f).isGreaterThanOrEqualTo(0.85);
                assertThat(alone.kid().best().f1()).as("r%d f%d Att-alone F1", r, f).isGreaterThanOrEqualTo(0.7);
            }
        }
        // the data block counts the planted cohort: every slide once per repeat, its key tiles exactly
        long tilesInPositive = 0;
        long keys = 0;
        for (FeatureFixtures.Slide s : slides.values()) {
            if (s.label() == 1) {
                tilesInPositive += s.features().length;
                for (int k : s.instanceLabels()) {
                    keys += k;
                }
            }
        }
        JsonObject all = results.getAsJsonObject("data").getAsJsonObject("all");
        assertThat(all.get("bags").getAsInt()).isEqualTo(2 * SLIDES);
        assertThat(all.get("positiveBags").getAsInt()).isEqualTo(SLIDES);
        assertThat(all.get("positiveInstanceShare").getAsDouble()).isCloseTo((double) keys / tilesInPositive,
                within(1e-6));
    }

    private static double mean(JsonObject methods, String method, String figure) {
        return methods.getAsJsonObject(method).getAsJsonObject(figure).get("mean").getAsDouble();
    }

    @Test
    void foldsCsvHasARowPerRunMethodLambdaAndThreshold() throws IOException {
        List<String> rows = Files.readAllLines(reference.resolve("folds.csv"), StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo(ExperimentSummary.CSV_HEADER);
        // per run: Att, Inst+max and Att-alone 5 thresholds each; Att+sparse 2 lambdas x 5 thresholds
        assertThat(rows).hasSize(1 + 4 * (3 * 5 + 2 * 5));
        int chosenColumn = List.of(ExperimentSummary.CSV_HEADER.split(",")).indexOf("chosen");
        for (String method : List.of("Att", "Att+sparse", "Inst+max", "Att-alone")) {
            List<String[]> chosen = rows.stream().skip(1).map(l -> l.split(",", -1))
                    .filter(c -> c[2].equals(method) && c[chosenColumn].equals("1")).toList();
            assertThat(chosen).as(method + ": one chosen row a run").hasSize(4);
        }
    }

    @Test
    void reportShowsTileHeatmapsInsteadOfPixelPanels() throws IOException {
        Path panels = reference.resolve("panels");
        JsonObject index = Json.read(panels.resolve("index.json")).getAsJsonObject();
        assertThat(index.get("kind").getAsString()).isEqualTo(SlidePanels.KIND);
        assertThat(index.get("method").getAsString()).isEqualTo("Att-alone");
        assertThat(index.getAsJsonArray("bags")).hasSize(2);
        List<String> files;
        try (Stream<Path> s = Files.list(panels)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).hasSize(3).contains("index.json").allMatch(n -> n.equals("index.json")
                || n.endsWith("-heatmap.png"));
        for (JsonElement e : index.getAsJsonArray("bags")) {
            JsonObject b = e.getAsJsonObject();
            FeatureFixtures.Slide s = slides.get(b.get("bag").getAsString());
            assertThat(s.label()).as("a positive test slide").isEqualTo(1);
            assertThat(b.get("instances").getAsInt()).isEqualTo(s.features().length);
            BufferedImage img = ImageIO.read(panels.resolve(b.getAsJsonObject("panels").get(SlidePanels.HEATMAP)
                    .getAsString()).toFile());
            assertThat(img.getWidth()).isPositive();
        }
        String html = Files.readString(reference.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("whole slides (feature bags)").contains("Key tiles of a few positive test slides")
                .contains("Heatmaps of test slides").contains("tile heatmaps of Att-alone")
                .doesNotContain("class=\"panel\"").doesNotContain("(a) the bag");
        assertThat(TinyExperiment.count(html, "<figure class=\"heatmap\"><img src=\"data:image/png;base64,")).isEqualTo(2);
    }

    @Test
    void resumeRedoesOnlyTheMissingRunsAndGivesTheSameFiles() throws IOException {
        Path out = dir.resolve("resumed");
        TinyExperiment.copyTree(reference, out);
        for (String gone : List.of("runs/r0-f1.json", "runs/r1-f0.json", "runs/r1-f1.json", "runs/r1-data.json",
                "results.json", "folds.csv", "report.html")) {
            Files.delete(out.resolve(gone));
        }
        Files.writeString(out.resolve(".folds.csv.milkid-tmp-1"), "half a file of a killed run");

        Run other = experiment(data, out, "--resume", "--tile-size", "512");
        assertThat(other.code()).isEqualTo(Main.USER_ERROR);
        assertThat(other.err()).contains("--resume").contains("other settings").contains("features");
        Run r = experiment(data, out, "--resume");
        assertThat(r.code()).as(r.err()).isZero();
        SameResults.assertSame(reference, out);
        JsonObject time = Json.read(out.resolve("results.json")).getAsJsonObject().getAsJsonObject("time");
        assertThat(time.get("runsThisInvocation").getAsInt()).isEqualTo(3);
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".milkid-"));
        }
    }

    @Test
    void slidesWithoutInstanceLabelsGetBagFiguresOnly() throws IOException {
        Path plain = dir.resolve("unlabelled");
        for (FeatureFixtures.Slide s : FeatureFixtures.cohort(plain, 12, 20, 40, 8, 1.5f, 5)) {
            FeatureFixtures.write(plain.resolve("h5_files").resolve(s.id() + ".h5"), new FeatureFixtures.Slide(s.id(),
                    s.label(), s.features(), s.coords(), null), 32, 256);
        }
        Path out = dir.resolve("unlabelled-out");
        Run r = experiment(plain, out, "--repeats", "1", "--epochs", "3", "--methods", "attention,alone");
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject results = Json.read(out.resolve("results.json")).getAsJsonObject();
        for (String m : List.of("Att", "Att-alone")) {
            JsonObject o = results.getAsJsonObject("methods").getAsJsonObject(m);
            assertThat(o.has("kid")).as(m).isFalse();
            assertThat(o.getAsJsonObject("bagAccuracy").get("n").getAsInt()).isEqualTo(2);
        }
        assertThat(Files.readAllLines(out.resolve("folds.csv"))).hasSize(1 + 2 * 2);
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("KID cannot be scored").contains("no tile labels");
        assertThat(TinyExperiment.count(html, "<figure class=\"heatmap\">")).isEqualTo(2);
    }
}
