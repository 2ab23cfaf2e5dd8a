package org.milkid.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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
 * lambdas and thresholds to score. The presets are {@link ExperimentPresets}; a {@link Builder}
 * ({@link #builder}, {@link #toBuilder}) makes any other, and a {@code with...} copy changes one
 * field. The compact constructor validates and fills the data set's lambdas when none are given, so
 * that a config written to results.json is complete.
 *
 * <p>Longer than milkid's usual 350 lines: nineteen settings with their validation, their builder
 * and the one-field copies the tests use belong together.
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

    /** The data sets an experiment runs on, for help texts and errors. */
    public static final String DATASETS = "mnist-bags, colon, breast, features";

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
     * repeats, seed 1, 100 epochs, no early stopping, the {@link ExperimentPresets#PAPER_METHODS}
     * with the data set's lambdas and the paper's thresholds and iterations, no development bags, 3
     * panel bags.
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
        private List<KidMethod> methods = ExperimentPresets.PAPER_METHODS;
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
