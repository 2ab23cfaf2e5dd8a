package org.milkid.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.milkid.bag.Bag;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.detect.SparseSweep;
import org.milkid.detect.UpdateRule;
import org.milkid.eval.Stat;
import org.milkid.model.Engines;
import org.milkid.model.MilModel;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;
import org.milkid.train.TrainResult;

/**
 * The timed runs of {@link Benchmark}, all in this process: the matrix-product reference, the
 * sparse inversion's and the training step's time on a synthetic bag, the lambda sweep
 * extrapolated from a measured fraction, and the large bag. Bags are synthetic (uniform pixels):
 * the cost of an iteration does not depend on the pixel values.
 */
public final class Timings {
    /** The side of the square matrices of the GEMM reference, n = 2048. */
    public static final int GEMM_N = 2048;

    private Timings() {
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
        return gemmGflops(gemmMs(warmup, repetitions, seed));
    }

    /** The matrix-product rate in GFLOP/s of the median of these times of {@link #GEMM_N}-square products. */
    static double gemmGflops(double[] gemmMs) {
        return 2.0 * Math.pow(GEMM_N, 3) / (Stat.median(gemmMs) / 1e3) / 1e9;
    }

    static double[] gemmMs(int warmup, int repetitions, long seed) {
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
    record InversionTimes(double[] iterationMs, double totalMs) {
    }

    /**
     * Runs {@code warmup + reps} iterations of the sparse inversion (as many rows as lambdas, all
     * starting from {@code bag}) and returns the last {@code reps} iteration times.
     */
    static InversionTimes inversionMs(MilModel model, float[] bag, int instances, float[] lambdas, int warmup,
            int reps) {
        return inversionMs(model, bag, instances, lambdas, warmup, reps, UpdateRule.PROXIMAL);
    }

    static InversionTimes inversionMs(MilModel model, float[] bag, int instances, float[] lambdas, int warmup,
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
    static double[][] trainMs(MilModel model, SplittableRandom rng, BenchmarkConfig cfg) {
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

    /**
     * The sweep's figures with every lambda in one pass, as {@link SparseSweep} runs them, and with one
     * lambda a pass for comparison.
     *
     * @param seconds the sweep as SparseSweep runs it (every lambda in one pass), extrapolated
     * @param measuredSeconds the time actually measured, both ways
     * @param fraction the measured share of the sweep
     * @param msPerIter one iteration of a bag's lambdas in one pass
     * @param overheadMs a bag's set-up beyond its iterations, in one pass
     * @param totalIterationsBags the sweep's iterations times rows
     * @param rowsPerPass the rows per pass of the sweep: all lambdas
     * @param batchedSeconds the sweep with every lambda in one pass, extrapolated
     * @param oneRowSeconds the sweep with one lambda a pass, extrapolated
     */
    record SweepFigures(double seconds, double measuredSeconds, double fraction, double msPerIter,
            double overheadMs, long totalIterationsBags, int rowsPerPass, double batchedSeconds, double oneRowSeconds) {
    }

    /**
     * The sweep's time at {@code full} iterations per bag with the given rule, extrapolated from
     * {@code cfg.sweepBags()} bags of {@code cfg.sweepIterations()} iterations.
     */
    static SweepFigures sweep(MilModel model, SplittableRandom rng, BenchmarkConfig cfg, UpdateRule rule, int full) {
        float[] lambdas = InversionDefaults.MNIST.lambdas();
        float[] one = {lambdas[0]};
        // one short untimed run of each batch shape: the first pass of a new shape sets up kernels
        float[] warm = pixels(rng, cfg.instances());
        inversionMs(model, warm, cfg.instances(), lambdas, 1, 1, rule);
        inversionMs(model, warm, cfg.instances(), one, 1, 1, rule);
        PassFigures batched = new PassFigures();
        PassFigures single = new PassFigures();
        for (int b = 0; b < cfg.sweepBags(); b++) {
            float[] bag = pixels(rng, cfg.instances());
            batched.add(inversionMs(model, bag, cfg.instances(), lambdas, 1, cfg.sweepIterations() - 1, rule));
            single.add(inversionMs(model, bag, cfg.instances(), one, 1, cfg.sweepIterations() - 1, rule));
        }
        double batchedSeconds = BenchmarkConfig.SWEEP_BAGS * (batched.overhead() + full * batched.mean()) / 1e3;
        // one lambda a pass: every pass costs a row's iterations and set-up
        double oneRowSeconds = BenchmarkConfig.SWEEP_BAGS * lambdas.length
                * (single.overhead() + full * single.mean()) / 1e3;
        double fraction = Math.min(1,
                (double) cfg.sweepBags() * cfg.sweepIterations() / (BenchmarkConfig.SWEEP_BAGS * full));
        // the sweep's figure: every lambda in one pass, as SparseSweep runs them
        return new SweepFigures(batchedSeconds, (batched.measured + single.measured) / 1e3, fraction, batched.mean(),
                batched.overhead(), (long) BenchmarkConfig.SWEEP_BAGS * full * lambdas.length, lambdas.length,
                batchedSeconds, oneRowSeconds);
    }

    /** Sums of timed inversions of one batch shape; iteration 1 (with the run's set-up) counts as overhead. */
    private static final class PassFigures {
        private double measured;
        private double iterSum;
        private double overheadSum;
        private int iterCount;
        private int runs;

        void add(InversionTimes t) {
            double iters = Arrays.stream(t.iterationMs).sum();
            double mean = iters / t.iterationMs.length;
            measured += t.totalMs;
            iterSum += iters;
            iterCount += t.iterationMs.length;
            overheadSum += t.totalMs - iters - mean;
            runs++;
        }

        double mean() {
            return iterSum / iterCount;
        }

        double overhead() {
            return Math.max(0, overheadSum / runs);
        }
    }

    /** An iteration's time on the large bag, and the peak resident memory after it. */
    record LargeFigures(double msPerIter, Double peakRssMiB) {
    }

    static LargeFigures large(MilModel model, SplittableRandom rng, BenchmarkConfig cfg) {
        float[] bag = pixels(rng, cfg.largeInstances());
        int iters = cfg.largeIterations();
        InversionTimes t = inversionMs(model, bag, cfg.largeInstances(),
                new float[] {InversionDefaults.MNIST.lambdas()[0]}, iters > 1 ? 1 : 0, iters > 1 ? iters - 1 : 1);
        return new LargeFigures(Stat.median(t.iterationMs), ProcessMemory.peakRssMiB());
    }

    /** Random pixels in [0,1) for a synthetic bag {@code [K, 1, 28, 28]}. */
    static float[] pixels(SplittableRandom rng, int instances) {
        float[] p = new float[instances * 28 * 28];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) rng.nextDouble();
        }
        return p;
    }
}
