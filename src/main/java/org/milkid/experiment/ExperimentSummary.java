package org.milkid.experiment;

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
import org.milkid.results.DataStats;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ExperimentResults.DataSummary;
import org.milkid.results.ExperimentResults.RepeatData;
import org.milkid.results.MethodTable;
import org.milkid.results.Metric;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;

/**
 * Turns the checkpoints of an experiment's runs into its results: the {@link ExperimentResults} of
 * results.json (through {@link MethodSummaries}, over all (repeat, fold) runs, plus the experiment's
 * own blocks: protocol, data statistics, training, running time, KID study, notes) and
 * {@code folds.csv} (one row per run, method, lambda and threshold).
 */
public final class ExperimentSummary {
    /** The header of folds.csv. */
    public static final String CSV_HEADER = "repeat,fold,method,lambda,threshold,f1,precision,recall,average_precision,auroc,ndcg,aopc_r,bag_accuracy,chosen";

    private ExperimentSummary() {
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
     * The results of an experiment.
     *
     * @param cfg the settings
     * @param runs every finished run's checkpoint
     * @param data the data statistics per repeat (see {@link Experiment})
     * @param provenance where the results came from
     * @param plan the plan of this invocation
     * @param time the running time
     * @param notes lines to show the reader
     */
    public static ExperimentResults build(ExperimentConfig cfg, List<FoldResult> runs, List<RepeatData> data,
            Provenance provenance, ExperimentPlan plan, Time time, List<String> notes) {
        Map<KidMethod, List<FoldResult.Figures>> figures = new LinkedHashMap<>();
        for (KidMethod m : cfg.methods()) {
            figures.put(m, new ArrayList<>());
        }
        for (FoldResult r : runs) {
            for (FoldResult.Figures f : r.methods()) {
                figures.computeIfAbsent(f.kidMethod(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", cfg);
        KidMethod def = cfg.methods().contains(KidMethod.DEFAULT) ? KidMethod.DEFAULT : null;
        MethodTable table = MethodSummaries.table(cfg.dataset(), config, provenance, def, figures);
        ExperimentResults.Time t = new ExperimentResults.Time(tenths(time.estimatedSeconds()),
                tenths(time.actualSeconds()), tenths(time.runSeconds()), time.runsThisInvocation(),
                time.parallelRuns(), tenths(plan.wallSeconds(time.parallelRuns())),
                Json.gson().toJsonTree(plan).getAsJsonObject());
        boolean study = cfg.methods().stream().anyMatch(m -> !m.isPaper()) || cfg.devBags() > 0;
        return new ExperimentResults(table, protocol(cfg, runs.size()), new ExperimentResults.RunCounts(cfg.repeats(), cfg.folds(),
                cfg.repeats() * cfg.folds(), runs.size()), dataSummary(data), training(runs), t,
                study ? MethodSummaries.kidStudy(figures, cfg.devBags()) : null, List.copyOf(notes));
    }

    private static double tenths(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    /**
     * The notes for the reader: a partial result (not every run has finished), models that never
     * left chance, and inversions cut short.
     */
    public static List<String> notes(ExperimentConfig cfg, List<FoldResult> runs) {
        List<String> notes = new ArrayList<>();
        int total = cfg.repeats() * cfg.folds();
        if (runs.size() < total) {
            notes.add(String.format(Locale.ROOT, "PARTIAL: %d of the %d (repeat, fold) runs have finished (%s); the"
                    + " figures of the models and methods are over them, the data statistics over the repeats"
                    + " begun. Run the command again with --resume to do the other %d (with --max-runs N for N more).",
                    runs.size(), total,
                    String.join(", ", runs.stream().map(r -> "r" + (r.repeat() + 1) + "f" + (r.fold() + 1)).toList()),
                    total - runs.size()));
        }
        notes.addAll(chanceWarnings(runs));
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

    /** The protocol in one paragraph, as the report states it, for {@code finished} runs of it. */
    public static String protocol(ExperimentConfig cfg, int finished) {
        int total = cfg.repeats() * cfg.folds();
        String mean = finished == total
                ? String.format(Locale.ROOT, "Every figure is the mean over the %d (repeat, fold) runs with its"
                        + " standard error of the mean (s / sqrt(n)).", total)
                : String.format(Locale.ROOT, "Every figure is the mean over the %d of its %d (repeat, fold) runs"
                        + " that have finished, with its standard error of the mean (s / sqrt(n)).", finished, total);
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

    /** Sums the per-repeat statistics. */
    private static DataSummary dataSummary(List<RepeatData> perRepeat) {
        DataStats train = DataStats.EMPTY;
        DataStats test = DataStats.EMPTY;
        for (RepeatData r : perRepeat) {
            train = train.plus(r.train());
            test = test.plus(r.test());
        }
        return new DataSummary(train.plus(test), train, test, List.copyOf(perRepeat));
    }

    private static List<ExperimentResults.Training> training(List<FoldResult> runs) {
        Map<String, List<FoldResult.Training>> by = new LinkedHashMap<>();
        for (FoldResult r : runs) {
            for (FoldResult.Training t : r.training()) {
                by.computeIfAbsent(t.model(), k -> new ArrayList<>()).add(t);
            }
        }
        List<ExperimentResults.Training> out = new ArrayList<>();
        for (Map.Entry<String, List<FoldResult.Training>> e : by.entrySet()) {
            List<FoldResult.Training> ts = e.getValue();
            out.add(new ExperimentResults.Training(e.getKey(),
                    Metric.of(Stat.of(ts.stream().map(t -> (double) t.epochsRun()).toList())),
                    Metric.of(Stat.of(ts.stream().map(t -> (double) t.bestEpoch()).toList())),
                    Metric.of(Stat.of(ts.stream().map(FoldResult.Training::bestValidationLoss).toList())),
                    Metric.of(Stat.of(ts.stream().map(FoldResult.Training::msPerStep).toList())),
                    Metric.of(Stat.of(ts.stream().map(FoldResult.Training::seconds).toList())), ts.size(),
                    ts.stream().filter(t -> !t.leftChance()).count(), ts.stream().filter(t -> t.restarts() > 0).count(),
                    ts.stream().mapToInt(FoldResult.Training::restarts).sum(),
                    Metric.of(Stat.of(ts.stream().map(t -> (double) t.restarts()).toList()))));
        }
        return out;
    }

    /**
     * Writes folds.csv: one row per (repeat, fold, method, lambda, threshold); the threshold-free
     * figures (average precision, AUROC, NDCG@n, AOPC-R) repeat on every threshold row of their lambda.
     */
    public static void writeFoldsCsv(Path file, List<FoldResult> runs) throws IOException {
        AtomicFiles.write(file, out -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.print(CSV_HEADER + "\n");
            Map<String, List<FoldResult.Figures>> byMethod = new LinkedHashMap<>();
            for (FoldResult r : runs) {
                for (FoldResult.Figures f : r.methods()) {
                    byMethod.computeIfAbsent(f.method(), k -> new ArrayList<>()).add(f);
                }
            }
            Map<String, KidChoice> choices = new LinkedHashMap<>();
            byMethod.forEach((m, figures) -> choices.put(m, KidChoice.of(figures)));
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
                    addRows(rows, f.method(), f.lambda(), l.lambda(), l.kid(), acc, choice);
                }
            }
        } else {
            addRows(rows, f.method(), f.lambda(), Double.NaN, f.kid(), acc, choice);
        }
        return rows;
    }

    private static void addRows(List<String> rows, String method, double runLambda, double lambda, KidResult kid,
            String acc, KidChoice choice) {
        for (KidScores.Prf p : kid.perThreshold()) {
            boolean chosen = choice != null && choice.is(runLambda, lambda, p.threshold());
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
