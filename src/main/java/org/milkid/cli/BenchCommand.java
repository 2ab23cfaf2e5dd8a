package org.milkid.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.milkid.bench.Benchmark;
import org.milkid.bench.FeatureBench;
import org.milkid.bench.FistaConvergence;
import org.milkid.bench.MemoryCheck;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code milkid bench}: the speed and memory figures of the performance goals. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure inversion and training speed against the machine's matrix-product peak and against "
                + "the PyTorch reference (bench/pytorch_reference.py, when /usr/bin/python3 has torch), peak memory "
                + "and the lambda sweep; print the figures and write bench.json.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--out", description = "the JSON file to write (default: bench.json, or bench-memory.json with --memory)")
    Path out;

    @Option(names = "--memory", description = "instead: resident memory (outside the Java heap, and the whole"
            + " process) after 200, 2,000 and 4,000 inversion iterations and after 100, 1,000 and 2,000 training steps"
            + " on 100-instance bags (about two minutes)")
    boolean memory;

    @Option(names = "--features", description = "instead: whole-slide speed on synthetic feature bags of D = 1024 (HDF5"
            + " reading in both chunk layouts, a training step on a 10,000-tile slide, KID, GeoJSON and heatmap of a"
            + " 50,000-tile slide, peak memory; writes bench-features.json)")
    boolean features;

    @Option(names = "--fista-model", paramLabel = "DIR", description = "instead: on a trained model's positive test bags,"
            + " how many FISTA iterations reach the objective of the paper's proximal rule (its full iterations), and"
            + " how alike the two refined bags are (writes bench-fista.json)")
    Path fistaModel;

    @Option(names = "--data", paramLabel = "DIR", description = "with --fista-model: the data folder, when not where the"
            + " model was trained")
    Path data;

    @Option(names = "--bags", defaultValue = "4", description = "with --fista-model: how many bags (default: ${DEFAULT-VALUE})")
    int bags;

    @Option(names = "--no-pytorch", description = "skip the PyTorch reference")
    boolean noPytorch;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "the Python with torch (default: ${DEFAULT-VALUE})")
    Path python;

    @Override
    public Integer call() throws Exception {
        if (memory) {
            Path file = out != null ? out : Path.of("bench-memory.json");
            OutputPaths.requireWritableFile(file, "--out");
            MemoryCheck.Figures f = MemoryCheck.run(100, 200, 100, 1, TerminalProgress.forStderr()::message);
            System.out.println(f.describe());
            Json.write(file, MemoryCheck.toJson(f));
            System.out.println("written: " + file);
            return 0;
        }
        if (features) {
            Path file = out != null ? out : Path.of("bench-features.json");
            OutputPaths.requireWritableFile(file, "--out");
            JsonObject j = FeatureBench.defaults().run(TerminalProgress.forStderr()::message);
            System.out.println(FeatureBench.describe(j));
            Json.write(file, j);
            System.out.println("written: " + file);
            return 0;
        }
        if (fistaModel != null) {
            Path file = out != null ? out : Path.of("bench-fista.json");
            OutputPaths.requireWritableFile(file, "--out");
            List<FistaConvergence.BagFigures> f = FistaConvergence.onTrainedModel(fistaModel, data, bags,
                    TerminalProgress.forStderr()::message);
            JsonObject j = FistaConvergence.toJson(fistaModel, f);
            System.out.printf("FISTA %s the proximal rule's objective (%d iterations) on %d bags, after at most %d"
                    + " iterations; refined pixels within %.2f%%, attention rank correlation >= %.3f%n",
                    j.get("allReached").getAsBoolean() ? "reached" : "did NOT always reach",
                    j.get("istaIterations").getAsInt(), f.size(), j.get("maxFistaIterations").getAsInt(),
                    100 * j.get("maxPixelDistance").getAsDouble(), j.get("minAttentionRankCorrelation").getAsDouble());
            Json.write(file, j);
            System.out.println("written: " + file);
            return 0;
        }
        Path out = this.out != null ? this.out : Path.of("bench.json");
        Benchmark.Config d = Benchmark.Config.defaults(out);
        Path home = Path.of(System.getProperty("milkid.home", "."));
        Benchmark.Config cfg = new Benchmark.Config(d.warmup(), d.repetitions(), d.instances(), !noPytorch, python,
                home.resolve(d.pytorchScript()), out, d.largeInstances(), d.largeIterations(), d.sweepBags(),
                d.sweepIterations(), d.fistaInstances(), d.seed());
        Benchmark.Result r = Benchmark.run(cfg, TerminalProgress.forStderr()::message);
        System.out.println();
        System.out.printf("%-28s %12s %10s %s%n", "figure", "value", "target", "met");
        for (Map.Entry<String, Benchmark.Target> e : r.targets().entrySet()) {
            Benchmark.Target t = e.getValue();
            System.out.printf("%-28s %12s %10s %s%n", e.getKey(), t.value() == null ? "n/a" : String.format("%.3f", t.value()),
                    t.goal(), t.met() == null ? "not measured" : t.met() ? "yes" : "NO");
        }
        System.out.printf("%ngemm %.1f GFLOP/s; inversion %.1f ms/iteration (%.1f GFLOP/s); training %.1f ms/step "
                + "(%.1f GFLOP/s)%n", r.gemmGflops(), r.inversionMsPerIter(), r.inversionGflops(), r.trainMsPerStep(),
                r.trainGflops());
        if (r.sparseSweepSecondsFista() != null) {
            System.out.printf("FISTA reaches the proximal rule's objective after %d of %d iterations: sweep %.0f s%n",
                    r.fista().fistaIterations(), r.fista().istaIterations(), r.sparseSweepSecondsFista());
        }
        if (r.pytorch() != null && r.pytorch().inversionMsPerIter() != null) {
            System.out.printf("PyTorch reference: %.1f ms/iteration, %.1f ms/step%n", r.pytorch().inversionMsPerIter(),
                    r.pytorch().trainMsPerStep());
        } else if (r.pytorch() != null) {
            System.out.println("PyTorch reference not run: " + r.pytorch().reason());
        }
        System.out.println("written: " + out);
        return 0;
    }
}
