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
                float[] drops = OcclusionDetector.logitDrops(m, b, p);
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

    /** Additive's logits without each instance do not depend on how many bags are pooled in one pass. */
    @Test
    void additiveLeaveOneOutIsTheSameInOneOrManyPasses() {
        Bag b = InversionMathTest.bag(7, 14, 0.05f);
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ADDITIVE, EncoderKind.LENET), 34)) {
            double[] one = OcclusionDetector.additiveWithout(m, b);
            double[] perBag = OcclusionDetector.additiveWithout(m, b, 1);
            double[] threeBags = OcclusionDetector.additiveWithout(m, b, 3L * 6 * 500);
            for (int k = 0; k < b.size(); k++) {
                assertThat(perBag[k]).isCloseTo(one[k], within(1e-5));
                assertThat(threeBags[k]).isCloseTo(one[k], within(1e-5));
            }
            // leaving an instance out moves the logit: the scores are not flat
            float[] drops = OcclusionDetector.logitDrops(m, b, m.predict(b));
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float d : drops) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
            assertThat(hi - lo).isGreaterThan(1e-4f);
        }
    }

    /** Attention logits far apart (gaps of 40 to 800): leaving out the dominant instance still counts. */
    @Test
    void aDominantInstanceIsScoredByWhatTheOthersSayNotByRoundingError() {
        float[] alone = {5f, -1f, 1f};
        for (float gap : new float[] {40f, 100f, 800f}) {
            double[] without = OcclusionDetector.attentionWithout(new float[] {gap, 0f, 0f}, alone);
            assertThat(without[0]).as("gap " + gap).isCloseTo(0.0, within(1e-12));
            assertThat(without[1]).isCloseTo(5.0, within(1e-9));
            assertThat(without[2]).isCloseTo(5.0, within(1e-9));
        }
        // ties at the top and a second instance far above the rest
        double[] tie = OcclusionDetector.attentionWithout(new float[] {60f, 60f, 0f}, new float[] {2f, 4f, -3f});
        assertThat(tie[0]).isCloseTo(4.0, within(1e-9));
        assertThat(tie[1]).isCloseTo(2.0, within(1e-9));
        assertThat(tie[2]).isCloseTo(3.0, within(1e-9));
    }

    /** Against a direct softmax over the other instances, each with its own maximum, on random logits. */
    @Test
    void closedFormEqualsDirectSoftmaxOverTheOthers() {
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + rnd.nextInt(8);
            float[] r = new float[k];
            float[] alone = new float[k];
            for (int j = 0; j < k; j++) {
                r[j] = (float) (rnd.nextGaussian() * (trial % 2 == 0 ? 1 : 60));
                alone[j] = (float) rnd.nextGaussian() * 3;
            }
            double[] without = OcclusionDetector.attentionWithout(r, alone);
            for (int skip = 0; skip < k; skip++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    if (j != skip) {
                        max = Math.max(max, r[j]);
                    }
                }
                double s = 0;
                double t = 0;
                for (int j = 0; j < k; j++) {
                    if (j != skip) {
                        s += Math.exp(r[j] - max);
                        t += Math.exp(r[j] - max) * alone[j];
                    }
                }
                assertThat(without[skip]).isCloseTo(t / s, within(1e-9 * (1 + Math.abs(t / s))));
            }
        }
    }

    @Test
    void aBagOfOneScoresZero() {
        Bag b = InversionMathTest.bag(1, 12, 0.05f);
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 32)) {
            assertThat(OcclusionDetector.logitDrops(m, b, m.predict(b))).containsExactly(0f);
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
