package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.cli.Main;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.results.ResultsTable;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/** A tiny demo end to end: results.json in the documented schema, and detect on the demo's model. */
class DemoTest {

    @Test
    void tinyDemoWritesResultsAndModelsThatDetectCanUse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        // 6 test bags of 2 x 2 digits, half positive: every positive bag holds a nine, so every method
        // has KID figures to score
        DemoConfig cfg = new DemoConfig(new MnistBagsConfig(2, 9, 24, 6, 3, null), 1, 0, 2, 0, 2, out);
        Demo.Outcome outcome = Demo.run(cfg, Progress.NONE);
        JsonObject r = Json.read(out.resolve("results.json")).getAsJsonObject();
        assertThat(r.get("dataset").getAsString()).isEqualTo("mnist-bags");
        assertThat(r.get("defaultKidMethod").getAsString()).isEqualTo("Att-alone");
        assertThat(r.has("config")).isTrue();
        assertThat(r.getAsJsonObject("provenance").getAsJsonObject("versions").get("djl").getAsString())
                .isEqualTo("0.36.0");
        JsonObject cpu = r.getAsJsonObject("provenance").getAsJsonObject("cpu");
        assertThat(cpu.get("model").getAsString()).isEqualTo(org.milkid.platform.CpuInfo.current().model());
        assertThat(r.getAsJsonObject("provenance").getAsJsonObject("versions").has("commit")).isTrue();
        JsonObject methods = r.getAsJsonObject("methods");
        assertThat(methods.keySet()).containsExactly("Att", "Att+inv", "Att+sparse", "Inst+max", "Inst+mean",
                "Att-alone");
        for (String m : methods.keySet()) {
            JsonObject acc = methods.getAsJsonObject(m).getAsJsonObject("bagAccuracy");
            assertThat(acc.keySet()).contains("mean", "sem", "n");
            assertThat(acc.get("n").getAsInt()).isEqualTo(1);
        }
        JsonObject sparse = methods.getAsJsonObject("Att+sparse");
        assertThat(sparse.getAsJsonObject("lambda").keySet()).contains("mean", "sem", "n");

        JsonObject test = r.getAsJsonObject("testBags");
        assertThat(test.get("bags").getAsInt()).isEqualTo(6);
        assertThat(test.get("positive").getAsInt()).isEqualTo(3);
        int keys = test.get("keyInstances").getAsInt();
        assertThat(keys).isBetween(3, 12);
        assertThat(r.getAsJsonObject("ci95Method").get("resamples").getAsInt()).isEqualTo(2000);
        for (String m : methods.keySet()) {
            JsonObject kid = methods.getAsJsonObject(m).getAsJsonObject("kid");
            assertThat(kid).as(m + " has KID figures").isNotNull();
            assertThat(kid.keySet()).contains("f1", "precision", "recall", "averagePrecision", "auroc", "ndcg", "aopcR", "threshold");
            assertThat(kid.getAsJsonObject("positiveBags").get("mean").getAsInt()).isEqualTo(3);
            assertThat(kid.getAsJsonObject("keyInstances").get("mean").getAsInt()).isEqualTo(keys);
            for (String metric : List.of("f1", "precision", "recall", "averagePrecision", "auroc", "ndcg", "aopcR")) {
                JsonObject o = kid.getAsJsonObject(metric);
                double mean = o.get("mean").getAsDouble();
                JsonArray ci = o.getAsJsonArray("ci95");
                assertThat(ci).as(m + " " + metric + " ci95").hasSize(2);
                double lo = ci.get(0).getAsDouble();
                double hi = ci.get(1).getAsDouble();
                // AOPC-R is a difference of probability drops: in [-1, 1]; the others in [0, 1]
                assertThat(lo).as(m + " " + metric).isBetween(metric.equals("aopcR") ? -1.0 : 0.0, mean);
                assertThat(hi).as(m + " " + metric).isBetween(mean, 1.0);
            }
        }
        assertThat(ResultsTable.format(outcome.results())).contains("Att-alone").containsPattern("\\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\]");
        assertThat(outcome.notes()).anyMatch(n -> n.startsWith("KID F1 of Att-alone"));
        // the cut inversions are said, in the notes and per method
        assertThat(outcome.notes()).anyMatch(n -> n.startsWith("Every inversion cut to 2 iterations"));
        assertThat(methods.getAsJsonObject("Att+inv").get("inversionIterations").getAsInt()).isEqualTo(2);
        assertThat(methods.getAsJsonObject("Att+sparse").get("inversionIterations").getAsInt()).isEqualTo(2);
        assertThat(methods.getAsJsonObject("Att").has("inversionIterations")).isFalse();

        // report.html: the demo's page, with its KID table and the panels of two positive test bags
        assertThat(outcome.report()).isEqualTo(out.resolve("report.html"));
        String html = Files.readString(outcome.report());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("milkid demo on ")
                .contains("Key instance detection").contains("Att-alone").endsWith("</html>\n");
        JsonArray panelBags = Json.read(out.resolve("panels").resolve("index.json")).getAsJsonObject()
                .getAsJsonArray("bags");
        assertThat(panelBags).hasSize(2);
        assertThat(html.split("<img ", -1).length - 1).as("panel and chart images")
                .isGreaterThanOrEqualTo(2 * 5 + 1);
        Path model = out.resolve("models").resolve("attention");
        assertThat(model.resolve("model.json")).exists();
        assertThat(Json.read(model.resolve("model.json")).getAsJsonObject().getAsJsonObject("provenance")
                .getAsJsonObject("cpu").get("onednnIsaCap").getAsString()).isNotBlank();

        Path kid = dir.resolve("kid");
        int code = Main.commandLine().execute("detect", "--model", model.toString(), "--iterations", "2",
                "--method", "sparse", "--lambda", "0.001", "--out", kid.toString());
        assertThat(code).isZero();
        assertThat(kid.resolve("instances.csv")).exists();
        assertThat(Files.readAllLines(kid.resolve("instances.csv")).get(0)).isEqualTo(
                "bag,instance,true_label,bag_probability,score_before,score_after,predicted_key");
        // 6 test bags of 4 instances: a header and 24 rows
        assertThat(Files.readAllLines(kid.resolve("instances.csv"))).hasSize(25);
        JsonObject summary = Json.read(kid.resolve("summary.json")).getAsJsonObject();
        assertThat(summary.get("method").getAsString()).isEqualTo("Att+sparse");
        assertThat(summary.get("dataset").getAsString()).isEqualTo("mnist-bags");
    }
}
