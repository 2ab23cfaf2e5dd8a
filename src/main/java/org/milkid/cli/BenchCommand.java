package org.milkid.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.milkid.app.BenchJob;
import org.milkid.app.BenchRequest;
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
        BenchRequest req = BenchRequest.builder().out(out).memory(memory).features(features).fistaModel(fistaModel)
                .data(data).bags(bags).pytorch(!noPytorch).python(python)
                .home(Path.of(System.getProperty("milkid.home", "."))).build();
        BenchJob.Outcome o = BenchJob.run(req, TerminalProgress.forStderr()::message);
        System.out.print(o.summary());
        System.out.println("written: " + o.written());
        return 0;
    }
}
