package org.milkid.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.Stat;
import org.milkid.report.Report;
import org.milkid.util.Json;

/**
 * Builds {@code results.json}: for every method, every metric as {@code {"mean", "sem", "n"}} over
 * runs. Layout:
 * <pre>
 * {"dataset": ..., "config": {...}, "provenance": {...}, "defaultKidMethod": "Att-alone",
 *  "methods": {"Att": {"paper": true, "bagAccuracy": M, "bagAuc": M,
 *                      "kid": {"f1": M, "precision": M, "recall": M, "averagePrecision": M,
 *                              "threshold": t, "perThreshold": [{"threshold": t, "f1": M, ...}]},
 *                      "lambda": M, "perLambda": [{"lambda": l, "f1": M, ...}], "seconds": M}}}
 * </pre>
 * The KID threshold is the one with the highest mean F1 over runs; for sweeping methods every
 * run contributes the detections at its own best lambda, whose values make up {@code "lambda"}.
 */
public final class ResultsJson {
    private ResultsJson() {
    }

    /** A metric as {@code {"mean", "sem", "n"}}. */
    public static JsonObject stat(Stat s) {
        JsonObject o = new JsonObject();
        o.addProperty("mean", round(s.mean()));
        o.addProperty("sem", round(s.sem()));
        o.addProperty("n", s.n());
        return o;
    }

    /** The JSON of one method over its runs. */
    public static JsonObject method(List<MethodOutcome> runs) {
        JsonObject o = new JsonObject();
        KidMethod m = runs.get(0).method();
        o.addProperty("paper", m.isPaper());
        o.addProperty("description", m.description());
        o.add("bagAccuracy", stat(over(runs, MethodOutcome::bagAccuracy)));
        o.add("bagAuc", stat(over(runs, MethodOutcome::bagAuc)));
        List<KidResult> kids = new ArrayList<>();
        for (MethodOutcome r : runs) {
            if (r.kid() != null) {
                kids.add(r.kid());
            }
        }
        if (!kids.isEmpty()) {
            o.add("kid", kid(kids));
        }
        if (m.sweepsLambda()) {
            o.add("lambda", stat(over(runs, MethodOutcome::lambda)));
            o.add("perLambda", perLambda(runs));
        }
        o.add("seconds", stat(over(runs, MethodOutcome::seconds)));
        return o;
    }

    private static JsonObject kid(List<KidResult> kids) {
        int nt = kids.get(0).perThreshold().size();
        int bestT = 0;
        double bestF1 = -1;
        JsonArray per = new JsonArray();
        for (int t = 0; t < nt; t++) {
            final int ti = t;
            Stat f1 = overKid(kids, k -> k.perThreshold().get(ti).f1());
            if (f1.mean() > bestF1) {
                bestF1 = f1.mean();
                bestT = t;
            }
            JsonObject row = new JsonObject();
            row.addProperty("threshold", kids.get(0).perThreshold().get(t).threshold());
            row.add("f1", stat(f1));
            row.add("precision", stat(overKid(kids, k -> k.perThreshold().get(ti).precision())));
            row.add("recall", stat(overKid(kids, k -> k.perThreshold().get(ti).recall())));
            per.add(row);
        }
        final int bt = bestT;
        JsonObject o = new JsonObject();
        o.add("f1", stat(overKid(kids, k -> k.perThreshold().get(bt).f1())));
        o.add("precision", stat(overKid(kids, k -> k.perThreshold().get(bt).precision())));
        o.add("recall", stat(overKid(kids, k -> k.perThreshold().get(bt).recall())));
        o.add("averagePrecision", stat(overKid(kids, KidResult::averagePrecision)));
        o.addProperty("threshold", kids.get(0).perThreshold().get(bt).threshold());
        o.add("positiveBags", stat(overKid(kids, k -> (double) k.positiveBags())));
        o.add("keyInstances", stat(overKid(kids, k -> (double) k.keyInstances())));
        o.add("perThreshold", per);
        return o;
    }

    private static JsonArray perLambda(List<MethodOutcome> runs) {
        Map<Float, List<KidResult>> by = new LinkedHashMap<>();
        for (MethodOutcome r : runs) {
            for (Map.Entry<Float, KidResult> e : r.perLambda().entrySet()) {
                if (e.getValue() != null) {
                    by.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
                }
            }
        }
        JsonArray a = new JsonArray();
        for (Map.Entry<Float, List<KidResult>> e : by.entrySet()) {
            JsonObject row = new JsonObject();
            row.addProperty("lambda", e.getKey());
            row.add("f1", stat(overKid(e.getValue(), k -> k.best().f1())));
            row.add("precision", stat(overKid(e.getValue(), k -> k.best().precision())));
            row.add("recall", stat(overKid(e.getValue(), k -> k.best().recall())));
            row.add("averagePrecision", stat(overKid(e.getValue(), KidResult::averagePrecision)));
            a.add(row);
        }
        return a;
    }

    /** The keys of results.json that hold wall-clock times or dates, and nothing else. */
    public static final Set<String> TIMING_KEYS = Set.of("seconds", "msPerStep", "time", "created", "started");

    /**
     * A copy of a results tree without its {@link #TIMING_KEYS}, at any depth: what two runs with
     * the same seed and settings on the same machine must agree on exactly.
     */
    public static JsonObject withoutTimings(JsonObject tree) {
        JsonObject copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(com.google.gson.JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            TIMING_KEYS.forEach(o::remove);
            o.entrySet().forEach(x -> strip(x.getValue()));
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(ResultsJson::strip);
        }
    }

    /** The whole results.json tree. */
    public static JsonObject build(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, Map<KidMethod, List<MethodOutcome>> outcomes) {
        JsonObject root = new JsonObject();
        root.addProperty("format", Report.RESULTS_FORMAT);
        root.addProperty("dataset", dataset);
        root.add("config", Json.gson().toJsonTree(config));
        root.add("provenance", Json.gson().toJsonTree(provenance));
        if (defaultMethod != null) {
            root.addProperty("defaultKidMethod", defaultMethod.key());
        }
        JsonObject methods = new JsonObject();
        for (Map.Entry<KidMethod, List<MethodOutcome>> e : outcomes.entrySet()) {
            if (!e.getValue().isEmpty()) {
                methods.add(e.getKey().key(), method(e.getValue()));
            }
        }
        root.add("methods", methods);
        return root;
    }

    /**
     * The KID study block: for every method its test figures at the lambda and threshold it settles
     * on, and where those were chosen. The paper's rows (and any run without development bags)
     * take the threshold with the best mean F1 on the test bags and each run's best lambda on the
     * test bags, as the paper does ({@code "selection": "test"}); milkid's methods run with
     * development bags take each run's lambda and threshold chosen on them
     * ({@code "selection": "development"}). Layout per method: {@code {"paper", "selection", "f1",
     * "precision", "recall", "averagePrecision", "threshold", "lambda", "bagAccuracy", "devF1"}},
     * every number as {@code {"mean","sem","n"}}.
     *
     * @param figures every method's figures over the runs, in table order
     * @param devBags the development bags per repeat
     */
    public static JsonObject kidStudy(Map<KidMethod, List<FoldResult.Figures>> figures, int devBags) {
        JsonObject methods = new JsonObject();
        for (Map.Entry<KidMethod, List<FoldResult.Figures>> e : figures.entrySet()) {
            List<FoldResult.Figures> runs = e.getValue();
            List<FoldResult.Figures> scored = runs.stream().filter(f -> f.kid() != null).toList();
            if (scored.isEmpty()) {
                continue;
            }
            long dev = scored.stream().filter(FoldResult.Figures::onDevelopment).count();
            JsonObject o = new JsonObject();
            o.addProperty("paper", e.getKey().isPaper());
            o.addProperty("description", e.getKey().description());
            o.addProperty("selection", dev == 0 ? FoldResult.ON_TEST
                    : dev == scored.size() ? FoldResult.ON_DEVELOPMENT : "mixed");
            List<KidResult> kids = scored.stream().map(FoldResult.Figures::kid).toList();
            if (dev == 0) {
                JsonObject k = kid(kids);
                o.add("f1", k.get("f1"));
                o.add("precision", k.get("precision"));
                o.add("recall", k.get("recall"));
                o.add("threshold", stat(new Stat(k.get("threshold").getAsDouble(), 0, kids.size())));
            } else {
                o.add("f1", stat(overFigures(scored, f -> f.chosen().f1())));
                o.add("precision", stat(overFigures(scored, f -> f.chosen().precision())));
                o.add("recall", stat(overFigures(scored, f -> f.chosen().recall())));
                o.add("threshold", stat(overFigures(scored, f -> f.chosen().threshold())));
                o.add("devF1", stat(overFigures(scored, FoldResult.Figures::devF1)));
            }
            o.add("averagePrecision", stat(overKid(kids, KidResult::averagePrecision)));
            if (e.getKey().sweepsLambda()) {
                o.add("lambda", stat(overFigures(scored, FoldResult.Figures::lambda)));
            }
            o.add("bagAccuracy", stat(overFigures(runs, FoldResult.Figures::bagAccuracy)));
            methods.add(e.getKey().key(), o);
        }
        JsonObject root = new JsonObject();
        root.addProperty("devBags", devBags);
        root.add("methods", methods);
        return root;
    }

    private static Stat overFigures(List<FoldResult.Figures> runs, Function<FoldResult.Figures, Double> f) {
        List<Double> v = new ArrayList<>();
        for (FoldResult.Figures r : runs) {
            v.add(f.apply(r));
        }
        return Stat.of(v);
    }


    private static Stat over(List<MethodOutcome> runs, Function<MethodOutcome, Double> f) {
        List<Double> v = new ArrayList<>();
        for (MethodOutcome r : runs) {
            v.add(f.apply(r));
        }
        return Stat.of(v);
    }

    private static Stat overKid(List<KidResult> runs, Function<KidResult, Double> f) {
        List<Double> v = new ArrayList<>();
        for (KidResult r : runs) {
            v.add(f.apply(r));
        }
        return Stat.of(v);
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
    }
}
