package org.milkid.app;

import java.nio.file.Path;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;

/**
 * What {@link TrainJob} trains: a {@code kind} model on {@code spec}'s bags with {@code train}, saved
 * into {@code out}. The {@link Builder} takes the options of {@code milkid train} and fills what is
 * not given from the data set's defaults.
 *
 * @param spec the data set
 * @param kind the model kind
 * @param train the training settings
 * @param out the model folder to write
 * @param resume go on from the training state an interrupted training of the same model on the same
 *     bags and machine kept in {@code out} ({@code --resume}); the state is kept after every epoch
 *     either way
 */
public record TrainRequest(DatasetSpec spec, ModelKind kind, TrainConfig train, Path out, boolean resume) {
    /** A request that starts the training afresh. */
    public TrainRequest(DatasetSpec spec, ModelKind kind, TrainConfig train, Path out) {
        this(spec, kind, train, out, false);
    }

    /** A builder of a request to train into {@code out}, with {@code milkid train}'s defaults. */
    public static Builder builder(Path out) {
        return new Builder(out);
    }

    /** The options of {@code milkid train}; {@link #build} merges them over the data set's defaults. */
    public static final class Builder {
        private final Path out;
        private String dataset = "mnist-bags";
        private Path data;
        private FeatureFlags features = FeatureFlags.NONE;
        private int patchSize = 32;
        private double testFraction = 0.2;
        private boolean skipEmpty;
        private MnistBagsConfig mnist = new MnistBagsConfig(20, 9, 200, 100, 1, null);
        private String model = "attention";
        private int epochs = 100;
        private int patience;
        private Float learningRate;
        private Float weightDecay;
        private int warmup;
        private int restarts = TrainConfig.DEFAULT_RESTARTS;
        private int restartAfter = TrainConfig.DEFAULT_RESTART_AFTER;
        private long seed = 1;
        private boolean resume;

        private Builder(Path out) {
            this.out = out;
        }

        /** {@code --dataset}: mnist-bags, colon, breast, images or features. */
        public Builder dataset(String d) {
            dataset = d;
            return this;
        }

        /** {@code --data}: the data set's folder (all but mnist-bags). */
        public Builder data(Path d) {
            data = d;
            return this;
        }

        public Builder features(FeatureFlags f) {
            features = f;
            return this;
        }

        /** {@code --patch-size} of {@code images}. */
        public Builder patchSize(int p) {
            patchSize = p;
            return this;
        }

        /** {@code --test-fraction} of the single-pool data sets. */
        public Builder testFraction(double f) {
            testFraction = f;
            return this;
        }

        public Builder skipEmpty(boolean s) {
            skipEmpty = s;
            return this;
        }

        /** The MNIST-bags settings (mnist-bags only). */
        public Builder mnist(MnistBagsConfig m) {
            mnist = m;
            return this;
        }

        /** {@code --model}: attention, gated, inst-max, inst-mean or additive. */
        public Builder model(String m) {
            model = m;
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

        /** {@code --lr}; null: the data set's. */
        public Builder learningRate(Float lr) {
            learningRate = lr;
            return this;
        }

        /** {@code --weight-decay}; null: the data set's. */
        public Builder weightDecay(Float wd) {
            weightDecay = wd;
            return this;
        }

        public Builder warmup(int w) {
            warmup = w;
            return this;
        }

        public Builder restarts(int r) {
            restarts = r;
            return this;
        }

        public Builder restartAfter(int epochs) {
            restartAfter = epochs;
            return this;
        }

        /** {@code --seed}: drives the training and the test split (the MNIST-bags settings carry their own). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** {@code --resume}: go on from the training state kept in the model folder. */
        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        /** The request; a bad value is refused with a {@link org.milkid.util.BadInputException} naming its option. */
        public TrainRequest build() {
            String name = DatasetSpec.canonical(dataset);
            FeatureBagsConfig featureConfig = features.config(name);
            DatasetSpec spec = name.equals("mnist-bags") ? DatasetSpec.mnist(mnist)
                    : new DatasetSpec(name, null, data, patchSize, testFraction, seed, skipEmpty, featureConfig);
            TrainConfig d = Datasets.trainDefaults(name, seed);
            TrainConfig tc = new TrainConfig(epochs, learningRate != null ? learningRate : d.learningRate(),
                    weightDecay != null ? weightDecay : d.weightDecay(), d.beta1(), d.beta2(), d.validationFraction(),
                    patience, warmup, d.augment(), seed, restarts, restartAfter);
            return new TrainRequest(spec, ModelKind.parse(model), tc, out, resume);
        }
    }
}
