package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.KidMethod;
import org.milkid.results.ExperimentResults;
import org.milkid.util.BadInputException;

/**
 * {@code --max-runs}: an experiment done in instalments summarises the runs finished so far, marked
 * partial, and ends with the files of one uninterrupted invocation.
 */
class MaxRunsTest {

    @Test
    void instalmentsSummariseWhatHasFinishedAndEndWithTheFilesOfOneInvocation(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        ExperimentConfig cfg = TinyExperiment.config(out);

        List<String> first = new ArrayList<>();
        Experiment e = Experiment.prepare(cfg, TinyExperiment.recorder(first), 1);
        assertThat(e.plan().runsToDo()).isEqualTo(1);
        ExperimentResults partial = e.run();
        assertThat(first).noneMatch(m -> m.contains("left for")); // told once, in the plan
        assertThat(e.describe()).contains("--max-runs: 1 run(s) this time, 3 left for another invocation with --resume");
        assertThat(partial.runs().finished()).isEqualTo(1);
        assertThat(partial.runs().total()).isEqualTo(4);
        assertThat(partial.notes()).anyMatch(n -> n.startsWith("PARTIAL: 1 of the 4 (repeat, fold) runs")
                && n.contains("(r1f1)") && n.contains("to do the other 3"));
        assertThat(partial.protocol()).contains("mean over the 1 of its 4 (repeat, fold) runs that have finished");
        assertThat(partial.data().perRepeat()).hasSize(1);
        assertThat(FoldResult.exists(out, 0, 0)).isTrue();
        assertThat(FoldResult.exists(out, 0, 1)).isFalse();
        List<String> csv = Files.readAllLines(out.resolve("folds.csv"), StandardCharsets.UTF_8);
        assertThat(csv.subList(1, csv.size())).isNotEmpty().allMatch(line -> line.startsWith("0,0,"));
        assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))
                .contains("1 of 4 runs finished").contains("PARTIAL");
        assertThat(ExperimentSummary.notes(cfg, List.of(FoldResult.read(FoldResult.file(out, 0, 0)))))
                .anyMatch(n -> n.startsWith("PARTIAL"));

        // 0 only summarises: no run, the same figures
        List<String> again = new ArrayList<>();
        Experiment none = Experiment.prepare(cfg.withResume(true), TinyExperiment.recorder(again), 0);
        assertThat(none.plan().runsToDo()).isZero();
        assertThat(none.run().runs().finished()).isEqualTo(1);
        assertThat(again).noneMatch(m -> m.contains("training on"));
        assertThat(again).noneMatch(m -> m.contains("timing a probe"));

        // the rest in two instalments, in the plan's order
        List<String> second = new ArrayList<>();
        assertThat(Experiment.prepare(cfg.withResume(true), TinyExperiment.recorder(second), 2).run().runs().finished())
                .isEqualTo(3);
        assertThat(second.stream().filter(m -> m.contains("training on")).toList()).hasSize(2)
                .satisfiesExactly(m -> assertThat(m).startsWith("r1/2 f2/2"), m -> assertThat(m).startsWith("r2/2 f1/2"));
        ExperimentResults done = Experiment.prepare(cfg.withResume(true), TinyExperiment.recorder(new ArrayList<>()),
                Experiment.NO_LIMIT).run();
        assertThat(done.runs().finished()).isEqualTo(4);
        assertThat(done.notes()).noneMatch(n -> n.startsWith("PARTIAL"));
        assertThat(done.protocol()).contains("mean over the 4 (repeat, fold) runs");
        SameResults.assertSame(TinyExperiment.output(), out);
    }

    @Test
    void nothingToSummariseAndNegativeLimitsAreRefused(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> Experiment.prepare(TinyExperiment.config(out), TinyExperiment.recorder(new ArrayList<>()),
                -1)).isInstanceOf(BadInputException.class).hasMessageContaining("--max-runs must not be negative, got -1");
        Experiment e = Experiment.prepare(TinyExperiment.config(out), TinyExperiment.recorder(new ArrayList<>()), 0);
        assertThat(e.hasWork()).isFalse();
        assertThatThrownBy(e::requireWork).isInstanceOf(BadInputException.class);
        assertThatThrownBy(e::run).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--max-runs 0: no run of " + out + " has finished yet");
        assertThat(out.resolve("runs")).doesNotExist();
        assertThat(out.resolve("results.json")).doesNotExist();
    }

    @Test
    void aStudyCountsTheLimitOverItsPartsAndSkipsAPartLeftForLater(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("study");
        List<ExperimentConfig> parts = new ArrayList<>();
        for (ExperimentConfig c : ExperimentPresets.presetParts("kid-study", null, out).subList(0, 2)) {
            parts.add(c.withMnist(new MnistBagsConfig(2, c.mnist().targetDigit(), 8, 4, 3, null)).withFolds(2)
                    .withRepeats(1).withEpochs(1).withPatience(0).withInversionIterations(1).withDevBags(2)
                    .withPanelBags(0).withMethods(List.of(KidMethod.ATT, KidMethod.ATT_ALONE)));
        }
        Study study = Study.prepare(out, parts, TinyExperiment.recorder(new ArrayList<>()), 1);
        assertThat(study.parts()).extracting(p -> p.plan().runsToDo()).containsExactly(1, 0);
        List<ExperimentResults> results = study.run();
        assertThat(results.get(0).runs().finished()).isEqualTo(1);
        assertThat(results.get(1)).isNull();
        assertThat(out.resolve("digit-4").resolve("results.json")).doesNotExist();
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("F1, MNIST-bags G = 2 (partial: 1 of 2 runs)").contains("Not run yet");

        List<ExperimentConfig> resumed = parts.stream().map(c -> c.withResume(true)).toList();
        Study rest = Study.prepare(out, resumed, TinyExperiment.recorder(new ArrayList<>()), 2);
        assertThat(rest.parts()).extracting(p -> p.plan().runsToDo()).containsExactly(1, 1);
        List<ExperimentResults> all = rest.run();
        assertThat(all).extracting(r -> r.runs().finished()).containsExactly(2, 1);
        assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))
                .doesNotContain("G = 2 (partial").contains("digit 4 (partial: 1 of 2 runs)");

        // a summary only: the finished part's files are kept as they are, the partial part is summed again
        Path finished = out.resolve("grid-10").resolve("results.json");
        String before = Files.readString(finished);
        List<String> messages = new ArrayList<>();
        Study summary = Study.prepare(out, resumed, TinyExperiment.recorder(messages), 0);
        assertThat(summary.describe()).contains("--max-runs: 0 run(s) this time, 1 left for another invocation");
        List<ExperimentResults> again = summary.run();
        assertThat(again).extracting(r -> r.runs().finished()).containsExactly(2, 1);
        assertThat(Files.readString(finished)).isEqualTo(before);
        assertThat(messages).contains("part grid-10: finished earlier, its files kept");
    }
}
