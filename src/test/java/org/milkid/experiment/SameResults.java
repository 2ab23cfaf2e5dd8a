package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.milkid.results.ResultsCodec;
import org.milkid.util.Json;
import org.milkid.util.JsonDifferences;

/**
 * Asserts that two experiment folders hold the same results: results.json without its timings
 * ({@link ResultsCodec#withoutTimings}) and without the settings that may differ between the two
 * invocations (the output folder, {@code --resume}), the same folds.csv byte for byte, and the
 * same panels.
 */
public final class SameResults {
    private SameResults() {
    }

    /** Fails unless {@code actual} holds the results of {@code expected}. */
    public static void assertSame(Path expected, Path actual) throws IOException {
        JsonObject e = comparable(expected);
        JsonObject a = comparable(actual);
        assertThat(a).as(() -> JsonDifferences.describe(e, a)).isEqualTo(e);
        assertThat(Files.readString(actual.resolve("folds.csv"))).isEqualTo(Files.readString(expected.resolve("folds.csv")));
        assertThat(listing(actual.resolve("panels"))).isEqualTo(listing(expected.resolve("panels")));
        for (String name : listing(expected.resolve("panels")).split("\n")) {
            assertThat(Files.readAllBytes(actual.resolve("panels").resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(expected.resolve("panels").resolve(name)));
        }
    }

    /** results.json as two invocations with the same settings must agree on it. */
    public static JsonObject comparable(Path out) throws IOException {
        JsonObject r = ResultsCodec.withoutTimings(Json.read(out.resolve("results.json")).getAsJsonObject());
        for (JsonObject exp : new JsonObject[] {r.getAsJsonObject("config").getAsJsonObject("experiment"),
            r.getAsJsonObject("provenance").getAsJsonObject("config").getAsJsonObject("experiment")}) {
            exp.remove("out");
            exp.remove("resume");
        }
        return r;
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return String.join("\n", s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
