package org.milkid.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats the methods of some results as a plain-text table for the terminal and the README. */
public final class ResultsTable {
    private ResultsTable() {
    }

    /**
     * One row per method: bag accuracy and AUC, KID F1, precision, recall, AP, AUROC, NDCG@n (each with its 95%
     * confidence interval in brackets when it has one), threshold, lambda.
     */
    public static String format(Results results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"method", "bag accuracy", "bag AUC", "KID F1", "precision", "recall", "AP", "AUROC",
            "NDCG@n", "t", "lambda"});
        for (MethodResults m : results.table().methods()) {
            KidFigures kid = m.kid();
            rows.add(new String[] {m.name(), cell(m.bagAccuracy()), cell(m.bagAuc()),
                kid == null ? "-" : cell(kid.f1()), kid == null ? "-" : cell(kid.precision()),
                kid == null ? "-" : cell(kid.recall()), kid == null ? "-" : cell(kid.averagePrecision()),
                kid == null ? "-" : cell(kid.auroc()), kid == null ? "-" : cell(kid.ndcg()),
                kid == null ? "-" : String.format(Locale.ROOT, "%.1f", kid.threshold()),
                m.lambda() != null ? String.format(Locale.ROOT, "%.4f", m.lambda().mean()) : "-"});
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
    static String cell(Metric m) {
        if (m.ci95() == null || Double.isNaN(m.mean())) {
            return m.stat().format();
        }
        return String.format(Locale.ROOT, "%s [%.3f, %.3f]", m.stat().format(), m.ci95().lo(), m.ci95().hi());
    }
}
