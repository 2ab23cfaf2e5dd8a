package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.util.Json;

/** Runs the benchmark on a tiny configuration: checks the file's shape, never a time. */
class BenchmarkSmokeTest {

    private static final List<String> POSITIVE = List.of("gemmGflops", "inversionMsPerIter", "inversionGflops",
            "inversionEfficiency", "trainMsPerStep", "trainGflops", "trainEfficiency", "peakRssMiB400",
            "peakRssMiB10000", "sparseSweepSeconds");
    private static final List<String> ABSENT_WITHOUT_PYTORCH = List.of("pytorchInversionMsPerIter",
            "pytorchTrainMsPerStep", "speedupVsPytorchInversion", "speedupVsPytorchTrain");

    @Test
    void tinyRunWritesEveryKey(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        BenchmarkConfig cfg = new BenchmarkConfig(1, 1, 4, false, null, null, out, 8, 2, 1, 2, 3, 7);
        List<String> progress = new ArrayList<>();
        Benchmark.Result r = Benchmark.run(cfg, progress::add);

        assertThat(progress).isNotEmpty().last().asString().startsWith("wrote ");
        JsonObject j = Json.read(out).getAsJsonObject();
        boolean linux = Path.of("/proc/self/status").toFile().isFile();
        for (String k : POSITIVE) {
            assertThat(j.has(k)).as(k).isTrue();
            if (k.startsWith("peakRss") && !linux) {
                continue;
            }
            assertThat(j.get(k).getAsDouble()).as(k).isPositive();
        }
        for (String k : ABSENT_WITHOUT_PYTORCH) {
            assertThat(j.has(k)).as(k).isTrue();
            assertThat(j.get(k).isJsonNull()).as(k).isTrue();
        }
        assertThat(j.getAsJsonObject("pytorch").get("reason").getAsString()).contains("not run");
        JsonObject targets = j.getAsJsonObject("targets");
        assertThat(targets.keySet()).containsExactly("inversionEfficiency", "trainEfficiency",
                "speedupVsPytorchInversion", "speedupVsPytorchTrain", "peakRssMiB400", "peakRssMiB10000",
                "sparseSweepSeconds");
        for (String k : List.of("inversionEfficiency", "trainEfficiency", "sparseSweepSeconds")) {
            JsonElement met = targets.getAsJsonObject(k).get("met");
            assertThat(met.isJsonPrimitive()).as(k).isTrue();
        }
        assertThat(targets.getAsJsonObject("speedupVsPytorchTrain").get("met").isJsonNull()).isTrue();
        JsonObject sweep = j.getAsJsonObject("sparseSweep");
        assertThat(sweep.get("extrapolated").getAsBoolean()).isTrue();
        assertThat(sweep.get("measuredFraction").getAsDouble()).isCloseTo(2.0 / (10 * 200), within(1e-3));
        // the sweep's figure is all lambdas in one pass, as the sweep runs them; one a pass beside it
        int rows = sweep.get("rowsPerPass").getAsInt();
        assertThat(rows).isEqualTo(6);
        double batched = sweep.get("secondsBatched").getAsDouble();
        double oneRow = sweep.get("secondsOneRowAPass").getAsDouble();
        assertThat(batched).isPositive();
        assertThat(oneRow).isPositive();
        assertThat(j.get("sparseSweepSeconds").getAsDouble()).isCloseTo(rows == 6 ? batched : oneRow, within(0.01));
        assertThat(j.getAsJsonObject("config").get("instances").getAsInt()).isEqualTo(4);
        JsonObject fista = j.getAsJsonObject("fistaSweep");
        assertThat(fista.get("instances").getAsInt()).isEqualTo(3);
        assertThat(fista.get("istaIterations").getAsInt()).isEqualTo(200);
        assertThat(fista.getAsJsonArray("istaObjective")).hasSize(6);
        if (r.fista().fistaIterations() > 0) {
            assertThat(j.get("sparseSweepSecondsFista").getAsDouble()).isPositive();
        } else {
            assertThat(j.get("sparseSweepSecondsFista").isJsonNull()).isTrue();
        }
        assertThat(j.getAsJsonObject("versions").get("djl").getAsString()).isNotBlank();
        assertThat(j.getAsJsonObject("threads").get("numThreads").getAsInt()).isPositive();
        assertThat(j.getAsJsonObject("detail").getAsJsonObject("flops").get("inversionGflopPerIter").getAsDouble())
                .isPositive();

        assertThat(r.inversionMsPerIter()).isPositive();
        assertThat(r.trainMsPerStep()).isPositive();
        assertThat(r.pytorch().reason()).isNotBlank();
        assertThat(r.speedupVsPytorchInversion()).isNull();
        assertThat(r.targets()).hasSize(7);
    }
}
