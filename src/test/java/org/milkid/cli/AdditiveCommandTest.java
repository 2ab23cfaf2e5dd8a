package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.detect.KidMethod;
import org.milkid.model.ModelKind;
import org.milkid.util.Json;
import picocli.CommandLine;

/**
 * The Additive model kind and its KID method by name: parsed, listed in errors and help texts, and
 * run end to end ({@code train --model additive}, then {@code detect --method additive}).
 */
class AdditiveCommandTest {
    @TempDir
    Path dir;

    @Test
    void namesParseAndErrorsListTheNewKind() {
        assertThat(ModelKind.parse("additive")).isEqualTo(ModelKind.ADDITIVE);
        assertThat(ModelKind.parse("Additive")).isEqualTo(ModelKind.ADDITIVE);
        assertThat(KidMethod.parse("additive")).isEqualTo(KidMethod.ADDITIVE);
        assertThat(KidMethod.parse("Additive")).isEqualTo(KidMethod.ADDITIVE);
        assertThat(KidMethod.ADDITIVE.model()).isEqualTo(ModelKind.ADDITIVE);
        assertThat(KidMethod.ADDITIVE.isPaper()).isFalse();
        assertThatThrownBy(() -> ModelKind.parse("magic"))
                .hasMessage("unknown model kind 'magic' (valid: attention, gated, inst-max, inst-mean, additive)");
        assertThatThrownBy(() -> KidMethod.parse("magic")).hasMessageContaining("additive");
        BadInputTest.assertRefused(BadInputTest.run("train", "--model", "magic", "--grid", "2", "--out",
                dir.resolve("out").toString()), "unknown model kind 'magic'", "additive");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void helpTextsListTheNewKindAndMethod() {
        assertThat(help("train")).contains("inst-mean or additive");
        // every method's name is listed where a method is chosen
        for (org.milkid.detect.KidMethod m : org.milkid.detect.KidMethod.values()) {
            assertThat(help("detect")).as("detect --help").containsPattern(" " + m.cliName() + "[ ,)]");
            assertThat(help("experiment")).as("experiment --help").containsPattern(" " + m.cliName() + "[ ,)]");
        }
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(command, "--help")).isZero();
        return out.toString().replaceAll("\\s+", " ");
    }

    /** An experiment trains the Additive model for its method and reports it like any other. */
    @Test
    void experimentRunsTheAdditiveMethod() throws IOException {
        Path out = dir.resolve("exp");
        BadInputTest.Run r = BadInputTest.run("experiment", "--preset", "quick-mnist", "--grid", "2", "--bags", "12",
                "--test-bags", "4", "--folds", "2", "--repeats", "1", "--epochs", "1", "--methods", "additive",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonObject results = Json.read(out.resolve("results.json")).getAsJsonObject();
        assertThat(results.getAsJsonObject("methods").keySet()).containsExactly("Additive");
        assertThat(results.getAsJsonObject("training").keySet()).contains("Additive");
        assertThat(Files.readString(out.resolve("report.html"))).contains("Additive");
    }

    @Test
    void trainAnAdditiveModelAndDetectWithItsContributions() throws IOException {
        Path data = dir.resolve("features");
        FeatureFixtures.cohort(data, 10, 6, 12, 8, 2f, 3);
        Path model = dir.resolve("model");
        BadInputTest.Run t = BadInputTest.run("train", "--dataset", "features", "--data", data.toString(), "--model",
                "additive", "--epochs", "2", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(Json.read(model.resolve("model.json")).getAsJsonObject().getAsJsonObject("config")
                .get("kind").getAsString()).isEqualTo("ADDITIVE");

        Path kid = dir.resolve("kid");
        BadInputTest.Run d = BadInputTest.run("detect", "--model", model.toString(), "--method", "additive", "--out",
                kid.toString());
        assertThat(d.code()).as(d.err()).isZero();
        JsonObject summary = Json.read(kid.resolve("summary.json")).getAsJsonObject();
        assertThat(summary.get("method").getAsString()).isEqualTo("Additive");
        assertThat(summary.get("paperMethod").getAsBoolean()).isFalse();
        // per slide a QuPath file whose tiles carry the model's attention weights too
        try (var files = Files.list(kid.resolve("geojson"))) {
            Path first = files.sorted().findFirst().orElseThrow();
            assertThat(Files.readString(first)).contains("\"attention\"");
        }

        // the attention models' methods are refused for an Additive model, by name
        BadInputTest.assertRefused(BadInputTest.run("detect", "--model", model.toString(), "--method", "alone",
                "--out", dir.resolve("kid2").toString()), "needs an attention model", "holds an additive model");
    }
}
