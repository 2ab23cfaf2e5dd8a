package org.milkid.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

/**
 * A training stopped in the middle goes on after its last finished epoch with the numbers of a
 * training that never stopped: the optimizer (Adam as DJL computes it, with its moments kept), the
 * bag order, the augmentation, dropout, restarts and the best epoch all carry over.
 */
class MilTrainerResumeTest {
    private static final ModelConfig ATT = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET);

    @TempDir
    Path dir;

    /** Keeps the last state as files (through the codec), as the experiment's store does. */
    private final class FolderCheckpoint implements EpochCheckpoint {
        final Path folder = dir.resolve("state");
        final List<String> discarded = new ArrayList<>();
        int saves;

        @Override
        public TrainingState load() {
            try {
                return Files.isDirectory(folder) ? TrainingStateCodec.read(folder) : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void save(TrainingState state) {
            try {
                org.milkid.util.AtomicFiles.writeDir(folder, tmp -> TrainingStateCodec.write(state, tmp));
                saves++;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void discard(String why) {
            discarded.add(why);
        }
    }

    /**
     * Stops the training at the second step of an epoch (the {@code times}-th time it gets there:
     * restarts count epochs from 1 again), as a killed process would; hears the resumption.
     */
    private static final class Stopper implements TrainListener {
        final int epoch;
        int times;
        final List<String> heard = new ArrayList<>();

        Stopper(int epoch, int times) {
            this.epoch = epoch;
            this.times = times;
        }

        @Override
        public void onStep(int e, int s, int steps, double loss) {
            if (e == epoch && s == 2 && --times == 0) {
                throw new IllegalStateException("stopped in epoch " + e);
            }
        }

        @Override
        public void onResume(int attempt, int e) {
            heard.add("attempt " + attempt + " epoch " + e);
        }

        @Override
        public void onRestart(int restart, int epochs) {
            heard.add("restart " + restart + " after " + epochs);
        }
    }

    private record Trained(float[] weights, TrainResult result) {
    }

    /** Trains a fresh model of {@code config} (initialised from {@code init}). */
    private static Trained train(ModelConfig config, long init, MilTrainer trainer, List<Bag> train,
            List<Bag> validation, boolean zero) {
        try (MilModel model = MilModel.create(config, init)) {
            if (zero) {
                MilTrainerRestartTest.zero(model);
            }
            TrainResult r = trainer.fit(model, train, validation);
            return new Trained(MilTrainerRestartTest.flat(model.snapshot()), r);
        }
    }

    /** Trains once without a stop, once stopped at (epoch, step) and resumed in a new model and trainer. */
    private TrainResult assertResumesExactly(ModelConfig config, TrainConfig tc, BiFunction<Bag, Random, Bag> augmenter,
            List<Bag> train, List<Bag> validation, boolean zero, int stopEpoch, int stopTimes, String resumedAt) {
        Trained whole = train(config, 5, new MilTrainer(tc, TrainListener.NONE, augmenter), train, validation, zero);
        FolderCheckpoint kept = new FolderCheckpoint();
        Stopper stop = new Stopper(stopEpoch, stopTimes);
        assertThatThrownBy(() -> train(config, 5, new MilTrainer(tc, stop, augmenter).withCheckpoint(kept), train,
                validation, zero)).hasMessageContaining("stopped in epoch " + stopEpoch);
        assertThat(kept.saves).isPositive();
        // another initialisation: what carries over comes from the state, not from the fresh model
        Stopper never = new Stopper(-1, -1);
        Trained resumed = train(config, 77, new MilTrainer(tc, never, augmenter).withCheckpoint(kept), train,
                validation, false);
        assertThat(never.heard).first().isEqualTo(resumedAt);
        assertThat(kept.discarded).isEmpty();
        assertThat(Arrays.equals(resumed.weights(), whole.weights())).as("the same weights").isTrue();
        TrainResult a = whole.result();
        TrainResult b = resumed.result();
        assertThat(b.bestEpoch()).isEqualTo(a.bestEpoch());
        assertThat(b.bestValidationLoss()).isEqualTo(a.bestValidationLoss());
        assertThat(b.restarts()).isEqualTo(a.restarts());
        assertThat(b.abandonedEpochs()).isEqualTo(a.abandonedEpochs());
        assertThat(b.leftChance()).isEqualTo(a.leftChance());
        assertThat(b.history()).hasSameSizeAs(a.history());
        for (int i = 0; i < a.history().size(); i++) {
            EpochReport x = a.history().get(i);
            EpochReport y = b.history().get(i);
            assertThat(new double[] {y.epoch(), y.trainLoss(), y.validationLoss(), y.validationAccuracy()})
                    .as("epoch %d", i + 1)
                    .containsExactly(x.epoch(), x.trainLoss(), x.validationLoss(), x.validationAccuracy());
        }
        return b;
    }

    @Test
    void anAttentionModelStoppedInItsThirdEpochGoesOnAfterTheSecond() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 60, 4, 7, null)).trainBags();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(4).withPatience(0);
        assertResumesExactly(ATT, tc, null, bags.subList(0, 48), bags.subList(48, 60), false, 3, 1, "attempt 0 epoch 2");
    }

    /** Sets the bag classifier's bias to 50: every bag's probability is 1, at the loss's clamp. */
    private static void saturate(MilModel model) {
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            if (p.getKey().contains("classifier") && p.getKey().endsWith("bias")) {
                p.getValue().getArray().set(FloatBuffer.wrap(new float[] {50}));
                return;
            }
        }
        throw new AssertionError("the attention model has no classifier bias");
    }

    private static Trained saturatedTraining(MilTrainer trainer, List<Bag> train, List<Bag> validation) {
        try (MilModel model = MilModel.create(ATT, 5)) {
            saturate(model);
            TrainResult r = trainer.fit(model, train, validation);
            return new Trained(MilTrainerRestartTest.flat(model.snapshot()), r);
        }
    }

    @Test
    void aTrainingOnTheClampsPlateauStepsThroughWeightDecayAndResumesThere() throws Exception {
        // every bag at the clamp, so every gradient is exactly zero: DJL's trainer refused such a first
        // step ("Gradient values are all zeros"), which is where a training resumed on the plateau starts
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 60, 4, 7, null)).trainBags();
        List<Bag> train = bags.subList(0, 48);
        List<Bag> validation = bags.subList(48, 60);
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(3).withPatience(0);
        Trained whole = saturatedTraining(new MilTrainer(tc, TrainListener.NONE), train, validation);
        double clampLoss = train.stream().mapToDouble(b -> b.label() == 1 ? -Math.log(1 - 1e-5) : Math.log(1e5))
                .average().orElseThrow();
        for (EpochReport e : whole.result().history()) {
            assertThat(e.trainLoss()).as("epoch %d on the plateau", e.epoch()).isCloseTo(clampLoss, within(1e-3));
        }
        float[] start;
        try (MilModel model = MilModel.create(ATT, 5)) {
            saturate(model);
            start = MilTrainerRestartTest.flat(model.snapshot());
        }
        assertThat(Arrays.equals(whole.weights(), start)).as("weight decay moved the weights").isFalse();

        FolderCheckpoint kept = new FolderCheckpoint();
        assertThatThrownBy(() -> saturatedTraining(new MilTrainer(tc, new Stopper(2, 1)).withCheckpoint(kept), train,
                validation)).hasMessageContaining("stopped in epoch 2");
        Stopper never = new Stopper(-1, -1);
        Trained resumed = saturatedTraining(new MilTrainer(tc, never).withCheckpoint(kept), train, validation);
        assertThat(never.heard).containsExactly("attempt 0 epoch 1");
        assertThat(Arrays.equals(resumed.weights(), whole.weights())).as("the same weights").isTrue();
    }

    @Test
    void dropoutAndAugmentationDrawWhatTheyWouldHaveDrawn() {
        // tiny histology bags: the histology encoder has dropout 0.2, drawn from libtorch's generator
        Random rng = new Random(4);
        List<Bag> bags = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            float[] px = new float[3 * 3 * 27 * 27];
            for (int j = 0; j < px.length; j++) {
                px[j] = rng.nextFloat() * 0.6f + (i % 2) * (j % 7 == 0 ? 0.3f : 0f);
            }
            bags.add(new Bag("h" + i, i % 2, 3, 27, 27, px, null, null));
        }
        ModelConfig histo = ModelConfig.of(ModelKind.ATTENTION, EncoderKind.HISTO27);
        assertThat(histo.dropout()).isPositive();
        TrainConfig base = TrainConfig.paperHistology(9);
        TrainConfig tc = new TrainConfig(3, base.learningRate(), base.weightDecay(), base.beta1(), base.beta2(),
                base.validationFraction(), 0, 0, true, base.seed(), 0, 1);
        // an augmentation that draws from its generator: a random brightness a bag
        BiFunction<Bag, Random, Bag> brighten = (b, r) -> {
            float[] px = b.pixels().clone();
            float d = r.nextFloat() * 0.1f;
            for (int j = 0; j < px.length; j++) {
                px[j] += d;
            }
            return new Bag(b.id(), b.label(), b.channels(), b.height(), b.width(), px, null, null);
        };
        assertResumesExactly(histo, tc, brighten, bags.subList(0, 8), bags.subList(8, 10), false, 2,
                1, "attempt 0 epoch 1");
    }

    @Test
    void aStopAfterARestartGoesOnInThatAttempt() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 120, 4, 7, null)).trainBags();
        // a zeroed model stays at chance: the first attempt is abandoned after 2 epochs; stopped in
        // the second epoch of the second attempt
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(4).withPatience(0).withRestarts(1, 2);
        TrainResult r = assertResumesExactly(ATT, tc, null, bags.subList(0, 90), bags.subList(90, 120), true, 2,
                2, "attempt 1 epoch 1");
        assertThat(r.restarts()).isEqualTo(1);
        assertThat(r.abandonedEpochs()).isEqualTo(2);
    }

    @Test
    void aStateForOtherBagsIsDiscardedAndTheTrainingStartsAfresh() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 40, 4, 7, null)).trainBags();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(2).withPatience(0);
        FolderCheckpoint kept = new FolderCheckpoint();
        train(ATT, 5, new MilTrainer(tc, TrainListener.NONE).withCheckpoint(kept), bags.subList(0, 30),
                bags.subList(30, 40), false);
        Trained whole = train(ATT, 5, new MilTrainer(tc, TrainListener.NONE), bags.subList(0, 28),
                bags.subList(30, 40), false);
        Trained other = train(ATT, 5, new MilTrainer(tc, TrainListener.NONE).withCheckpoint(kept),
                bags.subList(0, 28), bags.subList(30, 40), false);
        assertThat(kept.discarded).containsExactly("30 training bags, not 28");
        assertThat(Arrays.equals(other.weights(), whole.weights())).isTrue();
    }

    @Test
    void theStateFilesRoundTripAndAChangedOrTruncatedOneIsRefusedWithItsName() throws Exception {
        Random r = new Random(3);
        r.nextInt();
        TrainingState s = new TrainingState(1, 3, 2, List.of(new float[] {1f, -2.5f}, new float[] {Float.MIN_VALUE}),
                new AdamMoments(7, new int[] {7, 0}, Arrays.asList(new float[] {0.1f, 0.2f}, null),
                        Arrays.asList(new float[] {0.01f, 0.02f}, null)),
                new int[] {2, 0, 1}, TrainingStateCodec.save(r), TrainingStateCodec.save(new Random(9)),
                List.of(new float[] {3f, 4f}, new float[] {5f}), 1, 0.123456789012345, 0.75, 0.5,
                List.of(new EpochReport(1, 0.7, 0.123456789012345, 0.75, 1.5, true),
                        new EpochReport(2, 0.6, Double.NaN, 0.5, 1.25, false)),
                new double[] {3.25, 4.5}, 12.5);
        Path folder = Files.createDirectories(dir.resolve("s"));
        TrainingStateCodec.write(s, folder);
        TrainingState back = TrainingStateCodec.read(folder);
        assertThat(back.attempt()).isEqualTo(1);
        assertThat(back.abandonedEpochs()).isEqualTo(3);
        assertThat(back.epoch()).isEqualTo(2);
        assertThat(back.params()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(s.params());
        assertThat(back.best().get(1)).containsExactly(5f);
        assertThat(back.adam().numUpdate()).isEqualTo(7);
        assertThat(back.adam().counts()).containsExactly(7, 0);
        assertThat(back.adam().means().get(0)).containsExactly(0.1f, 0.2f);
        assertThat(back.adam().means().get(1)).isNull();
        assertThat(back.adam().variances().get(0)).containsExactly(0.01f, 0.02f);
        assertThat(back.order()).containsExactly(2, 0, 1);
        assertThat(TrainingStateCodec.restore(back.orderRandom()).nextLong()).isEqualTo(r.nextLong());
        assertThat(back.bestLoss()).isEqualTo(0.123456789012345);
        assertThat(back.history()).hasSize(2);
        assertThat(back.history().get(1).validationLoss()).isNaN();
        assertThat(back.stepMs()).containsExactly(3.25, 4.5);
        assertThat(back.seconds()).isEqualTo(12.5);
        // no best epoch yet: the best loss reads back as +infinity, which any finite loss improves on
        TrainingState none = new TrainingState(0, 0, 1, s.params(), s.adam(), s.order(), s.orderRandom(),
                s.augmentationRandom(), null, 0, Double.POSITIVE_INFINITY, 0, 0.5, s.history().subList(0, 1),
                new double[0], 0);
        Path empty = Files.createDirectories(dir.resolve("n"));
        TrainingStateCodec.write(none, empty);
        assertThat(TrainingStateCodec.read(empty).bestLoss()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(TrainingStateCodec.read(empty).best()).isNull();

        Path json = folder.resolve(TrainingStateCodec.JSON_FILE);
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"bestEpoch\": 1", "\"bestEpoch\": 2"));
        assertThatThrownBy(() -> TrainingStateCodec.read(folder)).isInstanceOf(IOException.class)
                .hasMessageContaining(json.toString()).hasMessageContaining("checksum mismatch");
        Files.writeString(json, text);
        Path tensors = folder.resolve(TrainingStateCodec.TENSORS_FILE);
        byte[] bytes = Files.readAllBytes(tensors);
        Files.write(tensors, Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> TrainingStateCodec.read(folder)).isInstanceOf(IOException.class)
                .hasMessageContaining(tensors.toString()).hasMessageContaining("checksum mismatch");
        Files.delete(tensors);
        assertThatThrownBy(() -> TrainingStateCodec.read(folder)).isInstanceOf(IOException.class)
                .hasMessageContaining(folder.toString()).hasMessageContaining("missing");
        Path cut = empty.resolve(TrainingStateCodec.JSON_FILE);
        Files.writeString(cut, "{\"format\": 1, \"attempt\": ");
        assertThatThrownBy(() -> TrainingStateCodec.read(empty)).isInstanceOf(IOException.class)
                .hasMessageContaining(cut.toString());
    }

    @Test
    void aStateKeptAfterTheLastEpochGivesTheModelWithoutAnotherEpoch() throws Exception {
        // killed between the last epoch's state and the model's save
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 60, 4, 7, null)).trainBags();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(3).withPatience(0);
        FolderCheckpoint kept = new FolderCheckpoint();
        Trained whole = train(ATT, 5, new MilTrainer(tc, TrainListener.NONE).withCheckpoint(kept),
                bags.subList(0, 48), bags.subList(48, 60), false);
        assertThat(kept.saves).isEqualTo(3);
        Stopper never = new Stopper(-1, -1);
        Trained again = train(ATT, 77, new MilTrainer(tc, never).withCheckpoint(kept), bags.subList(0, 48),
                bags.subList(48, 60), false);
        assertThat(kept.saves).as("no epoch ran").isEqualTo(3);
        assertThat(never.heard).isEmpty();
        assertThat(Arrays.equals(again.weights(), whole.weights())).isTrue();
        assertThat(again.result().history()).hasSize(3);
    }

    @Test
    void aStopRightAfterAnAttemptWasAbandonedRestartsAsItWould() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 120, 4, 7, null)).trainBags();
        // stopped in the first epoch of the second attempt: the state is the abandoned attempt's last
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(4).withPatience(0).withRestarts(1, 2);
        TrainResult r = assertResumesExactly(ATT, tc, null, bags.subList(0, 90), bags.subList(90, 120), true, 1, 2,
                "restart 1 after 2");
        assertThat(r.restarts()).isEqualTo(1);
    }

    @Test
    void aWarmUpGoesOnAcrossTheStop() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 60, 4, 7, null)).trainBags();
        TrainConfig b = TrainConfig.paperMnist(11);
        // 100 warm-up steps over 3 epochs of 48 bags: the learning rate is still rising at the stop
        TrainConfig tc = new TrainConfig(3, b.learningRate(), b.weightDecay(), b.beta1(), b.beta2(),
                b.validationFraction(), 0, 100, false, b.seed(), 0, 1);
        assertResumesExactly(ATT, tc, null, bags.subList(0, 48), bags.subList(48, 60), false, 2, 1,
                "attempt 0 epoch 1");
    }

    @Test
    void anInconsistentStateIsDiscarded() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 30, 4, 7, null)).trainBags();
        TrainConfig tc = TrainConfig.paperMnist(11).withEpochs(2).withPatience(0);
        FolderCheckpoint kept = new FolderCheckpoint();
        train(ATT, 5, new MilTrainer(tc, TrainListener.NONE).withCheckpoint(kept), bags.subList(0, 24),
                bags.subList(24, 30), false);
        TrainingState s = kept.load();
        // the best epoch's weights without a best epoch
        kept.save(new TrainingState(s.attempt(), s.abandonedEpochs(), s.epoch(), s.params(), s.adam(), s.order(),
                s.orderRandom(), s.augmentationRandom(), s.best(), 0, s.bestLoss(), s.bestAccuracy(),
                s.bestPositiveShare(), s.history(), s.stepMs(), s.seconds()));
        train(ATT, 5, new MilTrainer(tc, TrainListener.NONE).withCheckpoint(kept), bags.subList(0, 24),
                bags.subList(24, 30), false);
        assertThat(kept.discarded).containsExactly("best epoch 0 after epoch 2 with its weights");
    }

    @Test
    void resumableAdamComputesWhatDjlsAdamComputes() throws Exception {
        List<Bag> bags = MnistBagSource.load(new MnistBagsConfig(3, 9, 12, 4, 7, null)).trainBags();
        TrainConfig tc = TrainConfig.paperMnist(2);
        Optimizer djl = Optimizer.adam().optLearningRateTracker(Tracker.fixed(tc.learningRate())).optBeta1(tc.beta1())
                .optBeta2(tc.beta2()).optWeightDecays(tc.weightDecay()).build();
        Optimizer ours = new ResumableAdam(Tracker.fixed(tc.learningRate()), tc.beta1(), tc.beta2(), tc.weightDecay());
        List<float[]> weights = new ArrayList<>();
        for (Optimizer o : List.of(djl, ours)) {
            try (MilModel model = MilModel.create(ATT, 3);
                    Trainer trainer = model.djlModel().newTrainer(
                            new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(o))) {
                for (Bag b : bags) {
                    try (NDManager m = trainer.getManager().newSubManager();
                            GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray p = trainer.forward(new NDList(MilModel.toArray(m, b))).get(MilBlock.PROB);
                        gc.backward(BagLoss.nll(p, m.create(new float[] {b.label()})).sum());
                        trainer.step();
                    }
                }
                weights.add(MilTrainerRestartTest.flat(model.snapshot()));
            }
        }
        assertThat(weights.get(1)).isNotEqualTo(MilTrainerRestartTest.flat(initial()));
        assertThat(Arrays.equals(weights.get(1), weights.get(0))).as("bit for bit DJL's Adam").isTrue();
    }

    private static List<float[]> initial() {
        try (MilModel model = MilModel.create(ATT, 3)) {
            return model.snapshot();
        }
    }
}
