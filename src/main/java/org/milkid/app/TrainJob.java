package org.milkid.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.ModelProvenance;
import org.milkid.detect.KidMethod;
import org.milkid.eval.BagMetrics;
import org.milkid.experiment.DevelopmentThreshold;
import org.milkid.experiment.KeptTraining;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.model.Prediction;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainResult;
import org.milkid.util.OutputPaths;
import org.milkid.util.Progress;

/** {@code milkid train}: trains one model on a data set and saves it with provenance. */
public final class TrainJob {
    /** The folder in the model folder that holds the training's state until the model is saved. */
    public static final String TRAINING_STATE = "training-state";

    private TrainJob() {
    }

    /**
     * What the job did.
     *
     * @param result the training run
     * @param testAccuracy bag accuracy on the test bags
     * @param testAuc bag AUC on the test bags
     * @param trainBags the number of training bags
     * @param testBags the number of test bags
     */
    public record Outcome(TrainResult result, double testAccuracy, double testAuc, int trainBags, int testBags) {
    }

    /** Trains the request's model on its data set's bags and saves it into its folder. */
    public static Outcome run(TrainRequest req, Progress progress) throws IOException {
        DatasetSpec spec = req.spec();
        ModelKind kind = req.kind();
        TrainConfig config = req.train();
        Path out = req.out();
        OutputPaths.requireWritableFolder(out, "--out");
        Datasets.Loaded data = Datasets.load(spec);
        data.warnings().forEach(w -> progress.message("warning: " + w));
        progress.message("training " + kind.label() + " on " + data.train().size() + " bags of " + spec.dataset());
        // the state after every epoch, inside the model folder: saving the model replaces the folder whole
        KeptTraining kept = KeptTraining.in(out.resolve(TRAINING_STATE), kind, config, data.train(), req.resume(),
                progress);
        try (TrainedModels.Trained t = TrainedModels.train(kind, data.train(), config, progress, kept)) {
            float[] p = new float[data.test().size()];
            int[] y = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                Prediction pr = t.model().predict(data.test().get(i));
                p[i] = pr.probability();
                y[i] = data.test().get(i).label();
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("bestEpoch", t.result().bestEpoch());
            c.put("leftChance", t.result().leftChance());
            c.put("restarts", t.result().restarts());
            KidMethod method = KidMethod.defaultFor(kind);
            DevelopmentThreshold threshold = DevelopmentThreshold.choose(method, t.model(),
                    MilTrainer.validationSplit(data.train(), config).heldOut());
            if (threshold != null) {
                progress.message(String.format(Locale.ROOT, "%s: KID threshold %.2f chosen on %d development bags"
                        + " (F1 %.3f there); detect marks key instances at it", method.key(), threshold.threshold(),
                        threshold.positiveBags(), threshold.f1()));
            } else {
                progress.message(method.key() + ": no key instance found on development bags with instance labels"
                        + " (or none has them), so no KID threshold is stored; detect marks key instances at --threshold"
                        + " or 0.5");
            }
            t.model().save(out, DevelopmentThreshold.storedIn(ModelProvenance.of(spec, data.fingerprint(), config, c),
                    threshold));
            double acc = p.length == 0 ? Double.NaN : BagMetrics.accuracy(p, y);
            double auc = p.length == 0 ? Double.NaN : BagMetrics.auc(p, y);
            return new Outcome(t.result(), acc, auc, data.train().size(), data.test().size());
        }
    }
}
