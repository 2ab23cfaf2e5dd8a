package org.milkid.experiment;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.data.Datasets;
import org.milkid.detect.KidMethod;
import org.milkid.model.Provenance;
import org.milkid.report.Panels;
import org.milkid.report.Report;
import org.milkid.report.SlidePanels;
import org.milkid.results.DataStats;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsCodec;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.Durations;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;
import org.milkid.util.Progress;

/**
 * {@code milkid experiment}: the paper's protocol on one data set, wired from the stages
 * ({@link CrossValidation} for the bags of every repeat and fold, {@link FoldJob} to train and
 * detect, {@link FoldResult} checkpoints, {@link ExperimentSummary} for results.json and
 * folds.csv, {@link Panels} and {@link Report} for the figures and report.html). It holds no
 * logic of those stages.
 *
 * <p>Files under the output folder: {@code experiment.json} (the settings and the plan),
 * {@code runs/r{i}-f{j}.json} (one checkpoint per finished run), {@code runs/r{i}-data.json}
 * (the data statistics of repeat i), {@code panels/} (Figs. 3-4 of the first fold; tile heatmaps
 * for whole slides),
 * {@code results.json}, {@code folds.csv} and {@code report.html}.
 *
 * <p>The runs are done by a {@link RunScheduler}: one after the other in this process by default,
 * or one Spark task each ({@code --spark MASTER}, milkid built with Spark). Either way this class
 * writes every checkpoint as its run is handed over, and the result files from the checkpoints.
 *
 * <p>Use: {@code Experiment e = Experiment.prepare(cfg, progress); e.plan(); e.run();} (or
 * {@code e.run(scheduler)}).
 */
public final class Experiment {
    private final ExperimentConfig cfg;
    private final Progress progress;
    private final CrossValidation cv;
    private final ExperimentPlan plan;
    private final int runLimit;
    private final int finishedBefore;
    private CrossValidation.Repeat firstRepeat;

    private Experiment(ExperimentConfig cfg, Progress progress, CrossValidation cv, ExperimentPlan plan, int runLimit,
            int finishedBefore, CrossValidation.Repeat firstRepeat) {
        this.cfg = cfg;
        this.progress = progress;
        this.cv = cv;
        this.plan = plan;
        this.runLimit = runLimit;
        this.finishedBefore = finishedBefore;
        this.firstRepeat = firstRepeat;
    }

    /**
     * Loads the data, checks the output folder against {@code --resume}, and times a short probe
     * on one bag to estimate the running time of the runs still to do.
     */
    public static Experiment prepare(ExperimentConfig cfg, Progress progress) throws IOException {
        return prepare(cfg, progress, NO_LIMIT);
    }

    /** No limit on the runs of one invocation. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    /**
     * {@link #prepare(ExperimentConfig, Progress)} for an invocation that does at most {@code runLimit}
     * of the runs still to do ({@code --max-runs}), in the plan's order (repeat 1 fold 1, repeat 1
     * fold 2, ...), and then summarises the runs finished so far: a partial result until every run
     * has finished. 0 only summarises.
     */
    public static Experiment prepare(ExperimentConfig cfg, Progress progress, int runLimit) throws IOException {
        if (runLimit < 0) {
            throw new BadInputException("--max-runs must not be negative, got " + runLimit);
        }
        OutputPaths.requireWritableFolder(cfg.out(), "--out");
        if (cfg.resume()) {
            int cleaned = AtomicFiles.recover(cfg.out());
            if (cleaned > 0) {
                progress.message("--resume: cleaned up " + cleaned + " temporary file(s) of an interrupted run");
            }
        }
        checkOutput(cfg);
        progress.message("loading " + cfg.dataset() + " ...");
        CrossValidation cv = CrossValidation.open(cfg);
        cv.warnings().forEach(w -> progress.message("warning: " + w));
        CrossValidation.Repeat first = cv.repeat(0);
        CrossValidation.Fold fold = first.fold(0);
        List<Bag> all = first.allBags();
        Bag probeBag = all.stream().sorted(Comparator.comparingInt(Bag::size)).toList().get(all.size() / 2);
        int finishedBefore = 0;
        for (int r = 0; r < cfg.repeats(); r++) {
            for (int f = 0; f < cfg.folds(); f++) {
                finishedBefore += cfg.resume() && FoldResult.exists(cfg.out(), r, f) ? 1 : 0;
            }
        }
        int toDo = Math.min(runLimit, cfg.repeats() * cfg.folds() - finishedBefore);
        TimeProbe.Timing timing = new TimeProbe.Timing(0, 0, 0, 0, cfg.lambdas().size(), probeBag.size(), 0);
        if (toDo > 0) {
            progress.message("timing a probe on one bag of " + probeBag.size() + " instances ...");
            timing = TimeProbe.measure(probeBag, Datasets.inversionDefaults(cfg.dataset()), cfg.lambdas().size(),
                    Datasets.trainDefaults(cfg.dataset(), cfg.seed()));
        }
        double meanSize = all.stream().mapToInt(Bag::size).average().orElse(0);
        ExperimentPlan plan = ExperimentPlan.of(cfg, toDo, meanSize, fold.train().size(), fold.test().size(), timing);
        return new Experiment(cfg, progress, cv, plan, runLimit, finishedBefore, first);
    }

    /** The plan and estimate of the runs still to do. */
    public ExperimentPlan plan() {
        return plan;
    }

    public ExperimentConfig config() {
        return cfg;
    }

    /**
     * True when {@link #run} has something to do or to summarise: a run to do in this invocation or
     * one finished earlier.
     */
    public boolean hasWork() {
        return plan.runsToDo() > 0 || finishedBefore > 0;
    }

    /** Refuses an invocation with nothing to do and nothing to summarise ({@link #hasWork}). */
    public void requireWork() {
        if (!hasWork()) {
            throw new BadInputException("--max-runs 0: no run of " + cfg.out()
                    + " has finished yet, so there is nothing to summarise");
        }
    }

    /**
     * True when every run of the experiment had finished before this invocation, so that it has
     * nothing to do.
     */
    boolean finishedEarlier() {
        return finishedBefore == cfg.repeats() * cfg.folds();
    }

    /** The plan in plain words, with the runs an invocation limited by {@code --max-runs} leaves for later. */
    public String describe() {
        String s = plan.describe(cfg);
        int later = cfg.repeats() * cfg.folds() - finishedBefore - plan.runsToDo();
        if (later > 0) {
            s += String.format("%n  --max-runs: %d run(s) this time, %d left for another invocation with --resume",
                    plan.runsToDo(), later);
        }
        return s;
    }

    /**
     * Runs every (repeat, fold) without a checkpoint (at most the invocation's limit of them), one
     * after the other in this process, then writes results.json, folds.csv and report.html over the
     * finished runs.
     */
    public ExperimentResults run() throws IOException {
        return run(null);
    }

    /**
     * Runs every (repeat, fold) without a checkpoint on {@code scheduler} (null: one after the other
     * in this process), writing each run's checkpoint (and the first run's panels) as soon as the
     * scheduler hands the run over; then writes results.json, folds.csv and report.html from the
     * checkpoints, whichever scheduler did the runs. With a limit on the runs of this invocation
     * ({@code --max-runs}) the files summarise the runs finished so far, marked partial, and the
     * models of an interrupted run stay for {@code --resume}.
     *
     * @throws BadInputException when no run has finished and none is to be done (a limit of 0 on a
     *     folder without finished runs): there is nothing to summarise
     */
    public ExperimentResults run(RunScheduler scheduler) throws IOException {
        requireWork();
        long t0 = System.nanoTime();
        Path out = cfg.out();
        Files.createDirectories(out.resolve("runs"));
        if (!cfg.resume()) {
            ModelCheckpoints.deleteAll(out); // models an earlier, interrupted experiment in this folder kept
        }
        RunScheduler where = scheduler != null ? scheduler
                : RunScheduler.sequential(new RunWorker(cfg, this::repeatWithStats).keepingModelsIn(out), progress);
        JsonObject header = new JsonObject();
        header.add("config", Json.gson().toJsonTree(cfg));
        header.add("plan", Json.gson().toJsonTree(plan));
        header.addProperty("runsOn", where.describe());
        header.addProperty("started", Instant.now().toString());
        Json.write(out.resolve("experiment.json"), header);

        Map<RunId, FoldResult> finished = new HashMap<>();
        List<RunId> toDo = new ArrayList<>();
        for (int r = 0; r < cfg.repeats(); r++) {
            for (int f = 0; f < cfg.folds(); f++) {
                if (cfg.resume() && FoldResult.exists(out, r, f)) {
                    finished.put(new RunId(r, f), FoldResult.read(FoldResult.file(out, r, f)));
                    ModelCheckpoints.delete(out, new RunId(r, f)); // killed between its checkpoint and this
                    progress.message(String.format("repeat %d fold %d: finished earlier, skipped (--resume)", r + 1,
                            f + 1));
                } else if (toDo.size() < runLimit) {
                    toDo.add(new RunId(r, f));
                }
            }
        }
        int total = cfg.repeats() * cfg.folds(); // the runs left for later are in the plan (describe)
        if (scheduler != null && !toDo.isEmpty()) {
            progress.message(toDo.size() + " run(s) " + where.describe());
            if (where.parallelRuns() > 1) {
                progress.message(String.format("estimated wall time with %d runs at once: %s (one at a time: %s)",
                        where.parallelRuns(), Durations.compact(plan.wallSeconds(where.parallelRuns())),
                        Durations.compact(plan.estimatedSeconds())));
            }
        }
        double estimatePerRun = plan.runsToDo() == 0 ? 0 : plan.estimatedSeconds() / plan.runsToDo();
        int[] ranHere = {0};
        where.run(cfg, List.copyOf(toDo), run -> {
            RunId id = run.id();
            if (!toDo.contains(id) || finished.containsKey(id)) {
                throw new IllegalStateException(where.describe() + " handed over run " + id
                        + ", which was not to do or was handed over before");
            }
            if (id.first() && cfg.panelBags() > 0) {
                if (run.panels() == null) {
                    progress.message("panels: skipped (they need the method attention)");
                } else {
                    writePanelFiles(out, run.panels());
                }
            }
            run.result().write(out);
            ModelCheckpoints.delete(out, id);
            finished.put(id, run.result());
            ranHere[0]++;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double left = elapsed / ranHere[0] * (toDo.size() - ranHere[0]);
            progress.update("experiment runs", finished.size(), total);
            progress.message(String.format("r%d/%d f%d/%d done in %s; %d of %d runs finished; elapsed %s, about %s"
                    + " left (the estimate said %s a run)", id.repeat() + 1, cfg.repeats(), id.fold() + 1, cfg.folds(),
                    Durations.compact(run.result().seconds()), finished.size(), total,
                    Durations.compact(elapsed), Durations.compact(left),
                    Durations.compact(estimatePerRun)));
        });
        for (RunId id : toDo) {
            if (!finished.containsKey(id)) {
                throw new IllegalStateException(where.describe() + " returned without run " + id);
            }
        }
        boolean complete = finished.size() == total;
        if (complete) {
            ModelCheckpoints.deleteAll(out); // every run is finished: no model is needed any more
        }
        List<FoldResult> runs = new ArrayList<>();
        List<ExperimentResults.RepeatData> data = new ArrayList<>();
        for (int r = 0; r < cfg.repeats(); r++) {
            int before = runs.size();
            for (int f = 0; f < cfg.folds(); f++) {
                FoldResult run = finished.get(new RunId(r, f));
                if (run != null) {
                    runs.add(run);
                }
            }
            if (runs.size() == before) {
                continue; // a repeat none of whose runs has finished is not part of a partial result
            }
            Path stats = dataStatsFile(out, r);
            if (!Files.isRegularFile(stats)) {
                writeDataStats(out, repeat(r));
            }
            data.add(readDataStats(stats));
        }
        List<String> notes = new ArrayList<>(ExperimentSummary.notes(cfg, runs));
        double runSeconds = runs.stream().mapToDouble(FoldResult::seconds).sum();
        double actual = (System.nanoTime() - t0) / 1e9;
        ExperimentSummary.Time time = new ExperimentSummary.Time(plan.estimatedSeconds(), actual, runSeconds,
                ranHere[0], where.parallelRuns());
        ExperimentResults results = ExperimentSummary.build(cfg, runs, data, provenance(), plan, time, notes);
        ResultsCodec.write(out.resolve(ResultsCodec.FILE), results);
        ExperimentSummary.writeFoldsCsv(out.resolve("folds.csv"), runs);
        Report.write(out);
        progress.message("written: " + out.resolve("results.json") + ", " + out.resolve("folds.csv") + ", "
                + out.resolve("report.html"));
        return results;
    }

    /**
     * The bags of repeat r for a run of this process, writing the repeat's data statistics the
     * first time (before its first run, as a killed run's resume expects).
     */
    private CrossValidation.Repeat repeatWithStats(int r) throws IOException {
        CrossValidation.Repeat rep = repeat(r);
        writeDataStats(cfg.out(), rep);
        return rep;
    }

    /** Writes the first run's panel files, as a run handed them over, into {@code out/panels}. */
    private static void writePanelFiles(Path out, Map<String, byte[]> files) throws IOException {
        AtomicFiles.writeDir(out.resolve("panels"), dir -> {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                String name = e.getKey();
                if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
                    throw new IOException("a run handed over a panel file with the name '" + name + "'");
                }
                Files.write(dir.resolve(name), e.getValue());
            }
        });
    }

    private CrossValidation.Repeat repeat(int r) {
        if (r == 0 && firstRepeat != null) {
            CrossValidation.Repeat rep = firstRepeat;
            firstRepeat = null;
            return rep;
        }
        return cv.repeat(r);
    }

    private Provenance provenance() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("experiment", cfg);
        c.put("train", Datasets.trainDefaults(cfg.dataset(), cfg.seed()).withEpochs(cfg.epochs())
                .withPatience(cfg.patience()));
        c.put("inversion", Datasets.inversionDefaults(cfg.dataset()));
        return Provenance.of(cfg.dataset(), cv.fingerprint(), cfg.seed(), c);
    }

    /**
     * Writes {@code out/panels}: the panels (a)-(g) of the first {@code limit} positive test bags,
     * from Att's detections and Att+sparse's at its chosen lambda, each at its best threshold
     * ({@code fallbackThreshold} when it has no KID scores). False, and nothing written, without Att.
     * Whole slides have no pixels to draw: for them the tile heatmaps ({@link SlidePanels}) of the
     * default method (Att-alone; the first method when it did not run) at its best threshold.
     */
    public static boolean writePanels(Path out, Map<KidMethod, MethodOutcome> outcomes, double fallbackThreshold, int limit)
            throws IOException {
        boolean slides = outcomes.values().stream().flatMap(o -> o.detections().stream()).findFirst()
                .map(d -> d.bag().isFeatureBag()).orElse(false);
        if (slides) {
            MethodOutcome o = outcomes.getOrDefault(KidMethod.DEFAULT, outcomes.values().iterator().next());
            double t = o.kid() != null ? o.kid().best().threshold() : fallbackThreshold;
            SlidePanels.write(out.resolve("panels"), o.method().key(), o.detections(), t, limit);
            return true;
        }
        MethodOutcome att = outcomes.get(KidMethod.ATT);
        if (att == null) {
            return false;
        }
        MethodOutcome sparse = outcomes.get(KidMethod.ATT_SPARSE);
        double tAtt = att.kid() != null ? att.kid().best().threshold() : fallbackThreshold;
        double tSparse = sparse != null && sparse.kid() != null ? sparse.kid().best().threshold() : tAtt;
        Panels.write(out.resolve("panels"), att.detections(), tAtt, sparse == null ? null : sparse.detections(), tSparse,
                sparse == null ? Double.NaN : sparse.lambda(), limit);
        return true;
    }

    /** The data statistics file of repeat r. */
    static Path dataStatsFile(Path out, int r) {
        return out.resolve("runs").resolve("r" + r + "-data.json");
    }

    /** A repeat's data statistics file, {@code runs/r{i}-data.json}: its pool's, test pool's and development bags'. */
    private record DataStatsFile(int repeat, long seed, String fingerprint, DataStats trainStats, DataStats testStats,
            DataStats devStats) {
    }

    private static ExperimentResults.RepeatData readDataStats(Path file) throws IOException {
        DataStatsFile d = Json.read(file, DataStatsFile.class);
        return new ExperimentResults.RepeatData(d.repeat(), d.fingerprint(), d.trainStats(), d.testStats());
    }

    private static void writeDataStats(Path out, CrossValidation.Repeat rep) throws IOException {
        Json.write(dataStatsFile(out, rep.index()), new DataStatsFile(rep.index(), rep.seed(), rep.fingerprint(),
                DataStats.of(rep.pool()), DataStats.of(rep.testPool()), DataStats.of(rep.dev())));
    }

    /**
     * Refuses an output folder that holds runs of other settings (with {@code --resume}) or any
     * runs at all (without it), so that runs of different settings never mix.
     */
    static void checkOutput(ExperimentConfig cfg) throws IOException {
        Path runs = cfg.out().resolve("runs");
        boolean hasRuns = false;
        if (Files.isDirectory(runs)) {
            try (var s = Files.list(runs)) {
                hasRuns = s.anyMatch(p -> p.getFileName().toString().matches("r\\d+-f\\d+\\.json"));
            }
        }
        if (!hasRuns) {
            return;
        }
        if (!cfg.resume()) {
            throw new BadInputException(cfg.out() + " already holds finished runs: add --resume to continue"
                    + " them, or choose another --out");
        }
        Path header = cfg.out().resolve("experiment.json");
        if (!Files.isRegularFile(header)) {
            return;
        }
        JsonElement old = Json.read(header).getAsJsonObject().get("config");
        JsonObject now = com.google.gson.JsonParser.parseString(Json.gson().toJson(cfg)).getAsJsonObject();
        List<String> differ = new ArrayList<>();
        for (String key : now.keySet()) {
            if (key.equals("resume") || key.equals("out")) {
                continue;
            }
            JsonElement was = old == null ? null : old.getAsJsonObject().get(key);
            if (was == null || !was.equals(now.get(key))) {
                differ.add(key);
            }
        }
        if (!differ.isEmpty()) {
            throw new BadInputException("--resume: " + cfg.out() + " holds runs of other settings (they differ"
                    + " in " + String.join(", ", differ) + "); use the same settings or another --out");
        }
    }
}
