package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.cli.Main;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/** A tiny demo end to end: results.json in the documented schema, and detect on the demo's model. */
class DemoTest {

    @Test
    void tinyDemoWritesResultsAndModelsThatDetectCanUse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        DemoConfig cfg = new DemoConfig(new MnistBagsConfig(2, 9, 24, 6, 3, null), 1, 0, 2, 0, 2, out);
        Demo.run(cfg, Progress.NONE);
        JsonObject r = Json.read(out.resolve("results.json")).getAsJsonObject();
        assertThat(r.get("dataset").getAsString()).isEqualTo("mnist-bags");
        assertThat(r.get("defaultKidMethod").getAsString()).isEqualTo("Att-alone");
        assertThat(r.has("config")).isTrue();
        assertThat(r.getAsJsonObject("provenance").getAsJsonObject("versions").get("djl").getAsString())
                .isEqualTo("0.36.0");
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
        if (sparse.has("kid")) {
            assertThat(sparse.getAsJsonObject("kid").keySet()).contains("f1", "precision", "recall",
                    "averagePrecision", "threshold");
        }
        Path model = out.resolve("models").resolve("attention");
        assertThat(model.resolve("model.json")).exists();

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
