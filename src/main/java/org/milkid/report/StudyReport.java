package org.milkid.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.util.Versions;

/**
 * The page of a study: several experiments run from one command (the KID study at G = 10 and
 * G = 20), each in its own folder with its own report. It reads {@code study.json} (the parts'
 * folders and titles) and each part's {@code results.json}, and shows one table of every method's
 * test F1 and AP per part, then each part's KID study table and chart, with a link to the part's
 * full report. Parts without results yet are listed as not run.
 */
public final class StudyReport {
    /** The study's index file, written by {@code org.milkid.experiment.Study}. */
    public static final String FILE = "study.json";
    /** The format number of study.json. */
    public static final int FORMAT = 1;

    private StudyReport() {
    }

    /** Reads {@code dir/study.json} and the parts' results, and writes {@code dir/report.html}. */
    public static Path write(Path dir) throws IOException {
        JsonObject study = Json.readFormatted(dir.resolve(FILE), FORMAT, "study index");
        Map<String, JsonObject> results = new LinkedHashMap<>();
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            if (!folder.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new BadInputException(dir.resolve(FILE) + ": part folder '" + folder
                        + "' is not a plain folder name");
            }
            Path file = dir.resolve(folder).resolve("results.json");
            results.put(folder, Files.isRegularFile(file)
                    ? Json.readFormatted(file, Report.RESULTS_FORMAT, "results file") : null);
        }
        Path file = dir.resolve(Report.FILE);
        AtomicFiles.writeString(file, render(study, results));
        return file;
    }

    /** The page for a study index and its parts' results (null: the part has not finished). */
    static String render(JsonObject study, Map<String, JsonObject> results) {
        String title = "milkid study: " + study.get("preset").getAsString();
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.el("title", title);
        h.raw("<style>\n" + Report.CSS + "</style>\n</head>\n<body>\n<main>\n");
        h.el("h1", title);
        h.p("lead", "One command ran " + results.size() + " experiments on the same methods; each has its own folder,"
                + " results.json and full report. Every figure is the test F1 or AP, mean\u00b1SEM over the runs of"
                + " a part, at each method's chosen lambda and threshold (milkid's methods chose them on"
                + " development bags, the paper's on the test bags, as the paper does).");
        List<String> header = new ArrayList<>(List.of("method", "from"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            String name = part.get("title").getAsString();
            header.add("F1, " + name);
            header.add("AP, " + name);
            JsonObject r = results.get(folder);
            JsonObject methods = r != null && r.has("kidStudy") ? r.getAsJsonObject("kidStudy")
                    .getAsJsonObject("methods") : new JsonObject();
            int column = header.size() - 2;
            for (Map.Entry<String, JsonElement> m : methods.entrySet()) {
                JsonObject o = m.getValue().getAsJsonObject();
                List<String> row = rows.computeIfAbsent(m.getKey(), k -> new ArrayList<>(List.of(k,
                        o.get("paper").getAsBoolean() ? "paper" : "milkid")));
                while (row.size() < column) {
                    row.add("\u2014");
                }
                row.add(Report.stat(o.get("f1")));
                row.add(o.has("averagePrecision") ? Report.stat(o.get("averagePrecision")) : "\u2014");
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (List<String> row : rows.values()) {
            while (row.size() < header.size()) {
                row.add("\u2014");
            }
            table.add(row);
        }
        h.table("num", "Test KID F1 and AP of every method in every part", header, table);
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            JsonObject r = results.get(folder);
            if (r == null || !r.has("kidStudy")) {
                h.el("h2", folder, part.get("title").getAsString());
                h.el("p", "Not run yet (no results.json in " + folder + "/): run the same command with --resume.");
                continue;
            }
            Report.study(h, r, folder, part.get("title").getAsString());
            h.raw("<p><a href=\"" + Html.escape(folder + "/" + Report.FILE) + "\">").text("Full report of this part")
                    .raw("</a></p>\n");
        }
        Report.deviations(h);
        h.raw("<footer>");
        h.text("Written by milkid " + Versions.MILKID + " from study.json and the parts' results.json; rebuild with:"
                + " milkid report --results DIR");
        h.raw("</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }
}
