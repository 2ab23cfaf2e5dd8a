package org.milkid.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.milkid.app.ExperimentJob;
import org.milkid.app.ExperimentRequest;
import org.milkid.results.ExperimentResults;
import org.milkid.results.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code milkid experiment}: the paper's protocol from a preset, with flags that override it. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Run the paper's protocol (k-fold cross-validation repeated with fresh seeds) on one data set:"
                + " train the models of every fold, detect key instances with every method, and write results.json,"
                + " folds.csv, runs/ (checkpoints), panels/ and report.html into --out. Prints the plan and an"
                + " estimate of the running time (from a short timed probe) before it starts.",
            "Presets: paper-mnist (G = 20, 10 folds x 5 repeats, 100 epochs, the paper's KID settings),"
                + " paper-colon and paper-breast (the same on --data DIR), quick-mnist (G = 10, 2 folds x 2 repeats,"
                + " 200 + 24 bags a repeat, 10 epochs, every inversion at 200 iterations: about 20 minutes on 2 cores), kid-study (every method,"
                + " the paper's and milkid's, on the same models; milkid's choose lambda and threshold on"
                + " development bags; three parts, G = 10 into --out/grid-10, G = 10 with target digit 4 into"
                + " --out/digit-4 and G = 20 into --out/grid-20, with a report.html of all; --grid G runs one part at"
                + " that grid), features (whole slides as feature bags,"
                + " --dataset features --data DIR: 5 folds x 5 repeats, 100 epochs, the paper's histopathology settings,"
                + " its five methods and Att-alone, tile heatmaps in the report)."})
final class ExperimentCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "paper-mnist, paper-colon, paper-breast, quick-mnist, kid-study or"
            + " features (default: the data set's: quick-mnist, paper-colon, paper-breast or features)")
    String preset;

    @Option(names = "--dataset", description = "mnist-bags, colon, breast or features: the data set, which chooses"
            + " the preset when --preset is not given (default: the preset's; mnist-bags)")
    String dataset;

    @Mixin
    FeatureOptions features = new FeatureOptions();

    @Option(names = "--folds", paramLabel = "K", description = "k of k-fold cross-validation (default: the preset's)")
    Integer folds;

    @Option(names = "--repeats", paramLabel = "R", description = "repeats of the whole cross-validation (default: the preset's)")
    Integer repeats;

    @Option(names = "--seed", description = "the one seed of the experiment (default: the preset's, 1)")
    Long seed;

    @Option(names = "--methods", split = ",", paramLabel = "M",
            description = "KID methods, comma-separated (default: the preset's). Valid: attention, inversion, sparse,"
                    + " inst-max, inst-mean, sparse-textbook, fista, sparse-logit, logits, alone, occlusion, grad-x-input,"
                    + " selftrain, milli, additive")
    List<String> methods;

    @Option(names = "--lambdas", split = ",", paramLabel = "L", description = "lambdas of the sparse sweep (default: the data set's six)")
    List<Float> lambdas;

    @Option(names = "--thresholds", split = ",", paramLabel = "T", description = "KID thresholds (default: 0.1,0.2,0.3,0.4,0.5)")
    List<Double> thresholds;

    @Option(names = "--data", paramLabel = "DIR", description = "the data set's folder (colon, breast, features)")
    Path data;

    @Option(names = "--skip-empty", description = "colon, breast: leave out (with a warning) images that give no"
            + " instance, instead of refusing the data set")
    boolean skipEmpty;

    @Option(names = "--grid", paramLabel = "G", description = "MNIST-bags: G x G digits a bag (default: the preset's)")
    Integer grid;

    @Option(names = "--bags", paramLabel = "N", description = "MNIST-bags: bags drawn from the train digits per repeat, the CV pool (default: the preset's)")
    Integer bags;

    @Option(names = "--test-bags", paramLabel = "N", description = "MNIST-bags: bags drawn from the test digits per repeat (default: the preset's)")
    Integer testBags;

    @Option(names = "--dev-bags", paramLabel = "N", description = "MNIST-bags: development bags per repeat on which milkid's methods choose lambda and threshold (default: the preset's; 0 = none)")
    Integer devBags;

    @Option(names = "--mnist-dir", paramLabel = "DIR", description = "folder with the official MNIST IDX files (default: the bundled digits)")
    Path mnistDir;

    @Option(names = "--epochs", description = "most epochs per model (default: the preset's)")
    Integer epochs;

    @Option(names = "--patience", description = "early-stopping patience, 0 = run all epochs (default: the preset's)")
    Integer patience;

    @Option(names = "--inversion-iterations", paramLabel = "N", description = "override every inversion's iterations; 0 = the paper's (default: the preset's)")
    Integer inversionIterations;

    @Option(names = "--panels", paramLabel = "N", description = "positive test bags of the first fold drawn as panels"
            + " (a)-(g), or for whole slides as tile heatmaps (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int panels;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: milkid-PRESET)")
    Path out;

    @Option(names = "--resume", description = "continue an experiment in --out: skip the (repeat, fold) runs already finished")
    boolean resume;

    @Option(names = "--dry-run", description = "print the plan and the estimate, then stop")
    boolean dryRun;

    @Option(names = "--max-runs", paramLabel = "N", description = "do at most N of the runs still to do (in order:"
            + " repeat 1 fold 1, repeat 1 fold 2, ...), then write results.json, folds.csv and report.html over the"
            + " runs finished so far, marked partial until all have finished; 0 = only summarise (default: all)")
    Integer maxRuns;

    @Option(names = "--spark", paramLabel = "MASTER", description = "do every (repeat, fold) run as one Apache Spark"
            + " task on this master (local[N], spark://HOST:PORT, yarn, k8s://URL): the same results as without it."
            + " Needs milkid built with Spark (MILKID_SPARK=1 ./milkid ...; see the README, Scale-out on Spark)")
    String spark;

    @Override
    public Integer call() throws Exception {
        ExperimentRequest req = ExperimentRequest.builder().preset(preset).dataset(dataset).features(features.flags())
                .folds(folds).repeats(repeats).seed(seed).methods(methods).lambdas(lambdas).thresholds(thresholds)
                .data(data).skipEmpty(skipEmpty).grid(grid).bags(bags).testBags(testBags).devBags(devBags)
                .mnistDir(mnistDir).epochs(epochs).patience(patience).inversionIterations(inversionIterations)
                .panels(panels).out(out).resume(resume).dryRun(dryRun).spark(spark).maxRuns(maxRuns).build();
        ExperimentJob.Outcome o = ExperimentJob.run(req, TerminalProgress.forStderr(), plan -> {
            System.out.println(plan);
            System.out.flush();
        });
        for (ExperimentJob.Part p : o.parts()) {
            printSummary(p.dir(), p.results());
        }
        if (o.studyReport() != null) {
            System.out.println("study report: " + o.studyReport());
        }
        return 0;
    }

    private static void printSummary(Path dir, ExperimentResults r) {
        System.out.println();
        System.out.print(ResultsTable.format(r));
        System.out.println();
        System.out.printf("running time: %.0f s (estimated %.0f s)%n", r.time().actualSeconds(),
                r.time().estimatedSeconds());
        if (r.runs().partial()) {
            System.out.printf("PARTIAL: %d of %d runs finished; run the command again with --resume to do the other"
                    + " %d (with --max-runs N for N more)%n", r.runs().finished(), r.runs().total(),
                    r.runs().total() - r.runs().finished());
        }
        System.out.println("results: " + dir.resolve("results.json") + ", " + dir.resolve("folds.csv") + "; report: "
                + dir.resolve("report.html"));
    }
}
