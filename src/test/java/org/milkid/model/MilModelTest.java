package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;

class MilModelTest {

    /** A bag of k random 28x28 digits-like instances. */
    static Bag randomBag(int k, long seed) {
        Random r = new Random(seed);
        float[] p = new float[k * 784];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat() < 0.8f ? 0f : r.nextFloat();
        }
        return new Bag("random-" + seed, 0, 1, 28, 28, p, null, null);
    }

    @Test
    void attentionWeightsSumToOneForAnyBagSizeIncludingOne() {
        for (ModelKind kind : new ModelKind[] {ModelKind.ATTENTION, ModelKind.GATED_ATTENTION}) {
            try (MilModel m = MilModel.create(ModelConfig.of(kind, EncoderKind.LENET), 3)) {
                for (int k : new int[] {1, 2, 7, 50}) {
                    Prediction p = m.predict(randomBag(k, k));
                    assertThat(p.weights()).hasSize(k);
                    double sum = 0;
                    for (float w : p.weights()) {
                        sum += w;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-5));
                    assertThat(p.probability()).isBetween(0f, 1f);
                }
                assertThat(m.predict(randomBag(1, 5)).weights()[0]).isEqualTo(1f);
            }
        }
    }

    @Test
    void predictionIsInvariantToInstanceOrder() {
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 4)) {
            Bag b = randomBag(9, 1);
            int[] order = {8, 3, 0, 5, 1, 7, 2, 6, 4};
            Prediction p = m.predict(b);
            Prediction q = m.predict(b.permuted(order));
            assertThat(q.probability()).isCloseTo(p.probability(), within(1e-6f));
            for (int i = 0; i < order.length; i++) {
                assertThat(q.weights()[i]).isCloseTo(p.weights()[order[i]], within(1e-6f));
            }
        }
    }

    @Test
    void instanceBaselinesPoolByMaxAndMean() {
        Bag b = randomBag(6, 2);
        try (MilModel max = MilModel.create(ModelConfig.of(ModelKind.INST_MAX, EncoderKind.LENET), 5);
                MilModel mean = MilModel.create(ModelConfig.of(ModelKind.INST_MEAN, EncoderKind.LENET), 5)) {
            Prediction p = max.predict(b);
            float top = 0;
            for (float w : p.weights()) {
                top = Math.max(top, w);
            }
            assertThat(p.probability()).isCloseTo(top, within(1e-6f));
            Prediction q = mean.predict(b);
            double avg = 0;
            for (float w : q.weights()) {
                avg += w / 6.0;
            }
            assertThat((double) q.probability()).isCloseTo(avg, within(1e-6));
        }
    }

    @Test
    void sameSeedSameWeights() {
        try (MilModel a = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 9);
                MilModel b = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 9)) {
            Bag bag = randomBag(4, 3);
            assertThat(a.predict(bag).probability()).isEqualTo(b.predict(bag).probability());
        }
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws IOException {
        Bag bag = randomBag(5, 7);
        Provenance prov = new Provenance("test", "fp", 9, Map.of("x", 1), Versions.all(), "now");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.GATED_ATTENTION, EncoderKind.LENET), 9)) {
            m.save(dir.resolve("model"), prov);
            try (MilModel l = MilModel.load(dir.resolve("model"))) {
                Prediction p = m.predict(bag);
                Prediction q = l.predict(bag);
                assertThat(q.probability()).isEqualTo(p.probability());
                assertThat(q.weights()).isEqualTo(p.weights());
                assertThat(l.config()).isEqualTo(m.config());
                assertThat(l.provenance().dataFingerprint()).isEqualTo("fp");
            }
        }
    }

    @Test
    void corruptOrMissingModelFilesAreRefused(@TempDir Path dir) throws IOException {
        Provenance prov = new Provenance("test", "fp", 9, Map.of(), Versions.all(), "now");
        Path model = dir.resolve("model");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 9)) {
            m.save(model, prov);
        }
        Path params = model.resolve("milkid-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> MilModel.load(model)).isInstanceOf(IOException.class)
                .hasMessageContaining(params.toString());
        Files.writeString(model.resolve("model.json"), "{ not json");
        assertThatThrownBy(() -> MilModel.load(model)).hasMessageContaining("model.json").hasMessageContaining("JSON");
        assertThatThrownBy(() -> MilModel.load(dir.resolve("nothing"))).hasMessageContaining("no such model folder");
    }

    @Test
    void wrongInstanceShapeIsRefused() {
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 1)) {
            Bag rgb = new Bag("rgb", 0, 3, 27, 27, new float[3 * 27 * 27], null, null);
            assertThatThrownBy(() -> m.predict(rgb)).hasMessageContaining("[3, 27, 27]").hasMessageContaining("[1, 28, 28]");
        }
    }

    @Test
    void histologyEncoderTakesBothPatchSizes() {
        for (EncoderKind e : new EncoderKind[] {EncoderKind.HISTO27, EncoderKind.HISTO32}) {
            try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, e), 1)) {
                int n = 3 * e.height() * e.width();
                Bag b = new Bag("h", 0, 3, e.height(), e.width(), new float[4 * n], null, null);
                assertThat(m.predict(b).weights()).hasSize(4);
            }
        }
    }

    @Test
    void badPixelsAreRefusedByTheBag() {
        float[] p = new float[784];
        p[10] = Float.NaN;
        assertThatThrownBy(() -> new Bag("nan", 0, 1, 28, 28, p, null, null)).hasMessageContaining("NaN")
                .hasMessageContaining("bag nan");
        assertThatThrownBy(() -> new Bag("short", 0, 1, 28, 28, new float[700], null, null))
                .hasMessageContaining("not a positive multiple");
        assertThatThrownBy(() -> new Bag("or", 0, 1, 28, 28, new float[784], new int[] {1}, null))
                .hasMessageContaining("disagrees");
    }
}
