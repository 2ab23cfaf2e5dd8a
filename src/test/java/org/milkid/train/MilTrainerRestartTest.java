package org.milkid.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.EncoderKind;
import org.milkid.model.Engines;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

/**
 * The trainer's restarts from fresh weights when a model is still at chance, the seeding of
 * libtorch's random generator, and the error of a training whose loss is NaN in every epoch.
 */
class MilTrainerRestartTest {
    private static final ModelConfig ATT = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET);

    /** Tiny MNIST-bags (3 x 3 digits a bag) that a fresh model learns within a few epochs. */
    private static List<Bag> tinyMnist() throws Exception {
        return MnistBagSource.load(new MnistBagsConfig(3, 9, 200, 4, 7, null)).trainBags();
    }

    /**
     * Sets every parameter to 0: every activation is then 0 and only the classifier's bias gets a
     * gradient, so the model predicts one probability for every bag and stays at chance for good.
     */
    static void zero(MilModel model) {
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            a.set(FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
        }
    }

    private static final class Restarts implements TrainListener {
        final List<Integer> atEpoch = new ArrayList<>();

        @Override
        public void onRestart(int restart, int epochs) {
            assertThat(restart).isEqualTo(atEpoch.size() + 1);
            atEpoch.add(epochs);
        }
    }

    @Test
    void aStuckFirstAttemptIsRestartedFromFreshWeightsAndRecorded() throws Exception {
        List<Bag> bags = tinyMnist();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(6).withPatience(2).withRestarts(2, 3);
        try (MilModel model = MilModel.create(ATT, 5)) {
            zero(model);
            Restarts heard = new Restarts();
            TrainResult r = new MilTrainer(tc, heard).fit(model, bags);
            assertThat(r.restarts()).isBetween(1, 2);
            assertThat(heard.atEpoch).hasSize(r.restarts()).containsOnly(3);
            assertThat(r.abandonedEpochs()).isEqualTo(3 * r.restarts());
            assertThat(r.leftChance()).isTrue();
            assertThat(r.bestValidationLoss()).isLessThan(TrainResult.CHANCE_LOSS);
        }
        // without restarts (the paper) the planted model never leaves chance
        try (MilModel model = MilModel.create(ATT, 5)) {
            zero(model);
            TrainResult r = new MilTrainer(tc.withRestarts(0, 1).withEpochs(3), TrainListener.NONE).fit(model, bags);
            assertThat(r.restarts()).isZero();
            assertThat(r.leftChance()).isFalse();
        }
    }

    /** The restart rule on validation figures seen in the chance study (loss, accuracy, share predicted positive). */
    @Test
    void onlyAFlatModelIsRestartedNotOneOnItsWayDown() {
        assertThat(MilTrainer.flatAtChance(0.6931, 0.5, 0.5, true)).as("on the plateau").isTrue();
        assertThat(MilTrainer.flatAtChance(0.696, 0.4, 0.3, true)).as("above ln 2").isTrue();
        assertThat(MilTrainer.flatAtChance(0.690, 0.5, 0.0, true)).as("one label for all, flat").isTrue();
        assertThat(MilTrainer.flatAtChance(0.674, 0.5, 0.5, true)).as("attention on its way down").isFalse();
        assertThat(MilTrainer.flatAtChance(0.635, 0.5, 1.0, true)).as("one label but loss falling").isFalse();
        assertThat(MilTrainer.flatAtChance(0.640, 0.9, 0.5, true)).as("left chance").isFalse();
    }

    @Test
    void aModelThatLearnsIsNotRestartedAndTrainsAsThePapersDoes() throws Exception {
        List<Bag> bags = tinyMnist();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(4).withPatience(2);
        List<float[]> weights = new ArrayList<>();
        for (TrainConfig c : List.of(tc.withRestarts(3, 3), tc.withRestarts(0, 1))) {
            try (MilModel model = MilModel.create(ATT, 5)) {
                Restarts heard = new Restarts();
                TrainResult r = new MilTrainer(c, heard).fit(model, bags);
                assertThat(r.leftChance()).isTrue();
                assertThat(r.restarts()).isZero();
                assertThat(r.abandonedEpochs()).isZero();
                assertThat(heard.atEpoch).isEmpty();
                weights.add(flat(model.snapshot()));
            }
        }
        assertThat(Arrays.equals(weights.get(0), weights.get(1))).as("same weights with and without restarts").isTrue();
    }

    @Test
    void restartsAreBoundedAndReportedWhenNothingCanBeLearned() {
        // every bag holds the same pixels, half of them labelled 1: no model can tell them apart
        float[] pixels = new float[4 * 28 * 28];
        Random rng = new Random(2);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextFloat();
        }
        List<Bag> bags = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bags.add(new Bag("b" + i, i % 2, 1, 28, 28, pixels, null, null));
        }
        TrainConfig tc = TrainConfig.paperMnist(3).withEpochs(3).withPatience(1).withRestarts(2, 1);
        try (MilModel model = MilModel.create(ATT, 5)) {
            Restarts heard = new Restarts();
            TrainResult r = new MilTrainer(tc, heard).fit(model, bags);
            assertThat(r.restarts()).isEqualTo(2);
            assertThat(heard.atEpoch).containsExactly(1, 1);
            assertThat(r.abandonedEpochs()).isEqualTo(2);
            assertThat(r.leftChance()).isFalse();
            // the last attempt runs every epoch (patience counts only once a model has left chance)
            assertThat(r.history()).hasSize(3);
        }
    }

    @Test
    void theSameSeedGivesTheSameRestartsAndWeights() throws Exception {
        List<Bag> bags = tinyMnist();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(4).withPatience(2).withRestarts(2, 2);
        List<float[]> weights = new ArrayList<>();
        List<Integer> restarts = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (MilModel model = MilModel.create(ATT, 5)) {
                zero(model);
                TrainResult r = new MilTrainer(tc, TrainListener.NONE).fit(model, bags);
                restarts.add(r.restarts());
                weights.add(flat(model.snapshot()));
            }
        }
        assertThat(restarts.get(0)).isPositive().isEqualTo(restarts.get(1));
        assertThat(Arrays.equals(weights.get(0), weights.get(1))).as("same weights from the same seed").isTrue();
    }

    @Test
    void aLossThatIsNaNInEveryEpochEndsWithAClearError() throws Exception {
        List<Bag> bags = tinyMnist().subList(0, 40);
        // Adam moves every weight by about the learning rate a step: 1e38 overflows the activations to NaN
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(2).withRestarts(0, 1).withLearningRate(1e38f);
        try (MilModel model = MilModel.create(ATT, 5)) {
            assertThatThrownBy(() -> new MilTrainer(tc, TrainListener.NONE).fit(model, bags))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Att")
                    .hasMessageContaining("NaN in every one of 2 epochs")
                    .hasMessageContaining("smaller learning rate");
        }
        // with restarts on, a diverged attempt ends training at the restart point instead of restarting
        Restarts heard = new Restarts();
        try (MilModel model = MilModel.create(ATT, 5)) {
            assertThatThrownBy(() -> new MilTrainer(tc.withEpochs(4).withRestarts(2, 2), heard).fit(model, bags))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("NaN in every one of 2 epochs");
        }
        assertThat(heard.atEpoch).isEmpty();
    }

    @Test
    void dropoutDrawsDependOnTheTrainingSeedNotOnWhatRanBefore() {
        // tiny histology bags: the histology encoder has dropout 0.2, drawn from libtorch's generator
        Random rng = new Random(4);
        List<Bag> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] px = new float[3 * 3 * 27 * 27];
            for (int j = 0; j < px.length; j++) {
                px[j] = rng.nextFloat();
            }
            train.add(new Bag("h" + i, i % 2, 3, 27, 27, px, null, null));
        }
        List<Bag> validation = train.subList(0, 2);
        TrainConfig tc = TrainConfig.paperHistology(9).withEpochs(1).withRestarts(0, 1);
        tc = new TrainConfig(tc.epochs(), tc.learningRate(), tc.weightDecay(), tc.beta1(), tc.beta2(),
                tc.validationFraction(), 0, 0, false, tc.seed(), 0, 1);
        ModelConfig histo = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.HISTO27);
        assertThat(histo.dropout()).isPositive();
        List<float[]> weights = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            // something else draws from libtorch's global generator before each training, differently
            try (NDManager m = NDManager.newBaseManager(Engines.ensureReady().defaultDevice(), Engines.ENGINE)) {
                m.randomUniform(0f, 1f, new Shape(1000 + 777 * run)).toFloatArray();
            }
            try (MilModel model = MilModel.create(histo, 5)) {
                new MilTrainer(tc, TrainListener.NONE).fit(model, train, validation);
                weights.add(flat(model.snapshot()));
            }
        }
        // without the seeding (checked by hand) the two differ from the first digits on
        assertThat(Arrays.equals(weights.get(0), weights.get(1))).as("same weights whatever drew before").isTrue();
    }

    static float[] flat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int i = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, i, a.length);
            i += a.length;
        }
        return out;
    }
}
