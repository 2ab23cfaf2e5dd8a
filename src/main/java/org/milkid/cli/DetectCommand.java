package org.milkid.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.milkid.app.DetectJob;
import org.milkid.app.DetectRequest;
import org.milkid.results.DetectSummary;
import org.milkid.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code milkid detect}: key instances of a trained model's test bags. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect the key instances of the test bags of the data set a model was trained on: "
                + "instances.csv (one row per instance), summary.json (scores) and PNG mosaics into --out; for feature"
                + " bags a QuPath GeoJSON file and a heatmap per slide instead of the mosaics.")
final class DetectCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a model folder (from milkid train or demo)")
    Path model;

    @Option(names = "--method", description = "the KID method (default: milkid's evidence-based default, "
            + "Att-alone; --paper: the paper's Att+sparse). Valid: attention, inversion, sparse, inst-max, inst-mean, "
            + "sparse-textbook, fista, sparse-logit, logits, alone, occlusion, grad-x-input, selftrain, milli (on a model"
            + " of any kind), additive (for an additive model)")
    String method;

    @Option(names = "--paper", description = "the paper's exact methods and settings (default method: sparse)")
    boolean paper;

    @Option(names = "--lambda", split = ",", paramLabel = "L", description = "lambda(s) for sparse methods (default: the data set's sweep)")
    List<Float> lambdas;

    @Option(names = "--iterations", description = "inversion iterations (default: the paper's, 1000 or 200)")
    Integer iterations;

    @Option(names = "--eta", description = "inversion learning rate (default: the paper's)")
    Float eta;

    @Option(names = "--threshold-form", description = "soft-threshold: paper (lambda) or textbook (eta*lambda)")
    String thresholdForm;

    @Option(names = "--thresholds", split = ",",
            description = "thresholds KID is also scored at, as a curve (default: 0.1,0.2,0.3,0.4,0.5)")
    List<Double> thresholds;

    @Option(names = "--threshold", paramLabel = "T", description = "mark key instances at T (default: the threshold"
            + " chosen on development bags when the model was trained, else 0.5)")
    Double threshold;

    @Option(names = "--data", paramLabel = "DIR", description = "the data set's folder, if it moved since training")
    Path data;

    @Option(names = "--tile-size", paramLabel = "PX", defaultValue = "0",
            description = "feature bags: the tile side in level-0 pixels for the GeoJSON and heatmaps (default: as in training)")
    int tileSize;

    @Option(names = "--max-bags", defaultValue = "0", description = "use at most N test bags (default: all)")
    int maxBags;

    @Option(names = "--mosaics", defaultValue = "10", description = "write mosaics of at most N positive bags (default: ${DEFAULT-VALUE})")
    int mosaics;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--spark", paramLabel = "MASTER", description = "detect the test bags in Apache Spark tasks on"
            + " this master (local[N], spark://HOST:PORT, yarn, k8s://URL), a few groups of bags per task slot: the"
            + " same files as without it. Needs milkid built with Spark (MILKID_SPARK=1 ./milkid ...; see the README,"
            + " Scale-out on Spark)")
    String spark;

    @Override
    public Integer call() throws Exception {
        // the note of the default method waits for the job's first news, so that a refused --spark is one line
        List<String> notes = new ArrayList<>();
        DetectRequest req = DetectRequest.builder(model, out).method(method).paper(paper).lambdas(lambdas)
                .iterations(iterations).eta(eta).thresholdForm(thresholdForm).thresholds(thresholds)
                .threshold(threshold).data(data).tileSize(tileSize).maxBags(maxBags).mosaics(mosaics)
                .spark(spark).build(notes::add);
        DetectSummary s = DetectJob.run(req, notesFirst(notes, TerminalProgress.forStderr()));
        DetectSummary.Kid kid = s.kid();
        if (kid.result() != null) {
            System.out.printf("%s on %d bags: bag accuracy %.3f; KID F1 %.3f, precision %.3f, recall %.3f at t = %.2f; "
                    + "AP %.3f, AUROC %.3f, NDCG@n %.3f%s%n", s.method(), s.bags(), s.bagAccuracy(), kid.at().f1(),
                    kid.at().precision(), kid.at().recall(), kid.at().threshold(), kid.result().averagePrecision(),
                    kid.result().auroc(), kid.result().ndcg(),
                    Double.isNaN(s.lambda()) ? "" : String.format("; lambda %.4f", s.lambda()));
        } else {
            System.out.println(DetectSummary.Kid.NOT_SCORED);
        }
        System.out.println("written: " + out.resolve("instances.csv") + ", " + out.resolve("summary.json") + ", "
                + (s.dataset().equals("features") ? out.resolve("geojson") + " (QuPath: File > Import"
                + " objects), " + out.resolve("heatmaps") : out.resolve("mosaics")));
        return 0;
    }

    /** {@code progress}, which prints {@code notes} before its first line or bar. */
    private static Progress notesFirst(List<String> notes, Progress progress) {
        return new Progress() {
            private boolean told;

            private void tell() {
                if (!told) {
                    told = true;
                    notes.forEach(System.err::println);
                }
            }

            @Override
            public void message(String line) {
                tell();
                progress.message(line);
            }

            @Override
            public void update(String task, long done, long total) {
                tell();
                progress.update(task, done, total);
            }
        };
    }
}
