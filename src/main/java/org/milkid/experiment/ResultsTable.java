package org.milkid.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.milkid.eval.Stat;

/** Formats the methods of a results.json tree as a plain-text table for the terminal and the README. */
public final class ResultsTable {
    private ResultsTable() {
    }

    /**
     * One row per method: bag accuracy and AUC, KID F1, precision, recall, AP, AUROC, NDCG@n (each with its 95%
     * confidence interval in brackets when results.json has one), threshold, lambda.
     */
    public static String format(JsonObject results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"method", "bag accuracy", "bag AUC", "KID F1", "precision", "recall", "AP", "AUROC",
            "NDCG@n", "t",
            "lambda"});
        for (Map.Entry<String, JsonElement> e : results.getAsJsonObject("methods").entrySet()) {
            JsonObject m = e.getValue().getAsJsonObject();
            JsonObject kid = m.has("kid") ? m.getAsJsonObject("kid") : null;
            rows.add(new String[] {e.getKey(), cell(m, "bagAccuracy"), cell(m, "bagAuc"), cell(kid, "f1"),
                cell(kid, "precision"), cell(kid, "recall"), cell(kid, "averagePrecision"), cell(kid, "auroc"),
                cell(kid, "ndcg"),
                kid == null ? "-" : String.format(Locale.ROOT, "%.1f", kid.get("threshold").getAsDouble()),
                m.has("lambda") ? String.format(Locale.ROOT, "%.4f", Stat.read(m.get("lambda")).mean()) : "-"});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < rows.size(); j++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(String.format("%-" + width[i] + "s", rows.get(j)[i])).append(i + 1 < width.length ? "  " : "");
            }
            String text = line.toString().stripTrailing();
            sb.append(text).append('\n');
            if (j == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb.toString();
    }

    /** "0.800 [0.712, 0.871]": the figure and its 95% interval; the figure alone when it has none. */
    static String cell(JsonObject o, String key) {
        if (o == null || !o.has(key)) {
            return "-";
        }
        Stat s = Stat.read(o.get(key));
        JsonObject x = o.get(key).isJsonObject() ? o.getAsJsonObject(key) : null;
        if (x == null || !x.has("ci95") || Double.isNaN(s.mean())) {
            return s.format();
        }
        JsonArray ci = x.getAsJsonArray("ci95");
        return String.format(Locale.ROOT, "%s [%.3f, %.3f]", s.format(), ci.get(0).getAsDouble(),
                ci.get(1).getAsDouble());
    }
}
