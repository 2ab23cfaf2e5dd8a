package org.milkid.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.milkid.app.TrainJob;
import org.milkid.app.TrainRequest;
import org.milkid.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code milkid train}: one model on one data set, saved with provenance. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a MIL model with the paper's settings and save it (model.json + parameters) into --out.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "mnist-bags", description = "mnist-bags, colon, breast, images or features"
            + " (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "the data set's folder (colon, breast, images, features)")
    Path data;

    @Mixin
    FeatureOptions features = new FeatureOptions();

    @Option(names = "--patch-size", defaultValue = "32", description = "patch size of --dataset images: 27 or 32 (default: ${DEFAULT-VALUE})")
    int patchSize;

    @Option(names = "--test-fraction", defaultValue = "0.2",
            description = "share of bags held out as test bags for colon, breast, images and features (default: ${DEFAULT-VALUE})")
    double testFraction;

    @Option(names = "--skip-empty", description = "colon, breast, images: leave out (with a warning) images that give"
            + " no instance, instead of refusing the data set")
    boolean skipEmpty;

    @Mixin
    MnistOptions mnist = new MnistOptions(20, 200, 100);

    @Option(names = "--model", defaultValue = "attention", description = "attention, gated, inst-max, inst-mean or additive"
            + " (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--epochs", defaultValue = "100", description = "most epochs (default: ${DEFAULT-VALUE}, as the paper)")
    int epochs;

    @Option(names = "--patience", defaultValue = "0", description = "early-stopping patience, 0 = run all epochs (default: ${DEFAULT-VALUE})")
    int patience;

    @Option(names = "--lr", description = "Adam learning rate (default: the data set's, 5e-4 MNIST, 1e-4 histopathology)")
    Float lr;

    @Option(names = "--weight-decay", description = "weight decay (default: the data set's, 1e-4 MNIST, 5e-4 histopathology)")
    Float weightDecay;

    @Option(names = "--warmup", defaultValue = "0", description = "linear learning-rate warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--restarts", description = "most restarts from fresh weights when the model is still at chance"
            + " after --restart-after epochs; 0 = never, as the paper (default: " + TrainConfig.DEFAULT_RESTARTS + ")")
    int restarts = TrainConfig.DEFAULT_RESTARTS;

    @Option(names = "--restart-after", description = "epochs an attempt gets to leave chance before a restart"
            + " (default: " + TrainConfig.DEFAULT_RESTART_AFTER + ")")
    int restartAfter = TrainConfig.DEFAULT_RESTART_AFTER;

    @Option(names = "--seed", defaultValue = "1", description = "the one seed of the run (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "the model folder to write")
    Path out;

    @Option(names = "--resume", description = "go on after the last epoch an interrupted training of the same model"
            + " (settings, bags, machine) kept in --out (the state is kept there after every epoch)")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        TrainRequest req = TrainRequest.builder(out).dataset(dataset).data(data).features(features.flags())
                .patchSize(patchSize).testFraction(testFraction).skipEmpty(skipEmpty).mnist(mnist.config(seed))
                .model(model).epochs(epochs).patience(patience).learningRate(lr).weightDecay(weightDecay)
                .warmup(warmup).restarts(restarts).restartAfter(restartAfter).seed(seed).resume(resume).build();
        TrainJob.Outcome o = TrainJob.run(req, TerminalProgress.forStderr());
        System.out.printf("trained %s: best epoch %d of %d, validation loss %.4f, %.1f ms a step%n", model,
                o.result().bestEpoch(), o.result().history().size(), o.result().bestValidationLoss(),
                o.result().msPerStep());
        if (o.result().restarts() > 0) {
            System.out.printf("restarted %d time(s) from fresh weights (still at chance after %d epochs)%n",
                    o.result().restarts(), restartAfter);
        }
        System.out.printf("test bags: %d, accuracy %.3f, AUC %.3f%n", o.testBags(), o.testAccuracy(), o.testAuc());
        if (!o.result().leftChance()) {
            System.out.println("WARNING: the model never left chance" + (o.result().restarts() > 0 ? " in "
                    + (o.result().restarts() + 1) + " attempts" : "") + "; try more bags or epochs, or another --seed");
        }
        System.out.println("model: " + out);
        return 0;
    }
}
