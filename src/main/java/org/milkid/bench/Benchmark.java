package org.milkid.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.UpdateRule;
import org.milkid.eval.Stat;
import org.milkid.model.EncoderKind;
import org.milkid.model.Engines;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;

/**
 * The performance benchmark of the GitHub issue "Performance": how fast milkid inverts and
 * trains the paper's MNIST model (LeNet encoder, attention pooling) compared with the machine's
 * matrix-product rate and with PyTorch, and how much memory an inversion takes.
 *
 * <p>Every time is the median of {@code repetitions} timed runs after {@code warmup} untimed
 * ones, all in this process ({@link Timings}); the PyTorch reference runs as a child process
 * ({@link PytorchReference}). The figures and whether each {@link Targets target} of the issue is
 * met go to a JSON file ({@link BenchmarkJson}), written whole or not at all.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * The raw measurements of a run, which the JSON file details.
     *
     * @param gemmMs the timed matrix products
     * @param inversionMs the timed inversion iterations
     * @param trainMs the timed training steps
     * @param trainMsPerStepMilTrainer MilTrainer's own median over all steps of its epoch
     * @param flops the useful FLOPs of the bag
     * @param sweep the proximal rule's sweep
     * @param fistaSweep FISTA's sweep, null when FISTA never reached the proximal rule's objective
     * @param large the large bag
     */
    record Measured(double[] gemmMs, double[] inversionMs, double[] trainMs, double trainMsPerStepMilTrainer,
            FlopCount.Counts flops, Timings.SweepFigures sweep, Timings.SweepFigures fistaSweep,
            Timings.LargeFigures large) {
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
     */
    public record Result(double gemmGflops, double inversionMsPerIter, double inversionGflops,
            double inversionEfficiency, double trainMsPerStep, double trainGflops, double trainEfficiency,
            PytorchReference pytorch, Double speedupVsPytorchInversion, Double speedupVsPytorchTrain,
            Double peakRssMiB400, Double peakRssMiB10000, double sparseSweepSeconds, FistaConvergence.Figures fista,
            Double sparseSweepSecondsFista, Map<String, Target> targets) {
    }

    /** Runs the benchmark, writes {@code config.output()} and returns the figures. */
    public static Result run(BenchmarkConfig cfg, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        if (cfg.output() != null) {
            OutputPaths.requireWritableFile(cfg.output(), "--out");
        }
        String loadBefore = BenchmarkJson.loadAverage();
        Engines.ensureReady();
        ModelConfig mc = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET);
        FlopCount.Counts flops = FlopCount.of(mc, cfg.instances());
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        JsonObject threads = BenchmarkJson.threadSettings();
        progress.accept("threads: intra-op " + threads.get("numThreads") + ", inter-op "
                + threads.get("numInteropThreads"));

        progress.accept("GEMM " + Timings.GEMM_N + "^3 ...");
        double[] gemmMs = Timings.gemmMs(cfg.warmup(), cfg.repetitions(), cfg.seed());
        double gemmGflops = Timings.gemmGflops(gemmMs);
        progress.accept(String.format(Locale.ROOT, "GEMM: %.1f GFLOP/s", gemmGflops));

        double[] invMs;
        double[] trainMs;
        double trainMsAll;
        Double rss400;
        Timings.SweepFigures sweep;
        FistaConvergence.Figures fista;
        Timings.SweepFigures fistaSweep = null;
        Timings.LargeFigures large;
        try (MilModel model = MilModel.create(mc, cfg.seed())) {
            progress.accept("inversion, " + cfg.instances() + " instances ...");
            float[] bag = Timings.pixels(rng, cfg.instances());
            invMs = Timings.inversionMs(model, bag, cfg.instances(), new float[] {InversionDefaults.MNIST.lambdas()[0]},
                    cfg.warmup(), cfg.repetitions()).iterationMs();
            rss400 = ProcessMemory.peakRssMiB();
            progress.accept(String.format(Locale.ROOT, "inversion: %.1f ms/iteration", Stat.median(invMs)));

            progress.accept("training, " + cfg.instances() + " instances ...");
            double[][] t = Timings.trainMs(model, rng, cfg);
            trainMs = t[0];
            trainMsAll = t[1][0];
            progress.accept(String.format(Locale.ROOT, "training: %.1f ms/step", Stat.median(trainMs)));

            progress.accept("sparse sweep, " + cfg.sweepBags() + " of " + BenchmarkConfig.SWEEP_BAGS + " bags x "
                    + cfg.sweepIterations() + " of " + InversionDefaults.MNIST.iterations() + " iterations ...");
            sweep = Timings.sweep(model, rng, cfg, UpdateRule.PROXIMAL, InversionDefaults.MNIST.iterations());
            progress.accept(String.format(Locale.ROOT, "sparse sweep: %.0f s (extrapolated) with %d lambda(s) a pass"
                    + " (all in one pass: %.0f s, one a pass: %.0f s)", sweep.seconds(), sweep.rowsPerPass(),
                    sweep.batchedSeconds(), sweep.oneRowSeconds()));

            progress.accept("FISTA: iterations to the proximal rule's objective, " + cfg.fistaInstances()
                    + " instances ...");
            fista = FistaConvergence.run(model, Timings.pixels(rng, cfg.fistaInstances()),
                    new long[] {cfg.fistaInstances(), 1, 28, 28}, InversionDefaults.MNIST);
            if (fista.fistaIterations() > 0) {
                fistaSweep = Timings.sweep(model, rng, cfg, UpdateRule.FISTA, fista.fistaIterations());
                progress.accept(String.format(Locale.ROOT, "FISTA: %d iterations, sweep %.0f s (extrapolated)",
                        fista.fistaIterations(), fistaSweep.seconds()));
            } else {
                progress.accept("FISTA: did not reach the proximal rule's objective");
            }

            progress.accept("inversion, " + cfg.largeInstances() + " instances ...");
            large = Timings.large(model, rng, cfg);
            String rss = large.peakRssMiB() == null ? "unknown" : Long.toString(Math.round(large.peakRssMiB()));
            progress.accept(String.format(Locale.ROOT, "large bag: %.0f ms/iteration, peak RSS %s MiB",
                    large.msPerIter(), rss));
        }

        PytorchReference py = cfg.runPytorch()
                ? PytorchReference.run(cfg, threads.get("numThreads").getAsInt(), progress)
                : PytorchReference.absent("not run (disabled in the configuration)");

        double invMed = Stat.median(invMs);
        double trainMed = Stat.median(trainMs);
        double invGflops = flops.inversionFlops() / (invMed / 1e3) / 1e9;
        double trainGflops = flops.trainingFlops() / (trainMed / 1e3) / 1e9;
        double invEff = invGflops / gemmGflops;
        double trainEff = trainGflops / gemmGflops;
        Double spInv = py.inversionMsPerIter() == null ? null : py.inversionMsPerIter() / invMed;
        Double spTrain = py.trainMsPerStep() == null ? null : py.trainMsPerStep() / trainMed;

        Map<String, Target> targets = Targets.judge(invEff, trainEff, spInv, spTrain, rss400, large.peakRssMiB(),
                sweep.seconds());
        Result r = new Result(gemmGflops, invMed, invGflops, invEff, trainMed, trainGflops, trainEff, py, spInv,
                spTrain, rss400, large.peakRssMiB(), sweep.seconds(), fista,
                fistaSweep == null ? null : fistaSweep.seconds(), targets);
        Measured m = new Measured(gemmMs, invMs, trainMs, trainMsAll, flops, sweep, fistaSweep, large);
        JsonObject j = BenchmarkJson.of(cfg, m, r, threads, loadBefore, start);
        // Json.write keeps the tree's null members (absent figures) and writes NaN as null
        Json.write(cfg.output(), j);
        progress.accept("wrote " + cfg.output());
        return r;
    }
}
