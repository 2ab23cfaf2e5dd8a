package org.milkid.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Json writes JSON only: NaN and infinities as null, read back as NaN. */
class JsonTest {

    /** A record like a run checkpoint's figures: primitive and boxed floating-point values. */
    record Figures(String name, double f1, double lambda, float threshold, Double auc, Float eta, List<Double> perLambda,
            int bags) {
    }

    private static JsonElement parseStrict(String text) throws Exception {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        return JsonParser.parseReader(r);
    }

    @Test
    void nonFiniteNumbersOfARecordAreWrittenAsNullAndReadBackAsNaN(@TempDir Path dir) throws Exception {
        Figures f = new Figures("Att", 0.75, Double.NaN, Float.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN,
                List.of(0.5, Double.NaN), 12);
        Path file = dir.resolve("run.json");
        Json.write(file, f);
        String text = Files.readString(file);
        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        JsonObject tree = parseStrict(text).getAsJsonObject();
        // the keys stay, as null: a record read back gets NaN, not a missing value's 0
        assertThat(tree.get("lambda").isJsonNull()).isTrue();
        assertThat(tree.get("threshold").isJsonNull()).isTrue();
        assertThat(tree.get("auc").isJsonNull()).isTrue();
        assertThat(tree.get("eta").isJsonNull()).isTrue();
        assertThat(tree.getAsJsonArray("perLambda").get(1).isJsonNull()).isTrue();
        assertThat(tree.get("f1").getAsDouble()).isEqualTo(0.75);

        Figures back = Json.read(file, Figures.class);
        assertThat(back.name()).isEqualTo("Att");
        assertThat(back.f1()).isEqualTo(0.75);
        assertThat(back.lambda()).isNaN();
        assertThat(back.threshold()).isNaN();
        assertThat(back.auc()).isNaN();
        assertThat(back.eta()).isNaN();
        assertThat(back.perLambda().get(0)).isEqualTo(0.5);
        assertThat(back.perLambda().get(1)).isNaN();
        assertThat(back.bags()).isEqualTo(12);
    }

    @Test
    void nonFiniteNumbersOfATreeAreWrittenAsNull(@TempDir Path dir) throws Exception {
        JsonObject o = new JsonObject();
        o.addProperty("loss", Double.NaN);
        o.addProperty("rate", Float.NEGATIVE_INFINITY);
        o.addProperty("ok", 1.5);
        o.add("absent", null);
        JsonObject inner = new JsonObject();
        inner.addProperty("mean", Double.POSITIVE_INFINITY);
        o.add("inner", inner);
        Path file = dir.resolve("results.json");
        Json.write(file, o);
        String text = Files.readString(file);
        assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
        JsonObject back = parseStrict(text).getAsJsonObject();
        assertThat(back.keySet()).containsExactly("loss", "rate", "ok", "absent", "inner");
        assertThat(back.get("loss").isJsonNull()).isTrue();
        assertThat(back.get("rate").isJsonNull()).isTrue();
        assertThat(back.get("ok").getAsDouble()).isEqualTo(1.5);
        assertThat(back.getAsJsonObject("inner").get("mean").isJsonNull()).isTrue();
        // the tree given is not changed
        assertThat(o.get("loss").getAsDouble()).isNaN();
        // the same through write(Path, Object) with a tree
        Json.write(file, (Object) o);
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void filesOfEarlierVersionsWithNaNLiteralsStillRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, "{\"name\": \"Att\", \"f1\": 0.5, \"lambda\": NaN, \"threshold\": Infinity,"
                + " \"perLambda\": [NaN], \"bags\": 3}");
        Figures back = Json.read(file, Figures.class);
        assertThat(back.lambda()).isNaN();
        assertThat(back.threshold()).isInfinite();
        assertThat(back.perLambda().get(0)).isNaN();
        assertThat(back.bags()).isEqualTo(3);
    }

    @Test
    void finiteValuesRoundTripExactly(@TempDir Path dir) throws Exception {
        Figures f = new Figures("x", 0.1 + 0.2, -3e-300, 0.3f, 1e300, -0.0f, List.of(1.0 / 3), -1);
        Path file = dir.resolve("f.json");
        Json.write(file, f);
        parseStrict(Files.readString(file));
        assertThat(Json.read(file, Figures.class)).isEqualTo(f);
    }
}
