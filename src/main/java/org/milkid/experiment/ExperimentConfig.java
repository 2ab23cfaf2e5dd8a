package org.milkid.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.milkid.data.DatasetSpec;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidEvaluator;
import org.milkid.eval.KidScores;
import org.milkid.model.ModelKind;
import org.milkid.util.BadInputException;

/**
 * Settings of {@code milkid experiment}: the paper's protocol (section IV-A: k-fold cross-validation
 * repeated with different seeds, mean and SEM over the runs) on one data set, with the methods,
 * lambdas and thresholds to score. Presets are the static factories; a {@link Builder} ({@link
 * #builder}, {@link #toBuilder}) makes any other, and a {@code with...} copy changes one field. The
 * compact constructor validates and fills the data set's lambdas
 * when none are given, so that a config written to results.json is complete.
 *
 * @param preset the preset's name (for the record; {@code custom} when built by hand)
 * @param dataset mnist-bags, colon, breast or features
 * @param mnist MNIST-bags only: the grid G, the target digit, the number of bags drawn from the
 *     train digits per repeat (the cross-validation pool), the number drawn from the test digits per
 *     repeat (split across the folds) and the MNIST folder; its seed is replaced per repeat
 * @param dataDir colon, breast and features: the data set's folder
 * @param features features only: how to read the slides (slide CSV, positive label, tile size; null: the
 *     defaults); null for the other data sets
 * @param folds k of k-fold cross-validation (the paper: 10)
 * @param repeats how often the whole cross-validation runs with a fresh seed (the paper: 5)
 * @param seed the one seed of the experiment; every repeat, fold and model derives its own
 * @param epochs the most epochs per model (the paper: 100)
 * @param patience early-stopping patience in epochs, 0 = run all epochs and keep the best one (as the paper)
 * @param methods the KID methods to run, in table order
 * @param lambdas the sparseness coefficients the sweeping methods try (null: the data set's six)
 * @param thresholds the KID thresholds (null: the paper's 0.1..0.5)
 * @param inversionIterations overrides the iterations of every inversion when positive (0: the paper's)
 * @param devBags MNIST-bags only: bags drawn per repeat from the train digits with another stream on
 *     which milkid's own methods choose lambda and threshold (0: none; they are then chosen on the
 *     test bags like the paper's rows)
 * @param panelBags how many positive test bags of the first fold get the panels (a)-(g) of Figs. 3-4
 * @param out the output folder
 * @param resume skip the (repeat, fold) runs whose checkpoint exists in {@code out}
 * @param skipEmpty colon and breast: leave out images that give no instance (with a warning)
 *     instead of refusing the data set
 */
public record ExperimentConfig(String preset, String dataset, MnistBagsConfig mnist, Path dataDir,
        FeatureBagsConfig features, int folds, int repeats, long seed, int epochs, int patience,
        List<KidMethod> methods, List<Float> lambdas, List<Double> thresholds, int inversionIterations, int devBags,
        int panelBags, Path out, boolean resume, boolean skipEmpty) {

    /** The preset names, for help texts and errors. */
    public static final String PRESETS =
            "paper-mnist, paper-colon, paper-breast, quick-mnist, kid-study, features";

    /** The data sets an experiment runs on, for help texts and errors. */
    public static final String DATASETS = "mnist-bags, colon, breast, features";

    /** The paper's five methods, in its table order. */
    public static final List<KidMethod> PAPER_METHODS = List.of(KidMethod.ATT, KidMethod.ATT_INV,
            KidMethod.ATT_SPARSE, KidMethod.INST_MAX, KidMethod.INST_MEAN);

    /** The methods of the KID study: every method, the paper's and milkid's, on the same models. */
    public static final List<KidMethod> STUDY_METHODS = List.of(KidMethod.values());

    /** The methods of the {@link #features} preset: the paper's five and milkid's default, Att-alone. */
    public static final List<KidMethod> FEATURE_METHODS = List.of(KidMethod.ATT, KidMethod.ATT_INV,
            KidMethod.ATT_SPARSE, KidMethod.INST_MAX, KidMethod.INST_MEAN, KidMethod.DEFAULT);

    public ExperimentConfig {
        preset = preset == null ? "custom" : preset;
        dataset = DatasetSpec.canonical(dataset);
        if (dataset.equals("images")) {
            throw new BadInputException("experiment: data set images is not supported yet (use " + DATASETS
                    + "; on images use train and detect)");
        }
        if (dataset.equals("features")) {
            features = features == null ? FeatureBagsConfig.defaults() : features;
        } else if (features != null) {
            throw new BadInputException("--labels, --positive-label and --tile-size are for --dataset features, not "
                    + dataset);
        }
        if (dataset.equals("mnist-bags")) {
            if (mnist == null) {
                throw new BadInputException("experiment on mnist-bags needs its settings");
            }
            mnist = mnist.withSeed(seed);
        } else if (dataDir == null) {
            throw new BadInputException("preset " + preset + " (" + dataset + ") needs --data DIR, the data set's"
                    + " folder" + (dataset.equals("features") ? " (h5_files/<slide_id>.h5 and slides.csv)" : ""));
        }
        if (folds < 2) {
            throw new BadInputException("--folds must be at least 2, got " + folds);
        }
        if (repeats < 1) {
            throw new BadInputException("--repeats must be at least 1, got " + repeats);
        }
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        if (patience < 0 || inversionIterations < 0 || devBags < 0 || panelBags < 0) {
            throw new BadInputException(
                    "--patience, --inversion-iterations, --dev-bags and --panels must not be negative");
        }
        if (methods == null || methods.isEmpty()) {
            throw new BadInputException("--methods: at least one method is needed");
        }
        methods = List.copyOf(new LinkedHashSet<>(methods));
        if (lambdas == null || lambdas.isEmpty()) {
            lambdas = boxed(InversionDefaults.forDataset(dataset).lambdas());
        }
        float[] lambdaValues = new float[lambdas.size()];
        for (int i = 0; i < lambdaValues.length; i++) {
            lambdaValues[i] = lambdas.get(i);
        }
        InversionConfig.checkLambdas("--lambdas", lambdaValues);
        lambdas = List.copyOf(lambdas);
        if (thresholds == null || thresholds.isEmpty()) {
            thresholds = Arrays.stream(KidScores.PAPER_THRESHOLDS).boxed().toList();
        }
        KidEvaluator.checkThresholds(thresholds.stream().mapToDouble(Double::doubleValue).toArray());
        thresholds = List.copyOf(thresholds);
        if (devBags > 0 && !dataset.equals("mnist-bags")) {
            throw new BadInputException("--dev-bags: a development split is drawn for mnist-bags only");
        }
        if (devBags == 1) {
            throw new BadInputException("--dev-bags must be 0 or at least 2 (one positive and one negative)");
        }
        if (dataset.equals("mnist-bags")) {
            if (mnist.trainBags() < 2 * folds) {
                throw new BadInputException("--bags: the train pool of " + mnist.trainBags()
                        + " bags is too small for " + folds + " folds (at least 2 a fold)");
            }
            if (mnist.testBags() < folds) {
                throw new BadInputException("--test-bags: " + mnist.testBags() + " test bags for " + folds
                        + " folds (at least one a fold)");
            }
        }
        if (out == null) {
            throw new BadInputException("--out is required");
        }
    }

    // ---- presets --------------------------------------------------------------------------

    /**
     * The paper's MNIST-bags protocol: G = 20 (400 digits a bag), 10-fold cross-validation
     * repeated 5 times, 100 epochs keeping the epoch of lowest validation loss, the paper's KID
     * settings (Att+inv 1000 iterations, Att+sparse 200 iterations, six lambdas 0.0005..0.003,
     * thresholds 0.1..0.5). The paper does not give its numbers of bags: 500 bags from the train
     * digits and 200 from the test digits per repeat (the README says so).
     */
    public static ExperimentConfig paperMnist(Path out) {
        return builder("paper-mnist", "mnist-bags").mnist(new MnistBagsConfig(20, 9, 500, 200, 1, null)).out(out)
                .build();
    }

    /** The paper's protocol on COLON CANCER (the folder of CRCHistoPhenotypes' {@code Classification}). */
    public static ExperimentConfig paperColon(Path data, Path out) {
        return builder("paper-colon", "colon").dataDir(data).out(out).build();
    }

    /** The paper's protocol on BREAST CANCER (bag metrics only where no instance labels exist). */
    public static ExperimentConfig paperBreast(Path data, Path out) {
        return builder("paper-breast", "breast").dataDir(data).out(out).build();
    }

    /**
     * The paper's MNIST-bags protocol scaled to about 20 minutes on a 2-core CPU: G = 10 (100 digits
     * a bag), 200 bags from the train digits and 24 from the test digits per repeat, 2 folds x 2
     * repeats, at most 10 epochs with patience 3, every inversion at 200 iterations (Att+sparse as
     * the paper, Att+inv cut from 1000); the paper's five methods, lambdas and thresholds.
     */
    public static ExperimentConfig quickMnist(Path out) {
        return builder("quick-mnist", "mnist-bags").mnist(new MnistBagsConfig(10, 9, 200, 24, 1, null)).folds(2)
                .repeats(2).epochs(10).patience(3).inversionIterations(200).out(out).build();
    }

    /**
     * The KID study: the {@link #STUDY_METHODS}, the paper's and milkid's, on the same trained models of
     * each (repeat, fold), MNIST-bags G = 10, 300 train-digit bags a repeat (150 to train on per fold:
     * fewer leave the models on the ln 2 plateau of the paper's settings), 2 repeats x 2 folds, at
     * most 15 epochs with patience 3, 16 development bags per repeat on which milkid's methods choose
     * lambda and threshold; the paper's rows are chosen on the test bags as the paper does, and
     * flagged so. Every inversion cut to 50 iterations. About 30 minutes on a 2-core CPU.
     */
    public static ExperimentConfig kidStudy(Path out) {
        return builder("kid-study", "mnist-bags").mnist(new MnistBagsConfig(10, 9, 300, 30, 1, null)).folds(2)
                .repeats(2).epochs(15).patience(3).methods(STUDY_METHODS).inversionIterations(50).devBags(16).out(out)
                .build();
    }

    /**
     * The KID study's second part, at the paper's grid G = 20 (400 digits a bag): the settings of
     * {@link #kidStudy} with fewer bags, as each holds four times the digits (160 train-digit bags a
     * repeat, 20 test bags, 10 development bags). About 45 minutes on a 2-core CPU.
     */
    public static ExperimentConfig kidStudyGrid20(Path out) {
        return kidStudy(out).toBuilder().mnist(new MnistBagsConfig(20, 9, 160, 20, 1, null)).devBags(10).build();
    }

    /**
     * The KID study's third part: the settings of {@link #kidStudy} (G = 10) with the target digit 4
     * rather than 9. Fours and nines are the MNIST pair most often confused, so the negative bags hold
     * the distractors that look most like the key instances.
     */
    public static ExperimentConfig kidStudyDigit4(Path out) {
        ExperimentConfig g10 = kidStudy(out);
        MnistBagsConfig m = g10.mnist();
        return g10.withMnist(new MnistBagsConfig(m.grid(), 4, m.trainBags(), m.testBags(), m.seed(), m.mnistDir()));
    }

    /**
     * The paper's histopathology protocol on whole slides as feature bags (a folder in CLAM's layout,
     * {@link org.milkid.data.features.FeatureBagSource}): 100 epochs keeping the epoch of lowest
     * validation loss, the paper's histopathology Adam settings without augmentation, the inversion
     * settings of BREAST CANCER, the paper's five methods and milkid's default Att-alone (whose tile
     * heatmaps the report shows), thresholds 0.1..0.5; 5 repeats as the paper, but 5-fold rather than
     * 10-fold cross-validation: every test fold holds a fifth of the slides (the share {@code train}
     * holds out), so a cohort of 40-60 slides tests 8-12 slides a run rather than 4-6, and a run
     * trains on 80% of the slides in 25 runs rather than 90% in 50, 2.25 times less training on bags
     * of thousands of tiles. {@code --folds 10} gives the paper's.
     */
    public static ExperimentConfig features(Path data, Path out) {
        return builder("features", "features").dataDir(data).folds(5).methods(FEATURE_METHODS).out(out).build();
    }

    /**
     * The experiments a preset runs from one command, each into its own folder: {@code kid-study}
     * runs G = 10 into {@code out/grid-10}, G = 10 with target digit 4 into {@code out/digit-4} and
     * G = 20 into {@code out/grid-20} (a {@link Study}, in that order: the longest part last);
     * every other preset is one experiment into {@code out}.
     */
    public static List<ExperimentConfig> presetParts(String name, Path data, Path out) {
        ExperimentConfig one = preset(name, data, out);
        if (!one.preset().equals("kid-study")) {
            return List.of(one);
        }
        return List.of(kidStudy(out.resolve("grid-10")), kidStudyDigit4(out.resolve("digit-4")),
                kidStudyGrid20(out.resolve("grid-20")));
    }

    /**
     * The preset a data set runs with when none is named: quick-mnist for mnist-bags, paper-colon,
     * paper-breast, and features; {@code images} is refused (no experiment on it yet).
     */
    public static String presetFor(String dataset) {
        return switch (DatasetSpec.canonical(dataset)) {
            case "mnist-bags" -> "quick-mnist";
            case "colon" -> "paper-colon";
            case "breast" -> "paper-breast";
            case "features" -> "features";
            default -> throw new BadInputException("--dataset " + dataset + ": experiment runs on " + DATASETS
                    + " (on " + dataset + " use train and detect)");
        };
    }

    /** The data set a preset runs on; unknown names are refused with the list of presets. */
    public static String datasetOf(String preset) {
        String n = preset == null ? "" : preset.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "paper-mnist", "quick-mnist", "kid-study" -> "mnist-bags";
            case "paper-colon" -> "colon";
            case "paper-breast" -> "breast";
            case "features" -> "features";
            default -> throw new BadInputException("unknown preset '" + preset + "' (valid: " + PRESETS + ")");
        };
    }

    /** A preset by name; {@code data} is needed by the histopathology and slide presets. */
    public static ExperimentConfig preset(String name, Path data, Path out) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "paper-mnist" -> paperMnist(out);
            case "paper-colon" -> paperColon(data, out);
            case "paper-breast" -> paperBreast(data, out);
            case "quick-mnist" -> quickMnist(out);
            case "kid-study" -> kidStudy(out);
            case "features" -> features(data, out);
            default -> throw new BadInputException("unknown preset '" + name + "' (valid: " + PRESETS + ")");
        };
    }

    // ---- derived values -------------------------------------------------------------------

    /** The model kinds the methods need, in a stable order: each is trained once per (repeat, fold). */
    public List<ModelKind> modelKinds() {
        List<ModelKind> kinds = new ArrayList<>();
        for (ModelKind k : ModelKind.values()) {
            if (methods.stream().anyMatch(m -> m.model() == k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /** The lambdas as an array, for {@link MethodRunner}. */
    public float[] lambdaArray() {
        float[] a = new float[lambdas.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = lambdas.get(i);
        }
        return a;
    }

    /** The thresholds as an array. */
    public double[] thresholdArray() {
        return thresholds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether milkid's own methods choose their lambda and threshold on a development split. */
    public boolean selectsOnDevelopment() {
        return devBags > 0;
    }

    /** True when the settings are the paper's KID settings (no override of the inversion iterations). */
    public boolean paperInversion() {
        return inversionIterations == 0;
    }

    // ---- copies ---------------------------------------------------------------------------

    /**
     * A builder of a custom experiment on {@code dataset}, set to the paper's protocol: 10 folds x 5
     * repeats, seed 1, 100 epochs, no early stopping, the {@link #PAPER_METHODS} with the data set's
     * lambdas and the paper's thresholds and iterations, no development bags, 3 panel bags.
     */
    public static Builder builder(String preset, String dataset) {
        return new Builder(preset, dataset);
    }

    /** A builder holding this config's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(preset, dataset);
        b.mnist = mnist;
        b.dataDir = dataDir;
        b.features = features;
        b.folds = folds;
        b.repeats = repeats;
        b.seed = seed;
        b.epochs = epochs;
        b.patience = patience;
        b.methods = methods;
        b.lambdas = lambdas;
        b.thresholds = thresholds;
        b.inversionIterations = inversionIterations;
        b.devBags = devBags;
        b.panelBags = panelBags;
        b.out = out;
        b.resume = resume;
        b.skipEmpty = skipEmpty;
        return b;
    }

    /** Builds an {@link ExperimentConfig}; {@link #build} validates (see the record's components). */
    public static final class Builder {
        private final String preset;
        private final String dataset;
        private MnistBagsConfig mnist;
        private Path dataDir;
        private FeatureBagsConfig features;
        private int folds = 10;
        private int repeats = 5;
        private long seed = 1;
        private int epochs = 100;
        private int patience;
        private List<KidMethod> methods = PAPER_METHODS;
        private List<Float> lambdas;
        private List<Double> thresholds;
        private int inversionIterations;
        private int devBags;
        private int panelBags = 3;
        private Path out;
        private boolean resume;
        private boolean skipEmpty;

        private Builder(String preset, String dataset) {
            this.preset = preset;
            this.dataset = dataset;
        }

        public Builder mnist(MnistBagsConfig m) {
            mnist = m;
            return this;
        }

        public Builder dataDir(Path d) {
            dataDir = d;
            return this;
        }

        public Builder features(FeatureBagsConfig f) {
            features = f;
            return this;
        }

        public Builder folds(int k) {
            folds = k;
            return this;
        }

        public Builder repeats(int r) {
            repeats = r;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder epochs(int e) {
            epochs = e;
            return this;
        }

        public Builder patience(int p) {
            patience = p;
            return this;
        }

        public Builder methods(List<KidMethod> m) {
            methods = m;
            return this;
        }

        public Builder lambdas(List<Float> l) {
            lambdas = l;
            return this;
        }

        public Builder thresholds(List<Double> t) {
            thresholds = t;
            return this;
        }

        public Builder inversionIterations(int n) {
            inversionIterations = n;
            return this;
        }

        public Builder devBags(int n) {
            devBags = n;
            return this;
        }

        public Builder panelBags(int n) {
            panelBags = n;
            return this;
        }

        public Builder out(Path o) {
            out = o;
            return this;
        }

        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        public Builder skipEmpty(boolean s) {
            skipEmpty = s;
            return this;
        }

        public ExperimentConfig build() {
            return new ExperimentConfig(preset, dataset, mnist, dataDir, features, folds, repeats, seed, epochs,
                    patience, methods, lambdas, thresholds, inversionIterations, devBags, panelBags, out, resume,
                    skipEmpty);
        }
    }

    public ExperimentConfig withFolds(int k) {
        return toBuilder().folds(k).build();
    }

    public ExperimentConfig withRepeats(int r) {
        return toBuilder().repeats(r).build();
    }

    public ExperimentConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public ExperimentConfig withEpochs(int e) {
        return toBuilder().epochs(e).build();
    }

    public ExperimentConfig withPatience(int p) {
        return toBuilder().patience(p).build();
    }

    public ExperimentConfig withMethods(List<KidMethod> m) {
        return toBuilder().methods(m).build();
    }

    public ExperimentConfig withInversionIterations(int n) {
        return toBuilder().inversionIterations(n).build();
    }

    public ExperimentConfig withDevBags(int n) {
        return toBuilder().devBags(n).build();
    }

    public ExperimentConfig withPanelBags(int n) {
        return toBuilder().panelBags(n).build();
    }

    /** Another MNIST-bags setting (grid, numbers of bags, MNIST folder); refused for the other data sets. */
    public ExperimentConfig withMnist(MnistBagsConfig m) {
        if (!dataset.equals("mnist-bags")) {
            throw new BadInputException("--grid, --bags and --test-bags apply to mnist-bags only");
        }
        return toBuilder().mnist(m).build();
    }

    /** Other settings of reading the slides; refused for the data sets other than features. */
    public ExperimentConfig withFeatures(FeatureBagsConfig f) {
        return toBuilder().features(f).build();
    }

    public ExperimentConfig withResume(boolean r) {
        return toBuilder().resume(r).build();
    }

    private static List<Float> boxed(float[] a) {
        List<Float> l = new ArrayList<>();
        for (float v : a) {
            l.add(v);
        }
        return l;
    }
}
