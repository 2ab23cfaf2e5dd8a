package org.milkid.app;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.milkid.bench.Benchmark;
import org.milkid.bench.BenchmarkConfig;
import org.milkid.bench.FeatureBench;
import org.milkid.bench.FistaConvergence;
import org.milkid.bench.MemoryCheck;
import org.milkid.bench.Target;
import org.milkid.util.Json;
import org.milkid.util.OutputPaths;

/**
 * {@code milkid bench}: the speed and memory figures of the performance goals ({@link Benchmark},
 * {@link MemoryCheck}, {@link FeatureBench}, {@link FistaConvergence}), written to a JSON file and
 * summed up in a few lines.
 */
public final class BenchJob {
    private BenchJob() {
    }

    /**
     * What the job measured.
     *
     * @param summary the figures to show, whole lines
     * @param written the JSON file written
     */
    public record Outcome(String summary, Path written) {
    }

    /** Measures what the request asks and writes its JSON file; {@code progress} hears each step. */
    public static Outcome run(BenchRequest req, Consumer<String> progress) throws IOException {
        Path file = req.out();
        return switch (req.kind()) {
            case MEMORY -> {
                OutputPaths.requireWritableFile(file, "--out");
                MemoryCheck.Figures f = MemoryCheck.run(100, 200, 100, 1, progress);
                Json.write(file, MemoryCheck.toJson(f));
                yield new Outcome(f.describe() + System.lineSeparator(), file);
            }
            case FEATURES -> {
                OutputPaths.requireWritableFile(file, "--out");
                JsonObject j = FeatureBench.defaults().run(progress);
                Json.write(file, j);
                yield new Outcome(FeatureBench.describe(j) + System.lineSeparator(), file);
            }
            case FISTA -> {
                OutputPaths.requireWritableFile(file, "--out");
                List<FistaConvergence.BagFigures> f = FistaConvergence.onTrainedModel(req.fistaModel(), req.data(),
                        req.bags(), progress);
                JsonObject j = FistaConvergence.toJson(req.fistaModel(), f);
                Json.write(file, j);
                yield new Outcome(String.format("FISTA %s the proximal rule's objective (%d iterations) on %d bags,"
                        + " after at most %d iterations; refined pixels within %.2f%%, attention rank correlation"
                        + " >= %.3f%n", j.get("allReached").getAsBoolean() ? "reached" : "did NOT always reach",
                        j.get("istaIterations").getAsInt(), f.size(), j.get("maxFistaIterations").getAsInt(),
                        100 * j.get("maxPixelDistance").getAsDouble(),
                        j.get("minAttentionRankCorrelation").getAsDouble()), file);
            }
            case SPEED -> {
                BenchmarkConfig d = BenchmarkConfig.defaults(file);
                BenchmarkConfig cfg = new BenchmarkConfig(d.warmup(), d.repetitions(), d.instances(), req.pytorch(),
                        req.python(), req.home().resolve(d.pytorchScript()), file, d.largeInstances(),
                        d.largeIterations(), d.sweepBags(), d.sweepIterations(), d.fistaInstances(), d.seed());
                yield new Outcome(describe(Benchmark.run(cfg, progress)), file);
            }
        };
    }

    /** The speed benchmark's summary: each target with its figure, then the rates and the references. */
    static String describe(Benchmark.Result r) {
        StringBuilder s = new StringBuilder();
        s.append(System.lineSeparator());
        s.append(String.format("%-28s %12s %10s %s%n", "figure", "value", "target", "met"));
        for (Map.Entry<String, Target> e : r.targets().entrySet()) {
            Target t = e.getValue();
            s.append(String.format("%-28s %12s %10s %s%n", e.getKey(),
                    t.value() == null ? "n/a" : String.format("%.3f", t.value()), t.goal(),
                    t.met() == null ? "not measured" : t.met() ? "yes" : "NO"));
        }
        s.append(String.format("%ngemm %.1f GFLOP/s; inversion %.1f ms/iteration (%.1f GFLOP/s); training %.1f ms/step "
                + "(%.1f GFLOP/s)%n", r.gemmGflops(), r.inversionMsPerIter(), r.inversionGflops(), r.trainMsPerStep(),
                r.trainGflops()));
        if (r.sparseSweepSecondsFista() != null) {
            s.append(String.format(
                    "FISTA reaches the proximal rule's objective after %d of %d iterations: sweep %.0f s%n",
                    r.fista().fistaIterations(), r.fista().istaIterations(), r.sparseSweepSecondsFista()));
        }
        if (r.pytorch() != null && r.pytorch().inversionMsPerIter() != null) {
            s.append(String.format("PyTorch reference: %.1f ms/iteration, %.1f ms/step%n",
                    r.pytorch().inversionMsPerIter(), r.pytorch().trainMsPerStep()));
        } else if (r.pytorch() != null) {
            s.append("PyTorch reference not run: ").append(r.pytorch().reason()).append(System.lineSeparator());
        }
        return s.toString();
    }
}
