package org.milkid.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.experiment.Experiment;
import org.milkid.experiment.FoldResult;
import org.milkid.results.ResultsCodec;
import org.milkid.experiment.SameResults;
import org.milkid.experiment.TinyExperiment;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * Issue 16's promise on the tiny experiment ({@link TinyExperiment}: 2 repeats x 2 folds): with
 * {@code local[2]}, one Spark task per run, milkid writes the same results.json (timings aside),
 * folds.csv and panels as the sequential run; it writes every checkpoint as its task finishes; and
 * a driver restarted with {@code --resume} after a partial Spark run runs only the missing runs and
 * again gives the same files.
 */
@Tag("slow")
class SparkExperimentTest {
    @TempDir
    static Path dir;
    private static JavaSparkContext sc;
    private static Path sparkOut;
    private static final List<String> MESSAGES = new ArrayList<>();
    /** How many checkpoints were on disk at each "done" message of the Spark run. */
    private static final List<Long> CHECKPOINTS_AT_DONE = new ArrayList<>();

    @BeforeAll
    static void runOnSpark() throws IOException {
        TinyExperiment.output(); // the sequential reference (shared with the other tests of this JVM)
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("milkid test")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"));
        sparkOut = dir.resolve("spark");
        Progress watcher = new Progress() {
            @Override
            public void message(String line) {
                MESSAGES.add(line);
                if (line.contains(" done in ")) {
                    CHECKPOINTS_AT_DONE.add(checkpoints(sparkOut));
                }
            }

            @Override
            public void update(String task, long done, long total) {
            }
        };
        sc.setJobGroup("full", "the tiny experiment", false);
        try (SparkRunScheduler spark = SparkRunScheduler.on(sc, watcher)) {
            Experiment.prepare(TinyExperiment.config(sparkOut), watcher).run(spark);
        }
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static long checkpoints(Path out) {
        try (Stream<Path> s = Files.list(out.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().matches("r\\d+-f\\d+\\.json")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The tasks of the one job of a job group, once Spark's status store has them all. */
    private static SparkStageInfo onlyStage(String group) throws InterruptedException {
        int[] jobs = sc.statusTracker().getJobIdsForGroup(group);
        assertThat(jobs).hasSize(1);
        SparkJobInfo job = sc.statusTracker().getJobInfo(jobs[0]);
        assertThat(job.stageIds()).hasSize(1);
        SparkStageInfo stage = sc.statusTracker().getStageInfo(job.stageIds()[0]);
        for (int i = 0; i < 100 && stage.numCompletedTasks() < stage.numTasks(); i++) {
            Thread.sleep(100); // the status store hears of finished tasks a little after the driver
            stage = sc.statusTracker().getStageInfo(job.stageIds()[0]);
        }
        return stage;
    }

    @Test
    void localTwoGivesTheSequentialFiles() throws Exception {
        SameResults.assertSame(TinyExperiment.output(), sparkOut);
        for (int r = 0; r < 2; r++) {
            for (int f = 0; f < 2; f++) {
                // every checkpoint, timings aside (the NaN of a method without lambda included)
                assertThat(ResultsCodec.withoutTimings(FoldResult.read(FoldResult.file(sparkOut, r, f)).toJson()))
                        .isEqualTo(ResultsCodec.withoutTimings(
                                FoldResult.read(FoldResult.file(TinyExperiment.output(), r, f)).toJson()));
            }
        }
        // the runs were Spark's tasks: one job of one task per run
        SparkStageInfo stage = onlyStage("full");
        assertThat(stage.numTasks()).isEqualTo(4);
        assertThat(stage.numCompletedTasks()).isEqualTo(4);
        assertThat(Json.read(sparkOut.resolve("experiment.json")).getAsJsonObject().get("runsOn").getAsString())
                .startsWith("on Spark local[2]");
    }

    @Test
    void everyCheckpointIsWrittenAsItsTaskFinishes() {
        assertThat(CHECKPOINTS_AT_DONE).containsExactly(1L, 2L, 3L, 4L);
        assertThat(MESSAGES).noneMatch(m -> m.contains("skipped (--resume)"));
    }

    @Test
    void resumeAfterAPartialSparkRunGivesTheSameFiles() throws Exception {
        // the driver died after the first repeat's runs: their checkpoints are there, nothing else of repeat 2
        Path out = dir.resolve("partial");
        TinyExperiment.copyTree(sparkOut, out);
        for (String gone : List.of("results.json", "folds.csv", "report.html", "runs/r1-f0.json", "runs/r1-f1.json",
                "runs/r1-data.json")) {
            Files.delete(out.resolve(gone));
        }
        byte[] firstRun = Files.readAllBytes(FoldResult.file(out, 0, 0));
        List<String> messages = new ArrayList<>();
        sc.setJobGroup("resume", "the tiny experiment, resumed", false);
        try (SparkRunScheduler spark = SparkRunScheduler.on(sc, TinyExperiment.recorder(messages))) {
            Experiment.prepare(TinyExperiment.config(out).withResume(true), TinyExperiment.recorder(messages))
                    .run(spark);
        }
        assertThat(messages).contains("repeat 1 fold 1: finished earlier, skipped (--resume)",
                "repeat 1 fold 2: finished earlier, skipped (--resume)");
        assertThat(messages).noneMatch(m -> m.startsWith("repeat 2") && m.contains("skipped"));
        assertThat(onlyStage("resume").numTasks()).isEqualTo(2);
        assertThat(Files.readAllBytes(FoldResult.file(out, 0, 0))).isEqualTo(firstRun);
        assertThat(Json.read(out.resolve("results.json")).getAsJsonObject().getAsJsonObject("time")
                .get("runsThisInvocation").getAsInt()).isEqualTo(2);
        SameResults.assertSame(TinyExperiment.output(), out);
    }

}
