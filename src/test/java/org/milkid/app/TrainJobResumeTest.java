package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.MilModel;
import org.milkid.util.Progress;

/**
 * {@code milkid train --resume}: a training stopped in its third epoch goes on after the second from
 * the state kept in the model folder, and saves the model an uninterrupted training saves.
 */
class TrainJobResumeTest {
    @TempDir
    Path dir;

    private static TrainRequest request(Path out, boolean resume) {
        return TrainRequest.builder(out).mnist(new MnistBagsConfig(3, 9, 40, 10, 3, null)).epochs(4).restarts(0)
                .seed(3).resume(resume).build();
    }

    /** Records messages; throws at the first progress update past {@code stopAt} of the total (0: never). */
    private static Progress progress(List<String> messages, double stopAt) {
        return new Progress() {
            @Override
            public void message(String line) {
                messages.add(line);
            }

            @Override
            public void update(String task, long done, long total) {
                if (stopAt > 0 && done > stopAt * total) {
                    throw new IllegalStateException("stopped at " + done + " of " + total);
                }
            }
        };
    }

    private static float[] weights(Path model) throws IOException {
        try (MilModel m = MilModel.load(model)) {
            List<float[]> s = m.snapshot();
            int n = s.stream().mapToInt(a -> a.length).sum();
            float[] flat = new float[n];
            int i = 0;
            for (float[] a : s) {
                System.arraycopy(a, 0, flat, i, a.length);
                i += a.length;
            }
            return flat;
        }
    }

    @Test
    void aStoppedTrainingGoesOnAfterItsLastEpochWithResume() throws IOException {
        Path whole = dir.resolve("whole");
        TrainJob.Outcome expected = TrainJob.run(request(whole, false), Progress.NONE);
        assertThat(whole.resolve(TrainJob.TRAINING_STATE)).as("gone with the model saved").doesNotExist();

        Path out = dir.resolve("model");
        List<String> first = new ArrayList<>();
        assertThatThrownBy(() -> TrainJob.run(request(out, false), progress(first, 0.6)))
                .hasMessageContaining("stopped at");
        assertThat(out.resolve(TrainJob.TRAINING_STATE).resolve("state.json")).isRegularFile();
        assertThat(out.resolve("model.json")).doesNotExist();

        List<String> second = new ArrayList<>();
        TrainJob.Outcome resumed = TrainJob.run(request(out, true), progress(second, 0));
        assertThat(second).anyMatch(m -> m.startsWith("train Att: goes on after epoch 2,"))
                .noneMatch(m -> m.startsWith("train Att: epoch 1 "))
                .anyMatch(m -> m.startsWith("train Att: epoch 3 "));
        assertThat(resumed.result().history()).hasSize(4);
        assertThat(resumed.result().bestValidationLoss()).isEqualTo(expected.result().bestValidationLoss());
        assertThat(resumed.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(weights(out)).isEqualTo(weights(whole));
        assertThat(out.resolve(TrainJob.TRAINING_STATE)).doesNotExist();
    }

    @Test
    void withoutResumeTheKeptStateIsNotUsed() throws IOException {
        Path out = dir.resolve("fresh");
        assertThatThrownBy(() -> TrainJob.run(request(out, false), progress(new ArrayList<>(), 0.6)))
                .hasMessageContaining("stopped at");
        List<String> again = new ArrayList<>();
        TrainJob.run(request(out, false), progress(again, 0));
        assertThat(again).noneMatch(m -> m.contains("goes on after")).anyMatch(m -> m.startsWith("train Att: epoch 1 "));
        assertThat(out.resolve("model.json")).isRegularFile();
    }

    @Test
    void aStateOfOtherSettingsIsNotUsed() throws IOException {
        Path out = dir.resolve("other");
        assertThatThrownBy(() -> TrainJob.run(request(out, false), progress(new ArrayList<>(), 0.6)))
                .hasMessageContaining("stopped at");
        List<String> again = new ArrayList<>();
        TrainRequest five = TrainRequest.builder(out).mnist(new MnistBagsConfig(3, 9, 40, 10, 3, null)).epochs(5)
                .restarts(0).seed(3).resume(true).build();
        TrainJob.run(five, progress(again, 0));
        assertThat(again).anyMatch(m -> m.startsWith("Att: the training state kept in")
                && m.endsWith("is of other settings; training afresh"))
                .anyMatch(m -> m.startsWith("train Att: epoch 1 "));
    }
}
