package org.milkid.slide;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;

/**
 * A slide's tiles as a GeoJSON FeatureCollection (RFC 7946) for QuPath's File &gt; Import objects
 * (the object format of QuPath 0.4 and later): one detection per tile, classified "Key instance" or
 * "Other", with the tile's scores as measurements, which QuPath can show as a measurement map.
 *
 * <p>Coordinates are QuPath's level-0 pixel coordinates (x right, y down), not RFC 7946's
 * longitude and latitude. A tile at (x, y) of side s is the closed ring (x,y), (x+s,y),
 * (x+s,y+s), (x,y+s), (x,y): its signed area by the shoelace formula is +s&sup2;, so the ring is
 * counter-clockwise in the numbers, as RFC 7946 asks of an exterior ring (in a y-up frame).
 * Drawn with y down, as QuPath draws it, the same ring runs clockwise on screen.
 *
 * <p>A feature's {@code id} is a name-based UUID of slide id and tile index: the same on every
 * export, and kept by QuPath, which takes only UUIDs as object ids.
 */
public final class QuPathGeoJson {
    /** The classification of predicted key tiles. */
    public static final String KEY = "Key instance";
    /** The classification of the other tiles. */
    public static final String OTHER = "Other";
    private static final int[] KEY_RGB = {255, 0, 255};
    private static final int[] OTHER_RGB = {150, 150, 150};

    private QuPathGeoJson() {
    }

    /**
     * One feature as read back.
     *
     * @param tileIndex the tile's index in the slide (its "tile index" measurement)
     * @param ring the polygon's exterior ring, {@code [position][x, y]}
     * @param classification the classification's name
     * @param measurements the measurements by name
     */
    public record Feature(int tileIndex, double[][] ring, String classification, Map<String, Double> measurements) {
    }

    /** Writes the slide's tiles, streamed, whole or not at all. */
    public static void write(Path file, TileScores s) throws IOException {
        AtomicFiles.write(file, out -> {
            JsonWriter w = new JsonWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16));
            w.beginObject().name("type").value("FeatureCollection").name("features").beginArray();
            for (int i = 0; i < s.size(); i++) {
                feature(w, s, i);
            }
            w.endArray().endObject();
            w.flush();
        });
    }

    private static void feature(JsonWriter w, TileScores s, int i) throws IOException {
        w.beginObject().name("type").value("Feature");
        w.name("id").value(UUID.nameUUIDFromBytes((s.slideId() + "\n" + i).getBytes(StandardCharsets.UTF_8)).toString());
        w.name("geometry").beginObject().name("type").value("Polygon").name("coordinates").beginArray().beginArray();
        long x = s.x()[i];
        long y = s.y()[i];
        long t = s.tileSize();
        position(w, x, y);
        position(w, x + t, y);
        position(w, x + t, y + t);
        position(w, x, y + t);
        position(w, x, y);
        w.endArray().endArray().endObject();
        w.name("properties").beginObject().name("objectType").value("detection");
        classification(w, s.key()[i]);
        measurements(w, s, i);
        w.endObject().endObject();
    }

    private static void position(JsonWriter w, long x, long y) throws IOException {
        w.beginArray().value(x).value(y).endArray();
    }

    private static void classification(JsonWriter w, boolean key) throws IOException {
        int[] rgb = key ? KEY_RGB : OTHER_RGB;
        w.name("classification").beginObject().name("name").value(key ? KEY : OTHER).name("color").beginArray();
        for (int c : rgb) {
            w.value(c);
        }
        w.endArray().endObject();
    }

    private static void measurements(JsonWriter w, TileScores s, int i) throws IOException {
        w.name("measurements").beginObject();
        w.name("tile index").value(i);
        w.name("score before").value(s.before()[i]);
        w.name("score after").value(s.after()[i]);
        if (s.attention() != null) {
            w.name("attention").value(s.attention()[i]);
        }
        w.name("bag probability").value(s.bagProbability());
        if (s.truth() != null) {
            w.name("true key").value(s.truth()[i]);
        }
        w.endObject();
    }

    /** Reads the features of a file written by {@link #write}; other content is an IOException naming the file. */
    public static List<Feature> read(Path file) throws IOException {
        Doc doc;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = Json.gson().fromJson(in, Doc.class);
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a GeoJSON file of tiles (" + e.getMessage() + ")", e);
        }
        if (doc == null || !"FeatureCollection".equals(doc.type()) || doc.features() == null) {
            throw new IOException(file + ": not a GeoJSON FeatureCollection");
        }
        List<Feature> features = new ArrayList<>(doc.features().size());
        for (FeatureDoc f : doc.features()) {
            if (!isTile(f)) {
                throw new IOException(file + ": feature " + features.size() + " is not a classified tile polygon");
            }
            Map<String, Double> m = f.properties().measurements();
            features.add(new Feature(m.get("tile index").intValue(), f.geometry().coordinates()[0],
                    f.properties().classification().name(), m));
        }
        return features;
    }

    private static boolean isTile(FeatureDoc f) {
        return f != null && f.geometry() != null && "Polygon".equals(f.geometry().type())
                && f.geometry().coordinates() != null && f.geometry().coordinates().length > 0
                && f.properties() != null && f.properties().classification() != null
                && f.properties().measurements() != null && f.properties().measurements().get("tile index") != null;
    }

    private record Doc(String type, List<FeatureDoc> features) {
    }

    private record FeatureDoc(Geometry geometry, Properties properties) {
    }

    private record Geometry(String type, double[][][] coordinates) {
    }

    private record Properties(Classification classification, Map<String, Double> measurements) {
    }

    private record Classification(String name) {
    }
}
