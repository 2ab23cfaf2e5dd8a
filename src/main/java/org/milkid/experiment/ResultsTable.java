package org.milkid.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import org.milkid.eval.Stat;

/** Formats the methods of a results.json tree as a plain-text table for the terminal and the README. */
public final class ResultsTable {
    private ResultsTable() {
    }

    /** One row per method: bag accuracy and AUC, KID F1, precision, recall, AP, threshold, lambda. */
    public static String format(JsonObject results) {
        StringBuilder sb = new StringBuilder();
        String head = String.format("%-20s %-15s %-15s %-15s %-15s %-15s %-15s %-5s %-8s%n", "method", "bag accuracy",
                "bag AUC", "KID F1", "precision", "recall", "AP", "t", "lambda");
        sb.append(head).append("-".repeat(head.length() - 1)).append('\n');
        for (Map.Entry<String, JsonElement> e : results.getAsJsonObject("methods").entrySet()) {
            JsonObject m = e.getValue().getAsJsonObject();
            JsonObject kid = m.has("kid") ? m.getAsJsonObject("kid") : null;
            sb.append(String.format("%-20s %-15s %-15s %-15s %-15s %-15s %-15s %-5s %-8s%n", e.getKey(),
                    cell(m, "bagAccuracy"), cell(m, "bagAuc"), cell(kid, "f1"), cell(kid, "precision"),
                    cell(kid, "recall"), cell(kid, "averagePrecision"),
                    kid == null ? "-" : String.format("%.1f", kid.get("threshold").getAsDouble()),
                    m.has("lambda") ? String.format("%.4f", Stat.read(m.get("lambda")).mean()) : "-"));
        }
        return sb.toString();
    }

    private static String cell(JsonObject o, String key) {
        if (o == null || !o.has(key)) {
            return "-";
        }
        Stat s = Stat.read(o.get(key));
        return s.format();
    }
}
