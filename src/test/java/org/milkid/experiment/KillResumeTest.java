package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.util.JsonDifferences;

/**
 * Issue 8's promises, checked on real processes: a small experiment killed with SIGKILL at three
 * different points (after a run, in the middle of a training, in the second repeat) and resumed gives the same results.json and folds.csv as an uninterrupted run
 * (timings aside) and leaves no temporary file; two uninterrupted runs with one seed agree exactly.
 * The processes run with milkid's default settings (libtorch on every core).
 */
@Tag("slow")
class KillResumeTest {
    private static final String[] EXPERIMENT = {"experiment", "--preset", "quick-mnist", "--grid", "2", "--bags", "24",
        "--test-bags", "8", "--folds", "2", "--repeats", "2", "--epochs", "2", "--patience", "0",
        "--inversion-iterations", "3", "--methods", "attention,sparse,inst-max", "--panels", "1", "--seed", "5"};

    @TempDir
    static Path dir;
    private static Path reference;

    @BeforeAll
    static void uninterrupted() throws Exception {
        reference = dir.resolve("reference");
        assertThat(start(reference, false).waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(reference.resolve("results.json")).isRegularFile();
    }

    /** Starts {@code milkid experiment} as a separate JVM writing into {@code out}. */
    private static Process start(Path out, boolean resume) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "org.milkid.cli.Main"));
        cmd.addAll(List.of(EXPERIMENT));
        cmd.addAll(List.of("--out", out.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(out.getFileName() + ".log").toFile()));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    /** Starts a run, SIGKILLs it as soon as {@code trigger} exists under its folder, then resumes it. */
    private static Path killAndResume(String name, String trigger) throws Exception {
        Path out = dir.resolve(name);
        Process p = start(out, false);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(out.resolve(trigger)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(p.isAlive()).as("the run is still going when " + trigger + " appears").isTrue();
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor();
        assertThat(out.resolve("results.json")).doesNotExist();
        Path log = dir.resolve(name + ".log");
        long before = Files.size(log);
        Process r = start(out, true);
        assertThat(r.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String resumed = Files.readString(log).substring((int) before);
        assertThat(r.exitValue()).as(resumed).isZero();
        assertThat(resumed).contains("repeat 1 fold 1: finished earlier, skipped (--resume)");
        return out;
    }

    private static void assertSameAsReference(Path out) throws IOException {
        JsonObject a = SameResults.comparable(reference);
        JsonObject b = SameResults.comparable(out);
        assertThat(b).as(() -> JsonDifferences.describe(a, b)).isEqualTo(a);
        assertThat(Files.readString(out.resolve("folds.csv"))).isEqualTo(Files.readString(reference.resolve("folds.csv")));
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".milkid-"));
        }
    }

    @Test
    void sameSeedGivesIdenticalResults() throws Exception {
        Path again = dir.resolve("again");
        assertThat(start(again, false).waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertSameAsReference(again);
    }

    @Test
    void killedAfterTheFirstCheckpointAndResumed() throws Exception {
        assertSameAsReference(killAndResume("kill-early", "runs/r0-f0.json"));
    }

    @Test
    void killedInTheMiddleOfATrainingAndResumed() throws Exception {
        // the state after the first epoch of the second run's Att: killed in its second (and last) epoch
        Path out = killAndResume("kill-training", "runs/r0-f1-models/attention-training/state.json");
        String log = Files.readString(dir.resolve("kill-training.log"));
        assertThat(log).containsAnyOf("r1/2 f2/2 train Att: goes on after epoch 1",
                "r1/2 f2/2 Att: trained before this run was interrupted"); // killed as its last epoch ended
        assertSameAsReference(out);
    }

    @Test
    void killedInTheSecondRepeatAndResumed() throws Exception {
        assertSameAsReference(killAndResume("kill-late", "runs/r1-data.json"));
    }
}
