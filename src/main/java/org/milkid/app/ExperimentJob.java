package org.milkid.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.milkid.experiment.Experiment;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.RunScheduler;
import org.milkid.experiment.RunSchedulers;
import org.milkid.experiment.Study;
import org.milkid.results.ExperimentResults;
import org.milkid.util.Progress;

/**
 * {@code milkid experiment}: prepares the request's experiment (or the parts of a study), hands its
 * plan to the caller, and unless the request is a dry run does every (repeat, fold) run (or as many
 * as {@code --max-runs} allows), in this process or on Spark, into the output folder.
 */
public final class ExperimentJob {
    private ExperimentJob() {
    }

    /**
     * One experiment that ran.
     *
     * @param dir its folder (results.json, folds.csv, report.html)
     * @param results what it measured
     */
    public record Part(Path dir, ExperimentResults results) {
    }

    /**
     * What the job did.
     *
     * @param parts the experiments that ran, in order (none for a dry run)
     * @param studyReport the study's report.html when the request is a study that ran; null otherwise
     */
    public record Outcome(List<Part> parts, Path studyReport) {
        public Outcome {
            parts = List.copyOf(parts);
        }
    }

    /**
     * Runs the request. {@code plan} gets the plan and the estimate of the running time before any
     * run starts (and is all a dry run gives). With {@code --spark} the scheduler starts before the
     * data loads, so a missing Spark or a bad master is told at once.
     */
    public static Outcome run(ExperimentRequest req, Progress progress, Consumer<String> plan) throws IOException {
        List<ExperimentConfig> configs = req.configs();
        // --max-runs 0 only summarises: no run, so no Spark
        boolean runs = req.maxRuns() > 0;
        try (RunScheduler scheduler = req.spark() == null || !runs ? null : RunSchedulers.spark(req.spark(), progress)) {
            if (req.isStudy()) {
                Study s = Study.prepare(req.out(), configs, progress, req.maxRuns());
                plan.accept(s.describe());
                if (req.dryRun()) {
                    return new Outcome(List.of(), null);
                }
                List<ExperimentResults> results = s.run(scheduler);
                List<Part> parts = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i) != null) { // null: a part --max-runs left for later
                        parts.add(new Part(configs.get(i).out(), results.get(i)));
                    }
                }
                return new Outcome(parts, req.out().resolve("report.html"));
            }
            ExperimentConfig config = configs.get(0);
            Experiment e = Experiment.prepare(config, progress, req.maxRuns());
            e.requireWork();
            plan.accept(e.describe());
            if (req.dryRun()) {
                return new Outcome(List.of(), null);
            }
            return new Outcome(List.of(new Part(req.out(), e.run(scheduler))), null);
        }
    }
}
