package org.milkid.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.milkid.eval.Stat;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;
import org.milkid.util.Versions;

/**
 * Renders {@code report.html} from an experiment's folder alone: {@code results.json} and the
 * panels under {@code panels/}. The page is one self-contained file: styles inline, every figure a
 * PNG embedded as a data URI, no script, no request to anywhere, all text HTML-escaped. It knows
 * nothing about training or detection; it only reads their results.
 *
 * <p>Sections: settings and provenance; estimated and actual running time; the data as in the
 * paper's Tables I and II; bag accuracy as in Table III; the KID table of every method; the charts
 * (F1 per method as in Fig. 2, F1 against lambda, F1 against threshold); the KID study when
 * results.json has one; the panels (a)-(g) of Figs. 3-4 (for whole slides, tile heatmaps instead:
 * {@link SlidePanels}); every deviation from the paper.
 */
public final class Report {
    /** The report's file name. */
    public static final String FILE = "report.html";
    private static final String PM = " \u00b1 ";
    private static final String DASH = "\u2014";
    /** The format of results.json that milkid writes and the newest this page reads. */
    public static final int RESULTS_FORMAT = 1;
    private static final Color PAPER_COLOR = new Color(0x00, 0x72, 0xB2);
    private static final Color MILKID_COLOR = new Color(0xE6, 0x9F, 0x00);

    private Report() {
    }

    /** The value of results.json's {@code "command"} that marks the results of {@code milkid demo}. */
    public static final String DEMO = "demo";

    /**
     * Reads {@code dir/results.json} and {@code dir/panels/}, and writes {@code dir/report.html}: the
     * experiment's page, or for the results of {@code milkid demo} (a single run) the demo's page.
     */
    public static Path write(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("results.json")) && Files.isRegularFile(dir.resolve(StudyReport.FILE))) {
            return StudyReport.write(dir);
        }
        Path file = dir.resolve("results.json");
        JsonObject results = Json.readFormatted(file, RESULTS_FORMAT, "results file");
        String html;
        try {
            html = DEMO.equals(str(results, "command")) ? renderDemo(results, dir) : render(results, dir);
        } catch (RuntimeException e) {
            throw new IOException(file + ": incomplete or malformed results (" + e.getMessage() + ")", e);
        }
        Path page = dir.resolve(FILE);
        AtomicFiles.writeString(page, html);
        return page;
    }

    /** The page for a results tree; panels are read from {@code dir/panels} when present. */
    public static String render(JsonObject r, Path dir) throws IOException {
        String dataset = str(r, "dataset");
        JsonObject exp = experimentConfig(r);
        Html h = head("milkid experiment: " + str(exp, "preset") + " on " + PaperNumbers.name(dataset));
        h.p("lead", lead(r, exp));
        h.raw("<nav><ol>");
        for (String[] s : new String[][] {{"settings", "Settings and provenance"}, {"time", "Running time"},
            {"data", "Data (Tables I and II)"}, {"bags", "Bag classification (Table III)"},
            {"kid", "Key instance detection (Fig. 2)"}, {"study", "KID study"},
            {"panels", dataset.equals("features") ? "Heatmaps of test slides" : "Panels (Figs. 3-4)"},
            {"deviations", "Where milkid differs from the paper"}}) {
            if (s[0].equals("study") && !r.has("kidStudy")) {
                continue;
            }
            h.raw("<li><a href=\"#" + s[0] + "\">").text(s[1]).raw("</a></li>");
        }
        h.raw("</ol></nav>\n");
        notes(h, r);
        settings(h, r, exp);
        time(h, r);
        data(h, r, dataset);
        bags(h, r, dataset);
        kid(h, r);
        if (r.has("kidStudy")) {
            study(h, r);
        }
        if (dataset.equals("features")) {
            slideHeatmaps(h, dir);
        } else {
            panels(h, dir, "Positive test bags of the first fold of the first repeat. Threshold and lambda are the"
                    + " ones that are best on that fold's test bags, as in the paper's figures.");
        }
        deviations(h);
        return foot(h);
    }

    /**
     * The page of {@code milkid demo}: its notes and settings, bag classification, the KID table with
     * every figure's 95% interval over the positive test bags, the panels (a)-(g) of a few positive
     * test bags, and the deviations from the paper.
     */
    public static String renderDemo(JsonObject r, Path dir) throws IOException {
        String dataset = str(r, "dataset");
        Html h = head("milkid demo on " + PaperNumbers.name(dataset));
        JsonObject test = r.has("testBags") ? r.getAsJsonObject("testBags") : new JsonObject();
        h.p("lead", String.format(Locale.ROOT, "One run on %s test bags (%s positive, %s key instances), seed %s. Every"
                + " KID figure is followed by its 95%% confidence interval in brackets: a bootstrap over the positive"
                + " test bags at the method's chosen threshold and lambda.", str(test, "bags"), str(test, "positive"),
                str(test, "keyInstances"), str(r.getAsJsonObject("provenance"), "seed")));
        h.raw("<nav><ol>");
        for (String[] s : new String[][] {{"settings", "Settings and provenance"}, {"bags", "Bag classification"},
            {"kid", "Key instance detection"}, {"panels", "Panels (Figs. 3-4)"},
            {"deviations", "Where milkid differs from the paper"}}) {
            h.raw("<li><a href=\"#" + s[0] + "\">").text(s[1]).raw("</a></li>");
        }
        h.raw("</ol></nav>\n");
        notes(h, r);
        settings(h, r, r.has("config") ? r.getAsJsonObject("config") : new JsonObject());
        bags(h, r, dataset);
        kid(h, r);
        panels(h, dir, "Positive test bags of the demo. Threshold and lambda are the ones that are best on the test"
                + " bags, as in the paper's figures.");
        deviations(h);
        return foot(h);
    }

    private static Html head(String title) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.el("title", title);
        h.raw("<style>\n" + CSS + "</style>\n</head>\n<body>\n<main>\n");
        h.el("h1", title);
        return h;
    }

    private static String foot(Html h) {
        h.raw("<footer>");
        h.text("Written by milkid " + Versions.MILKID + " from results.json; rebuild with: milkid report --results DIR");
        h.raw("</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    // ---- sections -----------------------------------------------------------------------------

    private static String lead(JsonObject r, JsonObject exp) {
        JsonObject runs = r.has("runs") ? r.getAsJsonObject("runs") : new JsonObject();
        return String.format(Locale.ROOT, "%s-fold cross-validation x %s repeats (%s of %s runs finished), seed %s, %s"
                + " methods. Every figure is mean%sSEM over the runs unless marked.", str(exp, "folds"),
                str(exp, "repeats"), str(runs, "finished"), str(runs, "total"), str(exp, "seed"),
                r.getAsJsonObject("methods").size(), PM.trim());
    }

    private static void notes(Html h, JsonObject r) {
        if (!r.has("notes") || r.getAsJsonArray("notes").isEmpty()) {
            return;
        }
        h.raw("<div class=\"notes\">");
        for (JsonElement n : r.getAsJsonArray("notes")) {
            h.el("p", n.getAsString());
        }
        h.raw("</div>\n");
    }

    private static void settings(Html h, JsonObject r, JsonObject exp) {
        h.el("h2", "settings", "Settings and provenance");
        if (r.has("protocol")) {
            h.el("p", str(r, "protocol"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : exp.entrySet()) {
            rows.add(List.of(e.getKey(), e.getKey().equals("methods") ? methodKeys(e.getValue())
                    : compact(e.getValue())));
        }
        JsonObject prov = r.has("provenance") ? r.getAsJsonObject("provenance") : new JsonObject();
        rows.add(List.of("data fingerprint", str(prov, "dataFingerprint")));
        rows.add(List.of("created", str(prov, "created")));
        if (prov.has("versions")) {
            for (Map.Entry<String, JsonElement> e : prov.getAsJsonObject("versions").entrySet()) {
                rows.add(List.of("version: " + e.getKey(), e.getValue().getAsString()));
            }
        }
        if (prov.has("cpu") && prov.get("cpu").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : prov.getAsJsonObject("cpu").entrySet()) {
                rows.add(List.of("machine: " + e.getKey(), compact(e.getValue())));
            }
        }
        JsonObject cfg = prov.has("config") ? prov.getAsJsonObject("config") : new JsonObject();
        if (cfg.has("train")) {
            rows.add(List.of("training", compact(cfg.get("train"))));
        }
        if (cfg.has("inversion")) {
            rows.add(List.of("inversion defaults", compact(cfg.get("inversion"))));
        }
        h.table("kv", null, List.of("setting", "value"), rows);
    }

    private static void time(Html h, JsonObject r) {
        h.el("h2", "time", "Running time");
        if (!r.has("time")) {
            h.el("p", "results.json records no running time.");
            return;
        }
        JsonObject t = r.getAsJsonObject("time");
        JsonObject plan = t.has("plan") ? t.getAsJsonObject("plan") : new JsonObject();
        JsonObject probe = plan.has("timing") ? plan.getAsJsonObject("timing") : new JsonObject();
        double k = num(probe, "probeInstances");
        List<List<String>> rows = new ArrayList<>();
        double est = num(t, "estimatedSeconds");
        double act = num(t, "actualSeconds");
        rows.add(List.of("estimated before the start (runs of this invocation)", duration(est)));
        rows.add(List.of("actual wall time of this invocation", duration(act)));
        rows.add(List.of("actual / estimated", est > 0 ? String.format(Locale.ROOT, "%.2f", act / est) : DASH));
        if (num(t, "parallelRuns") > 1) {
            rows.add(List.of("estimated wall time with " + fmt0(num(t, "parallelRuns")) + " runs at once",
                    duration(num(t, "estimatedWallSeconds"))));
        }
        rows.add(List.of("runs done by this invocation", str(t, "runsThisInvocation")));
        rows.add(List.of("summed wall time of all runs", duration(num(t, "runSeconds"))));
        rows.add(List.of("work counted", String.format(Locale.ROOT, "%,.0f training steps, %,.0f forward passes,"
                + " %,.0f inversion iterations, %,.0f sweep iterations", num(plan, "trainSteps"),
                num(plan, "forwardPasses"), num(plan, "inversionIterations"), num(plan, "sweepIterations"))));
        rows.add(List.of("probe (one bag of " + fmt0(k) + " instances, " + fmt1(num(probe, "seconds")) + " s)",
                String.format(Locale.ROOT, "%.1f ms a training step, %.1f ms a forward pass, %.1f ms an inversion"
                        + " iteration, %.1f ms a sweep iteration of %s lambdas", num(probe, "trainStep") * k,
                        num(probe, "forward") * k, num(probe, "inversionIteration") * k,
                        num(probe, "sweepIteration") * k, str(probe, "sweepRows"))));
        h.table("kv", null, List.of("", ""), rows);
        h.p("small", "The estimate multiplies the probe's costs by the counts of training steps (every epoch, so an"
                + " upper bound when early stopping ends training sooner), forward passes and inversion iterations"
                + " (for the truly positive test bags, as only bags predicted positive are inverted).");
    }

    private static void data(Html h, JsonObject r, String dataset) {
        h.el("h2", "data", "Data (Tables I and II)");
        if (!r.has("data")) {
            h.el("p", "results.json records no data statistics.");
            return;
        }
        JsonObject d = r.getAsJsonObject("data");
        JsonObject train = d.getAsJsonObject("train");
        JsonObject test = d.getAsJsonObject("test");
        JsonObject all = d.getAsJsonObject("all");
        boolean split = num(test, "bags") > 0;
        List<String> header = new ArrayList<>(List.of("figure"));
        if (split) {
            header.add("ours: train-digit bags");
            header.add("ours: test-digit bags");
        }
        header.add("ours: all bags");
        header.add("paper");
        Double pb = PaperNumbers.POSITIVE_BAGS.get(dataset);
        Double pi = PaperNumbers.POSITIVE_INSTANCES.get(dataset);
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(split, "bags (summed over repeats)", train, test, all, s -> fmt0(num(s, "bags")), DASH));
        rows.add(row(split, "Table I: positive bags", train, test, all, s -> pct(num(s, "positiveBagShare")),
                pb == null ? DASH : pct(pb)));
        rows.add(row(split, "Table I: negative bags", train, test, all, s -> pct(1 - num(s, "positiveBagShare")),
                pb == null ? DASH : pct(1 - pb)));
        rows.add(row(split, "Table II: positive instances in positive bags", train, test, all,
                s -> pct(num(s, "positiveInstanceShare")), pi == null ? DASH : pct(pi)));
        rows.add(row(split, "Table II: negative instances in positive bags", train, test, all,
                s -> pct(1 - num(s, "positiveInstanceShare")), pi == null ? DASH : pct(1 - pi)));
        rows.add(row(split, "instances a bag: mean (min-max)", train, test, all,
                s -> String.format(Locale.ROOT, "%.1f (%s-%s)", num(s, "meanBagSize"), fmt0(num(s, "minBagSize")),
                        fmt0(num(s, "maxBagSize"))),
                dataset.equals("mnist-bags") ? PaperNumbers.MNIST_BAG_SIZE + " (20 x 20)" : "not given"));
        h.table("num", "Our bags against the paper's Tables I and II for " + PaperNumbers.name(dataset), header, rows);
        if (num(all, "instancesInPositiveBags") == 0) {
            h.p("small", "These bags carry no instance labels: Table II and KID cannot be scored, only bag metrics.");
        }
    }

    private interface Cell {
        String of(JsonObject s);
    }

    private static List<String> row(boolean split, String name, JsonObject train, JsonObject test, JsonObject all,
            Cell cell, String paper) {
        List<String> row = new ArrayList<>(List.of(name));
        if (split) {
            row.add(cell.of(train));
            row.add(cell.of(test));
        }
        row.add(cell.of(all));
        row.add(paper);
        return row;
    }

    private static void bags(Html h, JsonObject r, String dataset) {
        h.el("h2", "bags", "Bag classification (Table III)");
        JsonObject methods = r.getAsJsonObject("methods");
        List<List<String>> rows = new ArrayList<>();
        for (String m : List.of("Inst+max", "Inst+mean", "Att")) {
            JsonObject o = methods.has(m) ? methods.getAsJsonObject(m) : null;
            PaperNumbers.Figure p = PaperNumbers.BAG_ACCURACY.get(m).get(dataset);
            rows.add(List.of(m, o == null ? "not run" : stat(o.get("bagAccuracy")),
                    o == null ? DASH : stat(o.get("bagAuc")),
                    p == null ? DASH : String.format(Locale.ROOT, "%.3f%s%.3f", p.mean(), PM, p.sem())));
        }
        h.table("num", "Bag accuracy on the test bags, ours against the paper's Table III ("
                + PaperNumbers.name(dataset) + ")", List.of("method", "ours: accuracy", "ours: AUC", "paper: accuracy"),
                rows);
        h.p("small", "Att+inv and Att+sparse share Att's bag predictions (inversion never changes them), as do"
                + " milkid's attention-based methods. AUC is milkid's addition.");
    }

    private static void kid(Html h, JsonObject r) {
        h.el("h2", "kid", "Key instance detection (Fig. 2)");
        JsonObject methods = r.getAsJsonObject("methods");
        List<String> onDev = new ArrayList<>();
        if (r.has("kidStudy")) {
            for (Map.Entry<String, JsonElement> e : r.getAsJsonObject("kidStudy").getAsJsonObject("methods").entrySet()) {
                if (!str(e.getValue().getAsJsonObject(), "selection").equals("test")) {
                    onDev.add(e.getKey());
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<Charts.Bar> bars = new ArrayList<>();
        List<Charts.Series> perLambda = new ArrayList<>();
        List<Charts.Series> perThreshold = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : methods.entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            boolean paper = o.get("paper").getAsBoolean();
            JsonObject k = o.has("kid") ? o.getAsJsonObject("kid") : null;
            rows.add(List.of(e.getKey(), paper ? "paper" : "milkid", k == null ? DASH : stat(k.get("f1")),
                    k == null ? DASH : stat(k.get("precision")), k == null ? DASH : stat(k.get("recall")),
                    k == null ? DASH : stat(k.get("averagePrecision")), k == null ? DASH : stat(k.get("auroc")),
                    k == null ? DASH : stat(k.get("ndcg")), k == null ? DASH : stat(k.get("aopcR")),
                    k == null ? DASH : String.format(Locale.ROOT, "%.1f", k.get("threshold").getAsDouble()),
                    o.has("lambda") ? lambdaStat(o.get("lambda")) + (onDev.contains(e.getKey()) ? " (dev)" : "") : DASH,
                    stat(o.get("bagAccuracy")),
                    fmt1(Stat.read(o.get("seconds")).mean()) + " s"));
            if (k == null) {
                continue;
            }
            Stat f1 = Stat.read(k.get("f1"));
            bars.add(new Charts.Bar(e.getKey(), f1.mean(), f1.sem(), paper ? PAPER_COLOR : MILKID_COLOR));
            perThreshold.add(series(e.getKey(), k.getAsJsonArray("perThreshold"), "threshold"));
            if (o.has("perLambda") && o.getAsJsonArray("perLambda").size() > 1 && !onDev.contains(e.getKey())) {
                perLambda.add(series(e.getKey(), o.getAsJsonArray("perLambda"), "lambda"));
            }
        }
        h.table("num", "KID on the test bags: F1, precision and recall at the threshold t with the best mean F1 and"
                + " each run's best lambda (chosen on the test bags, as the paper does); AP, instance AUROC and NDCG@n"
                + " (n = the bag's key instances, averaged over bags) need no threshold; AOPC-R is how much faster the"
                + " bag probability falls when instances are removed in the method's order than in random orders."
                + " In brackets: 95% confidence interval (" + ciWords(r) + ")",
                List.of("method", "from", "F1", "precision", "recall", "AP", "AUROC", "NDCG@n", "AOPC-R", "best t", "best lambda", "bag accuracy",
                        "time a run"), rows);
        if (!onDev.isEmpty()) {
            h.p("small", "Lambdas marked (dev) were chosen on the development bags; the KID study below gives those"
                    + " methods' test figures at their development-chosen thresholds too.");
        }
        if (bars.isEmpty()) {
            h.el("p", "No test bag has instance labels: KID cannot be scored on this data set.");
            return;
        }
        h.p("small", PaperNumbers.FIG2_CLAIM);
        h.figure("chart", Html.dataUri(Charts.bars(r.has("ci95Method") && r.getAsJsonObject("ci95Method").has("bags")
                ? "KID F1 per method (one run; 95% intervals in the table)" : "KID F1 per method (mean \u00b1 SEM over runs)",
                "F1", bars,
                keys(bars, new Charts.Key("paper's method", PAPER_COLOR), new Charts.Key("milkid's method",
                        MILKID_COLOR)))), "Bar chart of KID F1 per method with standard-error whiskers",
                "F1 per method, as the paper's Fig. 2: each bar at its best threshold and lambda on the test bags.",
                Charts.WIDTH, Charts.HEIGHT);
        if (!perLambda.isEmpty()) {
            h.figure("chart", Html.dataUri(Charts.lines("KID F1 against lambda", "lambda", "F1 (best t)", perLambda)),
                    "Line chart of KID F1 against the sparseness coefficient lambda",
                    "F1 at each lambda of the sweep, at that lambda's best threshold, mean \u00b1 SEM over runs.",
                    Charts.WIDTH, Charts.HEIGHT);
        }
        h.figure("chart", Html.dataUri(Charts.lines("KID F1 against the threshold t", "threshold t", "F1",
                perThreshold)), "Line chart of KID F1 against the threshold",
                "F1 at every threshold (sweeping methods at each run's chosen lambda), mean \u00b1 SEM over runs.",
                Charts.WIDTH, Charts.HEIGHT);
    }

    /** What the table's intervals are over, from results.json's {@code "ci95Method"}. */
    private static String ciWords(JsonObject r) {
        JsonObject m = r.has("ci95Method") ? r.getAsJsonObject("ci95Method") : new JsonObject();
        if (m.has("bags")) {
            return "one run: bootstrap over the positive test bags, " + str(m, "resamples") + " resamples";
        }
        return "over the runs: Student's t, mean " + PM.trim() + " t(0.975, n-1) SEM; none for a single run";
    }

    /** The legend entries whose colour some bar has. */
    private static List<Charts.Key> keys(List<Charts.Bar> bars, Charts.Key... keys) {
        List<Charts.Key> used = new ArrayList<>();
        for (Charts.Key k : keys) {
            if (bars.stream().anyMatch(b -> b.color().equals(k.color()))) {
                used.add(k);
            }
        }
        return used;
    }

    private static Charts.Series series(String name, JsonArray rows, String xKey) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        double[] err = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            x[i] = row.get(xKey).getAsDouble();
            Stat s = Stat.read(row.get("f1"));
            y[i] = s.mean();
            err[i] = s.sem();
        }
        return new Charts.Series(name, x, y, err);
    }

    private static void study(Html h, JsonObject r) {
        study(h, r, "study", "KID study: the paper's methods and milkid's on the same models");
    }

    /** The KID study's table and chart of one results tree, under a heading with the given anchor. */
    static void study(Html h, JsonObject r, String id, String heading) {
        h.el("h2", id, heading);
        JsonObject s = r.getAsJsonObject("kidStudy");
        int dev = s.get("devBags").getAsInt();
        h.el("p", dev > 0
                ? "Every method ran on the same trained models of every run. milkid's methods chose their lambda and"
                        + " threshold on " + dev + " development bags per repeat (drawn from the train digits with"
                        + " another stream), never on the test bags. The paper's rows are reported as the paper does,"
                        + " with lambda and threshold chosen on the test bags: they are marked 'test (optimistic)'."
                : "Every method ran on the same trained models. Without development bags, every row's lambda and"
                        + " threshold are chosen on the test bags, as the paper does: all rows are optimistic.");
        List<List<String>> rows = new ArrayList<>();
        List<Charts.Bar> bars = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : s.getAsJsonObject("methods").entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            boolean paper = o.get("paper").getAsBoolean();
            String sel = str(o, "selection");
            String where = sel.equals("test") ? "test (optimistic)" : sel.equals("development") ? "development bags"
                    : "mixed";
            rows.add(List.of(e.getKey(), paper ? "paper" : "milkid", where, stat(o.get("f1")), stat(o.get("precision")),
                    stat(o.get("recall")), stat(o.get("averagePrecision")), stat(o.get("auroc")), stat(o.get("ndcg")),
                    stat(o.get("aopcR")), thresholdStat(o.get("threshold")),
                    o.has("lambda") ? lambdaStat(o.get("lambda")) : DASH,
                    o.has("devF1") ? stat(o.get("devF1")) : DASH));
            Stat f1 = Stat.read(o.get("f1"));
            bars.add(new Charts.Bar(e.getKey() + (sel.equals("test") ? " *" : ""), f1.mean(), f1.sem(),
                    sel.equals("test") ? PAPER_COLOR : MILKID_COLOR));
        }
        h.table("num", "KID study: test F1 at each method's chosen lambda and threshold",
                List.of("method", "from", "chosen on", "F1", "precision", "recall", "AP", "AUROC", "NDCG@n", "AOPC-R", "t", "lambda",
                        "F1 on development"), rows);
        h.figure("chart", Html.dataUri(Charts.bars("KID study: test F1 per method (mean \u00b1 SEM)", "F1", bars,
                keys(bars, new Charts.Key("* chosen on test (as the paper)", PAPER_COLOR),
                        new Charts.Key("chosen on development bags", MILKID_COLOR)))),
                "Bar chart of the KID study's test F1 per method",
                "Test F1 of every method; bars marked * chose lambda and threshold on the test bags.", Charts.WIDTH,
                Charts.HEIGHT);
    }

    private static void panels(Html h, Path dir, String which) throws IOException {
        h.el("h2", "panels", "Key instances of a few test bags (Figs. 3-4)");
        Path index = dir == null ? null : dir.resolve("panels").resolve("index.json");
        if (index == null || !Files.isRegularFile(index)) {
            h.el("p", "No panels were written (they need the method attention; see --panels).");
            return;
        }
        JsonArray list = Json.read(index).getAsJsonObject().getAsJsonArray("bags");
        h.el("p", which);
        for (JsonElement e : list) {
            JsonObject b = e.getAsJsonObject();
            String caption = String.format(Locale.ROOT, "Bag %s: %s instances, %s key; bag probability %.3f; Att"
                    + " detects %s at t = %.1f", str(b, "bag"), str(b, "instances"), str(b, "keyInstances"),
                    num(b, "probability"), str(b, "attDetected"), num(b, "attThreshold"));
            if (b.has("sparseDetected")) {
                caption += String.format(Locale.ROOT, "; Att+sparse (lambda %s) detects %s at t = %.1f",
                        lambdaText(num(b, "lambda")), str(b, "sparseDetected"), num(b, "sparseThreshold"));
            }
            h.el("h3", caption);
            h.raw("<div class=\"panels\">\n");
            JsonObject files = b.getAsJsonObject("panels");
            for (Map.Entry<String, String> p : Panels.CAPTIONS.entrySet()) {
                if (!files.has(p.getKey())) {
                    continue;
                }
                Path png = dir.resolve("panels").resolve(files.get(p.getKey()).getAsString()).normalize();
                if (!png.startsWith(dir.resolve("panels").normalize()) || !Files.isRegularFile(png)) {
                    throw new IOException(png + ": a panel listed in panels/index.json is missing");
                }
                byte[] bytes = Files.readAllBytes(png);
                int[] size = pngSize(bytes);
                h.figure("panel", Html.dataUri(bytes), p.getValue() + " of bag " + str(b, "bag"), p.getValue(),
                        Math.min(size[0], 260), (int) Math.round(Math.min(size[0], 260) * (double) size[1] / size[0]));
            }
            h.raw("</div>\n");
        }
    }

    /**
     * For whole slides, in place of the panels (a)-(g), which draw pixels that feature bags do not
     * have: the tile heatmaps of {@link SlidePanels} from {@code dir/panels}.
     */
    private static void slideHeatmaps(Html h, Path dir) throws IOException {
        h.el("h2", "panels", "Key tiles of a few positive test slides");
        Path folder = dir == null ? null : dir.resolve("panels");
        Path index = folder == null ? null : folder.resolve("index.json");
        if (index == null || !Files.isRegularFile(index)) {
            h.el("p", "No heatmaps were written (see --panels).");
            return;
        }
        JsonObject idx = Json.read(index).getAsJsonObject();
        if (!SlidePanels.KIND.equals(str(idx, "kind"))) {
            throw new IOException(index + ": not the index of slide heatmaps (kind " + str(idx, "kind") + ")");
        }
        JsonArray list = idx.getAsJsonArray("bags");
        h.el("p", String.format(Locale.ROOT, "The paper's panels (a)-(g) draw a bag's pixels; a whole slide here is"
                + " a bag of tile feature vectors, which have none. Instead, positive test slides of the first fold of"
                + " the first repeat as tile heatmaps of %s: every tile at its place on the slide, coloured by its KID"
                + " score (min-max over the slide); the tiles marked at t = %.2f (the threshold best on that fold's"
                + " test slides) outlined in magenta; labelled key tiles, when the files carry instance_labels,"
                + " marked cyan in a corner.", str(idx, "method"), num(idx, "threshold")));
        if (list.isEmpty()) {
            h.el("p", "The first fold has no positive test slide to draw.");
        }
        for (JsonElement e : list) {
            JsonObject b = e.getAsJsonObject();
            String keys = b.has("keyInstances") && !b.get("keyInstances").isJsonNull()
                    ? str(b, "keyInstances") + " labelled key" : "no tile labels";
            h.el("h3", String.format(Locale.ROOT, "%s: %s tiles, %s; bag probability %.3f; %s marks %s at"
                    + " t = %.2f", str(b, "bag"), str(b, "instances"), keys, num(b, "probability"),
                    str(idx, "method"), str(b, "detected"), num(idx, "threshold")));
            String name = b.getAsJsonObject("panels").get(SlidePanels.HEATMAP).getAsString();
            Path png = folder.resolve(name).normalize();
            if (!png.startsWith(folder.normalize()) || !Files.isRegularFile(png)) {
                throw new IOException(png + ": a heatmap listed in panels/index.json is missing");
            }
            byte[] bytes = Files.readAllBytes(png);
            int[] size = pngSize(bytes);
            h.figure("heatmap", Html.dataUri(bytes), "Tile heatmap of slide " + str(b, "bag"), null, size[0],
                    size[1]);
        }
    }

    static void deviations(Html h) {
        h.el("h2", "deviations", "Where milkid differs from the paper");
        h.raw("<dl>\n");
        for (Deviations.Deviation d : Deviations.ALL) {
            h.el("dt", d.title());
            h.el("dd", d.text());
        }
        h.raw("</dl>\n");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The methods of the config (enum names) as their table names. */
    private static String methodKeys(JsonElement methods) {
        if (!methods.isJsonArray()) {
            return compact(methods);
        }
        List<String> keys = new ArrayList<>();
        for (JsonElement m : methods.getAsJsonArray()) {
            try {
                keys.add(org.milkid.detect.KidMethod.valueOf(m.getAsString()).key());
            } catch (IllegalArgumentException e) {
                keys.add(m.getAsString());
            }
        }
        return String.join(", ", keys);
    }

    private static JsonObject experimentConfig(JsonObject r) {
        if (r.has("config") && r.getAsJsonObject("config").has("experiment")) {
            return r.getAsJsonObject("config").getAsJsonObject("experiment");
        }
        return new JsonObject();
    }


    /** "0.912 ± 0.013" over runs, "0.912" for one; followed by " [lo, hi]" when the figure has a ci95. */
    static String stat(JsonElement e) {
        Stat s = Stat.read(e);
        if (Double.isNaN(s.mean())) {
            return "n/a";
        }
        String text = s.n() > 1 ? String.format(Locale.ROOT, "%.3f%s%.3f", s.mean(), PM, s.sem())
                : String.format(Locale.ROOT, "%.3f", s.mean());
        if (e.isJsonObject() && e.getAsJsonObject().has("ci95")) {
            JsonArray ci = e.getAsJsonObject().getAsJsonArray("ci95");
            text += String.format(Locale.ROOT, " [%.3f, %.3f]", ci.get(0).getAsDouble(), ci.get(1).getAsDouble());
        }
        return text;
    }

    private static String thresholdStat(JsonElement e) {
        Stat s = Stat.read(e);
        if (Double.isNaN(s.mean())) {
            return DASH;
        }
        return s.sem() > 0 ? String.format(Locale.ROOT, "%.2f%s%.2f", s.mean(), PM, s.sem())
                : String.format(Locale.ROOT, "%.1f", s.mean());
    }

    private static String lambdaStat(JsonElement e) {
        Stat s = Stat.read(e);
        if (Double.isNaN(s.mean())) {
            return DASH;
        }
        return s.sem() > 0 ? lambdaText(s.mean()) + PM + lambdaText(s.sem()) : lambdaText(s.mean());
    }

    private static String lambdaText(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.5f", v).replaceAll("0+$", "")
                .replaceAll("\\.$", "");
    }

    private static String str(JsonObject o, String key) {
        if (o == null || !o.has(key) || o.get(key).isJsonNull()) {
            return DASH;
        }
        JsonElement e = o.get(key);
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static double num(JsonObject o, String key) {
        if (o == null || !o.has(key) || o.get(key).isJsonNull() || !o.get(key).isJsonPrimitive()) {
            return Double.NaN;
        }
        try {
            return o.get(key).getAsDouble();
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A JSON value on one line, without quotes around plain strings. */
    private static String compact(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return DASH;
        }
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        return e.toString().replace(",\"", ", \"").replace("\":", "\": ");
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return DASH;
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    /** Width and height from a PNG's IHDR chunk. */
    static int[] pngSize(byte[] png) throws IOException {
        if (png.length < 24 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IOException("not a PNG file");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png, 16, 8);
        return new int[] {b.getInt(), b.getInt()};
    }

    static final String CSS = """
            body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222;
                   background: #fff; margin: 0; }
            main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
            h1 { font-size: 26px; margin: 0 0 8px; }
            h2 { font-size: 20px; margin: 36px 0 10px; border-bottom: 2px solid #0072B2; padding-bottom: 4px; }
            h3 { font-size: 15px; margin: 22px 0 8px; }
            p.lead { color: #444; margin-top: 0; }
            p.small { font-size: 13px; color: #555; }
            nav ol { columns: 2; font-size: 14px; padding-left: 20px; }
            nav a { color: #0072B2; text-decoration: none; }
            table { border-collapse: collapse; margin: 10px 0 14px; font-size: 13.5px; display: block;
                    max-width: 100%; overflow-x: auto; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
            th, td { border: 1px solid #d8d8d8; padding: 4px 9px; vertical-align: top; }
            th { background: #f2f5f8; text-align: left; }
            table.num td { text-align: right; white-space: nowrap; }
            table.num td:first-child { text-align: left; }
            table.kv td:first-child { white-space: nowrap; color: #444; }
            table.kv td:last-child { word-break: break-word; font-family: "DejaVu Sans Mono", monospace;
                                     font-size: 12.5px; }
            figure { margin: 14px 0; }
            figure.chart img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 13px; color: #555; }
            .panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
            figure.heatmap img { max-width: 100%; height: auto; border: 1px solid #ccc; }
            figure.panel { margin: 0; }
            figure.panel img { width: 100%; height: auto; image-rendering: pixelated; border: 1px solid #ccc;
                               background: #000; }
            .notes { background: #fff8e5; border-left: 4px solid #E69F00; padding: 4px 14px; margin: 14px 0; }
            dt { font-weight: 600; margin-top: 10px; }
            dd { margin: 2px 0 0 18px; }
            footer { margin-top: 40px; font-size: 12px; color: #777; }
            """;
}
