package org.milkid.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.milkid.bag.Bag;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.detect.UpdateRule;
import org.milkid.eval.Stat;
import org.milkid.model.EncoderKind;
import org.milkid.model.Engines;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;
import org.milkid.train.TrainResult;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;
import org.milkid.util.Versions;

/**
 * The performance benchmark of the GitHub issue "Performance": how fast milkid inverts and
 * trains the paper's MNIST model (LeNet encoder, attention pooling) compared with the machine's
 * matrix-product rate and with PyTorch, and how much memory an inversion takes.
 *
 * <p>Every time is the median of {@code repetitions} timed runs after {@code warmup} untimed
 * ones, all in this process. Bags are synthetic (uniform pixels, fixed seed): the cost of an
 * iteration does not depend on the pixel values. The figures and whether each target of the
 * issue is met go to a JSON file, written whole or not at all.
 */
public final class Benchmark {
    /** The side of the square matrices of the GEMM reference, n = 2048. */
    public static final int GEMM_N = 2048;
    /** The sparse lambda sweep of the paper on MNIST-bags: this many positive bags. */
    public static final int SWEEP_BAGS = 10;
    /** Target: inversion efficiency (useful FLOP rate / GEMM rate). */
    public static final double TARGET_INVERSION_EFFICIENCY = 0.6;
    /** Target: training efficiency. */
    public static final double TARGET_TRAIN_EFFICIENCY = 0.5;
    /** Target: speed-up over the PyTorch reference, inversion and training. */
    public static final double TARGET_SPEEDUP = 3.0;
    /** Target: peak resident memory after inverting a 400-instance bag, MiB. */
    public static final double TARGET_RSS_400_MIB = 1536;
    /** Target: peak resident memory after inverting a 10,000-instance bag, MiB. */
    public static final double TARGET_RSS_10000_MIB = 8192;
    /** Target: the sparse lambda sweep, seconds. */
    public static final double TARGET_SWEEP_SECONDS = 120;

    private static final long PYTHON_TIMEOUT_MINUTES = 20;

    private Benchmark() {
    }

    /**
     * What to run.
     *
     * @param warmup untimed repetitions before the timed ones (at least 1)
     * @param repetitions timed repetitions; every time figure is their median
     * @param instances K of the bag that is inverted and trained on (the paper's MNIST-bags: 400)
     * @param runPytorch whether to run the PyTorch reference as a child process
     * @param python the interpreter for the PyTorch reference (one that imports torch)
     * @param pytorchScript the reference script, {@code bench/pytorch_reference.py}
     * @param output the JSON file to write ({@code bench.json})
     * @param largeInstances K of the large bag whose peak memory is measured (10,000: a 100 x 100 grid)
     * @param largeIterations inversion iterations on the large bag
     * @param sweepBags how many of the sweep's {@value #SWEEP_BAGS} bags are actually run
     * @param sweepIterations how many of the sweep's iterations per bag are actually run; the
     *     sweep time is extrapolated from this fraction (the JSON says so)
     * @param fistaInstances K of the bag on which FISTA's iterations to the proximal rule's
     *     objective are counted (all six lambdas, the full 200 proximal iterations)
     * @param seed seeds the model weights and the synthetic bags
     */
    public record Config(int warmup, int repetitions, int instances, boolean runPytorch, Path python,
            Path pytorchScript, Path output, int largeInstances, int largeIterations, int sweepBags,
            int sweepIterations, int fistaInstances, long seed) {

        public Config {
            if (warmup < 1 || repetitions < 1) {
                throw new BadInputException("warm-up and repetitions must be at least 1, got " + warmup
                        + " and " + repetitions);
            }
            if (instances < 1 || largeInstances < 1 || largeIterations < 1 || fistaInstances < 1) {
                throw new BadInputException("bag sizes and iterations must be positive");
            }
            if (sweepBags < 1 || sweepBags > SWEEP_BAGS) {
                throw new BadInputException("sweep bags must be in 1.." + SWEEP_BAGS + ", got " + sweepBags);
            }
            int full = InversionDefaults.MNIST.iterations();
            if (sweepIterations < 2 || sweepIterations > full) {
                throw new BadInputException("sweep iterations must be in 2.." + full + ", got "
                        + sweepIterations);
            }
            if (output == null || (runPytorch && (python == null || pytorchScript == null))) {
                throw new BadInputException("output file, python and script paths are required");
            }
        }

        /**
         * The benchmark: 3 warm-up and 10 timed repetitions, 400-instance bags, PyTorch run
         * with {@code /usr/bin/python3}, the 10,000-instance bag inverted for 3 iterations, the sweep
         * measured on 1 bag x 20 of 200 iterations and extrapolated, FISTA's iterations counted on a
         * 50-instance bag.
         */
        public static Config defaults(Path output) {
            return new Config(3, 10, 400, true, Path.of("/usr/bin/python3"), Path.of("bench/pytorch_reference.py"),
                    output, 10_000, 3, 1, 20, 50, 42);
        }

        public Config withPytorch(boolean run) {
            return new Config(warmup, repetitions, instances, run, python, pytorchScript, output, largeInstances,
                    largeIterations, sweepBags, sweepIterations, fistaInstances, seed);
        }
    }

    /**
     * A target of the issue and whether it is met.
     *
     * @param goal the condition, e.g. {@code >= 0.6}
     * @param value the measured value, or null when not measured
     * @param met null when not measured
     */
    public record Target(String goal, Double value, Boolean met) {
        static Target atLeast(double goal, Double value) {
            return new Target(">= " + goal, value, value == null ? null : value >= goal);
        }

        static Target below(double goal, Double value) {
            return new Target("< " + goal, value, value == null ? null : value < goal);
        }
    }

    /**
     * The PyTorch reference's figures, or why they are absent.
     *
     * @param inversionMsPerIter null when absent
     * @param trainMsPerStep null when absent
     * @param reason null when present, otherwise why not
     * @param raw the reference's whole JSON line, or null
     */
    public record Pytorch(Double inversionMsPerIter, Double trainMsPerStep, String reason, JsonObject raw) {
    }

    /**
     * The figures of one benchmark run (the JSON file holds these and more detail).
     *
     * @param gemmGflops 2048^3 float32 matMul through DJL, 2n^3 / s
     * @param inversionMsPerIter one sparse-inversion iteration on the bag
     * @param inversionGflops useful FLOPs of an inversion iteration / its time
     * @param inversionEfficiency inversionGflops / gemmGflops
     * @param trainMsPerStep one Adam step of MilTrainer on the bag
     * @param trainGflops useful FLOPs of a training step / its time
     * @param trainEfficiency trainGflops / gemmGflops
     * @param pytorch the reference's figures
     * @param speedupVsPytorchInversion PyTorch time / milkid time, null without PyTorch
     * @param speedupVsPytorchTrain the same for training
     * @param peakRssMiB400 VmHWM after inverting the bag, null off Linux
     * @param peakRssMiB10000 VmHWM after inverting the large bag, null off Linux
     * @param sparseSweepSeconds the whole sweep, extrapolated from the measured fraction
     * @param fista FISTA's iterations to the proximal rule's objective
     * @param sparseSweepSecondsFista the sweep at FISTA's iterations, null when FISTA never got there
     * @param targets each target of the issue by JSON key
     * @param json the whole JSON document as written
     */
    public record Result(double gemmGflops, double inversionMsPerIter, double inversionGflops,
            double inversionEfficiency, double trainMsPerStep, double trainGflops, double trainEfficiency,
            Pytorch pytorch, Double speedupVsPytorchInversion, Double speedupVsPytorchTrain, Double peakRssMiB400,
            Double peakRssMiB10000, double sparseSweepSeconds, FistaConvergence.Figures fista,
            Double sparseSweepSecondsFista, Map<String, Target> targets, JsonObject json) {
    }

    /** Runs the benchmark, writes {@code config.output()} and returns the figures. */
    public static Result run(Config cfg, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        if (cfg.output() != null) {
            OutputPaths.requireWritableFile(cfg.output(), "--out");
        }
        String loadBefore = loadAverage();
        Engines.ensureReady();
        ModelConfig mc = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET);
        FlopCount.Counts flops = FlopCount.of(mc, cfg.instances());
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        JsonObject threads = threadSettings();
        progress.accept("threads: intra-op " + threads.get("numThreads") + ", inter-op "
                + threads.get("numInteropThreads"));

        progress.accept("GEMM " + GEMM_N + "^3 ...");
        double[] gemmMs = gemmMs(cfg.warmup(), cfg.repetitions(), cfg.seed());
        double gemmGflops = 2.0 * Math.pow(GEMM_N, 3) / (Stat.median(gemmMs) / 1e3) / 1e9;
        progress.accept(String.format(Locale.ROOT, "GEMM: %.1f GFLOP/s", gemmGflops));

        double[] invMs;
        double[] trainMs;
        double trainMsAll;
        Double rss400;
        SweepFigures sweep;
        FistaConvergence.Figures fista;
        SweepFigures fistaSweep = null;
        LargeFigures large;
        try (MilModel model = MilModel.create(mc, cfg.seed())) {
            progress.accept("inversion, " + cfg.instances() + " instances ...");
            float[] bag = pixels(rng, cfg.instances());
            invMs = inversionMs(model, bag, cfg.instances(), new float[] {InversionDefaults.MNIST.lambdas()[0]},
                    cfg.warmup(), cfg.repetitions()).iterationMs;
            rss400 = peakRssMiB();
            progress.accept(String.format(Locale.ROOT, "inversion: %.1f ms/iteration", Stat.median(invMs)));

            progress.accept("training, " + cfg.instances() + " instances ...");
            double[][] t = trainMs(model, rng, cfg);
            trainMs = t[0];
            trainMsAll = t[1][0];
            progress.accept(String.format(Locale.ROOT, "training: %.1f ms/step", Stat.median(trainMs)));

            progress.accept("sparse sweep, " + cfg.sweepBags() + " of " + SWEEP_BAGS + " bags x "
                    + cfg.sweepIterations() + " of " + InversionDefaults.MNIST.iterations() + " iterations ...");
            sweep = sweep(model, rng, cfg, UpdateRule.PROXIMAL, InversionDefaults.MNIST.iterations());
            progress.accept(String.format(Locale.ROOT, "sparse sweep: %.0f s (extrapolated)", sweep.seconds));

            progress.accept("FISTA: iterations to the proximal rule's objective, " + cfg.fistaInstances()
                    + " instances ...");
            fista = FistaConvergence.run(model, pixels(rng, cfg.fistaInstances()),
                    new long[] {cfg.fistaInstances(), 1, 28, 28}, InversionDefaults.MNIST);
            if (fista.fistaIterations() > 0) {
                fistaSweep = sweep(model, rng, cfg, UpdateRule.FISTA, fista.fistaIterations());
                progress.accept(String.format(Locale.ROOT, "FISTA: %d iterations, sweep %.0f s (extrapolated)",
                        fista.fistaIterations(), fistaSweep.seconds));
            } else {
                progress.accept("FISTA: did not reach the proximal rule's objective");
            }

            progress.accept("inversion, " + cfg.largeInstances() + " instances ...");
            large = large(model, rng, cfg);
            String rss = large.peakRssMiB == null ? "unknown" : Long.toString(Math.round(large.peakRssMiB));
            progress.accept(String.format(Locale.ROOT, "large bag: %.0f ms/iteration, peak RSS %s MiB",
                    large.msPerIter, rss));
        }

        Pytorch py = cfg.runPytorch() ? pytorch(cfg, threads.get("numThreads").getAsInt(), progress)
                : new Pytorch(null, null, "not run (disabled in the configuration)", null);

        double invMed = Stat.median(invMs);
        double trainMed = Stat.median(trainMs);
        double invGflops = flops.inversionFlops() / (invMed / 1e3) / 1e9;
        double trainGflops = flops.trainingFlops() / (trainMed / 1e3) / 1e9;
        double invEff = invGflops / gemmGflops;
        double trainEff = trainGflops / gemmGflops;
        Double spInv = py.inversionMsPerIter() == null ? null : py.inversionMsPerIter() / invMed;
        Double spTrain = py.trainMsPerStep() == null ? null : py.trainMsPerStep() / trainMed;

        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put("inversionEfficiency", Target.atLeast(TARGET_INVERSION_EFFICIENCY, invEff));
        targets.put("trainEfficiency", Target.atLeast(TARGET_TRAIN_EFFICIENCY, trainEff));
        targets.put("speedupVsPytorchInversion", Target.atLeast(TARGET_SPEEDUP, spInv));
        targets.put("speedupVsPytorchTrain", Target.atLeast(TARGET_SPEEDUP, spTrain));
        targets.put("peakRssMiB400", Target.below(TARGET_RSS_400_MIB, rss400));
        targets.put("peakRssMiB10000", Target.below(TARGET_RSS_10000_MIB, large.peakRssMiB));
        targets.put("sparseSweepSeconds", Target.below(TARGET_SWEEP_SECONDS, sweep.seconds));

        JsonObject j = new JsonObject();
        j.addProperty("benchmark", "milkid performance (issue \"Performance\")");
        j.addProperty("finishedAt", Instant.now().toString());
        j.addProperty("gemmGflops", round(gemmGflops));
        j.addProperty("inversionMsPerIter", round(invMed));
        j.addProperty("inversionGflops", round(invGflops));
        j.addProperty("inversionEfficiency", round(invEff));
        j.addProperty("trainMsPerStep", round(trainMed));
        j.addProperty("trainGflops", round(trainGflops));
        j.addProperty("trainEfficiency", round(trainEff));
        j.add("pytorchInversionMsPerIter", number(py.inversionMsPerIter()));
        j.add("pytorchTrainMsPerStep", number(py.trainMsPerStep()));
        j.add("speedupVsPytorchInversion", number(spInv));
        j.add("speedupVsPytorchTrain", number(spTrain));
        j.add("peakRssMiB400", number(rss400));
        j.add("peakRssMiB10000", number(large.peakRssMiB));
        j.addProperty("sparseSweepSeconds", round(sweep.seconds));
        j.add("sparseSweepSecondsFista", number(fistaSweep == null ? null : fistaSweep.seconds));
        JsonObject tj = new JsonObject();
        targets.forEach((k, v) -> {
            JsonObject o = new JsonObject();
            o.addProperty("goal", v.goal());
            o.add("value", number(v.value()));
            o.add("met", v.met() == null ? JsonNull.INSTANCE : Json.gson().toJsonTree(v.met()));
            tj.add(k, o);
        });
        j.add("targets", tj);

        JsonObject detail = new JsonObject();
        detail.add("gemmMs", rounded(gemmMs));
        detail.add("inversionMs", rounded(invMs));
        detail.add("trainMs", rounded(trainMs));
        detail.addProperty("trainMsPerStepMilTrainer", round(trainMsAll));
        detail.addProperty("trainMsPerStepNote", "trainMsPerStep: median of the timed steps of one MilTrainer.fit "
                + "epoch, warm-up steps excluded; trainMsPerStepMilTrainer: MilTrainer's own median over all steps");
        detail.addProperty("inversionNote", "InversionLoop.run, proximal rule (eq. 9), NLL objective, one row, "
                + "lambda " + InversionDefaults.MNIST.lambdas()[0] + ", eta " + InversionDefaults.MNIST.eta()
                + "; time between successive iterations, warm-up iterations dropped");
        JsonObject fl = new JsonObject();
        fl.addProperty("instances", flops.instances());
        fl.addProperty("inversionGflopPerIter", round(flops.inversionFlops() / 1e9));
        fl.addProperty("trainGflopPerStep", round(flops.trainingFlops() / 1e9));
        fl.addProperty("note", "useful FLOPs = 2 x multiply-adds of the conv and linear layers: forward + backward "
                + "to the input (inversion); forward + backward to every layer's input but the pixels + weight "
                + "gradients (training)");
        fl.add("layers", Json.gson().toJsonTree(flops.layers()));
        detail.add("flops", fl);
        JsonObject ceil = new JsonObject();
        double invFloorMs = flops.inversionFlops() / (gemmGflops * 1e9) * 1e3;
        double trainFloorMs = flops.trainingFlops() / (gemmGflops * 1e9) * 1e3;
        ceil.addProperty("note", "the time the useful FLOPs take at the GEMM rate: no implementation on this "
                + "machine can be faster without doing less arithmetic");
        ceil.addProperty("inversionMsPerIterAtGemmRate", round(invFloorMs));
        ceil.addProperty("trainMsPerStepAtGemmRate", round(trainFloorMs));
        ceil.addProperty("sparseSweepSecondsAtGemmRate", round(sweep.totalIterationsBags * invFloorMs / 1e3));
        ceil.add("maxSpeedupVsPytorchInversion",
                number(py.inversionMsPerIter() == null ? null : py.inversionMsPerIter() / invFloorMs));
        ceil.add("maxSpeedupVsPytorchTrain",
                number(py.trainMsPerStep() == null ? null : py.trainMsPerStep() / trainFloorMs));
        detail.add("atGemmRate", ceil);
        j.add("detail", detail);

        JsonObject sw = new JsonObject();
        sw.addProperty("extrapolated", sweep.fraction < 1);
        sw.addProperty("measuredFraction", round(sweep.fraction));
        sw.addProperty("measuredBags", cfg.sweepBags());
        sw.addProperty("measuredIterationsPerBag", cfg.sweepIterations());
        sw.addProperty("measuredSeconds", round(sweep.measuredSeconds));
        sw.addProperty("msPerIterationAllLambdas", round(sweep.msPerIter));
        sw.addProperty("overheadMsPerBag", round(sweep.overheadMs));
        sw.addProperty("bags", SWEEP_BAGS);
        sw.addProperty("instancesPerBag", cfg.instances());
        sw.addProperty("iterations", InversionDefaults.MNIST.iterations());
        sw.add("lambdas", Json.gson().toJsonTree(InversionDefaults.MNIST.lambdas()));
        sw.addProperty("method", "one InversionLoop.run per bag with the " + InversionDefaults.MNIST.lambdas().length
                + " lambdas as rows of one batched pass; seconds = bags x (per-run overhead + iterations x mean "
                + "iteration time), both measured");
        j.add("sparseSweep", sw);

        JsonObject fj = Json.gson().toJsonTree(fista).getAsJsonObject();
        fj.add("sweepSeconds", number(fistaSweep == null ? null : fistaSweep.seconds));
        fj.add("msPerIterationAllLambdas", number(fistaSweep == null ? null : fistaSweep.msPerIter));
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
        lg.addProperty("msPerIter", round(large.msPerIter));
        lg.add("peakRssMiB", number(large.peakRssMiB));
        lg.addProperty("note", "peak RSS is VmHWM of /proc/self/status: the whole process (JVM, libtorch, all "
                + "earlier work), read after the inversion");
        j.add("largeBag", lg);

        JsonObject pj = new JsonObject();
        pj.add("reason", py.reason() == null ? JsonNull.INSTANCE : Json.gson().toJsonTree(py.reason()));
        pj.add("reference", py.raw() == null ? JsonNull.INSTANCE : py.raw());
        j.add("pytorch", pj);

        j.add("config", configJson(cfg));
        threads.add("loadAverageBefore", string(loadBefore));
        threads.add("loadAverageAfter", string(loadAverage()));
        threads.addProperty("note", "the machine's load average (/proc/loadavg) before and after: other processes "
                + "on the same cores slow every figure, and libgomp's spinning threads suffer most from them");
        j.add("threads", threads);
        j.add("versions", Json.gson().toJsonTree(Versions.all()));
        j.addProperty("totalSeconds", round((System.nanoTime() - start) / 1e9));

        // Json.write keeps the tree's null members (absent figures) and writes NaN as null
        Json.write(cfg.output(), j);
        progress.accept("wrote " + cfg.output());
        return new Result(gemmGflops, invMed, invGflops, invEff, trainMed, trainGflops, trainEff, py, spInv, spTrain,
                rss400, large.peakRssMiB, sweep.seconds, fista, fistaSweep == null ? null : fistaSweep.seconds,
                targets, j);
    }

    /**
     * The matrix-product rate: the median over {@code repetitions} timed float32 products of two
     * {@link #GEMM_N}-square matrices through DJL (after {@code warmup} untimed ones), in
     * GFLOP/s (2 n^3 per product). Starts the engine without the self-check (the doctor reports
     * this rate whatever the check found); seeds libtorch's generator with {@code seed}.
     */
    public static double gemmGflops(int warmup, int repetitions, long seed) {
        if (repetitions < 1 || warmup < 0) {
            throw new IllegalArgumentException("repetitions must be at least 1 and warmup at least 0");
        }
        Engines.start();
        return 2.0 * Math.pow(GEMM_N, 3) / (Stat.median(gemmMs(warmup, repetitions, seed)) / 1e3) / 1e9;
    }

    private static double[] gemmMs(int warmup, int repetitions, long seed) {
        try (NDManager m = NDManager.newBaseManager(Engines.ENGINE)) {
            m.getEngine().setRandomSeed((int) seed);
            NDArray a = m.randomUniform(0f, 1f, new Shape(GEMM_N, GEMM_N));
            NDArray b = m.randomUniform(0f, 1f, new Shape(GEMM_N, GEMM_N));
            double[] ms = new double[repetitions];
            for (int i = -warmup; i < repetitions; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                long t1 = System.nanoTime();
                c.close();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            return ms;
        }
    }

    /** Per-iteration times of one InversionLoop.run and the time it took as a whole. */
    private record InversionTimes(double[] iterationMs, double totalMs) {
    }

    /**
     * Runs {@code warmup + reps} iterations of the sparse inversion (as many rows as lambdas, all
     * starting from {@code bag}) and returns the last {@code reps} iteration times.
     */
    private static InversionTimes inversionMs(MilModel model, float[] bag, int instances, float[] lambdas, int warmup,
            int reps) {
        return inversionMs(model, bag, instances, lambdas, warmup, reps, UpdateRule.PROXIMAL);
    }

    private static InversionTimes inversionMs(MilModel model, float[] bag, int instances, float[] lambdas, int warmup,
            int reps, UpdateRule rule) {
        int n = warmup + reps;
        long[] stamps = new long[n + 1];
        InversionConfig ic = InversionConfig.paperSparse(InversionDefaults.MNIST, lambdas[0]).withIterations(n)
                .withRule(rule);
        stamps[0] = System.nanoTime();
        InversionLoop.runLambdas(model, new long[] {instances, 1, 28, 28}, bag, lambdas, ic,
                it -> stamps[it] = System.nanoTime());
        long end = System.nanoTime();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            ms[i] = (stamps[warmup + i + 1] - stamps[warmup + i]) / 1e6;
        }
        return new InversionTimes(ms, (end - stamps[0]) / 1e6);
    }

    /** Timed Adam steps as MilTrainer takes them: one epoch over warm-up + timed bags. */
    private static double[][] trainMs(MilModel model, SplittableRandom rng, Config cfg) {
        int n = cfg.warmup() + cfg.repetitions();
        List<Bag> train = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            train.add(new Bag("train-" + i, i % 2, 1, 28, 28, pixels(rng, cfg.instances()), null, null));
        }
        List<Bag> validation = List.of(new Bag("validation", 1, 1, 28, 28, pixels(rng, 4), null, null));
        long[] stamps = new long[n];
        TrainConfig tc = TrainConfig.paperMnist(cfg.seed()).withEpochs(1);
        TrainResult r = new MilTrainer(tc, new TrainListener() {
            @Override
            public void onStep(int epoch, int step, int steps, double runningLoss) {
                stamps[step - 1] = System.nanoTime();
            }
        }).fit(model, train, validation);
        double[] ms = new double[cfg.repetitions()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (stamps[cfg.warmup() + i] - stamps[cfg.warmup() + i - 1]) / 1e6;
        }
        return new double[][] {ms, {r.msPerStep()}};
    }

    private record SweepFigures(double seconds, double measuredSeconds, double fraction, double msPerIter,
            double overheadMs, long totalIterationsBags) {
    }

    /**
     * The sweep's time at {@code full} iterations per bag with the given rule, extrapolated from
     * {@code cfg.sweepBags()} bags of {@code cfg.sweepIterations()} iterations.
     */
    private static SweepFigures sweep(MilModel model, SplittableRandom rng, Config cfg, UpdateRule rule, int full) {
        float[] lambdas = InversionDefaults.MNIST.lambdas();
        // one short untimed run: the first pass of a new batch shape sets up kernels
        inversionMs(model, pixels(rng, cfg.instances()), cfg.instances(), lambdas, 1, 1, rule);
        double measured = 0;
        double iterSum = 0;
        double overheadSum = 0;
        int iterCount = 0;
        for (int b = 0; b < cfg.sweepBags(); b++) {
            InversionTimes t = inversionMs(model, pixels(rng, cfg.instances()), cfg.instances(), lambdas, 1,
                    cfg.sweepIterations() - 1, rule);
            // iteration 1 (its time includes the run's set-up) is counted as overhead + one mean iteration
            double iters = Arrays.stream(t.iterationMs).sum();
            double mean = iters / t.iterationMs.length;
            measured += t.totalMs;
            iterSum += iters;
            iterCount += t.iterationMs.length;
            overheadSum += t.totalMs - iters - mean;
        }
        double mean = iterSum / iterCount;
        double overhead = Math.max(0, overheadSum / cfg.sweepBags());
        double seconds = SWEEP_BAGS * (overhead + full * mean) / 1e3;
        double fraction = Math.min(1, (double) cfg.sweepBags() * cfg.sweepIterations() / (SWEEP_BAGS * full));
        return new SweepFigures(seconds, measured / 1e3, fraction, mean, overhead,
                (long) SWEEP_BAGS * full * lambdas.length);
    }

    private record LargeFigures(double msPerIter, Double peakRssMiB) {
    }

    private static LargeFigures large(MilModel model, SplittableRandom rng, Config cfg) {
        float[] bag = pixels(rng, cfg.largeInstances());
        int iters = cfg.largeIterations();
        InversionTimes t = inversionMs(model, bag, cfg.largeInstances(),
                new float[] {InversionDefaults.MNIST.lambdas()[0]}, iters > 1 ? 1 : 0, iters > 1 ? iters - 1 : 1);
        return new LargeFigures(Stat.median(t.iterationMs), peakRssMiB());
    }

    /** Runs the PyTorch reference; every way it can fail becomes a reason. */
    private static Pytorch pytorch(Config cfg, int threads, Consumer<String> progress) {
        Path python = cfg.python();
        Path script = cfg.pytorchScript();
        if (!Files.isExecutable(python)) {
            return new Pytorch(null, null, python + " is not an executable file", null);
        }
        if (!Files.isRegularFile(script)) {
            return new Pytorch(null, null, "no reference script at " + script.toAbsolutePath(), null);
        }
        try {
            Run probe = exec(List.of(python.toString(), "-c", "import torch"), 2);
            if (probe.exit != 0) {
                return new Pytorch(null, null, python + " cannot import torch: " + lastLine(probe.stderr), null);
            }
            progress.accept("PyTorch reference (" + python + ") ...");
            Run r = exec(List.of(python.toString(), script.toString(), "--instances", Integer.toString(cfg.instances()),
                    "--warmup", Integer.toString(cfg.warmup()), "--reps", Integer.toString(cfg.repetitions()),
                    "--threads", Integer.toString(threads), "--json"), PYTHON_TIMEOUT_MINUTES);
            if (r.exit != 0) {
                return new Pytorch(null, null, script + " exited with " + r.exit + ": " + lastLine(r.stderr), null);
            }
            String line = lastLine(r.stdout);
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) {
                return new Pytorch(null, null, script + " did not end with a JSON object", null);
            }
            JsonObject o = e.getAsJsonObject();
            Double inv = o.has("pytorchInversionMsPerIter") ? o.get("pytorchInversionMsPerIter").getAsDouble() : null;
            Double trn = o.has("pytorchTrainMsPerStep") ? o.get("pytorchTrainMsPerStep").getAsDouble() : null;
            progress.accept(String.format(Locale.ROOT, "PyTorch: inversion %s ms/iteration, training %s ms/step",
                    inv, trn));
            return new Pytorch(inv, trn, inv == null || trn == null ? "figures missing from the reference's JSON"
                    : null, o);
        } catch (IOException | RuntimeException e) {
            return new Pytorch(null, null, "running " + script + " failed: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Pytorch(null, null, "interrupted", null);
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run exec(List<String> cmd, long timeoutMinutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile("milkid-bench", ".out");
        Path err = Files.createTempFile("milkid-bench", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutMinutes + " minutes");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }

    /** VmHWM of this process in MiB, or null where /proc is absent. */
    static Double peakRssMiB() {
        return procStatusMiB("VmHWM");
    }

    /** A memory field of /proc/self/status (VmHWM, VmRSS) in MiB, or null where /proc is absent. */
    static Double procStatusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The first three fields of /proc/loadavg, or null where it is absent. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonObject threadSettings() {
        JsonObject t = new JsonObject();
        t.addProperty("numThreads", JniUtils.getNumThreads());
        t.addProperty("numInteropThreads", JniUtils.getNumInteropThreads());
        t.add("ai.djl.pytorch.num_threads", string(System.getProperty("ai.djl.pytorch.num_threads")));
        t.add("ai.djl.pytorch.num_interop_threads", string(System.getProperty("ai.djl.pytorch.num_interop_threads")));
        t.add("OMP_NUM_THREADS", string(System.getenv("OMP_NUM_THREADS")));
        t.add("OMP_WAIT_POLICY", string(System.getenv("OMP_WAIT_POLICY")));
        t.addProperty("availableProcessors", Runtime.getRuntime().availableProcessors());
        return t;
    }

    private static JsonObject configJson(Config cfg) {
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
        c.addProperty("gemmN", GEMM_N);
        return c;
    }

    /** Pixels of a synthetic bag {@code [K, 1, 28, 28]}, uniform in [0,1]. */
    /** Random pixels in [0,1) for a bag of digit-sized instances. */
    static float[] pixels(SplittableRandom rng, int instances) {
        float[] p = new float[instances * 28 * 28];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rng.nextDouble();
        }
        return p;
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
