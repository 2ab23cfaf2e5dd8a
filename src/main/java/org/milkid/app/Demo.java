package org.milkid.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
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
import org.milkid.experiment.ResultsJson;
import org.milkid.experiment.TrainedModels;
import org.milkid.model.ModelKind;
import org.milkid.model.Provenance;
import org.milkid.report.Report;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.util.Json;
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
     * @param results the results tree, as written to results.json
     * @param notes lines to show the user
     * @param report the report.html written
     */
    public record Outcome(JsonObject results, List<String> notes, Path report) {
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
        JsonObject training = new JsonObject();
        try {
            for (ModelKind kind : List.of(ModelKind.ATTENTION, ModelKind.INST_MAX, ModelKind.INST_MEAN)) {
                progress.message("training " + kind.label() + " on " + train.size() + " bags");
                TrainedModels.Trained t = TrainedModels.train(kind, train, tc, progress);
                models.put(kind, t);
                training.add(kind.label(), trainingJson(t));
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
            Map<KidMethod, List<MethodOutcome>> outcomes = new LinkedHashMap<>();
            for (KidMethod m : METHODS) {
                progress.message("key instances: " + m.key() + " (" + m.description() + ") on " + test.size()
                        + " test bags, " + positives + " positive");
                outcomes.put(m, List.of(runner.run(m, models.get(m.model()).model(), test)));
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
            ResultsJson.BagBootstrap boot = new ResultsJson.BagBootstrap(KidBootstrap.RESAMPLES,
                    Seeds.derive(cfg.bags().seed(), "kid-bootstrap"));
            progress.message("confidence intervals: " + boot.resamples() + " bootstrap resamples of the " + positives
                    + " positive test bags");
            JsonObject results = ResultsJson.build("mnist-bags", config, provenance(source, cfg, tc), KidMethod.DEFAULT,
                    outcomes, boot);
            results.addProperty("command", Report.DEMO);
            for (KidMethod m : METHODS) {
                InversionConfig inv = runner.inversion(m);
                if (inv != null) {
                    // the iterations this run used, which the description's paper figure may not be
                    results.getAsJsonObject("methods").getAsJsonObject(m.key()).addProperty("inversionIterations",
                            inv.iterations());
                }
            }
            results.add("testBags", testBags(test));
            results.add("training", training);
            notes.add(comparison(results));
            JsonArray n = new JsonArray();
            notes.forEach(n::add);
            results.add("notes", n);
            Map<KidMethod, MethodOutcome> first = new LinkedHashMap<>();
            outcomes.forEach((m, o) -> first.put(m, o.get(0)));
            Experiment.writePanels(cfg.out(), first, KidScores.PAPER_THRESHOLDS[0], cfg.panelBags());
            results.addProperty("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            Json.write(cfg.out().resolve("results.json"), results);
            Path report = Report.write(cfg.out());
            return new Outcome(results, notes, report);
        } finally {
            models.values().forEach(TrainedModels.Trained::close);
        }
    }

    /** The test bags: how many, how many positive, how many key instances in them. */
    private static JsonObject testBags(List<Bag> test) {
        JsonObject o = new JsonObject();
        o.addProperty("bags", test.size());
        o.addProperty("positive", test.stream().filter(b -> b.label() == 1).count());
        o.addProperty("keyInstances", test.stream().filter(b -> b.label() == 1 && b.hasInstanceLabels())
                .mapToInt(Bag::positiveInstances).sum());
        return o;
    }

    /** One line: does the default method's F1 lie above Att's 95% interval? */
    static String comparison(JsonObject results) {
        JsonObject methods = results.getAsJsonObject("methods");
        String def = KidMethod.DEFAULT.key();
        String att = KidMethod.ATT.key();
        JsonObject d = methods.has(def) ? methods.getAsJsonObject(def).getAsJsonObject("kid") : null;
        JsonObject a = methods.has(att) ? methods.getAsJsonObject(att).getAsJsonObject("kid") : null;
        if (d == null || a == null || !a.getAsJsonObject("f1").has("ci95")) {
            return "No KID comparison of " + def + " and " + att + ": one of them has no KID figures or interval.";
        }
        double f1 = d.getAsJsonObject("f1").get("mean").getAsDouble();
        JsonArray ci = a.getAsJsonObject("f1").getAsJsonArray("ci95");
        double hi = ci.get(1).getAsDouble();
        return String.format(java.util.Locale.ROOT, "KID F1 of %s (milkid's default) %.3f %s %s's 95%% interval"
                + " [%.3f, %.3f]%s.", def, f1, f1 > hi ? "lies above" : "does NOT lie above", att,
                ci.get(0).getAsDouble(), hi, f1 > hi ? "" : ": on these bags the difference is not established");
    }

    private static JsonObject trainingJson(TrainedModels.Trained t) {
        JsonObject o = new JsonObject();
        o.addProperty("epochsRun", t.result().history().size());
        o.addProperty("bestEpoch", t.result().bestEpoch());
        o.addProperty("bestValidationLoss", t.result().bestValidationLoss());
        o.addProperty("msPerStep", t.result().msPerStep());
        o.addProperty("leftChance", t.result().leftChance());
        o.addProperty("restarts", t.result().restarts());
        o.addProperty("abandonedEpochs", t.result().abandonedEpochs());
        return o;
    }

    private static Provenance provenance(MnistBagSource source, DemoConfig cfg, TrainConfig tc) {
        return ModelProvenance.of(DatasetSpec.mnist(cfg.bags()), source.fingerprint(), tc, Map.of());
    }
}
