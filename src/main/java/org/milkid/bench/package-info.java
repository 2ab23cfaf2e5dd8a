/**
 * The performance benchmark: {@link org.milkid.bench.Benchmark} times network inversion and
 * training of the paper's MNIST model ({@link org.milkid.bench.Timings}) against the machine's GEMM
 * rate and the PyTorch reference ({@link org.milkid.bench.PytorchReference}, which runs
 * {@code bench/pytorch_reference.py}), measures peak memory and the sparse lambda sweep, judges the
 * issue's {@link org.milkid.bench.Targets} and writes {@code bench.json}
 * ({@link org.milkid.bench.BenchmarkJson}), as {@link org.milkid.bench.BenchmarkConfig} says;
 * {@link org.milkid.bench.FlopCount} counts the useful multiply-adds of a bag from the architecture.
 * {@link org.milkid.bench.MemoryCheck}, {@link org.milkid.bench.FeatureBench} and
 * {@link org.milkid.bench.FistaConvergence} are the other measurements of {@code milkid bench}.
 */
package org.milkid.bench;
