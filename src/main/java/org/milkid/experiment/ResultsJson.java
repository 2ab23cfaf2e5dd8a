package org.milkid.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.milkid.detect.Detection;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.Interval;
import org.milkid.eval.KidBootstrap;
import org.milkid.eval.KidResult;
import org.milkid.eval.Stat;
import org.milkid.report.Report;
import org.milkid.util.Json;

/**
 * Builds {@code results.json}: for every method, every metric as {@code {"mean", "sem", "n"}} over
 * runs. Layout:
 * <pre>
 * {"dataset": ..., "config": {...}, "provenance": {...}, "defaultKidMethod": "Att-alone",
 *  "ci95Method": {...},
 *  "methods": {"Att": {"paper": true, "bagAccuracy": M, "bagAuc": M,
 *                      "kid": {"f1": C, "precision": C, "recall": C, "averagePrecision": C,
 *                              "auroc": C, "ndcg": C, "aopcR": C,
 *                              "threshold": t, "perThreshold": [{"threshold": t, "f1": M, ...}]},
 *                      "lambda": M, "perLambda": [{"lambda": l, "f1": M, ...}], "seconds": M}}}
 * </pre>
 * where M is {@code {"mean", "sem", "n"}} and C the same with {@code "ci95": [lo, hi]} when an
 * interval can be made. The KID lambda and threshold are chosen once per method over all runs
 * ({@link KidChoice}: the pair with the highest mean F1), and every run contributes its scores at
 * that pair; folds.csv marks the same rows {@code chosen}.
 *
 * <p>The KID figures (F1, precision, recall, AP, AUROC, NDCG@n, AOPC-R) carry a 95% confidence interval,
 * {@code "ci95": [lo, hi]}: over several runs Student's t interval of the mean; for one run with
 * its detections and a {@link BagBootstrap}, the percentile bootstrap over the positive test bags
 * ({@link KidBootstrap}) at the chosen threshold and lambda. {@code "ci95Method"} at the top says
 * which.
 */
public final class ResultsJson {
    private ResultsJson() {
    }

    /**
     * The settings of the bootstrap over bags that gives a single run's KID figures their interval.
     *
     * @param resamples the number of resamples
     * @param seed the seed of the draws; every method uses the same, so all draw the same bags
     */
    public record BagBootstrap(int resamples, long seed) {
        public BagBootstrap {
            if (resamples < 100) {
                throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
            }
        }
    }

    /** A metric as {@code {"mean", "sem", "n"}}. */
    public static JsonObject stat(Stat s) {
        JsonObject o = new JsonObject();
        o.addProperty("mean", round(s.mean()));
        o.addProperty("sem", round(s.sem()));
        o.addProperty("n", s.n());
        return o;
    }

    /** A metric as {@code {"mean", "sem", "n", "ci95": [lo, hi]}}; without ci95 when {@code ci} is null. */
    public static JsonObject stat(Stat s, Interval ci) {
        JsonObject o = stat(s);
        if (ci != null) {
            JsonArray a = new JsonArray();
            a.add(round(ci.lo()));
            a.add(round(ci.hi()));
            o.add("ci95", a);
        }
        return o;
    }

    /** A KID metric over runs, with Student's t interval of its mean when there are two runs or more. */
    private static JsonObject statOverRuns(Stat s) {
        return stat(s, s.ci95());
    }

    /** The JSON of one method over its runs, KID intervals over runs only. */
    public static JsonObject method(List<MethodOutcome> runs) {
        return method(runs, null);
    }

    /**
     * The JSON of one method over its runs. A single run with its detections gets its KID
     * intervals from the bootstrap over its positive bags when {@code bootstrap} is given.
     */
    public static JsonObject method(List<MethodOutcome> runs, BagBootstrap bootstrap) {
        JsonObject o = new JsonObject();
        KidMethod m = runs.get(0).method();
        o.addProperty("paper", m.isPaper());
        o.addProperty("description", m.description());
        o.add("bagAccuracy", stat(over(runs, MethodOutcome::bagAccuracy)));
        o.add("bagAuc", stat(over(runs, MethodOutcome::bagAuc)));
        KidChoice choice = KidChoice.of(runs);
        if (choice != null) {
            List<KidResult> kids = runs.stream().filter(r -> r.kid() != null).map(choice::of).toList();
            MethodOutcome only = runs.size() == 1 ? runs.get(0) : null;
            BagIntervals bags = null;
            if (bootstrap != null && only != null && only.kid() != null && !only.detections().isEmpty()) {
                if (!choice.is(only.lambda(), choice.threshold())) {
                    throw new IllegalStateException(m.key() + ": the run's detections are at lambda " + only.lambda()
                            + ", the table's choice is " + choice.lambda());
                }
                bags = new BagIntervals(only.detections(), bootstrap);
            }
            o.add("kid", kid(kids, bags, choice.threshold()));
        }
        if (m.sweepsLambda()) {
            o.add("lambda", choice == null || Double.isNaN(choice.lambda()) ? stat(over(runs, MethodOutcome::lambda))
                    : stat(new Stat(choice.lambda(), 0, (int) runs.stream().filter(r -> r.kid() != null).count())));
            o.add("perLambda", perLambda(runs));
        }
        o.add("seconds", stat(over(runs, MethodOutcome::seconds)));
        return o;
    }

    /** The bootstrap intervals of one run's detections, made at the threshold the table settles on. */
    private record BagIntervals(List<Detection> detections, BagBootstrap settings) {
        KidBootstrap.Intervals at(double threshold) {
            return KidBootstrap.of(KidEvaluation.scores(detections), threshold, settings.resamples(), settings.seed());
        }
    }

    /**
     * The KID block over runs at a threshold: {@code threshold}, or (NaN) the one with the best mean F1
     * over the runs.
     */
    private static JsonObject kid(List<KidResult> kids, BagIntervals bags, double threshold) {
        int nt = kids.get(0).perThreshold().size();
        int bestT = -1;
        double bestF1 = -1;
        JsonArray per = new JsonArray();
        for (int t = 0; t < nt; t++) {
            final int ti = t;
            Stat f1 = overKid(kids, k -> k.perThreshold().get(ti).f1());
            double rowThreshold = kids.get(0).perThreshold().get(t).threshold();
            if (Double.isNaN(threshold) ? f1.mean() > bestF1 : Math.abs(rowThreshold - threshold) < 1e-9) {
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
        if (bestT < 0) {
            throw new IllegalStateException("threshold " + threshold + " is not among the scored thresholds");
        }
        final int bt = bestT;
        JsonObject o = new JsonObject();
        Stat f1 = overKid(kids, k -> k.perThreshold().get(bt).f1());
        Stat precision = overKid(kids, k -> k.perThreshold().get(bt).precision());
        Stat recall = overKid(kids, k -> k.perThreshold().get(bt).recall());
        Stat ap = overKid(kids, KidResult::averagePrecision);
        Stat auroc = overKid(kids, KidResult::auroc);
        Stat ndcg = overKid(kids, KidResult::ndcg);
        Stat aopcR = overKid(kids, KidResult::aopcR);
        if (bags != null) {
            KidBootstrap.Intervals ci = bags.at(kids.get(0).perThreshold().get(bt).threshold());
            o.add("f1", stat(f1, ci.f1()));
            o.add("precision", stat(precision, ci.precision()));
            o.add("recall", stat(recall, ci.recall()));
            o.add("averagePrecision", stat(ap, ci.averagePrecision()));
            o.add("auroc", stat(auroc, ci.auroc()));
            o.add("ndcg", stat(ndcg, ci.ndcg()));
            o.add("aopcR", stat(aopcR, ci.aopcR()));
        } else {
            o.add("f1", statOverRuns(f1));
            o.add("precision", statOverRuns(precision));
            o.add("recall", statOverRuns(recall));
            o.add("averagePrecision", statOverRuns(ap));
            o.add("auroc", statOverRuns(auroc));
            o.add("ndcg", statOverRuns(ndcg));
            o.add("aopcR", statOverRuns(aopcR));
        }
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
            row.add("auroc", stat(overKid(e.getValue(), KidResult::auroc)));
            row.add("ndcg", stat(overKid(e.getValue(), KidResult::ndcg)));
            row.add("aopcR", stat(overKid(e.getValue(), KidResult::aopcR)));
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

    /** The whole results.json tree, KID intervals over runs (Student's t) where there are two runs or more. */
    public static JsonObject build(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, Map<KidMethod, List<MethodOutcome>> outcomes) {
        return build(dataset, config, provenance, defaultMethod, outcomes, null);
    }

    /**
     * The whole results.json tree; a method of one run with its detections gets its KID intervals
     * from the bootstrap over its positive bags when {@code bootstrap} is given.
     */
    public static JsonObject build(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, Map<KidMethod, List<MethodOutcome>> outcomes, BagBootstrap bootstrap) {
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
                methods.add(e.getKey().key(), method(e.getValue(), bootstrap));
            }
        }
        root.add("ci95Method", ciMethod(bootstrap));
        root.add("methods", methods);
        return root;
    }

    /** What the ci95 of results.json are over, in words and settings. */
    private static JsonObject ciMethod(BagBootstrap bootstrap) {
        JsonObject o = new JsonObject();
        o.addProperty("runs", "several runs: Student's t interval of the mean over the runs, mean +- t(0.975, n-1) x sem");
        if (bootstrap != null) {
            o.addProperty("bags", "one run: percentile bootstrap over the truly positive test bags (drawn with"
                    + " replacement, pooled figures recomputed at the method's chosen threshold and lambda), widened"
                    + " to the point estimate if a skewed distribution leaves it out; every method draws the same bags");
            o.addProperty("resamples", bootstrap.resamples());
            o.addProperty("seed", bootstrap.seed());
        }
        return o;
    }

    /**
     * The KID study block: for every method its test figures at the lambda and threshold it settles
     * on, and where those were chosen. The paper's rows (and any run without development bags)
     * take the threshold with the best mean F1 on the test bags and each run's best lambda on the
     * test bags, as the paper does ({@code "selection": "test"}); milkid's methods run with
     * development bags take each run's lambda and threshold chosen on them
     * ({@code "selection": "development"}). Layout per method: {@code {"paper", "selection", "f1",
     * "precision", "recall", "averagePrecision", "auroc", "ndcg", "aopcR", "threshold", "lambda", "bagAccuracy",
     * "devF1"}},
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
                JsonObject k = kid(kids, null, Double.NaN);
                o.add("f1", k.get("f1"));
                o.add("precision", k.get("precision"));
                o.add("recall", k.get("recall"));
                o.add("threshold", stat(new Stat(k.get("threshold").getAsDouble(), 0, kids.size())));
            } else {
                o.add("f1", statOverRuns(overFigures(scored, f -> f.chosen().f1())));
                o.add("precision", statOverRuns(overFigures(scored, f -> f.chosen().precision())));
                o.add("recall", statOverRuns(overFigures(scored, f -> f.chosen().recall())));
                o.add("threshold", stat(overFigures(scored, f -> f.chosen().threshold())));
                o.add("devF1", stat(overFigures(scored, FoldResult.Figures::devF1)));
            }
            o.add("averagePrecision", statOverRuns(overKid(kids, KidResult::averagePrecision)));
            o.add("auroc", statOverRuns(overKid(kids, KidResult::auroc)));
            o.add("ndcg", statOverRuns(overKid(kids, KidResult::ndcg)));
            o.add("aopcR", statOverRuns(overKid(kids, KidResult::aopcR)));
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
