package org.milkid.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** JSON in and out: one configured Gson, atomic writes, reads that name the file on failure. */
public final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
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

    public static Gson gson() {
        return GSON;
    }

    /** Writes {@code value} as pretty JSON, whole or not at all. */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
    }

    /** Writes a JSON tree, whole or not at all. */
    public static void write(Path file, JsonElement tree) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(tree) + "\n");
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
