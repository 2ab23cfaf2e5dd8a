package org.milkid.util;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where two JSON trees differ, as {@code path: expected | actual} lines: what a failed comparison
 * of two runs' results shows, so that a rare difference between processes says which figures
 * moved instead of printing two whole trees.
 */
public final class JsonDifferences {
    private JsonDifferences() {
    }

    /** The first {@code max} differences between {@code expected} and {@code actual}, by path. */
    public static List<String> of(JsonElement expected, JsonElement actual, int max) {
        List<String> out = new ArrayList<>();
        walk("$", expected, actual, out, max);
        return out;
    }

    /** The differences as one text for an assertion's (lazy) description; empty when there are none. */
    public static String describe(JsonElement expected, JsonElement actual) {
        List<String> d = of(expected, actual, 20);
        return d.isEmpty() ? "" : "differences (path: expected | actual):\n  " + String.join("\n  ", d);
    }

    private static void walk(String path, JsonElement a, JsonElement b, List<String> out, int max) {
        if (out.size() >= max) {
            return;
        }
        if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
            JsonObject x = a.getAsJsonObject();
            JsonObject y = b.getAsJsonObject();
            TreeSet<String> keys = new TreeSet<>(x.keySet());
            keys.addAll(y.keySet());
            for (String k : keys) {
                walk(path + "." + k, x.get(k), y.get(k), out, max);
            }
        } else if (a != null && b != null && a.isJsonArray() && b.isJsonArray()) {
            JsonArray x = a.getAsJsonArray();
            JsonArray y = b.getAsJsonArray();
            if (x.size() != y.size()) {
                out.add(path + ": " + x.size() + " elements | " + y.size() + " elements");
                return;
            }
            for (int i = 0; i < x.size(); i++) {
                walk(path + "[" + i + "]", x.get(i), y.get(i), out, max);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add(path + ": " + shorten(a) + " | " + shorten(b));
        }
    }

    private static String shorten(JsonElement e) {
        String s = e == null ? "(absent)" : e.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
