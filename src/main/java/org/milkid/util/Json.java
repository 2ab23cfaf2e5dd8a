package org.milkid.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON in and out: one configured Gson, atomic writes, reads that name the file on failure.
 *
 * <p>Only JSON is written: NaN and infinite numbers, which JSON has no token for, are written as
 * {@code null} (in objects too, so the key stays), and {@code null} reads back as NaN wherever a
 * {@code double} or {@code float} is expected.
 */
public final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapter(double.class, new FloatingPoint<>(Double::valueOf, Double.NaN))
            .registerTypeAdapter(Double.class, new FloatingPoint<>(Double::valueOf, Double.NaN))
            .registerTypeAdapter(float.class, new FloatingPoint<>(d -> (float) d, Float.NaN))
            .registerTypeAdapter(Float.class, new FloatingPoint<>(d -> (float) d, Float.NaN))
            .registerTypeHierarchyAdapter(Path.class, new com.google.gson.TypeAdapter<Path>() {
                @Override
                public void write(com.google.gson.stream.JsonWriter out, Path value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(value.toString());
                    }
                }

                @Override
                public Path read(com.google.gson.stream.JsonReader in) throws IOException {
                    if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                        in.nextNull();
                        return null;
                    }
                    return java.nio.file.Paths.get(in.nextString());
                }
            })
            .create();

    private Json() {
    }

    /** A double or float: non-finite values written as null, null read as NaN. */
    private static final class FloatingPoint<T extends Number> extends com.google.gson.TypeAdapter<T> {
        private final java.util.function.DoubleFunction<T> box;
        private final T nan;

        FloatingPoint(java.util.function.DoubleFunction<T> box, T nan) {
            this.box = box;
            this.nan = nan;
        }

        @Override
        public void write(com.google.gson.stream.JsonWriter out, T value) throws IOException {
            if (value == null || !Double.isFinite(value.doubleValue())) {
                // kept as "key": null, so that the reader sees NaN rather than a missing value (0 in a record)
                boolean nulls = out.getSerializeNulls();
                out.setSerializeNulls(true);
                out.nullValue();
                out.setSerializeNulls(nulls);
            } else {
                out.value(value);
            }
        }

        @Override
        public T read(com.google.gson.stream.JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return nan;
            }
            return box.apply(in.nextDouble());
        }
    }

    /**
     * A copy of a tree in which every NaN or infinite number is {@code null}: what JSON can hold.
     */
    public static JsonElement finite(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return JsonNull.INSTANCE;
        }
        if (e.isJsonPrimitive()) {
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isNumber() && !Double.isFinite(p.getAsDouble()) ? JsonNull.INSTANCE : p;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(finite(x)));
            return a;
        }
        JsonObject o = new JsonObject();
        e.getAsJsonObject().entrySet().forEach(x -> o.add(x.getKey(), finite(x.getValue())));
        return o;
    }

    /** A tree as pretty JSON text: non-finite numbers as null, the nulls of the tree kept. */
    public static String text(JsonElement tree) {
        StringWriter w = new StringWriter();
        try (JsonWriter out = GSON.newJsonWriter(w)) {
            out.setSerializeNulls(true);
            // the adapter, not Gson.toJson, which would reset the writer's null setting to Gson's
            GSON.getAdapter(JsonElement.class).write(out, finite(tree));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    public static Gson gson() {
        return GSON;
    }

    /** Writes {@code value} as pretty JSON, whole or not at all; NaN and infinities as null. */
    public static void write(Path file, Object value) throws IOException {
        write(file, value instanceof JsonElement e ? e : GSON.toJsonTree(value));
    }

    /** Writes a JSON tree, whole or not at all; NaN and infinities as null. */
    public static void write(Path file, JsonElement tree) throws IOException {
        AtomicFiles.writeString(file, text(tree) + "\n");
    }

    /** Parses a file into a JSON tree; a malformed file is an IOException naming it. */
    public static JsonElement read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a JSON object that milkid wrote with a {@code "format"} number: refuses, naming the
     * file, one without it (not milkid's) and one of a newer format than {@code supported}.
     *
     * @param what what the file should be, for the message ("results file", "run checkpoint")
     */
    public static JsonObject readFormatted(Path file, int supported, String what) throws IOException {
        JsonElement tree = read(file);
        JsonElement f = tree.isJsonObject() ? tree.getAsJsonObject().get("format") : null;
        if (f == null || !f.isJsonPrimitive() || !f.getAsJsonPrimitive().isNumber()) {
            throw new IOException(file + ": not a milkid " + what + " (no format number)");
        }
        int format = f.getAsInt();
        if (format > supported) {
            throw new IOException(file + ": format " + format + " was written by a newer milkid (this one reads format "
                    + supported + "); update milkid to read it");
        }
        if (format < 1) {
            throw new IOException(file + ": not a milkid " + what + " (format " + format + ")");
        }
        return tree.getAsJsonObject();
    }

    /** Parses a file into an object of the given type. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        JsonElement tree = read(file);
        try {
            T t = GSON.fromJson(tree, type);
            if (t == null) {
                throw new IOException(file + ": empty JSON");
            }
            return t;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + ": unexpected content (" + e.getMessage() + ")", e);
        }
    }
}
