package org.milkid.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.slide.TileHeatmap;
import org.milkid.slide.TileScores;
import org.milkid.util.Json;
import org.milkid.util.SafeNames;

/**
 * The report's figures for whole slides (feature bags), in place of the panels (a)-(g) of
 * {@link Panels}: those draw an instance's pixels, and a tile's feature vector has none. For a few
 * positive test slides, the {@link TileHeatmap} of one KID method: every tile on the slide's grid
 * coloured by its score, the tiles the method marks at its threshold outlined, labelled key tiles
 * (when the slide has {@code instance_labels}) marked in a corner.
 *
 * <p>Files: {@code DIR/<slide>-heatmap.png} and {@code DIR/index.json}:
 * <pre>{"kind": "slides", "method": "Att-alone", "threshold": 0.3,
 *  "bags": [{"bag": id, "instances": N, "keyInstances": n, "probability": p, "detected": m,
 *            "panels": {"heatmap": "id-heatmap.png"}}, ...]}</pre>
 */
public final class SlidePanels {
    /** The value of index.json's {@code "kind"} that marks slide heatmaps. */
    public static final String KIND = "slides";
    /** The key of a slide's heatmap file in its {@code "panels"}. */
    public static final String HEATMAP = "heatmap";

    private SlidePanels() {
    }

    /**
     * Writes the heatmaps of the first {@code limit} truly positive slides (those predicted positive
     * first) and the index.
     *
     * @param dir the folder to write
     * @param method the method's name, for the index and the report
     * @param detections the method's detections on the test slides
     * @param threshold the threshold at which tiles are marked as key tiles
     * @param limit the most slides
     * @return the slides drawn
     */
    public static int write(Path dir, String method, List<Detection> detections, double threshold, int limit)
            throws IOException {
        JsonArray bags = new JsonArray();
        List<Detection> chosen = Panels.positiveFirst(detections, limit);
        for (Detection d : chosen) {
            Bag b = d.bag();
            if (!b.isFeatureBag()) {
                throw new IllegalArgumentException("bag " + b.id() + " is not a slide: draw it with Panels");
            }
            TileScores s = TileScores.of(d, threshold, null);
            String name = SafeNames.fileName(b.id()) + "-" + HEATMAP + ".png";
            TileHeatmap.writePng(s, dir.resolve(name));
            int detected = 0;
            for (boolean k : s.key()) {
                detected += k ? 1 : 0;
            }
            JsonObject o = new JsonObject();
            o.addProperty("bag", b.id());
            o.addProperty("instances", b.size());
            o.addProperty("keyInstances", b.hasInstanceLabels() ? b.positiveInstances() : null);
            o.addProperty("probability", d.probability());
            o.addProperty("detected", detected);
            JsonObject files = new JsonObject();
            files.addProperty(HEATMAP, name);
            o.add("panels", files);
            bags.add(o);
        }
        JsonObject index = new JsonObject();
        index.addProperty("kind", KIND);
        index.addProperty("method", method);
        index.addProperty("threshold", threshold);
        index.add("bags", bags);
        Json.write(dir.resolve("index.json"), index);
        return chosen.size();
    }

    /**
     * The index.json of the heatmaps, as the report reads it.
     *
     * @param kind {@link #KIND}
     * @param method the method the heatmaps show
     * @param threshold the threshold tiles are marked at
     * @param bags the slides drawn, in order
     */
    record Index(String kind, String method, double threshold, List<Entry> bags) {
        static Index read(Path file) throws IOException {
            return Json.read(file, Index.class);
        }
    }

    /**
     * One slide of the index.
     *
     * @param bag the slide's name
     * @param instances its tiles
     * @param keyInstances its labelled key tiles, null without tile labels
     * @param probability the bag probability
     * @param detected how many tiles the method marks
     * @param panels the heatmap's PNG file under {@link #HEATMAP}
     */
    record Entry(String bag, int instances, Integer keyInstances, double probability, int detected,
            Map<String, String> panels) {
    }
}
