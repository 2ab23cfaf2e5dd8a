package org.milkid.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.eval.Stat;
import org.milkid.model.Provenance;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;

/**
 * Turns the checkpoints of an experiment's runs into its result files: {@code results.json}
 * (through {@link ResultsJson}, over all (repeat, fold) runs, plus the experiment's own blocks:
 * protocol, data statistics, training, running time, KID study, notes) and {@code folds.csv}
 * (one row per run, method, lambda and threshold).
 */
public final class ExperimentResults {
    /** The header of folds.csv. */
    public static final String CSV_HEADER = "repeat,fold,method,lambda,threshold,f1,precision,recall,average_precision,auroc,ndcg,aopc_r,bag_accuracy,chosen";

    private ExperimentResults() {
    }

    /**
     * Running time of the experiment.
     *
     * @param estimatedSeconds the plan's estimate for the runs this invocation did
     * @param actualSeconds the wall time of this invocation
     * @param runSeconds the summed wall time of all runs (also those of earlier invocations)
     * @param runsThisInvocation the runs this invocation did
     * @param parallelRuns how many runs the scheduler did at once ({@link RunScheduler#parallelRuns})
     */
    public record Time(double estimatedSeconds, double actualSeconds, double runSeconds, int runsThisInvocation,
            int parallelRuns) {
    }

    /**
     * The results.json tree.
     *
     * @param cfg the settings
     * @param runs every finished run's checkpoint
     * @param data the data statistics per repeat (see {@link Experiment})
     * @param provenance where the results came from
     * @param plan the plan of this invocation
     * @param time the running time
     * @param notes lines to show the reader
     */
    public static JsonObject build(ExperimentConfig cfg, List<FoldResult> runs, JsonArray data, Provenance provenance,
            ExperimentPlan plan, Time time, List<String> notes) {
        Map<KidMethod, List<MethodOutcome>> outcomes = new LinkedHashMap<>();
        Map<KidMethod, List<FoldResult.Figures>> figures = new LinkedHashMap<>();
        for (KidMethod m : cfg.methods()) {
            outcomes.put(m, new ArrayList<>());
            figures.put(m, new ArrayList<>());
        }
        for (FoldResult r : runs) {
            for (FoldResult.Figures f : r.methods()) {
                KidMethod m = f.kidMethod();
                outcomes.computeIfAbsent(m, k -> new ArrayList<>()).add(f.toOutcome());
                figures.computeIfAbsent(m, k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", cfg);
        KidMethod def = cfg.methods().contains(KidMethod.DEFAULT) ? KidMethod.DEFAULT : null;
        JsonObject root = ResultsJson.build(cfg.dataset(), config, provenance, def, outcomes);
        root.addProperty("protocol", protocol(cfg));
        JsonObject counts = new JsonObject();
        counts.addProperty("repeats", cfg.repeats());
        counts.addProperty("folds", cfg.folds());
        counts.addProperty("total", cfg.repeats() * cfg.folds());
        counts.addProperty("finished", runs.size());
        root.add("runs", counts);
        root.add("data", dataBlock(data));
        root.add("training", training(runs));
        JsonObject t = new JsonObject();
        t.addProperty("estimatedSeconds", Math.round(time.estimatedSeconds() * 10) / 10.0);
        t.addProperty("actualSeconds", Math.round(time.actualSeconds() * 10) / 10.0);
        t.addProperty("runSeconds", Math.round(time.runSeconds() * 10) / 10.0);
        t.addProperty("runsThisInvocation", time.runsThisInvocation());
        t.addProperty("parallelRuns", time.parallelRuns());
        t.addProperty("estimatedWallSeconds", Math.round(plan.wallSeconds(time.parallelRuns()) * 10) / 10.0);
        t.add("plan", Json.gson().toJsonTree(plan));
        root.add("time", t);
        if (cfg.methods().stream().anyMatch(m -> !m.isPaper()) || cfg.devBags() > 0) {
            root.add("kidStudy", ResultsJson.kidStudy(figures, cfg.devBags()));
        }
        JsonArray n = new JsonArray();
        notes.forEach(n::add);
        root.add("notes", n);
        return root;
    }

    /** The notes for the reader: models that never left chance, and inversions cut short. */
    public static List<String> notes(ExperimentConfig cfg, List<FoldResult> runs) {
        List<String> notes = new ArrayList<>(chanceWarnings(runs));
        if (!cfg.paperInversion()) {
            notes.add("Every inversion ran " + cfg.inversionIterations()
                    + " iterations (the paper: 1000 for Att+inv, 200 for Att+sparse on MNIST-bags and COLON, 100 on"
                    + " BREAST and on whole slides).");
        }
        return notes;
    }

    /** One warning per model kind that never left chance in some runs, naming those runs. */
    static List<String> chanceWarnings(List<FoldResult> runs) {
        Map<String, List<String>> at = new LinkedHashMap<>();
        for (FoldResult run : runs) {
            for (FoldResult.Training t : run.training()) {
                if (!t.leftChance()) {
                    at.computeIfAbsent(t.model(), k -> new ArrayList<>())
                            .add("r" + (run.repeat() + 1) + "f" + (run.fold() + 1));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : at.entrySet()) {
            notes.add(String.format("WARNING: %s never left chance in %d of %d runs (%s): the figures of its methods"
                    + " in those runs are meaningless; try more bags or epochs.", e.getKey(), e.getValue().size(),
                    runs.size(), String.join(", ", e.getValue())));
        }
        return notes;
    }

    /** The protocol in one paragraph, as the report states it. */
    public static String protocol(ExperimentConfig cfg) {
        String mean = String.format(Locale.ROOT, "Every figure is the mean over the %d (repeat, fold) runs with its"
                + " standard error of the mean (s / sqrt(n)).", cfg.repeats() * cfg.folds());
        String kid = cfg.devBags() > 0 ? String.format(Locale.ROOT, " milkid's own methods choose their lambda and"
                + " threshold on %d development bags drawn per repeat from the train digits with another stream;"
                + " the paper's methods take the lambda and threshold that are best on the test bags, as the paper"
                + " does.", cfg.devBags())
                : " Every method takes the lambda (per run) and threshold (best mean F1) that are best on the test"
                        + " bags, as the paper does.";
        if (cfg.dataset().equals("mnist-bags")) {
            return String.format(Locale.ROOT, "%d-fold cross-validation repeated %d times. Every repeat draws a fresh"
                    + " MNIST-bags data set with its own seed: %d bags from the MNIST train digits (the"
                    + " cross-validation pool) and %d bags from the MNIST test digits, never mixed. Both are split into"
                    + " the same %d stratified folds; fold j's models train on the train-digit bags outside fold j"
                    + " (the trainer holds out 10%% of them for early stopping) and are tested on the test-digit bags"
                    + " of fold j, so every test bag is tested once per repeat. ", cfg.folds(), cfg.repeats(),
                    cfg.mnist().trainBags(), cfg.mnist().testBags(), cfg.folds()) + mean + kid;
        }
        String pool = cfg.dataset().equals("features") ? "slides (one feature bag each)" : cfg.dataset() + " images";
        return String.format(Locale.ROOT, "%d-fold cross-validation repeated %d times over the %s, split afresh"
                + " into stratified folds every repeat; fold j's models train on the other folds (the trainer holds"
                + " out 10%% of them for early stopping) and are tested on fold j. ", cfg.folds(), cfg.repeats(),
                pool) + mean + kid;
    }

    /** The data statistics of a set of bags as JSON, with the shares of Tables I and II. */
    public static JsonObject stats(DataStats s) {
        JsonObject o = new JsonObject();
        o.addProperty("bags", s.bags());
        o.addProperty("positiveBags", s.positiveBags());
        o.addProperty("positiveBagShare", nullable(s.positiveBagShare()));
        o.addProperty("instances", s.instances());
        o.addProperty("instancesInPositiveBags", s.instancesInPositiveBags());
        o.addProperty("positiveInstancesInPositiveBags", s.positiveInstancesInPositiveBags());
        o.addProperty("positiveInstanceShare", nullable(s.positiveInstanceShare()));
        o.addProperty("meanBagSize", nullable(s.meanSize()));
        o.addProperty("minBagSize", s.bags() == 0 ? 0 : s.minSize());
        o.addProperty("maxBagSize", s.maxSize());
        return o;
    }

    private static Double nullable(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e6) / 1e6;
    }

    /** Sums the per-repeat statistics: {"train": ..., "test": ..., "all": ..., "perRepeat": [...]}. */
    private static JsonObject dataBlock(JsonArray perRepeat) {
        DataStats train = DataStats.EMPTY;
        DataStats test = DataStats.EMPTY;
        for (int i = 0; i < perRepeat.size(); i++) {
            JsonObject r = perRepeat.get(i).getAsJsonObject();
            train = train.plus(Json.gson().fromJson(r.get("trainStats"), DataStats.class));
            test = test.plus(Json.gson().fromJson(r.get("testStats"), DataStats.class));
        }
        JsonObject o = new JsonObject();
        o.add("all", stats(train.plus(test)));
        o.add("train", stats(train));
        o.add("test", stats(test));
        JsonArray per = new JsonArray();
        for (int i = 0; i < perRepeat.size(); i++) {
            JsonObject r = perRepeat.get(i).getAsJsonObject();
            JsonObject p = new JsonObject();
            p.add("repeat", r.get("repeat"));
            p.add("fingerprint", r.get("fingerprint"));
            p.add("train", stats(Json.gson().fromJson(r.get("trainStats"), DataStats.class)));
            p.add("test", stats(Json.gson().fromJson(r.get("testStats"), DataStats.class)));
            per.add(p);
        }
        o.add("perRepeat", per);
        return o;
    }

    private static JsonObject training(List<FoldResult> runs) {
        Map<String, List<FoldResult.Training>> by = new LinkedHashMap<>();
        for (FoldResult r : runs) {
            for (FoldResult.Training t : r.training()) {
                by.computeIfAbsent(t.model(), k -> new ArrayList<>()).add(t);
            }
        }
        JsonObject o = new JsonObject();
        for (Map.Entry<String, List<FoldResult.Training>> e : by.entrySet()) {
            JsonObject m = new JsonObject();
            List<FoldResult.Training> ts = e.getValue();
            m.add("epochsRun", ResultsJson.stat(Stat.of(ts.stream().map(t -> (double) t.epochsRun()).toList())));
            m.add("bestEpoch", ResultsJson.stat(Stat.of(ts.stream().map(t -> (double) t.bestEpoch()).toList())));
            m.add("bestValidationLoss", ResultsJson.stat(Stat.of(ts.stream().map(t -> t.bestValidationLoss()).toList())));
            m.add("msPerStep", ResultsJson.stat(Stat.of(ts.stream().map(t -> t.msPerStep()).toList())));
            m.add("seconds", ResultsJson.stat(Stat.of(ts.stream().map(t -> t.seconds()).toList())));
            m.addProperty("runs", ts.size());
            m.addProperty("runsAtChance", ts.stream().filter(t -> !t.leftChance()).count());
            m.addProperty("runsRestarted", ts.stream().filter(t -> t.restarts() > 0).count());
            m.addProperty("restarts", ts.stream().mapToInt(FoldResult.Training::restarts).sum());
            m.add("restartsPerRun", ResultsJson.stat(Stat.of(ts.stream().map(t -> (double) t.restarts()).toList())));
            o.add(e.getKey(), m);
        }
        return o;
    }

    /**
     * Writes folds.csv: one row per (repeat, fold, method, lambda, threshold); the threshold-free
     * figures (average precision, AUROC, NDCG@n, AOPC-R) repeat on every threshold row of their lambda.
     */
    public static void writeFoldsCsv(Path file, List<FoldResult> runs) throws IOException {
        AtomicFiles.write(file, out -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.print(CSV_HEADER + "\n");
            Map<String, List<MethodOutcome>> byMethod = new LinkedHashMap<>();
            for (FoldResult r : runs) {
                for (FoldResult.Figures f : r.methods()) {
                    byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f.toOutcome());
                }
            }
            Map<String, KidChoice> choices = new LinkedHashMap<>();
            byMethod.forEach((m, outcomes) -> choices.put(m, KidChoice.of(outcomes)));
            for (FoldResult r : runs) {
                for (FoldResult.Figures f : r.methods()) {
                    for (String row : rows(f, choices.get(f.method()))) {
                        w.print(r.repeat() + "," + r.fold() + "," + row + "\n");
                    }
                }
            }
            w.flush();
        });
    }

    /**
     * The rows of one method in one run, without the repeat and fold columns: {@code chosen} is 1 on
     * the row of the method's {@link KidChoice} (null without KID scores), the row results.json reports.
     */
    static List<String> rows(FoldResult.Figures f, KidChoice choice) {
        List<String> rows = new ArrayList<>();
        String acc = number(f.bagAccuracy());
        if (f.kid() == null) {
            rows.add(f.method() + ",,,,,,,,,," + acc + ",0");
            return rows;
        }
        if (f.perLambda() != null && !f.perLambda().isEmpty()) {
            for (FoldResult.LambdaScores l : f.perLambda()) {
                if (l.kid() != null) {
                    addRows(rows, f.method(), l.lambda(), l.kid(), acc, choice);
                }
            }
        } else {
            addRows(rows, f.method(), Double.NaN, f.kid(), acc, choice);
        }
        return rows;
    }

    private static void addRows(List<String> rows, String method, double lambda, KidResult kid, String acc,
            KidChoice choice) {
        for (KidScores.Prf p : kid.perThreshold()) {
            boolean chosen = choice != null && choice.is(lambda, p.threshold());
            rows.add(method + "," + (Double.isNaN(lambda) ? "" : lambda((float) lambda)) + "," + number(p.threshold())
                    + "," + number(p.f1()) + "," + number(p.precision()) + "," + number(p.recall()) + ","
                    + number(kid.averagePrecision()) + "," + number(kid.auroc()) + "," + number(kid.ndcg()) + ","
                    + number(kid.aopcR()) + "," + acc + "," + (chosen ? 1 : 0));
        }
    }

    private static String lambda(float l) {
        return new BigDecimal(Float.toString(l)).toPlainString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
