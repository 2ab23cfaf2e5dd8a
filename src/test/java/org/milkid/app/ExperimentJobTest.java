package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.util.Progress;

/** {@code milkid experiment} as one library call: the plan first, then the runs, without the command line. */
class ExperimentJobTest {
    @TempDir
    Path dir;

    private static ExperimentRequest.Builder tiny(String preset, Path out) {
        return ExperimentRequest.builder().preset(preset).bags(12).testBags(4).devBags(0).folds(2).repeats(1)
                .epochs(1).patience(0).inversionIterations(2).methods(List.of("attention", "alone"))
                .lambdas(List.of(0.001f)).panels(0).seed(3L).out(out);
    }

    @Test
    void aDryRunOfAStudyGivesThePlanOfEveryPartAndRunsNothing() throws IOException {
        Path out = dir.resolve("study");
        List<String> plans = new ArrayList<>();
        ExperimentJob.Outcome o = ExperimentJob.run(tiny("kid-study", out).dryRun(true).build(),
                Progress.NONE, plans::add);
        assertThat(plans).hasSize(1);
        assertThat(plans.get(0)).contains("part grid-10").contains("part digit-4").contains("part grid-20")
                .contains("2-fold cross-validation x 1 repeats = 2 runs (2 to do)");
        assertThat(o.parts()).isEmpty();
        assertThat(o.studyReport()).isNull();
        assertThat(out.resolve("grid-10").resolve("results.json")).doesNotExist();
    }

    @Test
    void anExperimentGivesItsPlanThenItsResultsInItsFolder() throws IOException {
        Path out = dir.resolve("quick");
        List<String> plans = new ArrayList<>();
        ExperimentJob.Outcome o = ExperimentJob.run(tiny("quick-mnist", out).grid(2).build(), Progress.NONE,
                plans::add);
        assertThat(plans).singleElement().asString().contains("2 runs (2 to do), seed 3");
        assertThat(o.studyReport()).isNull();
        assertThat(o.parts()).singleElement().satisfies(p -> {
            assertThat(p.dir()).isEqualTo(out);
            assertThat(p.results().runs().finished()).isEqualTo(2);
        });
        assertThat(out.resolve("results.json")).isRegularFile();
        assertThat(out.resolve("folds.csv")).isRegularFile();
        assertThat(out.resolve("report.html")).isRegularFile();
    }
}
