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
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsCodec;
import org.milkid.results.StudyRow;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;

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
        Map<String, ExperimentResults> results = new LinkedHashMap<>();
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            if (!folder.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new BadInputException(dir.resolve(FILE) + ": part folder '" + folder
                        + "' is not a plain folder name");
            }
            Path file = dir.resolve(folder).resolve(ResultsCodec.FILE);
            if (!Files.isRegularFile(file)) {
                results.put(folder, null);
            } else if (ResultsCodec.read(file) instanceof ExperimentResults r) {
                results.put(folder, r);
            } else {
                throw new BadInputException(file + ": the results of a demo, not of a study's part");
            }
        }
        Path file = dir.resolve(Page.FILE);
        AtomicFiles.writeString(file, render(study, results));
        return file;
    }

    /** The page for a study index and its parts' results (null: the part has not finished). */
    static String render(JsonObject study, Map<String, ExperimentResults> results) {
        Html h = Page.head("milkid study: " + study.get("preset").getAsString());
        h.p("lead", "One command ran " + results.size() + " experiments on the same methods; each has its own folder,"
                + " results.json and full report. Every figure is the test F1 or AP, mean\u00b1SEM over the runs of"
                + " a part, at each method's chosen lambda and threshold (milkid's methods chose them on"
                + " development bags, the paper's on the test bags, as the paper does).");
        List<String> header = new ArrayList<>(List.of("method", "from"));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            ExperimentResults r = results.get(folder);
            String name = part.get("title").getAsString() + partial(r);
            header.add("F1, " + name);
            header.add("AP, " + name);
            List<StudyRow> methods = r != null && r.kidStudy() != null ? r.kidStudy().methods() : List.of();
            int column = header.size() - 2;
            for (StudyRow o : methods) {
                List<String> row = rows.computeIfAbsent(o.name(), k -> new ArrayList<>(List.of(k,
                        o.paper() ? "paper" : "milkid")));
                while (row.size() < column) {
                    row.add(Cells.DASH);
                }
                row.add(Cells.stat(o.f1()));
                row.add(Cells.stat(o.averagePrecision()));
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (List<String> row : rows.values()) {
            while (row.size() < header.size()) {
                row.add(Cells.DASH);
            }
            table.add(row);
        }
        h.table("num", "Test KID F1 and AP of every method in every part", header, table);
        for (JsonElement e : study.getAsJsonArray("parts")) {
            JsonObject part = e.getAsJsonObject();
            String folder = part.get("folder").getAsString();
            ExperimentResults r = results.get(folder);
            if (r == null || r.kidStudy() == null) {
                h.el("h2", folder, part.get("title").getAsString());
                h.el("p", "Not run yet (no results.json in " + folder + "/): run the same command with --resume.");
                continue;
            }
            StudySection.write(h, r.kidStudy(), folder, part.get("title").getAsString() + partial(r));
            h.raw("<p><a href=\"" + Html.escape(folder + "/" + Page.FILE) + "\">").text("Full report of this part")
                    .raw("</a></p>\n");
        }
        DeviationsSection.write(h);
        return Page.foot(h, "study.json and the parts' results.json; rebuild with: milkid report --results DIR");
    }

    /** " (partial: k of n runs)" for a part whose runs have not all finished; empty otherwise. */
    private static String partial(ExperimentResults r) {
        return r == null || !r.runs().partial() ? ""
                : " (partial: " + r.runs().finished() + " of " + r.runs().total() + " runs)";
    }
}
