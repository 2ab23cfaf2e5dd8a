package org.milkid.experiment;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.milkid.model.Platform;
import org.milkid.report.StudyReport;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsCodec;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;
import org.milkid.util.Durations;
import org.milkid.util.Json;
import org.milkid.util.Progress;
import org.milkid.model.Versions;

/**
 * Several experiments run one after the other from one command, each into its own sub-folder of the
 * study's folder (the KID study: MNIST-bags at G = 10, at G = 10 with
 * the target digit 4, and at G = 20). Each part is a whole
 * {@link Experiment} with its own checkpoints, results.json and report; the study adds
 * {@code study.json} (the parts) and a {@code report.html} that sets the parts side by side.
 * {@code --resume} resumes every part.
 */
public final class Study {
    private final Path out;
    private final String preset;
    private final List<Experiment> parts;
    private final Progress progress;

    private Study(Path out, String preset, List<Experiment> parts, Progress progress) {
        this.out = out;
        this.preset = preset;
        this.parts = parts;
        this.progress = progress;
    }

    /** Prepares every part (data, output check, time probe); each part's {@code out} is a sub-folder of {@code out}. */
    public static Study prepare(Path out, List<ExperimentConfig> configs, Progress progress) throws IOException {
        return prepare(out, configs, progress, Experiment.NO_LIMIT);
    }

    /**
     * {@link #prepare(Path, List, Progress)} for an invocation that does at most {@code runLimit} runs
     * ({@code --max-runs}) over all parts, in order: a part left without a run this time and without
     * finished runs is skipped; the others summarise what has finished.
     */
    public static Study prepare(Path out, List<ExperimentConfig> configs, Progress progress, int runLimit)
            throws IOException {
        if (configs.get(0).resume()) {
            AtomicFiles.recover(out);
        }
        List<Experiment> parts = new ArrayList<>();
        int left = runLimit;
        for (ExperimentConfig c : configs) {
            if (!out.toAbsolutePath().normalize().equals(c.out().toAbsolutePath().normalize().getParent())) {
                throw new BadInputException("study part " + c.out() + " is not a folder directly in " + out);
            }
            Experiment part = Experiment.prepare(c, progress, left);
            left -= part.plan().runsToDo();
            parts.add(part);
        }
        if (parts.stream().noneMatch(Experiment::hasWork)) {
            throw new BadInputException("--max-runs " + runLimit + ": no run of the study in " + out
                    + " has finished yet, so there is nothing to summarise");
        }
        return new Study(out, configs.get(0).preset(), parts, progress);
    }

    public List<Experiment> parts() {
        return parts;
    }

    /** Every part's plan, then the estimate of the whole study. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (Experiment e : parts) {
            sb.append("part ").append(folder(e)).append(": ").append(e.describe()).append('\n');
            total += e.plan().estimatedSeconds();
        }
        sb.append("study ").append(preset).append(": ").append(parts.size()).append(" parts, estimated running time ")
                .append(Durations.compact(total)).append(" at most");
        return sb.toString();
    }

    /**
     * Writes study.json, runs every part, then writes the study's report.html; returns each part's
     * results (null for a part skipped for {@code --max-runs}: nothing to do and nothing finished). A
     * part whose runs had all finished before, with its results.json, is left as it is.
     */
    public List<ExperimentResults> run() throws IOException {
        return run(null);
    }

    /**
     * {@link #run()} with every part's runs on {@code scheduler} (null: one after the other in this
     * process).
     */
    public List<ExperimentResults> run(RunScheduler scheduler) throws IOException {
        JsonObject index = new JsonObject();
        index.addProperty("format", StudyReport.FORMAT);
        index.addProperty("preset", preset);
        JsonArray list = new JsonArray();
        for (Experiment e : parts) {
            JsonObject p = new JsonObject();
            p.addProperty("folder", folder(e));
            p.addProperty("title", title(e.config()));
            p.addProperty("seed", e.config().seed());
            list.add(p);
        }
        index.add("parts", list);
        index.add("versions", Json.gson().toJsonTree(Versions.all()));
        index.add("cpu", Json.gson().toJsonTree(Platform.current().machine()));
        Json.write(out.resolve(StudyReport.FILE), index);
        List<ExperimentResults> results = new ArrayList<>();
        for (Experiment e : parts) {
            Path file = e.config().out().resolve(ResultsCodec.FILE);
            if (!e.hasWork()) {
                progress.message("part " + folder(e) + ": no run this time (--max-runs); --resume goes on with it");
                results.add(null);
            } else if (e.finishedEarlier() && Files.isRegularFile(file)
                    && ResultsCodec.read(file) instanceof ExperimentResults done) {
                progress.message("part " + folder(e) + ": finished earlier, its files kept");
                results.add(done);
            } else {
                results.add(e.run(scheduler));
            }
        }
        StudyReport.write(out);
        return results;
    }

    private static String folder(Experiment e) {
        return e.config().out().getFileName().toString();
    }

    /** A part's title in the study's tables. */
    static String title(ExperimentConfig c) {
        if (c.mnist() == null) {
            return c.dataset();
        }
        String t = "MNIST-bags G = " + c.mnist().grid();
        return c.mnist().targetDigit() == 9 ? t : t + ", digit " + c.mnist().targetDigit();
    }
}
