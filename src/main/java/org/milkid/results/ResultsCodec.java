package org.milkid.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.milkid.eval.Interval;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.results.ExperimentResults.DataSummary;
import org.milkid.results.ExperimentResults.RepeatData;
import org.milkid.results.ExperimentResults.RunCounts;
import org.milkid.results.ExperimentResults.Time;
import org.milkid.util.Json;

/**
 * The one reader and writer of {@code results.json}, and the owner of its format number. Layout:
 * <pre>
 * {"format": 1, "dataset": ..., "config": {...}, "provenance": {...}, "defaultKidMethod": "Att-alone",
 *  "ci95Method": {"runs": ..., "bags": ..., "resamples": ..., "seed": ...},
 *  "methods": {"Att": {"paper": true, "description": ..., "bagAccuracy": M, "bagAuc": M,
 *                      "kid": {"f1": C, "precision": C, "recall": C, "averagePrecision": C,
 *                              "auroc": C, "ndcg": C, "aopcR": C, "threshold": t,
 *                              "positiveBags": M, "keyInstances": M,
 *                              "perThreshold": [{"threshold": t, "f1": M, "precision": M, "recall": M}]},
 *                      "lambda": M, "perLambda": [{"lambda": l, "f1": M, ...}], "seconds": M}},
 *  experiment: "protocol", "runs", "data", "training", "time", "kidStudy", "notes"
 *  demo:       "command": "demo", "testBags", "training", "notes", "seconds"}
 * </pre>
 * where M is {@code {"mean", "sem", "n"}} ({@link Metric}; null for NaN) and C the same with
 * {@code "ci95": [lo, hi]} when there is an interval. Decoding then encoding gives the same bytes.
 *
 * <p>The settings ({@code config}), the provenance and the experiment's plan are kept as the JSON
 * their own types serialize to; {@link #settings}, {@link #setup} and {@link #work} read what the
 * report shows of them. {@code milkid detect}'s summary.json is written here too
 * ({@link #encode(DetectSummary)}).
 *
 * <p>Longer than milkid's other classes on purpose: every key of the files is written and read in
 * this one class, encoder next to decoder, so that a change to the format is one change in one place
 * (and the round trip, decode then encode, is checked on the same lines).
 */
public final class ResultsCodec {
    /** The format of results.json that milkid writes and the newest it reads. */
    public static final int FORMAT = 1;
    /** The results file's name. */
    public static final String FILE = "results.json";
    /** The keys of results.json that hold wall-clock times or dates, and nothing else. */
    public static final Set<String> TIMING_KEYS = Set.of("seconds", "msPerStep", "time", "created", "started");
    private static final String DEMO = "demo";
    private static final String CI_RUNS = "several runs: Student's t interval of the mean over the runs, mean +- t(0.975,"
            + " n-1) x sem";
    private static final String CI_BAGS = "one run: percentile bootstrap over the truly positive test bags (drawn with"
            + " replacement, pooled figures recomputed at the method's chosen threshold and lambda), widened to the"
            + " point estimate if a skewed distribution leaves it out; every method draws the same bags";

    private ResultsCodec() {
    }

    // ---- files ---------------------------------------------------------------------------------

    /** Writes {@code results}, whole or not at all. */
    public static void write(Path file, Results results) throws IOException {
        Json.write(file, encode(results));
    }

    /** Reads a results file; one of a newer format, or incomplete, is an IOException naming it. */
    public static Results read(Path file) throws IOException {
        return decode(Json.readFormatted(file, FORMAT, "results file"), file.toString());
    }

    /**
     * A copy of a results tree without its {@link #TIMING_KEYS}, at any depth: what two runs with
     * the same seed and settings on the same machine must agree on exactly.
     */
    public static JsonObject withoutTimings(JsonObject tree) {
        JsonObject copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            TIMING_KEYS.forEach(o::remove);
            o.entrySet().forEach(x -> strip(x.getValue()));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(ResultsCodec::strip);
        }
    }

    // ---- encoding ------------------------------------------------------------------------------

    /** The JSON tree of some results. */
    public static JsonObject encode(Results results) {
        JsonObject root = new JsonObject();
        MethodTable t = results.table();
        root.addProperty("format", FORMAT);
        root.addProperty("dataset", t.dataset());
        root.add("config", t.config());
        root.add("provenance", t.provenance());
        if (t.defaultKidMethod() != null) {
            root.addProperty("defaultKidMethod", t.defaultKidMethod());
        }
        JsonObject ci = new JsonObject();
        ci.addProperty("runs", CI_RUNS);
        if (t.bootstrap() != null) {
            ci.addProperty("bags", CI_BAGS);
            ci.addProperty("resamples", t.bootstrap().resamples());
            ci.addProperty("seed", t.bootstrap().seed());
        }
        root.add("ci95Method", ci);
        JsonObject methods = new JsonObject();
        t.methods().forEach(m -> methods.add(m.name(), method(m)));
        root.add("methods", methods);
        if (results instanceof ExperimentResults e) {
            experiment(root, e);
        } else if (results instanceof DemoResults d) {
            demo(root, d);
        }
        return root;
    }

    /**
     * The summary.json of {@code milkid detect}: the method, the bags, the threshold key instances are
     * marked at and where it came from, the KID figures there (with every threshold's and the best on
     * these bags, which is optimistic), and every lambda's figures.
     */
    public static JsonObject encode(DetectSummary s) {
        JsonObject o = new JsonObject();
        o.addProperty("method", s.method());
        o.addProperty("description", s.description());
        o.addProperty("paperMethod", s.paperMethod());
        o.addProperty("dataset", s.dataset());
        o.addProperty("model", s.model());
        o.add("inversion", s.inversion());
        o.addProperty("bags", s.bags());
        o.addProperty("bagAccuracy", s.bagAccuracy());
        o.addProperty("bagAuc", s.bagAuc());
        o.addProperty("threshold", s.threshold());
        o.addProperty("thresholdFrom", s.thresholdFrom());
        if (!Double.isNaN(s.lambda())) {
            o.addProperty("lambda", s.lambda());
        }
        o.add("kid", kid(s.kid()));
        JsonArray perLambda = new JsonArray();
        for (DetectSummary.LambdaKid l : s.perLambda()) {
            JsonObject row = kid(l.kid());
            row.addProperty("lambda", l.lambda());
            perLambda.add(row);
        }
        if (!perLambda.isEmpty()) {
            o.add("perLambda", perLambda);
        }
        o.addProperty("seconds", s.seconds());
        o.add("modelProvenance", s.modelProvenance());
        return o;
    }

    private static JsonObject kid(DetectSummary.Kid k) {
        JsonObject o = new JsonObject();
        KidResult r = k.result();
        if (r == null) {
            o.addProperty("note", DetectSummary.Kid.NOT_SCORED);
            return o;
        }
        o.addProperty("f1", k.at().f1());
        o.addProperty("precision", k.at().precision());
        o.addProperty("recall", k.at().recall());
        o.addProperty("threshold", k.at().threshold());
        JsonObject best = new JsonObject();
        best.addProperty("threshold", r.best().threshold());
        best.addProperty("f1", r.best().f1());
        best.addProperty("note", "chosen on these bags' own labels: optimistic");
        o.add("bestOnTheseBags", best);
        o.addProperty("averagePrecision", r.averagePrecision());
        o.addProperty("auroc", r.auroc());
        o.addProperty("ndcg", r.ndcg());
        o.addProperty("aopcR", r.aopcR());
        o.addProperty("positiveBags", r.positiveBags());
        o.addProperty("keyInstances", r.keyInstances());
        JsonArray per = new JsonArray();
        for (KidScores.Prf p : r.perThreshold()) {
            JsonObject row = new JsonObject();
            row.addProperty("threshold", p.threshold());
            row.addProperty("precision", p.precision());
            row.addProperty("recall", p.recall());
            row.addProperty("f1", p.f1());
            per.add(row);
        }
        o.add("perThreshold", per);
        return o;
    }

    private static void experiment(JsonObject root, ExperimentResults e) {
        root.addProperty("protocol", e.protocol());
        JsonObject counts = new JsonObject();
        counts.addProperty("repeats", e.runs().repeats());
        counts.addProperty("folds", e.runs().folds());
        counts.addProperty("total", e.runs().total());
        counts.addProperty("finished", e.runs().finished());
        root.add("runs", counts);
        JsonObject data = new JsonObject();
        data.add("all", stats(e.data().all()));
        data.add("train", stats(e.data().train()));
        data.add("test", stats(e.data().test()));
        JsonArray per = new JsonArray();
        for (RepeatData r : e.data().perRepeat()) {
            JsonObject p = new JsonObject();
            p.addProperty("repeat", r.repeat());
            p.addProperty("fingerprint", r.fingerprint());
            p.add("train", stats(r.train()));
            p.add("test", stats(r.test()));
            per.add(p);
        }
        data.add("perRepeat", per);
        root.add("data", data);
        JsonObject training = new JsonObject();
        for (ExperimentResults.Training t : e.training()) {
            JsonObject m = new JsonObject();
            m.add("epochsRun", metric(t.epochsRun()));
            m.add("bestEpoch", metric(t.bestEpoch()));
            m.add("bestValidationLoss", metric(t.bestValidationLoss()));
            m.add("msPerStep", metric(t.msPerStep()));
            m.add("seconds", metric(t.seconds()));
            m.addProperty("runs", t.runs());
            m.addProperty("runsAtChance", t.runsAtChance());
            m.addProperty("runsRestarted", t.runsRestarted());
            m.addProperty("restarts", t.restarts());
            m.add("restartsPerRun", metric(t.restartsPerRun()));
            training.add(t.model(), m);
        }
        root.add("training", training);
        Time time = e.time();
        JsonObject t = new JsonObject();
        t.addProperty("estimatedSeconds", time.estimatedSeconds());
        t.addProperty("actualSeconds", time.actualSeconds());
        t.addProperty("runSeconds", time.runSeconds());
        t.addProperty("runsThisInvocation", time.runsThisInvocation());
        t.addProperty("parallelRuns", time.parallelRuns());
        t.addProperty("estimatedWallSeconds", time.estimatedWallSeconds());
        t.add("plan", time.plan());
        root.add("time", t);
        if (e.kidStudy() != null) {
            root.add("kidStudy", study(e.kidStudy()));
        }
        root.add("notes", notes(e.notes()));
    }

    private static void demo(JsonObject root, DemoResults d) {
        root.addProperty("command", DEMO);
        JsonObject test = new JsonObject();
        test.addProperty("bags", d.testBags().bags());
        test.addProperty("positive", d.testBags().positive());
        test.addProperty("keyInstances", d.testBags().keyInstances());
        root.add("testBags", test);
        JsonObject training = new JsonObject();
        for (DemoResults.Training t : d.training()) {
            JsonObject o = new JsonObject();
            o.addProperty("epochsRun", t.epochsRun());
            o.addProperty("bestEpoch", t.bestEpoch());
            o.addProperty("bestValidationLoss", t.bestValidationLoss());
            o.addProperty("msPerStep", t.msPerStep());
            o.addProperty("leftChance", t.leftChance());
            o.addProperty("restarts", t.restarts());
            o.addProperty("abandonedEpochs", t.abandonedEpochs());
            training.add(t.model(), o);
        }
        root.add("training", training);
        root.add("notes", notes(d.notes()));
        root.addProperty("seconds", d.seconds());
    }

    private static JsonArray notes(List<String> notes) {
        JsonArray n = new JsonArray();
        notes.forEach(n::add);
        return n;
    }

    private static JsonObject method(MethodResults m) {
        JsonObject o = new JsonObject();
        o.addProperty("paper", m.paper());
        o.addProperty("description", m.description());
        o.add("bagAccuracy", metric(m.bagAccuracy()));
        o.add("bagAuc", metric(m.bagAuc()));
        if (m.kid() != null) {
            o.add("kid", kid(m.kid()));
        }
        if (m.lambda() != null) {
            o.add("lambda", metric(m.lambda()));
        }
        if (m.perLambda() != null) {
            JsonArray a = new JsonArray();
            for (LambdaRow l : m.perLambda()) {
                JsonObject row = new JsonObject();
                row.addProperty("lambda", l.lambda());
                row.add("f1", metric(l.f1()));
                row.add("precision", metric(l.precision()));
                row.add("recall", metric(l.recall()));
                row.add("averagePrecision", metric(l.averagePrecision()));
                row.add("auroc", metric(l.auroc()));
                row.add("ndcg", metric(l.ndcg()));
                row.add("aopcR", metric(l.aopcR()));
                a.add(row);
            }
            o.add("perLambda", a);
        }
        o.add("seconds", metric(m.seconds()));
        if (m.inversionIterations() != null) {
            o.addProperty("inversionIterations", m.inversionIterations());
        }
        return o;
    }

    private static JsonObject kid(KidFigures k) {
        JsonObject o = new JsonObject();
        o.add("f1", metric(k.f1()));
        o.add("precision", metric(k.precision()));
        o.add("recall", metric(k.recall()));
        o.add("averagePrecision", metric(k.averagePrecision()));
        o.add("auroc", metric(k.auroc()));
        o.add("ndcg", metric(k.ndcg()));
        o.add("aopcR", metric(k.aopcR()));
        o.addProperty("threshold", k.threshold());
        o.add("positiveBags", metric(k.positiveBags()));
        o.add("keyInstances", metric(k.keyInstances()));
        JsonArray per = new JsonArray();
        for (ThresholdRow r : k.perThreshold()) {
            JsonObject row = new JsonObject();
            row.addProperty("threshold", r.threshold());
            row.add("f1", metric(r.f1()));
            row.add("precision", metric(r.precision()));
            row.add("recall", metric(r.recall()));
            per.add(row);
        }
        o.add("perThreshold", per);
        return o;
    }

    private static JsonObject study(KidStudy s) {
        JsonObject methods = new JsonObject();
        for (StudyRow r : s.methods()) {
            JsonObject o = new JsonObject();
            o.addProperty("paper", r.paper());
            o.addProperty("description", r.description());
            o.addProperty("selection", r.selection().key());
            o.add("f1", metric(r.f1()));
            o.add("precision", metric(r.precision()));
            o.add("recall", metric(r.recall()));
            o.add("threshold", metric(r.threshold()));
            if (r.devF1() != null) {
                o.add("devF1", metric(r.devF1()));
            }
            o.add("averagePrecision", metric(r.averagePrecision()));
            o.add("auroc", metric(r.auroc()));
            o.add("ndcg", metric(r.ndcg()));
            o.add("aopcR", metric(r.aopcR()));
            if (r.lambda() != null) {
                o.add("lambda", metric(r.lambda()));
            }
            o.add("bagAccuracy", metric(r.bagAccuracy()));
            methods.add(r.name(), o);
        }
        JsonObject root = new JsonObject();
        root.addProperty("devBags", s.devBags());
        root.add("methods", methods);
        return root;
    }

    /** A metric as {@code {"mean", "sem", "n"}}, with {@code "ci95": [lo, hi]} when it has an interval. */
    private static JsonObject metric(Metric m) {
        JsonObject o = new JsonObject();
        o.addProperty("mean", nullable(Metric.round(m.mean())));
        o.addProperty("sem", nullable(Metric.round(m.sem())));
        o.addProperty("n", m.n());
        if (m.ci95() != null) {
            JsonArray a = new JsonArray();
            a.add(Metric.round(m.ci95().lo()));
            a.add(Metric.round(m.ci95().hi()));
            o.add("ci95", a);
        }
        return o;
    }

    /** The data statistics of a set of bags, with the shares of Tables I and II. */
    private static JsonObject stats(DataStats s) {
        JsonObject o = new JsonObject();
        o.addProperty("bags", s.bags());
        o.addProperty("positiveBags", s.positiveBags());
        o.addProperty("positiveBagShare", nullable(Metric.round(s.positiveBagShare())));
        o.addProperty("instances", s.instances());
        o.addProperty("instancesInPositiveBags", s.instancesInPositiveBags());
        o.addProperty("positiveInstancesInPositiveBags", s.positiveInstancesInPositiveBags());
        o.addProperty("positiveInstanceShare", nullable(Metric.round(s.positiveInstanceShare())));
        o.addProperty("meanBagSize", nullable(Metric.round(s.meanSize())));
        o.addProperty("minBagSize", s.bags() == 0 ? 0 : s.minSize());
        o.addProperty("maxBagSize", s.maxSize());
        return o;
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : v;
    }

    // ---- decoding ------------------------------------------------------------------------------

    /**
     * The results of a JSON tree that {@link #encode} made; an incomplete or damaged one is an
     * IOException naming {@code source}.
     */
    public static Results decode(JsonObject root, String source) throws IOException {
        try {
            MethodTable table = table(root);
            if (DEMO.equals(text(root, "command"))) {
                JsonObject test = root.getAsJsonObject("testBags");
                List<DemoResults.Training> training = new ArrayList<>();
                for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("training").entrySet()) {
                    JsonObject o = e.getValue().getAsJsonObject();
                    training.add(new DemoResults.Training(e.getKey(), o.get("epochsRun").getAsInt(),
                            o.get("bestEpoch").getAsInt(), number(o, "bestValidationLoss"), number(o, "msPerStep"),
                            o.get("leftChance").getAsBoolean(), o.get("restarts").getAsInt(),
                            o.get("abandonedEpochs").getAsInt()));
                }
                return new DemoResults(table, new DemoResults.TestBags(test.get("bags").getAsInt(),
                        test.get("positive").getAsLong(), test.get("keyInstances").getAsInt()), training,
                        notes(root), number(root, "seconds"));
            }
            JsonObject runs = root.getAsJsonObject("runs");
            JsonObject data = root.getAsJsonObject("data");
            List<RepeatData> perRepeat = new ArrayList<>();
            for (JsonElement e : data.getAsJsonArray("perRepeat")) {
                JsonObject p = e.getAsJsonObject();
                perRepeat.add(new RepeatData(p.get("repeat").getAsInt(), text(p, "fingerprint"),
                        stats(p.getAsJsonObject("train")), stats(p.getAsJsonObject("test"))));
            }
            List<ExperimentResults.Training> training = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("training").entrySet()) {
                JsonObject m = e.getValue().getAsJsonObject();
                training.add(new ExperimentResults.Training(e.getKey(), metric(m, "epochsRun"), metric(m, "bestEpoch"),
                        metric(m, "bestValidationLoss"), metric(m, "msPerStep"), metric(m, "seconds"),
                        m.get("runs").getAsInt(), m.get("runsAtChance").getAsLong(), m.get("runsRestarted").getAsLong(),
                        m.get("restarts").getAsInt(), metric(m, "restartsPerRun")));
            }
            JsonObject t = root.getAsJsonObject("time");
            Time time = new Time(number(t, "estimatedSeconds"), number(t, "actualSeconds"), number(t, "runSeconds"),
                    t.get("runsThisInvocation").getAsInt(), t.get("parallelRuns").getAsInt(),
                    number(t, "estimatedWallSeconds"), t.getAsJsonObject("plan"));
            return new ExperimentResults(table, text(root, "protocol"), new RunCounts(runs.get("repeats").getAsInt(),
                    runs.get("folds").getAsInt(), runs.get("total").getAsInt(), runs.get("finished").getAsInt()),
                    new DataSummary(stats(data.getAsJsonObject("all")), stats(data.getAsJsonObject("train")),
                            stats(data.getAsJsonObject("test")), perRepeat),
                    training, time, root.has("kidStudy") ? study(root.getAsJsonObject("kidStudy")) : null, notes(root));
        } catch (RuntimeException e) {
            throw new IOException(source + ": incomplete or malformed results (" + e.getMessage() + ")", e);
        }
    }

    private static MethodTable table(JsonObject root) {
        JsonObject ci = root.getAsJsonObject("ci95Method");
        BagBootstrap bootstrap = ci.has("bags") ? new BagBootstrap(ci.get("resamples").getAsInt(),
                ci.get("seed").getAsLong()) : null;
        List<MethodResults> methods = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("methods").entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            List<LambdaRow> perLambda = null;
            if (o.has("perLambda")) {
                perLambda = new ArrayList<>();
                for (JsonElement x : o.getAsJsonArray("perLambda")) {
                    JsonObject r = x.getAsJsonObject();
                    perLambda.add(new LambdaRow(r.get("lambda").getAsFloat(), metric(r, "f1"), metric(r, "precision"),
                            metric(r, "recall"), metric(r, "averagePrecision"), metric(r, "auroc"), metric(r, "ndcg"),
                            metric(r, "aopcR")));
                }
            }
            methods.add(new MethodResults(e.getKey(), o.get("paper").getAsBoolean(), text(o, "description"),
                    metric(o, "bagAccuracy"), metric(o, "bagAuc"), o.has("kid") ? kid(o.getAsJsonObject("kid")) : null,
                    o.has("lambda") ? metric(o, "lambda") : null, perLambda, metric(o, "seconds"),
                    o.has("inversionIterations") ? o.get("inversionIterations").getAsInt() : null));
        }
        return new MethodTable(text(root, "dataset"), root.getAsJsonObject("config"),
                root.getAsJsonObject("provenance"), text(root, "defaultKidMethod"), bootstrap, methods);
    }

    private static KidFigures kid(JsonObject o) {
        List<ThresholdRow> per = new ArrayList<>();
        for (JsonElement x : o.getAsJsonArray("perThreshold")) {
            JsonObject r = x.getAsJsonObject();
            per.add(new ThresholdRow(number(r, "threshold"), metric(r, "f1"), metric(r, "precision"),
                    metric(r, "recall")));
        }
        return new KidFigures(metric(o, "f1"), metric(o, "precision"), metric(o, "recall"),
                metric(o, "averagePrecision"), metric(o, "auroc"), metric(o, "ndcg"), metric(o, "aopcR"),
                number(o, "threshold"), metric(o, "positiveBags"), metric(o, "keyInstances"), per);
    }

    private static KidStudy study(JsonObject s) {
        List<StudyRow> rows = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : s.getAsJsonObject("methods").entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            rows.add(new StudyRow(e.getKey(), o.get("paper").getAsBoolean(), text(o, "description"),
                    selection(text(o, "selection")), metric(o, "f1"), metric(o, "precision"), metric(o, "recall"),
                    metric(o, "threshold"), o.has("devF1") ? metric(o, "devF1") : null,
                    metric(o, "averagePrecision"), metric(o, "auroc"), metric(o, "ndcg"), metric(o, "aopcR"),
                    o.has("lambda") ? metric(o, "lambda") : null, metric(o, "bagAccuracy")));
        }
        return new KidStudy(s.get("devBags").getAsInt(), rows);
    }

    private static StudyRow.Selection selection(String key) {
        for (StudyRow.Selection s : StudyRow.Selection.values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown selection '" + key + "'");
    }

    private static Metric metric(JsonObject parent, String key) {
        if (!parent.has(key) || !parent.get(key).isJsonObject()) {
            throw new IllegalArgumentException("no figure '" + key + "'");
        }
        JsonObject o = parent.getAsJsonObject(key);
        Interval ci = null;
        if (o.has("ci95")) {
            JsonArray a = o.getAsJsonArray("ci95");
            ci = new Interval(a.get(0).getAsDouble(), a.get(1).getAsDouble());
        }
        return new Metric(number(o, "mean"), number(o, "sem"), o.get("n").getAsInt(), ci);
    }

    private static DataStats stats(JsonObject o) {
        int bags = o.get("bags").getAsInt();
        return new DataStats(bags, o.get("positiveBags").getAsInt(), o.get("instances").getAsLong(),
                o.get("instancesInPositiveBags").getAsLong(), o.get("positiveInstancesInPositiveBags").getAsLong(),
                bags == 0 ? DataStats.EMPTY.minSize() : o.get("minBagSize").getAsInt(), o.get("maxBagSize").getAsInt());
    }

    private static List<String> notes(JsonObject root) {
        List<String> notes = new ArrayList<>();
        root.getAsJsonArray("notes").forEach(n -> notes.add(n.getAsString()));
        return notes;
    }

    /** A number; null reads as NaN. */
    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new IllegalArgumentException("no number '" + key + "'");
        }
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** A value as text (a string, or a number as written), null when missing or null. */
    private static String text(JsonObject o, String key) {
        if (o == null || !o.has(key) || o.get(key).isJsonNull()) {
            return null;
        }
        JsonElement e = o.get(key);
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    // ---- what the report shows of the settings, the provenance and the plan ---------------------

    /**
     * One row of the settings table.
     *
     * @param name the setting
     * @param value its value on one line, null when it has none
     */
    public record Setting(String name, String value) {
    }

    /**
     * The settings of an experiment the report names in its title and lead; each as written, null
     * when missing.
     *
     * @param preset the preset's name
     * @param folds k of k-fold cross-validation
     * @param repeats the repeats
     * @param seed the seed
     */
    public record Setup(String preset, String folds, String repeats, String seed) {
    }

    /**
     * The work an experiment's plan counted and the probe's costs, NaN when missing.
     *
     * @param trainSteps training steps
     * @param forwardPasses forward passes
     * @param inversionIterations one-row inversion iterations
     * @param sweepIterations lambda-sweep iterations
     * @param probeInstances the instances of the probed bag
     * @param probeSeconds how long the probe took
     * @param trainStep a training step's cost an instance, ms
     * @param forward a forward pass's cost an instance, ms
     * @param inversionIteration an inversion iteration's cost an instance, ms
     * @param sweepIteration a sweep iteration's cost an instance, ms
     * @param sweepRows the lambdas a sweep iteration inverts, as written (null when missing)
     */
    public record Work(double trainSteps, double forwardPasses, double inversionIterations, double sweepIterations,
            double probeInstances, double probeSeconds, double trainStep, double forward, double inversionIteration,
            double sweepIteration, String sweepRows) {
    }

    /**
     * The rows of the settings table: every setting of the run (an experiment's
     * {@code config.experiment}, the demo's {@code config}), then the provenance: data fingerprint,
     * time of creation, versions, machine, training and inversion settings.
     */
    public static List<Setting> settings(Results r) {
        JsonObject exp = object(r instanceof ExperimentResults ? object(r.table().config(), "experiment")
                : r.table().config());
        List<Setting> rows = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : exp.entrySet()) {
            rows.add(new Setting(e.getKey(), e.getKey().equals("methods") ? methodKeys(e.getValue())
                    : compact(e.getValue())));
        }
        JsonObject prov = object(r.table().provenance());
        rows.add(new Setting("data fingerprint", text(prov, "dataFingerprint")));
        rows.add(new Setting("created", text(prov, "created")));
        if (prov.has("versions")) {
            for (Map.Entry<String, JsonElement> e : prov.getAsJsonObject("versions").entrySet()) {
                rows.add(new Setting("version: " + e.getKey(), e.getValue().getAsString()));
            }
        }
        if (prov.has("cpu") && prov.get("cpu").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : prov.getAsJsonObject("cpu").entrySet()) {
                rows.add(new Setting("machine: " + e.getKey(), compact(e.getValue())));
            }
        }
        JsonObject cfg = object(prov, "config");
        if (cfg.has("train")) {
            rows.add(new Setting("training", compact(cfg.get("train"))));
        }
        if (cfg.has("inversion")) {
            rows.add(new Setting("inversion defaults", compact(cfg.get("inversion"))));
        }
        return rows;
    }

    /** The preset, folds, repeats and seed of an experiment; of the demo its seed only. */
    public static Setup setup(Results r) {
        if (r instanceof ExperimentResults) {
            JsonObject exp = object(r.table().config(), "experiment");
            return new Setup(text(exp, "preset"), text(exp, "folds"), text(exp, "repeats"), text(exp, "seed"));
        }
        return new Setup(null, null, null, text(r.table().provenance(), "seed"));
    }

    /** The work counted by the plan of an experiment's running time, and the probe's costs. */
    public static Work work(Time time) {
        JsonObject plan = object(time.plan());
        JsonObject probe = object(plan, "timing");
        return new Work(optional(plan, "trainSteps"), optional(plan, "forwardPasses"),
                optional(plan, "inversionIterations"), optional(plan, "sweepIterations"),
                optional(probe, "probeInstances"), optional(probe, "seconds"), optional(probe, "trainStep"),
                optional(probe, "forward"), optional(probe, "inversionIteration"), optional(probe, "sweepIteration"),
                text(probe, "sweepRows"));
    }

    /** The methods of a config (enum names) as their table names. */
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

    /** A JSON value on one line, without quotes around plain strings; null for none. */
    private static String compact(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        return e.toString().replace(",\"", ", \"").replace("\":", "\": ");
    }

    private static JsonObject object(JsonObject o) {
        return o == null ? new JsonObject() : o;
    }

    private static JsonObject object(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonObject() ? o.getAsJsonObject(key) : new JsonObject();
    }

    /** A number, NaN when missing, null or not a number. */
    private static double optional(JsonObject o, String key) {
        if (!o.has(key) || o.get(key).isJsonNull() || !o.get(key).isJsonPrimitive()) {
            return Double.NaN;
        }
        try {
            return o.get(key).getAsDouble();
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
