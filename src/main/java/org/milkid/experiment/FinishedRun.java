package org.milkid.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.milkid.util.Json;

/**
 * What one finished (repeat, fold) run hands back to the experiment, wherever it ran: its
 * checkpoint, and for the first run the files of the panels (a)-(g) ({@code panels/}; for whole
 * slides the tile heatmaps). It travels
 * as one JSON string ({@link #toJson}), so a run done on another machine (a Spark task) returns
 * exactly what a run in this process gives.
 *
 * @param result the run's checkpoint
 * @param panels the files of {@code panels/} by name (PNG and index.json bytes), or null when the
 *     run drew none (not the first run, no panels asked for, or no method attention)
 */
public record FinishedRun(FoldResult result, Map<String, byte[]> panels) {
    /** The format number of {@link #toJson}; newer ones are refused. */
    public static final int FORMAT = 1;

    public FinishedRun {
        if (result == null) {
            throw new IllegalArgumentException("a finished run needs its checkpoint");
        }
        panels = panels == null ? null : Collections.unmodifiableMap(new TreeMap<>(panels));
    }

    /** The run this is the outcome of. */
    public RunId id() {
        return new RunId(result.repeat(), result.fold());
    }

    /** One JSON string: the checkpoint as {@link FoldResult#toJson} writes it, the panel files in base64. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.add("result", result.toJson());
        if (panels == null) {
            o.add("panels", JsonNull.INSTANCE);
        } else {
            JsonObject p = new JsonObject();
            panels.forEach((name, bytes) -> p.addProperty(name, Base64.getEncoder().encodeToString(bytes)));
            o.add("panels", p);
        }
        return Json.text(o); // keeps the nulls that stand for NaN (Gson.toJson would drop them)
    }

    /**
     * Reads {@link #toJson}'s string; a damaged one is an IOException naming {@code source}.
     */
    public static FinishedRun fromJson(String json, String source) throws IOException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            o = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            throw new IOException(source + ": not a finished run (" + e.getMessage() + ")", e);
        }
        JsonElement f = o == null ? null : o.get("format");
        if (f == null || !f.isJsonPrimitive() || !f.getAsJsonPrimitive().isNumber() || f.getAsInt() < 1
                || f.getAsInt() > FORMAT) {
            throw new IOException(source + ": not a finished run of format " + FORMAT);
        }
        FoldResult result = FoldResult.fromJson(o.get("result"), source);
        JsonElement p = o.get("panels");
        if (p == null || p.isJsonNull()) {
            return new FinishedRun(result, null);
        }
        Map<String, byte[]> panels = new TreeMap<>();
        try {
            for (Map.Entry<String, JsonElement> e : p.getAsJsonObject().entrySet()) {
                panels.put(e.getKey(), Base64.getDecoder().decode(e.getValue().getAsString()));
            }
        } catch (RuntimeException e) {
            throw new IOException(source + ": damaged panel files (" + e.getMessage() + ")", e);
        }
        return new FinishedRun(result, panels);
    }
}
