package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --spark MASTER} and {@code detect --spark MASTER} where Spark is not: one line that says how to get it, exit 2,
 * nothing written. Run as a separate JVM on this test's class path less Spark's and Scala's jars,
 * so it checks the real thing in both builds: without the profile {@code spark} milkid has no Spark
 * scheduler; with it, the scheduler is there but Spark's classes are not.
 */
class SparkOptionTest {
    @TempDir
    Path dir;

    @Test
    void sparkWithoutSparkIsOneLineThatSaysHowToGetIt() throws Exception {
        Path out = dir.resolve("out");
        assertOneLineWithoutSpark(out, "experiment", "--grid", "2", "--bags", "24", "--test-bags", "8", "--repeats", "1",
                "--out", out.toString(), "--spark", "local[2]");
    }

    @Test
    void detectWithSparkWithoutSparkIsTheSameOneLine() throws Exception {
        Path out = dir.resolve("out");
        assertOneLineWithoutSpark(out, "detect", "--model", dir.resolve("model").toString(), "--out", out.toString(),
                "--spark", "local[2]");
    }

    /** Runs milkid without Spark's and Scala's jars: one line on stderr that says how to get Spark, exit 2. */
    private void assertOneLineWithoutSpark(Path out, String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("/org/apache/spark/") && !e.contains("/org/scala-lang/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new java.util.ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xss4m", "-Dai.djl.offline=true",
                "-cp", classPath, "org.milkid.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String err = java.nio.file.Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(err).isEqualTo(Main.USER_ERROR);
        assertThat(err.lines().count()).as(err).isEqualTo(1);
        assertThat(err).startsWith("milkid: --spark: ").contains("MILKID_SPARK=1 ./milkid").doesNotContain("Exception");
        assertThat(java.nio.file.Files.readString(dir.resolve("stdout.txt"))).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void sparkWithDryRunIsRefused() {
        Path out = dir.resolve("out");
        BadInputTest.assertRefused(BadInputTest.run("experiment", "--grid", "2", "--out", out.toString(), "--dry-run",
                "--spark", "local[2]"), "--dry-run", "--spark");
        assertThat(out).doesNotExist();
    }
}
