/**
 * The performance benchmark: {@link org.milkid.bench.Benchmark} times network inversion and
 * training of the paper's MNIST model against the machine's GEMM rate and the PyTorch reference
 * ({@code bench/pytorch_reference.py}), measures peak memory and the sparse lambda sweep, and
 * writes {@code bench.json}; {@link org.milkid.bench.FlopCount} counts the useful multiply-adds
 * of a bag from the architecture. {@code milkid bench} runs it from a shell.
 */
package org.milkid.bench;
