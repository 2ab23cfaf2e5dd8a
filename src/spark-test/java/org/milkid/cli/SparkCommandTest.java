package org.milkid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.experiment.FoldResult;
import org.milkid.util.Json;

/** {@code milkid experiment --spark MASTER} through the command line, with Spark on the class path. */
class SparkCommandTest {
    private static final String[] TINY = {"experiment", "--grid", "2", "--bags", "24", "--test-bags", "8", "--folds",
        "2", "--repeats", "1", "--epochs", "1", "--patience", "0", "--inversion-iterations", "2", "--methods",
        "attention,inst-max", "--panels", "1"};

    @TempDir
    Path dir;

    private static String[] tiny(String... more) {
        String[] all = java.util.Arrays.copyOf(TINY, TINY.length + more.length);
        System.arraycopy(more, 0, all, TINY.length, more.length);
        return all;
    }

    @Test
    void aMalformedMasterIsOneLineNamingTheOption() {
        Path out = dir.resolve("out");
        BadInputTest.assertRefused(BadInputTest.run(tiny("--out", out.toString(), "--spark", "spark://nohost")),
                "--spark: 'spark://nohost' is not a Spark master URL", "local[N]", "yarn");
        BadInputTest.assertRefused(BadInputTest.run(tiny("--out", out.toString(), "--spark", "local[0]")), "--spark");
        assertThat(out).doesNotExist();
    }

    @Tag("slow")
    @Test
    void runsOnLocalTwoAndResumes() throws Exception {
        Path out = dir.resolve("out");
        BadInputTest.Run r = BadInputTest.run(tiny("--out", out.toString(), "--spark", "local[2]"));
        assertThat(r.code()).as(r.err()).isZero();
        // the command stopped its Spark context: a JVM takes a new one only then
        new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("after").set("spark.ui.enabled", "false"))
                .stop();
        assertThat(Json.read(out.resolve("experiment.json")).getAsJsonObject().get("runsOn").getAsString())
                .startsWith("on Spark local[2]");
        assertThat(out.resolve("results.json")).isRegularFile();
        assertThat(out.resolve("panels/index.json")).isRegularFile();
        assertThat(FoldResult.file(out, 0, 1)).isRegularFile();
        BadInputTest.Run again = BadInputTest.run(tiny("--out", out.toString(), "--spark", "local[2]", "--resume"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Json.read(out.resolve("results.json")).getAsJsonObject().getAsJsonObject("time")
                .get("runsThisInvocation").getAsInt()).isZero();
    }
}
