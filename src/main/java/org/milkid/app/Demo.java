package org.milkid.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.milkid.bag.Bag;
import org.milkid.data.DatasetSpec;
import org.milkid.data.ModelProvenance;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.detect.UpdateRule;
import org.milkid.eval.KidBootstrap;
import org.milkid.eval.KidScores;
import org.milkid.experiment.DevelopmentThreshold;
import org.milkid.experiment.Experiment;
import org.milkid.experiment.MethodOutcome;
import org.milkid.experiment.MethodRunner;
import org.milkid.experiment.MethodSummaries;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.model.Provenance;
import org.milkid.report.Report;
import org.milkid.results.BagBootstrap;
import org.milkid.results.DemoResults;
import org.milkid.results.KidFigures;
import org.milkid.results.MethodResults;
import org.milkid.results.MethodTable;
import org.milkid.results.ResultsCodec;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.util.OutputPaths;
import org.milkid.util.Progress;
import org.milkid.util.Seeds;

/**
 * {@code milkid demo}: trains Att, Inst+max and Inst+mean on MNIST-bags from the bundled digits,
 * runs the paper's KID methods (Att, Att+inv, Att+sparse with its lambda sweep, Inst+max,
 * Inst+mean) and milkid's default method, and writes {@code results.json} (every KID figure with its
 * 95% bootstrap interval over the positive test bags), the trained models ({@code models/attention},
 * {@code models/inst-max}, {@code models/inst-mean}), the panels (a)-(g) of a few positive test bags
 * ({@code panels/}) and {@code report.html}.
 */
public final class Demo {
    /** The methods the demo reports, in table order. */
    public static final List<KidMethod> METHODS = List.of(KidMethod.ATT, KidMethod.ATT_INV, KidMethod.ATT_SPARSE,
            KidMethod.INST_MAX, KidMethod.INST_MEAN, KidMethod.DEFAULT);

    private Demo() {
    }

    /**
     * What the demo produced.
     *
     * @param results the results, as written to results.json
     * @param notes lines to show the user
     * @param report the report.html written
     */
    public record Outcome(DemoResults results, List<String> notes, Path report) {
    }

    public static Outcome run(DemoConfig cfg, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        OutputPaths.requireWritableFolder(cfg.out(), "--out");
        MnistBagSource source = MnistBagSource.load(cfg.bags());
        List<Bag> train = source.trainBags();
        List<Bag> test = source.testBags();
        List<String> notes = new ArrayList<>();
        notes.add(String.format("MNIST-bags scaled for the demo: G = %d (%d instances a bag; the paper: 20, 400), "
                + "%d training bags, %d test bags, at most %d epochs (the paper: 100) with patience %d.",
                cfg.bags().grid(), cfg.bags().grid() * cfg.bags().grid(), train.size(), test.size(), cfg.epochs(),
                cfg.patience()));
        if (cfg.inversionIterations() > 0) {
            notes.add("Every inversion cut to " + cfg.inversionIterations()
                    + " iterations (the paper: 1000 for Att+inv, 200 for Att+sparse), to keep the demo within minutes;"
                    + " --inversion-iterations 0 runs the paper's. Lambda and threshold chosen on the test bags, as the"
                    + " paper does.");
        } else if (cfg.attInvIterations() > 0) {
            notes.add("KID with the paper's settings except one: Att+inv ran " + cfg.attInvIterations()
                    + " SGD iterations (the paper: 1000), to keep the demo within minutes; Att+sparse 200 proximal"
                    + " iterations per lambda; lambda and threshold chosen on the test bags, as the paper does.");
        } else {
            notes.add("KID with the paper's settings: Att+inv 1000 SGD iterations; Att+sparse 200 proximal "
                    + "iterations per lambda; lambda and threshold chosen on the test bags, as the paper does.");
        }
        TrainConfig tc = TrainConfig.paperMnist(cfg.bags().seed()).withEpochs(cfg.epochs()).withPatience(cfg.patience());
        Map<ModelKind, TrainedModels.Trained> models = new EnumMap<>(ModelKind.class);
        List<DemoResults.Training> training = new ArrayList<>();
        try {
            for (ModelKind kind : List.of(ModelKind.ATTENTION, ModelKind.INST_MAX, ModelKind.INST_MEAN)) {
                progress.message("training " + kind.label() + " on " + train.size() + " bags");
                TrainedModels.Trained t = TrainedModels.train(kind, train, tc, progress);
                models.put(kind, t);
                training.add(training(kind.label(), t));
                if (!t.result().leftChance()) {
                    notes.add("WARNING: " + kind.label() + " never left chance (best validation loss "
                            + String.format("%.3f", t.result().bestValidationLoss()) + ", " + t.result().restarts()
                            + " restarts): its numbers below are meaningless; try more bags, epochs or another --seed.");
                }
                Provenance prov = provenance(source, cfg, tc);
                DevelopmentThreshold threshold = DevelopmentThreshold.choose(KidMethod.defaultFor(kind), t.model(),
                        MilTrainer.validationSplit(train, tc).heldOut());
                t.model().save(cfg.out().resolve("models").resolve(kind.cliName()),
                        DevelopmentThreshold.storedIn(prov, threshold));
            }
            UnaryOperator<InversionConfig> adjust = cfg.inversionIterations() > 0
                    ? c -> c.withIterations(cfg.inversionIterations())
                    : cfg.attInvIterations() > 0
                    ? c -> c.rule() == UpdateRule.SGD_MOMENTUM ? c.withIterations(cfg.attInvIterations()) : c
                    : UnaryOperator.identity();
            MethodRunner runner = new MethodRunner(InversionDefaults.MNIST, null, KidScores.PAPER_THRESHOLDS, adjust,
                    progress).withTraining(train);
            long positives = test.stream().filter(b -> b.label() == 1).count();
            Map<KidMethod, MethodOutcome> outcomes = new LinkedHashMap<>();
            for (KidMethod m : METHODS) {
                progress.message("key instances: " + m.key() + " (" + m.description() + ") on " + test.size()
                        + " test bags, " + positives + " positive");
                outcomes.put(m, runner.run(m, models.get(m.model()).model(), test));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("bags", cfg.bags());
            config.put("train", tc);
            config.put("inversionIterationsOverride", cfg.inversionIterations());
            // the override in force: --inversion-iterations, when given, replaces Att+inv's too
            config.put("attInvIterationsOverride", cfg.inversionIterations() > 0 ? 0 : cfg.attInvIterations());
            config.put("bootstrapResamples", KidBootstrap.RESAMPLES);
            config.put("thresholds", KidScores.PAPER_THRESHOLDS);
            config.put("lambdas", InversionDefaults.MNIST.lambdas());
            BagBootstrap boot = new BagBootstrap(KidBootstrap.RESAMPLES,
                    Seeds.derive(cfg.bags().seed(), "kid-bootstrap"));
            progress.message("confidence intervals: " + boot.resamples() + " bootstrap resamples of the " + positives
                    + " positive test bags");
            MethodTable table = MethodSummaries.oneRun("mnist-bags", config, provenance(source, cfg, tc),
                    KidMethod.DEFAULT, outcomes, boot);
            List<MethodResults> methods = new ArrayList<>();
            for (KidMethod m : METHODS) {
                InversionConfig inv = runner.inversion(m);
                // the iterations this run used, which the description's paper figure may not be
                methods.add(inv == null ? table.method(m.key())
                        : table.method(m.key()).withInversionIterations(inv.iterations()));
            }
            table = table.withMethods(methods);
            notes.add(comparison(table));
            Experiment.writePanels(cfg.out(), outcomes, KidScores.PAPER_THRESHOLDS[0], cfg.panelBags());
            DemoResults results = new DemoResults(table, testBags(test), training, List.copyOf(notes),
                    Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            ResultsCodec.write(cfg.out().resolve(ResultsCodec.FILE), results);
            Path report = Report.write(cfg.out());
            return new Outcome(results, notes, report);
        } finally {
            models.values().forEach(TrainedModels.Trained::close);
        }
    }

    /** The test bags: how many, how many positive, how many key instances in them. */
    private static DemoResults.TestBags testBags(List<Bag> test) {
        return new DemoResults.TestBags(test.size(), test.stream().filter(b -> b.label() == 1).count(),
                test.stream().filter(b -> b.label() == 1 && b.hasInstanceLabels()).mapToInt(Bag::positiveInstances)
                        .sum());
    }

    /** One line: does the default method's F1 lie above Att's 95% interval? */
    static String comparison(MethodTable table) {
        String def = KidMethod.DEFAULT.key();
        String att = KidMethod.ATT.key();
        KidFigures d = table.method(def) == null ? null : table.method(def).kid();
        KidFigures a = table.method(att) == null ? null : table.method(att).kid();
        if (d == null || a == null || a.f1().ci95() == null) {
            return "No KID comparison of " + def + " and " + att + ": one of them has no KID figures or interval.";
        }
        double f1 = d.f1().mean();
        double hi = a.f1().ci95().hi();
        return String.format(java.util.Locale.ROOT, "KID F1 of %s (milkid's default) %.3f %s %s's 95%% interval"
                + " [%.3f, %.3f]%s.", def, f1, f1 > hi ? "lies above" : "does NOT lie above", att,
                a.f1().ci95().lo(), hi, f1 > hi ? "" : ": on these bags the difference is not established");
    }

    private static DemoResults.Training training(String model, TrainedModels.Trained t) {
        return new DemoResults.Training(model, t.result().history().size(), t.result().bestEpoch(),
                t.result().bestValidationLoss(), t.result().msPerStep(), t.result().leftChance(),
                t.result().restarts(), t.result().abandonedEpochs());
    }

    private static Provenance provenance(MnistBagSource source, DemoConfig cfg, TrainConfig tc) {
        return ModelProvenance.of(DatasetSpec.mnist(cfg.bags()), source.fingerprint(), tc, Map.of());
    }
}
