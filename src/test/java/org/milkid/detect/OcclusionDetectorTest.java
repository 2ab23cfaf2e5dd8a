package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.model.Prediction;

class OcclusionDetectorTest {

    @Test
    void closedFormEqualsExplicitRecomputationWithoutEachInstance() {
        Bag b = InversionMathTest.bag(5, 11, 0.05f);
        for (ModelKind kind : ModelKind.values()) {
            try (MilModel m = MilModel.create(ModelConfig.of(kind, EncoderKind.LENET), 31)) {
                Prediction p = m.predict(b);
                float[] drops = OcclusionDetector.logitDrops(kind, p);
                for (int k = 0; k < b.size(); k++) {
                    float[] rest = new float[(b.size() - 1) * 784];
                    int j = 0;
                    for (int i = 0; i < b.size(); i++) {
                        if (i != k) {
                            System.arraycopy(b.pixels(), i * 784, rest, j++ * 784, 784);
                        }
                    }
                    Bag without = new Bag("w", 0, 1, 28, 28, rest, null, null);
                    float expected = p.logit() - m.predict(without).logit();
                    assertThat(drops[k]).as(kind + " instance " + k).isCloseTo(expected, within(2e-4f));
                }
            }
        }
    }

    @Test
    void aBagOfOneScoresZero() {
        Bag b = InversionMathTest.bag(1, 12, 0.05f);
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 32)) {
            assertThat(OcclusionDetector.logitDrops(ModelKind.ATTENTION, m.predict(b))).containsExactly(0f);
            assertThat(new OcclusionDetector("o").detect(m, java.util.List.of(b)).get(0).after()).containsExactly(0f);
        }
    }

    @Test
    void detectionsKeepTheBagPrediction() {
        Bag b = InversionMathTest.bag(4, 13, 0.05f);
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 33)) {
            float p = m.predict(b).probability();
            for (KidMethod method : Arrays.asList(KidMethod.ATT, KidMethod.ATT_LOGITS, KidMethod.ATT_ALONE,
                    KidMethod.ATT_OCCLUSION, KidMethod.ATT_GRAD_X_INPUT)) {
                Detection d = method.detector(null, null).detect(m, java.util.List.of(b)).get(0);
                assertThat(d.probability()).isEqualTo(p);
                assertThat(d.after()).hasSize(4);
                for (float v : d.after()) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }
}
