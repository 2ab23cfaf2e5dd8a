package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.cli.Main;
import org.milkid.results.ResultsCodec;
import org.milkid.platform.CpuInfo;
import org.milkid.util.Json;
import org.milkid.util.JsonDifferences;
import picocli.CommandLine;

/**
 * {@code --reproducible} pins libtorch's kernels and thread count before the engine starts, over
 * whatever the user's environment says, and a run under it is repeatable. Each case runs in a
 * child JVM, since libtorch reads its settings once per process.
 */
class ReproducibleKernelsTest {

    /** The user's settings that {@code --reproducible} must override: a wide CPU, two threads. */
    private static final Map<String, String> USER_ENV = Map.of("ATEN_CPU_CAPABILITY", "avx512",
            "MKL_CBWR", "AUTO", Engines.ONEDNN_ISA, "SSE41");

    @Test
    void optionPinsKernelsAndThreadsBeforeTheEngineStarts() throws Exception {
        Map<String, String> pinned = probe(true);
        Engines.REPRODUCIBLE_ENV.forEach((k, v) -> assertThat(pinned).containsEntry(k, v));
        assertThat(pinned).containsEntry("threads", "1").containsEntry("interopThreads", "1")
                .containsEntry("reproducible", "true");

        // without the option the same child keeps the user's settings: the option made the change
        Map<String, String> plain = probe(false);
        USER_ENV.forEach((k, v) -> assertThat(plain).containsEntry(k, v));
        assertThat(plain).containsEntry("threads", "2").containsEntry("reproducible", "false");
    }

    @Test
    void refusedOnceTheEngineHasStarted() {
        Engines.ensureReady();
        assertThatThrownBy(Engines::useReproducibleKernels).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before the engine starts");
        assertThat(Engines.reproducible()).isFalse();
    }

    @Test
    void cpuWithoutAvx2OrFmaIsRecognised() {
        String head = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx";
        assertThat(Engines.hasAvx2(CpuInfo.parse(head + " avx2 fma f16c\n", 1))).isTrue();
        assertThat(Engines.hasAvx2(CpuInfo.parse(head + " fma f16c\n", 1))).isFalse();
        assertThat(Engines.hasAvx2(CpuInfo.parse(head + " avx2 f16c\n", 1))).isFalse();
        assertThat(Engines.hasAvx2(CpuInfo.parse(head + " avx2x fmax\n", 1))).isFalse();
        assertThat(Engines.hasAvx2(CpuInfo.parse("processor\t: 0\n", 1))).isFalse();
    }

    @Test
    @Tag("slow")
    void tinyRunUnderTheOptionIsRepeatableWhateverTheUsersThreadsAndKernels(@TempDir Path dir) throws Exception {
        List<String> demo = List.of("--reproducible", "demo", "--grid", "2", "--train-bags", "16", "--test-bags", "6",
                "--epochs", "2", "--inversion-iterations", "3", "--seed", "3");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        run(dir, "org.milkid.cli.Main", concat(demo, "--out", a.toString()), Map.of(), "1");
        run(dir, "org.milkid.cli.Main", concat(demo, "--out", b.toString()), USER_ENV, "2");

        JsonObject ra = Json.read(a.resolve("results.json")).getAsJsonObject();
        JsonObject rb = Json.read(b.resolve("results.json")).getAsJsonObject();
        assertThat(ra.getAsJsonObject("provenance").getAsJsonObject("versions").get("reproducible").getAsString())
                .isEqualTo("true");
        // the trained weights first: a difference there says training moved, not only the methods
        Map<String, String> shaA = new LinkedHashMap<>();
        Map<String, String> shaB = new LinkedHashMap<>();
        for (String m : List.of("attention", "inst-max", "inst-mean")) {
            shaA.put(m, paramsSha(a, m));
            shaB.put(m, paramsSha(b, m));
        }
        JsonObject ta = ResultsCodec.withoutTimings(ra);
        JsonObject tb = ResultsCodec.withoutTimings(rb);
        assertThat(shaB).as(() -> "trained weights; " + JsonDifferences.describe(ta, tb)).isEqualTo(shaA);
        assertThat(tb).as(() -> JsonDifferences.describe(ta, tb)).isEqualTo(ta);
    }

    private static String paramsSha(Path run, String model) throws IOException {
        return Json.read(run.resolve("models").resolve(model).resolve("model.json")).getAsJsonObject()
                .get("paramsSha256").getAsString();
    }

    /** Runs {@link Probe} in a child JVM with the user's settings and returns what it printed. */
    private static Map<String, String> probe(boolean reproducible) throws Exception {
        Path dir = Files.createTempDirectory("milkid-probe");
        List<String> args = reproducible ? List.of("--reproducible", "probe") : List.of("probe");
        String out = run(dir, Probe.class.getName(), args, USER_ENV, "2");
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("probe ") && eq > 0) {
                m.put(line.substring(6, eq), line.substring(eq + 1).trim());
            }
        }
        assertThat(m).as("probe output: %s", out).containsKey("threads");
        return m;
    }

    private static String run(Path dir, String mainClass, List<String> args, Map<String, String> env, String threads)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=" + threads,
                "-Dmilkid.home=" + Path.of("").toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(args);
        Path log = Files.createTempFile(dir, "child", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeAll(List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR", Engines.ONEDNN_ISA,
                "DNNL_MAX_CPU_ISA", "OMP_NUM_THREADS"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("child finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("child exit; output:%n%s", out).isZero();
        return out;
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

    /**
     * The child program: milkid's command line with one extra command that starts the engine,
     * runs a convolution and a matrix product, and prints what libtorch sees.
     */
    public static final class Probe {
        public static void main(String[] args) {
            CommandLine cl = Main.commandLine();
            cl.addSubcommand("probe", new ProbeCommand());
            System.exit(cl.execute(args));
        }
    }

    @CommandLine.Command(name = "probe")
    static final class ProbeCommand implements Runnable {
        @Override
        public void run() {
            Engines.ensureReady();
            try (NDManager m = NDManager.newBaseManager(Engines.ENGINE)) {
                NDArray x = m.randomNormal(new ai.djl.ndarray.types.Shape(4, 8));
                x.matMul(x.transpose()).softmax(1).sum().getFloat();
            }
            for (String k : List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR", Engines.ONEDNN_ISA)) {
                System.out.println("probe " + k + "=" + Engines.nativeEnv(k));
            }
            System.out.println("probe threads=" + JniUtils.getNumThreads());
            System.out.println("probe interopThreads=" + JniUtils.getNumInteropThreads());
            System.out.println("probe reproducible=" + Versions.all().get("reproducible"));
        }
    }
}
