package org.milkid.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GeoJSON holds one closed, counter-clockwise square detection per tile with its scores. */
class QuPathGeoJsonTest {

    private static JsonObject parseStrict(Path file) throws IOException {
        JsonReader r = new JsonReader(new StringReader(Files.readString(file)));
        r.setStrictness(Strictness.STRICT);
        return JsonParser.parseReader(r).getAsJsonObject();
    }

    /** Twice the signed area of a ring by the shoelace formula. */
    private static double twiceSignedArea(double[][] ring) {
        double sum = 0;
        for (int k = 0; k + 1 < ring.length; k++) {
            sum += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
        }
        return sum;
    }

    private static double[][] ring(JsonArray coordinates) {
        assertThat(coordinates).hasSize(1);
        JsonArray positions = coordinates.get(0).getAsJsonArray();
        double[][] ring = new double[positions.size()][];
        for (int k = 0; k < ring.length; k++) {
            JsonArray p = positions.get(k).getAsJsonArray();
            assertThat(p).hasSize(2);
            ring[k] = new double[] {p.get(0).getAsDouble(), p.get(1).getAsDouble()};
        }
        return ring;
    }

    private static double[][] square(TileScores s, int i) {
        double x = s.x()[i];
        double y = s.y()[i];
        double t = s.tileSize();
        return new double[][] {{x, y}, {x + t, y}, {x + t, y + t}, {x, y + t}, {x, y}};
    }

    @Test
    void everyTileIsAClosedCounterClockwiseSquareWithItsClassAndScores(@TempDir Path dir) throws Exception {
        TileScores s = Slides.small();
        Path file = dir.resolve("slide-A.geojson");
        QuPathGeoJson.write(file, s);

        JsonObject root = parseStrict(file);
        assertThat(root.get("type").getAsString()).isEqualTo("FeatureCollection");
        JsonArray features = root.getAsJsonArray("features");
        assertThat(features).hasSize(s.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            JsonObject f = features.get(i).getAsJsonObject();
            assertThat(f.get("type").getAsString()).isEqualTo("Feature");
            ids.add(f.get("id").getAsString());
            JsonObject geometry = f.getAsJsonObject("geometry");
            assertThat(geometry.get("type").getAsString()).isEqualTo("Polygon");
            double[][] ring = ring(geometry.getAsJsonArray("coordinates"));
            assertThat(ring).hasDimensions(5, 2);
            assertThat(ring[4]).isEqualTo(ring[0]);
            assertThat(ring).isDeepEqualTo(square(s, i));
            assertThat(twiceSignedArea(ring) / 2).isEqualTo((double) s.tileSize() * s.tileSize());

            JsonObject p = f.getAsJsonObject("properties");
            assertThat(p.get("objectType").getAsString()).isEqualTo("detection");
            JsonObject c = p.getAsJsonObject("classification");
            assertThat(c.get("name").getAsString()).isEqualTo(s.key()[i] ? QuPathGeoJson.KEY : QuPathGeoJson.OTHER);
            assertThat(c.getAsJsonArray("color")).hasSize(3);
            JsonObject m = p.getAsJsonObject("measurements");
            assertThat(m.keySet()).containsExactlyInAnyOrder("tile index", "score before", "score after", "attention",
                    "bag probability", "true key");
            assertThat(m.get("tile index").getAsInt()).isEqualTo(i);
            assertThat(m.get("score before").getAsDouble()).isCloseTo(s.before()[i], within(1e-6));
            assertThat(m.get("score after").getAsDouble()).isCloseTo(s.after()[i], within(1e-6));
            assertThat(m.get("attention").getAsDouble()).isCloseTo(s.attention()[i], within(1e-6));
            assertThat(m.get("bag probability").getAsDouble()).isCloseTo(s.bagProbability(), within(1e-6));
            assertThat(m.get("true key").getAsInt()).isEqualTo(s.truth()[i]);
        }
        assertThat(ids).hasSize(s.size());
    }

    @Test
    void readGivesBackIndexPolygonAndClassification(@TempDir Path dir) throws Exception {
        TileScores s = Slides.small();
        Path file = dir.resolve("a.geojson");
        QuPathGeoJson.write(file, s);
        List<QuPathGeoJson.Feature> back = QuPathGeoJson.read(file);
        assertThat(back).hasSize(s.size());
        for (int i = 0; i < s.size(); i++) {
            QuPathGeoJson.Feature f = back.get(i);
            assertThat(f.tileIndex()).isEqualTo(i);
            assertThat(f.ring()).isDeepEqualTo(square(s, i));
            assertThat(f.classification()).isEqualTo(s.key()[i] ? "Key instance" : "Other");
            assertThat(f.measurements().get("score after")).isCloseTo(s.after()[i], within(1e-6));
        }
    }

    @Test
    void withoutAttentionAndTruthThoseMeasurementsAreLeftOut(@TempDir Path dir) throws Exception {
        TileScores s = Slides.grid("plain", 6, 3, 512);
        TileScores bare = new TileScores(s.slideId(), s.x(), s.y(), s.tileSize(), s.before(), s.after(), null,
                s.bagProbability(), s.key(), null);
        Path file = dir.resolve("plain.geojson");
        QuPathGeoJson.write(file, bare);
        for (QuPathGeoJson.Feature f : QuPathGeoJson.read(file)) {
            assertThat(f.measurements()).containsOnlyKeys("tile index", "score before", "score after",
                    "bag probability");
        }
    }

    @Test
    void theFileIsTheSameOnEveryExport(@TempDir Path dir) throws Exception {
        QuPathGeoJson.write(dir.resolve("1.geojson"), Slides.small());
        QuPathGeoJson.write(dir.resolve("2.geojson"), Slides.small());
        assertThat(Files.readString(dir.resolve("1.geojson"))).isEqualTo(Files.readString(dir.resolve("2.geojson")));
    }

    @Test
    void aLargeSlideIsWrittenAndReadBack(@TempDir Path dir) throws Exception {
        TileScores s = Slides.grid("big", 50_000, 250, 224);
        Path file = dir.resolve("big.geojson");
        QuPathGeoJson.write(file, s);
        List<QuPathGeoJson.Feature> back = QuPathGeoJson.read(file);
        assertThat(back).hasSize(50_000);
        assertThat(back.get(49_999).ring()).isDeepEqualTo(square(s, 49_999));
    }

    @Test
    void aFileThatIsNotAFeatureCollectionIsAnIOExceptionNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"type\": \"Feature\"}");
        assertThatThrownBy(() -> QuPathGeoJson.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }
}
