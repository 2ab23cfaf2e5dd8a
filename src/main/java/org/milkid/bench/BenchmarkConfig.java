package org.milkid.bench;

import java.nio.file.Path;
import org.milkid.detect.InversionDefaults;
import org.milkid.util.BadInputException;

/**
 * What {@link Benchmark} runs.
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
public record BenchmarkConfig(int warmup, int repetitions, int instances, boolean runPytorch, Path python,
        Path pytorchScript, Path output, int largeInstances, int largeIterations, int sweepBags,
        int sweepIterations, int fistaInstances, long seed) {
    /** The sparse lambda sweep of the paper on MNIST-bags: this many positive bags. */
    public static final int SWEEP_BAGS = 10;

    public BenchmarkConfig {
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
    public static BenchmarkConfig defaults(Path output) {
        return new BenchmarkConfig(3, 10, 400, true, Path.of("/usr/bin/python3"), Path.of("bench/pytorch_reference.py"),
                output, 10_000, 3, 1, 20, 50, 42);
    }
}
