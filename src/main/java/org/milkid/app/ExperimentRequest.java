package org.milkid.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.milkid.data.DatasetSpec;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.KidMethod;
import org.milkid.experiment.Experiment;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.ExperimentPresets;
import org.milkid.util.BadInputException;

/**
 * What {@code milkid experiment} runs: the experiments of a preset ({@code kid-study} has several
 * parts, each into its own folder under {@code out}) with the options given applied. The {@link
 * Builder} takes the options and merges them over the preset.
 *
 * @param out the output folder (of the whole study when there are several parts)
 * @param configs the experiments, one per part
 * @param dryRun print the plan and the estimate, then stop
 * @param spark the Spark master to run every (repeat, fold) on; null: in this process
 * @param maxRuns the most runs this invocation does ({@code --max-runs}; {@link Experiment#NO_LIMIT}: all),
 *     after which the finished runs are summarised, marked partial until every run has finished
 */
public record ExperimentRequest(Path out, List<ExperimentConfig> configs, boolean dryRun, String spark, int maxRuns) {

    public ExperimentRequest {
        configs = List.copyOf(configs);
    }

    /** True when the preset runs several experiments (a study). */
    public boolean isStudy() {
        return configs.size() > 1;
    }

    /** A builder with no option given: the preset quick-mnist into {@code milkid-quick-mnist}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options of {@code milkid experiment} as given (null: not given, the preset's value holds). */
    public static final class Builder {
        private String preset;
        private String dataset;
        private FeatureFlags features = FeatureFlags.NONE;
        private Integer folds;
        private Integer repeats;
        private Long seed;
        private List<String> methods;
        private List<Float> lambdas;
        private List<Double> thresholds;
        private Path data;
        private boolean skipEmpty;
        private Integer grid;
        private Integer bags;
        private Integer testBags;
        private Integer devBags;
        private Path mnistDir;
        private Integer epochs;
        private Integer patience;
        private Integer inversionIterations;
        private int panels = 3;
        private Path out;
        private boolean resume;
        private boolean dryRun;
        private String spark;
        private Integer maxRuns;

        private Builder() {
        }

        /** {@code --preset}. */
        public Builder preset(String p) {
            preset = p;
            return this;
        }

        /** {@code --dataset}, which chooses the preset when none is named. */
        public Builder dataset(String d) {
            dataset = d;
            return this;
        }

        public Builder features(FeatureFlags f) {
            features = f;
            return this;
        }

        public Builder folds(Integer k) {
            folds = k;
            return this;
        }

        public Builder repeats(Integer r) {
            repeats = r;
            return this;
        }

        public Builder seed(Long s) {
            seed = s;
            return this;
        }

        /** {@code --methods}: command-line names or results keys. */
        public Builder methods(List<String> m) {
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

        /** {@code --data}: the data set's folder (colon, breast, features). */
        public Builder data(Path d) {
            data = d;
            return this;
        }

        public Builder skipEmpty(boolean s) {
            skipEmpty = s;
            return this;
        }

        /** {@code --grid}: MNIST-bags only; also runs one part of a study at that grid. */
        public Builder grid(Integer g) {
            grid = g;
            return this;
        }

        public Builder bags(Integer n) {
            bags = n;
            return this;
        }

        public Builder testBags(Integer n) {
            testBags = n;
            return this;
        }

        public Builder devBags(Integer n) {
            devBags = n;
            return this;
        }

        public Builder mnistDir(Path d) {
            mnistDir = d;
            return this;
        }

        public Builder epochs(Integer e) {
            epochs = e;
            return this;
        }

        public Builder patience(Integer p) {
            patience = p;
            return this;
        }

        public Builder inversionIterations(Integer n) {
            inversionIterations = n;
            return this;
        }

        /** {@code --panels}: positive test bags of the first fold drawn as panels (default 3). */
        public Builder panels(int n) {
            panels = n;
            return this;
        }

        /** {@code --out}; null: {@code milkid-PRESET}. */
        public Builder out(Path o) {
            out = o;
            return this;
        }

        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        public Builder dryRun(boolean d) {
            dryRun = d;
            return this;
        }

        /** {@code --spark}: the master URL; null: no Spark. */
        public Builder spark(String master) {
            spark = master;
            return this;
        }

        /** {@code --max-runs}: the most runs this invocation does; null: all. */
        public Builder maxRuns(Integer n) {
            maxRuns = n;
            return this;
        }

        /**
         * The request: the preset's experiments with every option given applied; a bad value is
         * refused with a {@link BadInputException} naming its option.
         */
        public ExperimentRequest build() {
            String name = presetName();
            Path dir = out != null ? out : Path.of("milkid-" + name);
            List<ExperimentConfig> parts = ExperimentPresets.presetParts(name, data, dir);
            if (grid != null && parts.size() > 1) {
                // --grid picks one part into --out: the part at that grid with the first part's target
                // digit (kid-study --grid 20: the G = 20 part's bags), else the first part's settings
                ExperimentConfig first = parts.get(0);
                ExperimentConfig one = parts.stream().filter(c -> c.mnist() != null && c.mnist().grid() == grid
                        && c.mnist().targetDigit() == first.mnist().targetDigit()).findFirst().orElse(first);
                parts = List.of(one.toBuilder().out(dir).build());
            }
            List<ExperimentConfig> configs = new ArrayList<>();
            for (ExperimentConfig c : parts) {
                configs.add(override(c));
            }
            if (spark != null && dryRun) {
                throw new BadInputException("--dry-run: a dry run does no run, so --spark would have nothing to do;"
                        + " give one of the two");
            }
            if (maxRuns != null && maxRuns < 0) {
                throw new BadInputException("--max-runs must not be negative, got " + maxRuns);
            }
            return new ExperimentRequest(dir, configs, dryRun, spark, maxRuns == null ? Experiment.NO_LIMIT : maxRuns);
        }

        /** The preset named, else the preset of --dataset; a preset of another data set than --dataset is refused. */
        private String presetName() {
            if (dataset == null) {
                return preset != null ? preset : "quick-mnist";
            }
            String ds = DatasetSpec.canonical(dataset);
            String own = ExperimentPresets.presetFor(ds);
            if (preset == null) {
                return own;
            }
            String of = ExperimentPresets.datasetOf(preset);
            if (!of.equals(ds)) {
                throw new BadInputException("--preset " + preset + " runs on " + of + ", not on --dataset " + ds
                        + " (its preset is " + own + ")");
            }
            return preset;
        }

        /** The preset with every option given applied. */
        private ExperimentConfig override(ExperimentConfig c) {
            if (data != null && c.dataDir() == null) {
                throw new BadInputException("--data applies to the data sets colon, breast and features; "
                        + c.preset() + " uses MNIST-bags (see --mnist-dir)");
            }
            ExperimentConfig.Builder b = c.toBuilder();
            FeatureBagsConfig f = features.config(c.dataset());
            if (f != null) {
                b.features(f);
            }
            if (grid != null || bags != null || testBags != null || mnistDir != null) {
                if (c.mnist() == null) {
                    throw new BadInputException("--grid, --bags, --test-bags and --mnist-dir apply to MNIST-bags only");
                }
                MnistBagsConfig m = c.mnist();
                b.mnist(new MnistBagsConfig(grid != null ? grid : m.grid(), m.targetDigit(),
                        bags != null ? bags : m.trainBags(), testBags != null ? testBags : m.testBags(), m.seed(),
                        mnistDir != null ? mnistDir : m.mnistDir()));
            }
            if (folds != null) {
                b.folds(folds);
            }
            if (repeats != null) {
                b.repeats(repeats);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (methods != null) {
                b.methods(methods.stream().map(KidMethod::parse).toList());
            }
            if (lambdas != null) {
                b.lambdas(lambdas);
            }
            if (thresholds != null) {
                b.thresholds(thresholds);
            }
            if (devBags != null) {
                b.devBags(devBags);
            }
            if (epochs != null) {
                b.epochs(epochs);
            }
            if (patience != null) {
                b.patience(patience);
            }
            if (inversionIterations != null) {
                b.inversionIterations(inversionIterations);
            }
            return b.panelBags(panels).resume(resume).skipEmpty(skipEmpty).build();
        }
    }
}
