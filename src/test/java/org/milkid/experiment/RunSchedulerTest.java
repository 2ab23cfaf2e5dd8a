package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.util.Json;
import org.milkid.util.Progress;

/**
 * The contract that lets a scheduler put the runs anywhere: a run depends on the settings and its
 * (repeat, fold) alone, so runs done in another order, by a worker that loaded the data itself (as
 * a Spark task does), give the files of the sequential experiment ({@link TinyExperiment}).
 */
@Tag("slow")
class RunSchedulerTest {
    @TempDir
    Path dir;

    /** Does the runs last first, each as a finished run's JSON string, on a worker of its own. */
    private static final class Backwards implements RunScheduler {
        final List<RunId> order = new ArrayList<>();

        @Override
        public String describe() {
            return "backwards";
        }

        @Override
        public void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) throws IOException {
            RunWorker worker = RunWorker.open(cfg);
            List<RunId> backwards = new ArrayList<>(runs);
            java.util.Collections.reverse(backwards);
            for (RunId id : backwards) {
                order.add(id);
                sink.finished(FinishedRun.fromJson(worker.run(id, Progress.NONE).toJson(), "backwards"));
            }
        }
    }

    @Test
    void runsDoneBackwardsByAnotherWorkerGiveTheSequentialFiles() throws IOException {
        Path reference = TinyExperiment.output();
        Path out = dir.resolve("backwards");
        Backwards backwards = new Backwards();
        Experiment.prepare(TinyExperiment.config(out), Progress.NONE).run(backwards);
        assertThat(backwards.order).containsExactly(new RunId(1, 1), new RunId(1, 0), new RunId(0, 1), new RunId(0, 0));
        SameResults.assertSame(reference, out);
        for (int r = 0; r < 2; r++) {
            assertThat(Files.readString(Experiment.dataStatsFile(out, r)))
                    .isEqualTo(Files.readString(Experiment.dataStatsFile(reference, r)));
        }
        assertThat(Json.read(out.resolve("experiment.json")).getAsJsonObject().get("runsOn").getAsString())
                .isEqualTo("backwards");
    }

    @Test
    void aRunHandedOverTwiceIsRefusedAfterTheFirstIsWritten() throws IOException {
        FoldResult first = FoldResult.read(FoldResult.file(TinyExperiment.output(), 0, 0));
        Path out = dir.resolve("twice");
        RunScheduler twice = new RunScheduler() {
            @Override
            public String describe() {
                return "twice";
            }

            @Override
            public void run(ExperimentConfig cfg, List<RunId> runs, Sink sink) throws IOException {
                sink.finished(new FinishedRun(first, null));
                sink.finished(new FinishedRun(first, null));
            }
        };
        Experiment e = Experiment.prepare(TinyExperiment.config(out).withPanelBags(0), Progress.NONE);
        assertThatThrownBy(() -> e.run(twice)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice handed over run r0-f0");
        assertThat(FoldResult.read(FoldResult.file(out, 0, 0))).isEqualTo(first);
        assertThat(out.resolve("results.json")).doesNotExist();
    }
}
