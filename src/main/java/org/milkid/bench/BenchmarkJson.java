package org.milkid.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.milkid.detect.InversionDefaults;
import org.milkid.util.Json;
import org.milkid.util.NativeMemory;
import org.milkid.model.Versions;

/**
 * {@code bench.json}: the figures of a {@link Benchmark} run, each target and whether it is met,
 * the raw timings, and notes that say how each figure was measured; also the thread settings and
 * the machine's load, which every figure depends on.
 */
final class BenchmarkJson {
    private BenchmarkJson() {
    }

    /**
     * The whole document of a run.
     *
     * @param loadAverageBefore the load average when the run started (null where unknown)
     * @param threads the thread settings ({@link #threadSettings()}), to which the load averages are added
     * @param startNanos {@link System#nanoTime()} when the run started
     */
    static JsonObject of(BenchmarkConfig cfg, Benchmark.Measured m, Benchmark.Result r, JsonObject threads,
            String loadAverageBefore, long startNanos) {
        JsonObject j = new JsonObject();
        j.addProperty("benchmark", "milkid performance (issue \"Performance\")");
        j.addProperty("finishedAt", Instant.now().toString());
        j.addProperty("gemmGflops", round(r.gemmGflops()));
        j.addProperty("inversionMsPerIter", round(r.inversionMsPerIter()));
        j.addProperty("inversionGflops", round(r.inversionGflops()));
        j.addProperty("inversionEfficiency", round(r.inversionEfficiency()));
        j.addProperty("trainMsPerStep", round(r.trainMsPerStep()));
        j.addProperty("trainGflops", round(r.trainGflops()));
        j.addProperty("trainEfficiency", round(r.trainEfficiency()));
        j.add("pytorchInversionMsPerIter", number(r.pytorch().inversionMsPerIter()));
        j.add("pytorchTrainMsPerStep", number(r.pytorch().trainMsPerStep()));
        j.add("speedupVsPytorchInversion", number(r.speedupVsPytorchInversion()));
        j.add("speedupVsPytorchTrain", number(r.speedupVsPytorchTrain()));
        j.add("peakRssMiB400", number(r.peakRssMiB400()));
        j.add("peakRssMiB10000", number(r.peakRssMiB10000()));
        j.addProperty("sparseSweepSeconds", round(r.sparseSweepSeconds()));
        j.add("sparseSweepSecondsFista", number(r.sparseSweepSecondsFista()));
        JsonObject tj = new JsonObject();
        r.targets().forEach((k, v) -> {
            JsonObject o = new JsonObject();
            o.addProperty("goal", v.goal());
            o.add("value", number(v.value()));
            o.add("met", v.met() == null ? JsonNull.INSTANCE : Json.gson().toJsonTree(v.met()));
            tj.add(k, o);
        });
        j.add("targets", tj);

        JsonObject detail = new JsonObject();
        detail.add("gemmMs", rounded(m.gemmMs()));
        detail.add("inversionMs", rounded(m.inversionMs()));
        detail.add("trainMs", rounded(m.trainMs()));
        detail.addProperty("trainMsPerStepMilTrainer", round(m.trainMsPerStepMilTrainer()));
        detail.addProperty("trainMsPerStepNote", "trainMsPerStep: median of the timed steps of one MilTrainer.fit "
                + "epoch, warm-up steps excluded; trainMsPerStepMilTrainer: MilTrainer's own median over all steps");
        detail.addProperty("inversionNote", "InversionLoop.run, proximal rule (eq. 9), NLL objective, one row, "
                + "lambda " + InversionDefaults.MNIST.lambdas()[0] + ", eta " + InversionDefaults.MNIST.eta()
                + "; time between successive iterations, warm-up iterations dropped");
        JsonObject fl = new JsonObject();
        fl.addProperty("instances", m.flops().instances());
        fl.addProperty("inversionGflopPerIter", round(m.flops().inversionFlops() / 1e9));
        fl.addProperty("trainGflopPerStep", round(m.flops().trainingFlops() / 1e9));
        fl.addProperty("note", "useful FLOPs = 2 x multiply-adds of the conv and linear layers: forward + backward "
                + "to the input (inversion); forward + backward to every layer's input but the pixels + weight "
                + "gradients (training)");
        fl.add("layers", Json.gson().toJsonTree(m.flops().layers()));
        detail.add("flops", fl);
        JsonObject ceil = new JsonObject();
        double invFloorMs = m.flops().inversionFlops() / (r.gemmGflops() * 1e9) * 1e3;
        double trainFloorMs = m.flops().trainingFlops() / (r.gemmGflops() * 1e9) * 1e3;
        ceil.addProperty("note", "the time the useful FLOPs take at the GEMM rate: no implementation on this "
                + "machine can be faster without doing less arithmetic");
        ceil.addProperty("inversionMsPerIterAtGemmRate", round(invFloorMs));
        ceil.addProperty("trainMsPerStepAtGemmRate", round(trainFloorMs));
        ceil.addProperty("sparseSweepSecondsAtGemmRate", round(m.sweep().totalIterationsBags() * invFloorMs / 1e3));
        ceil.add("maxSpeedupVsPytorchInversion",
                number(r.pytorch().inversionMsPerIter() == null ? null : r.pytorch().inversionMsPerIter() / invFloorMs));
        ceil.add("maxSpeedupVsPytorchTrain",
                number(r.pytorch().trainMsPerStep() == null ? null : r.pytorch().trainMsPerStep() / trainFloorMs));
        detail.add("atGemmRate", ceil);
        j.add("detail", detail);

        JsonObject sw = new JsonObject();
        sw.addProperty("extrapolated", m.sweep().fraction() < 1);
        sw.addProperty("measuredFraction", round(m.sweep().fraction()));
        sw.addProperty("measuredBags", cfg.sweepBags());
        sw.addProperty("measuredIterationsPerBag", cfg.sweepIterations());
        sw.addProperty("measuredSeconds", round(m.sweep().measuredSeconds()));
        sw.addProperty("msPerIterationAllLambdas", round(m.sweep().msPerIter()));
        sw.addProperty("overheadMsPerBag", round(m.sweep().overheadMs()));
        sw.addProperty("bags", BenchmarkConfig.SWEEP_BAGS);
        sw.addProperty("instancesPerBag", cfg.instances());
        sw.addProperty("iterations", InversionDefaults.MNIST.iterations());
        sw.add("lambdas", Json.gson().toJsonTree(InversionDefaults.MNIST.lambdas()));
        sw.addProperty("rowsPerPass", m.sweep().rowsPerPass());
        sw.addProperty("secondsBatched", round(m.sweep().batchedSeconds()));
        sw.addProperty("secondsOneRowAPass", round(m.sweep().oneRowSeconds()));
        sw.addProperty("method", "every bag inverted with the " + InversionDefaults.MNIST.lambdas().length
                + " lambdas as rows of one batched pass and, apart, with one lambda; seconds = bags x (per-run overhead"
                + " + iterations x mean iteration time) for each, both measured (one lambda: times the lambdas); the"
                + " sweep's figure is at all lambdas in one pass, as SparseSweep runs them");
        j.add("sparseSweep", sw);

        JsonObject fj = Json.gson().toJsonTree(r.fista()).getAsJsonObject();
        fj.add("sweepSeconds", number(r.sparseSweepSecondsFista()));
        fj.add("msPerIterationAllLambdas", number(m.fistaSweep() == null ? null : m.fistaSweep().msPerIter()));
        fj.addProperty("note", "FISTA (the paper's reference [17]) on the objective the proximal rule of eq. 9 "
                + "minimises, F = NLL + (lambda / eta) ||X||_1 on [0,1] pixels: the iterations at which every "
                + "lambda's F is at or below the proximal rule's after " + InversionDefaults.MNIST.iterations()
                + " iterations (counts " + Arrays.toString(FistaConvergence.CANDIDATES) + " tried in turn, then "
                + "bisection), on one bag of " + cfg.fistaInstances() + " instances of this untrained model; "
                + "sweepSeconds: the sweep at that many "
                + "FISTA iterations, timed like sparseSweep; pixelDistance and attentionRankCorrelation compare "
                + "the two refined bags (a lower objective is a different point: not the paper's protocol)");
        j.add("fistaSweep", fj);

        JsonObject lg = new JsonObject();
        lg.addProperty("instances", cfg.largeInstances());
        lg.addProperty("iterations", cfg.largeIterations());
        lg.addProperty("msPerIter", round(m.large().msPerIter()));
        lg.add("peakRssMiB", number(m.large().peakRssMiB()));
        lg.addProperty("note", "peak RSS is VmHWM of /proc/self/status: the whole process (JVM, libtorch, all "
                + "earlier work), read after the inversion");
        j.add("largeBag", lg);

        JsonObject pj = new JsonObject();
        pj.add("reason", string(r.pytorch().reason()));
        pj.add("reference", r.pytorch().raw() == null ? JsonNull.INSTANCE : r.pytorch().raw());
        j.add("pytorch", pj);

        j.add("config", configJson(cfg));
        threads.add("loadAverageBefore", string(loadAverageBefore));
        threads.add("loadAverageAfter", string(loadAverage()));
        threads.addProperty("note", "the machine's load average (/proc/loadavg) before and after: other processes "
                + "on the same cores slow every figure, and libgomp's spinning threads suffer most from them");
        j.add("threads", threads);
        j.add("versions", Json.gson().toJsonTree(Versions.all()));
        j.addProperty("totalSeconds", round((System.nanoTime() - startNanos) / 1e9));

        return j;
    }

    /** The first three fields of /proc/loadavg, or null where it is absent. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static JsonObject threadSettings() {
        JsonObject t = new JsonObject();
        t.addProperty("numThreads", JniUtils.getNumThreads());
        t.addProperty("numInteropThreads", JniUtils.getNumInteropThreads());
        t.add("ai.djl.pytorch.num_threads", string(System.getProperty("ai.djl.pytorch.num_threads")));
        t.add("ai.djl.pytorch.num_interop_threads", string(System.getProperty("ai.djl.pytorch.num_interop_threads")));
        t.add("OMP_NUM_THREADS", string(System.getenv("OMP_NUM_THREADS")));
        t.add("OMP_WAIT_POLICY", string(System.getenv("OMP_WAIT_POLICY")));
        for (String malloc : NativeMemory.MALLOC_ENV.keySet()) {
            t.add(malloc, string(System.getenv(malloc)));
        }
        t.addProperty("availableProcessors", Runtime.getRuntime().availableProcessors());
        return t;
    }

    private static JsonObject configJson(BenchmarkConfig cfg) {
        JsonObject c = new JsonObject();
        c.addProperty("warmup", cfg.warmup());
        c.addProperty("repetitions", cfg.repetitions());
        c.addProperty("instances", cfg.instances());
        c.addProperty("runPytorch", cfg.runPytorch());
        c.add("python", string(cfg.python() == null ? null : cfg.python().toString()));
        c.add("pytorchScript", string(cfg.pytorchScript() == null ? null : cfg.pytorchScript().toString()));
        c.addProperty("output", cfg.output().toString());
        c.addProperty("largeInstances", cfg.largeInstances());
        c.addProperty("largeIterations", cfg.largeIterations());
        c.addProperty("sweepBags", cfg.sweepBags());
        c.addProperty("sweepIterations", cfg.sweepIterations());
        c.addProperty("fistaInstances", cfg.fistaInstances());
        c.addProperty("seed", cfg.seed());
        c.addProperty("model", "Att, LeNet encoder, attention size 128 (the paper's MNIST-bags model)");
        c.addProperty("gemmN", Timings.GEMM_N);
        return c;
    }

    private static double round(double x) {
        return Math.round(x * 1000.0) / 1000.0;
    }

    private static JsonElement number(Double x) {
        return x == null ? JsonNull.INSTANCE : Json.gson().toJsonTree(round(x));
    }

    private static JsonElement string(String s) {
        return s == null ? JsonNull.INSTANCE : Json.gson().toJsonTree(s);
    }

    private static JsonElement rounded(double[] xs) {
        double[] r = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            r[i] = round(xs[i]);
        }
        return Json.gson().toJsonTree(r);
    }
}
