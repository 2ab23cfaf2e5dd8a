package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.data.features.FeatureFixtures;
import picocli.CommandLine;

/** {@code milkid experiment} and {@code milkid report} on the command line. */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString().trim());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void dryRunPrintsThePlanAndTheEstimateAndWritesNothing() {
        Path out = dir.resolve("x");
        Run r = run("experiment", "--preset", "quick-mnist", "--grid", "2", "--bags", "12", "--test-bags", "4",
                "--folds", "2", "--repeats", "3", "--epochs", "2", "--inversion-iterations", "3", "--methods",
                "attention,sparse", "--lambdas", "0.001,0.002", "--seed", "7", "--out", out.toString(), "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2-fold cross-validation x 3 repeats = 6 runs (6 to do), seed 7")
                .contains("G = 2").contains("methods: Att, Att+sparse").contains("cut to 3 iterations")
                .contains("estimated running time:").contains("(of 2 lambdas each)");
        assertThat(out.resolve("results.json")).doesNotExist();
    }

    @Test
    void datasetFeaturesRunsTheFeaturesPresetOnTheSlides() {
        Path data = dir.resolve("cohort");
        FeatureFixtures.cohort(data, 12, 10, 20, 8, 1.5f, 2);
        Path out = dir.resolve("slides");
        Run r = run("experiment", "--dataset", "features", "--data", data.toString(), "--positive-label", "tumor",
                "--out", out.toString(), "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("experiment features on features: 5-fold cross-validation x 5 repeats = 25 runs")
                .contains("data: features from " + data).contains("models Att, Inst+max, Inst+mean")
                .contains("methods: Att, Att+inv, Att+sparse, Inst+max, Inst+mean, Att-alone")
                .contains("the paper's inversion settings").contains("at most 100 epochs");
        assertThat(out).doesNotExist();
    }

    @Test
    void userErrorsEndWithOneLine() {
        for (String[] args : new String[][] {{"experiment", "--preset", "paper-cifar"},
            {"experiment", "--preset", "paper-colon", "--out", dir.toString()},
            {"experiment", "--methods", "attention,nonsense", "--out", dir.toString()},
            {"experiment", "--preset", "paper-colon", "--data", dir.toString(), "--grid", "3"},
            {"report", "--results", dir.resolve("missing").toString()}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.USER_ERROR);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("milkid: ");
        }
    }
}
