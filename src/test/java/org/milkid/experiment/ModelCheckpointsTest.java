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
import org.milkid.util.Progress;

/**
 * A run interrupted after training some of its models resumes from them: the same results as a
 * run never interrupted, without training those models again.
 */
@Tag("slow")
class ModelCheckpointsTest {
    @TempDir
    Path dir;

    /** A progress that stops the run when the training of {@code kind} begins. */
    private static Progress stoppingAt(String task, List<String> messages) {
        return stopping(task, (done, total) -> true, messages);
    }

    /** When to stop: at a step, counted over the training's epochs, of its total steps. */
    private interface When {
        boolean at(long done, long total);
    }

    /** A progress that stops the run at the first step {@code when} of the training of {@code task}. */
    private static Progress stopping(String task, When when, List<String> messages) {
        return new Progress() {
            @Override
            public void message(String line) {
                messages.add(line);
            }

            @Override
            public void update(String t, long done, long total) {
                if (t.contains(task) && when.at(done, total)) {
                    throw new IllegalStateException("interrupted at " + t);
                }
            }
        };
    }

    @Test
    void aRunInterruptedAfterItsFirstModelResumesFromIt() throws IOException {
        Path out = dir.resolve("out");
        List<String> first = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), stoppingAt("train Inst+max", first))
                .run()).hasMessageContaining("interrupted at");
        RunId r0 = new RunId(0, 0);
        Path kept = ModelCheckpoints.folder(out, r0);
        assertThat(kept.resolve("attention").resolve("model.json")).isRegularFile();
        assertThat(kept.resolve("attention").resolve("training.json")).isRegularFile();
        assertThat(kept.resolve("inst-max")).doesNotExist();
        assertThat(FoldResult.exists(out, 0, 0)).isFalse();

        List<String> second = new ArrayList<>();
        Experiment.prepare(TinyExperiment.config(out).withResume(true), TinyExperiment.recorder(second)).run();
        assertThat(second).anyMatch(m -> m.startsWith("r1/2 f1/2 Att: trained before this run was interrupted"));
        // the attention model of the first run was not trained again; those of the other runs were
        assertThat(second.stream().filter(m -> m.contains("train Att: epoch")).map(m -> m.substring(0, 9)).distinct())
                .doesNotContain("r1/2 f1/2").contains("r1/2 f2/2");
        assertThat(kept).doesNotExist();
        try (var s = Files.list(out.resolve("runs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith("-models"));
        }
        SameResults.assertSame(TinyExperiment.output(), out);
    }

    @Test
    void aRunInterruptedInTheMiddleOfATrainingGoesOnAfterItsLastEpoch() throws IOException {
        Path whole = dir.resolve("whole");
        Experiment.prepare(TinyExperiment.config(whole).withEpochs(3), Progress.NONE).run();
        Path out = dir.resolve("stopped");
        List<String> first = new ArrayList<>();
        // stopped in the second of Inst+max's three epochs
        Progress stopping = stopping("train Inst+max", (done, total) -> done > total / 3 + 1, first);
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out).withEpochs(3), stopping).run())
                .hasMessageContaining("interrupted at");
        Path kept = ModelCheckpoints.folder(out, new RunId(0, 0));
        assertThat(kept.resolve("attention").resolve("model.json")).isRegularFile();
        assertThat(kept.resolve("attention-training")).as("removed once the model is kept").doesNotExist();
        assertThat(kept.resolve("inst-max-training").resolve("state.json")).isRegularFile();
        assertThat(kept.resolve("inst-max-training").resolve("run.json")).isRegularFile();

        List<String> second = new ArrayList<>();
        Experiment.prepare(TinyExperiment.config(out).withEpochs(3).withResume(true), TinyExperiment.recorder(second))
                .run();
        assertThat(second).anyMatch(m -> m.startsWith("r1/2 f1/2 train Inst+max: goes on after epoch 1,"))
                .noneMatch(m -> m.startsWith("r1/2 f1/2 train Inst+max: epoch 1 "))
                .anyMatch(m -> m.startsWith("r1/2 f1/2 train Inst+max: epoch 2 "));
        assertThat(kept).doesNotExist();
        SameResults.assertSame(whole, out);
        // the run's time holds its trainings' and methods' times, also those of the interrupted invocation
        FoldResult run = FoldResult.read(FoldResult.file(out, 0, 0));
        assertThat(run.seconds()).isGreaterThanOrEqualTo(run.training().stream()
                .mapToDouble(FoldResult.Training::seconds).sum() + run.methods().stream()
                .mapToDouble(FoldResult.Figures::seconds).sum());
    }

    @Test
    void aTrainingStateOfAnotherMachineIsNotUsed() throws IOException {
        Path out = dir.resolve("machine");
        Progress stopping = stopping("train Inst+max", (done, total) -> done > total / 2 + 1,
                new ArrayList<>());
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out).withEpochs(2), stopping).run())
                .hasMessageContaining("interrupted at");
        // the state as the same training on another machine would have kept it
        Path owner = ModelCheckpoints.folder(out, new RunId(0, 0)).resolve("inst-max-training").resolve("run.json");
        com.google.gson.JsonObject o = org.milkid.util.Json.read(owner).getAsJsonObject();
        com.google.gson.JsonObject cpu = new com.google.gson.JsonObject();
        cpu.addProperty("cpu", "another");
        o.add("cpu", cpu);
        org.milkid.util.Json.write(owner, o);
        List<String> second = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out).withEpochs(2).withResume(true),
                stoppingAt("train Att", second)).run()).hasMessageContaining("interrupted at");
        assertThat(second).anyMatch(m -> m.startsWith("r1/2 f1/2 Inst+max: the training state kept in")
                && m.endsWith("was kept on another machine ({cpu=another}); training afresh"))
                .anyMatch(m -> m.startsWith("r1/2 f1/2 train Inst+max: epoch 1 "));
        assertThat(owner.getParent()).as("replaced by this machine's state, then removed with the model kept")
                .doesNotExist();
    }

    @Test
    void withoutResumeTheKeptModelsAreRemovedAndTrainedAgain() throws IOException {
        Path out = dir.resolve("fresh");
        List<String> first = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), stoppingAt("train Inst+max", first))
                .run()).hasMessageContaining("interrupted at");
        Path stale = ModelCheckpoints.folder(out, new RunId(0, 0)).resolve("inst-mean");
        Files.createDirectories(stale);
        List<String> second = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), stoppingAt("train Inst+max", second))
                .run()).hasMessageContaining("interrupted at");
        assertThat(second).noneMatch(m -> m.contains("trained before this run was interrupted"))
                .anyMatch(m -> m.startsWith("r1/2 f1/2 train Att: epoch 1"));
        assertThat(stale).doesNotExist();
    }

    @Test
    void aModelOfOtherTrainingSettingsIsTrainedAgain() throws IOException {
        Path out = dir.resolve("other");
        List<String> first = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), stoppingAt("train Inst+max", first))
                .run()).hasMessageContaining("interrupted at");
        List<String> second = new ArrayList<>();
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out).withEpochs(2).withResume(true),
                stoppingAt("train Inst+max", second)).run()).hasMessageContaining("interrupted at");
        assertThat(second).anyMatch(m -> m.startsWith("r1/2 f1/2 Att: the model kept in")
                && m.endsWith("is of other settings; training afresh"))
                .anyMatch(m -> m.startsWith("r1/2 f1/2 train Att: epoch 2"));
    }

    @Test
    void theFingerprintSeesTheValuesOfTheBags() {
        org.milkid.bag.Bag a = new org.milkid.bag.Bag("a", 1, 1, 1, 2, new float[] {0.5f, 0.25f}, null, null);
        org.milkid.bag.Bag same = new org.milkid.bag.Bag("a", 1, 1, 1, 2, new float[] {0.5f, 0.25f}, null, null);
        org.milkid.bag.Bag other = new org.milkid.bag.Bag("a", 1, 1, 1, 2, new float[] {0.5f, 0.75f}, null, null);
        assertThat(ModelCheckpoints.fingerprint(List.of(a))).isEqualTo(ModelCheckpoints.fingerprint(List.of(same)))
                .isNotEqualTo(ModelCheckpoints.fingerprint(List.of(other)))
                .isNotEqualTo(ModelCheckpoints.fingerprint(List.of(a, same)));
    }
}
