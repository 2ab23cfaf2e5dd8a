package org.milkid.experiment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.milkid.bag.Bag;
import org.milkid.data.Datasets;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidScores;
import org.milkid.model.MilModel;
import org.milkid.model.ModelKind;
import org.milkid.train.EpochCheckpoint;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * One (repeat, fold) run: trains each model kind the methods need once on the fold's training
 * bags (early stopping on the trainer's validation part), then runs every method with those same
 * models on the fold's test bags through {@link MethodRunner}.
 *
 * <p>The paper's methods take the lambda and threshold that are best on the test bags, as the
 * paper does. When the experiment has development bags, milkid's own methods instead choose
 * lambda (sweeping methods) and threshold (from the fine grid {@link KidScores#FINE_THRESHOLDS})
 * on the development bags with the same model, and are
 * then run once on the test bags with that lambda; their test figures are read at that threshold.
 */
public final class FoldJob {
    private FoldJob() {
    }

    /**
     * What a run produced.
     *
     * @param result the run's figures (its checkpoint)
     * @param outcomes every method's outcome on the test bags, with its detections (for the panels)
     */
    public record Output(FoldResult result, Map<KidMethod, MethodOutcome> outcomes) {
    }

    /**
     * Runs one fold.
     *
     * @param cfg the experiment's settings
     * @param fold the fold's bags
     * @param seed the fold's seed (training)
     * @param dev development bags (empty: milkid's methods are chosen on the test bags too)
     * @param progress hears training and inversion progress
     */
    public static Output run(ExperimentConfig cfg, CrossValidation.Fold fold, long seed, List<Bag> dev,
            Progress progress) {
        return run(cfg, fold, seed, dev, ModelCheckpoints.NONE, progress);
    }

    /**
     * Runs one fold, keeping every model it trains in {@code store} and taking those the store
     * already holds for this run instead of training them again.
     */
    public static Output run(ExperimentConfig cfg, CrossValidation.Fold fold, long seed, List<Bag> dev,
            ModelCheckpoints store, Progress progress) {
        long t0 = System.nanoTime();
        TrainConfig tc = Datasets.trainDefaults(cfg.dataset(), seed).withEpochs(cfg.epochs())
                .withPatience(cfg.patience());
        Map<ModelKind, TrainedModels.Trained> models = new EnumMap<>(ModelKind.class);
        List<FoldResult.Training> training = new ArrayList<>();
        List<FoldResult.Figures> figures = new ArrayList<>();
        Map<KidMethod, MethodOutcome> outcomes = new LinkedHashMap<>();
        double before = 0; // what this run's trainings took in earlier, interrupted invocations
        try {
            for (ModelKind kind : cfg.modelKinds()) {
                ModelCheckpoints.Reused kept = store.load(kind, tc, fold.train(), progress);
                TrainedModels.Trained t;
                double seconds;
                if (kept != null) {
                    t = kept.trained();
                    seconds = kept.seconds();
                    before += seconds;
                } else {
                    long s = System.nanoTime();
                    KeptTraining epochs = store.epochs(kind, tc, fold.train(), progress);
                    t = TrainedModels.train(kind, fold.train(), tc, progress,
                            epochs == null ? EpochCheckpoint.NONE : epochs);
                    // with the time the training had taken before an interruption
                    double earlier = epochs == null ? 0 : epochs.secondsBefore();
                    seconds = (System.nanoTime() - s) / 1e9 + earlier;
                    before += earlier;
                }
                models.put(kind, t);
                if (kept == null) {
                    store.save(kind, tc, fold.train(), t, seconds, progress);
                }
                training.add(new FoldResult.Training(kind.label(), t.result().history().size(), t.result().bestEpoch(),
                        t.result().bestValidationLoss(), t.result().msPerStep(), t.result().leftChance(),
                        seconds, t.result().restarts(), t.result().abandonedEpochs()));
                if (!t.result().leftChance()) {
                    progress.message("WARNING: " + kind.label() + " never left chance in this fold");
                }
            }
            InversionDefaults defaults = Datasets.inversionDefaults(cfg.dataset());
            UnaryOperator<InversionConfig> adjust = cfg.inversionIterations() > 0
                    ? c -> c.withIterations(cfg.inversionIterations()) : UnaryOperator.identity();
            for (KidMethod m : cfg.methods()) {
                TrainedModels.Trained model = models.get(m.model());
                boolean onDev = !m.isPaper() && !dev.isEmpty();
                MethodOutcome chosenOnDev = null;
                float[] lambdas = cfg.lambdaArray();
                if (onDev) {
                    progress.message(m.key() + ": choosing lambda and threshold on " + dev.size() + " development bags");
                    chosenOnDev = run(defaults, lambdas, KidScores.FINE_THRESHOLDS, adjust, progress, m, model.model(),
                            fold.train(), dev, "dev");
                    if (chosenOnDev.kid() == null) {
                        chosenOnDev = null;
                    } else if (m.sweepsLambda()) {
                        lambdas = new float[] {(float) chosenOnDev.lambda()};
                    }
                }
                // milkid's methods chosen on development bags use the fine grid there and on the test bags
                double[] thresholds = onDev ? KidScores.FINE_THRESHOLDS : cfg.thresholdArray();
                MethodOutcome o = run(defaults, lambdas, thresholds, adjust, progress, m, model.model(), fold.train(),
                        fold.test(), "test");
                outcomes.put(m, o);
                figures.add(chosenOnDev == null ? FoldResult.Figures.onTest(o)
                        : FoldResult.Figures.onDevelopment(o, chosenOnDev.kid().best().threshold(),
                                chosenOnDev.kid().best().f1()));
            }
        } finally {
            models.values().forEach(TrainedModels.Trained::close);
        }
        FoldResult r = new FoldResult(fold.repeat(), fold.index(), seed, fold.train().size(), fold.test().size(),
                dev.size(), training, figures, (System.nanoTime() - t0) / 1e9 + before);
        return new Output(r, outcomes);
    }

    private static MethodOutcome run(InversionDefaults defaults, float[] lambdas, double[] thresholds,
            UnaryOperator<InversionConfig> adjust, Progress progress, KidMethod m, MilModel model, List<Bag> training,
            List<Bag> bags, String where) {
        String task = m.key() + " on " + where + (m.sweepsLambda() ? " (" + lambdas.length + " lambdas)" : "");
        return new MethodRunner(defaults, lambdas, thresholds, adjust, progress).withTraining(training)
                .run(m, model, bags, task);
    }
}
