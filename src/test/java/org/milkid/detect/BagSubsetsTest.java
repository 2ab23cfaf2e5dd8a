package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

class BagSubsetsTest {

    /** Random non-empty masks of every size, the singletons and the full bag, in one mixed list. */
    static List<boolean[]> masks(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<boolean[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean[] m = new boolean[n];
            m[i] = true;
            out.add(m);
        }
        for (int t = 0; t < 25; t++) {
            boolean[] m = new boolean[n];
            m[r.nextInt(n)] = true;
            for (int i = 0; i < n; i++) {
                m[i] |= r.nextDouble() < (t % 5) / 5.0;
            }
            out.add(m);
        }
        boolean[] full = new boolean[n];
        java.util.Arrays.fill(full, true);
        out.add(full);
        return out;
    }

    /** The bag holding only the instances of {@code mask}, built anew from its pixels. */
    static Bag subBag(Bag b, boolean[] mask) {
        int per = b.instanceLength();
        int count = 0;
        for (boolean v : mask) {
            count += v ? 1 : 0;
        }
        float[] p = new float[count * per];
        int j = 0;
        for (int k = 0; k < b.size(); k++) {
            if (mask[k]) {
                System.arraycopy(b.pixels(), k * per, p, j++ * per, per);
            }
        }
        return b.isFeatureBag() ? Bag.features("s", 0, b.channels(), p, null, null)
                : new Bag("s", 0, b.channels(), b.height(), b.width(), p, null, null);
    }

    static Bag featureBag(int k, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[k * d];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextGaussian() * 2);
        }
        return Bag.features("f" + seed, 0, d, f, null, null);
    }

    @Test
    void closedFormsAgreeWithThePoolingOfTheModelAndWithPredictingTheSmallerBag() {
        Bag image = InversionMathTest.bag(6, 21, 0.05f);
        Bag features = featureBag(7, 12, 22);
        for (ModelKind kind : ModelKind.values()) {
            for (Bag b : List.of(image, features)) {
                ModelConfig cfg = ModelConfig.forBag(kind, b);
                try (MilModel m = MilModel.create(cfg, 40 + kind.ordinal());
                        BagSubsets s = BagSubsets.of(m, b)) {
                    List<boolean[]> masks = masks(b.size(), 7 + kind.ordinal());
                    double[] logits = s.logits(masks);
                    double[] probs = s.probabilities(masks);
                    double[] pooledLogits = s.pooled(masks, false);
                    double[] pooledProbs = s.pooled(masks, true);
                    for (int i = 0; i < masks.size(); i++) {
                        String what = kind + " " + (b.isFeatureBag() ? "features" : "images") + " mask " + i;
                        assertThat(logits[i]).as(what).isCloseTo(pooledLogits[i], within(1e-4));
                        assertThat(probs[i]).as(what).isCloseTo(pooledProbs[i], within(1e-5));
                        var direct = m.predict(subBag(b, masks.get(i)));
                        assertThat(logits[i]).as(what).isCloseTo(direct.logit(), within(1e-4));
                        assertThat(probs[i]).as(what).isCloseTo(direct.probability(), within(1e-5));
                    }
                    var whole = m.predict(b);
                    assertThat(logits[masks.size() - 1]).isCloseTo(whole.logit(), within(1e-4));
                    assertThat(s.whole().logit()).isCloseTo(whole.logit(), within(1e-6f));
                    double[] singles = s.singles(b.size());
                    double[] singlesPooled = s.singlesPooled(true);
                    for (int k = 0; k < b.size(); k++) {
                        assertThat(singles[k]).as(kind + " single " + k).isCloseTo(probs[k], within(1e-12))
                                .isCloseTo(singlesPooled[k], within(1e-5));
                    }
                }
            }
        }
    }

    /** The model's logits span a few units on random data: the agreement above is not of near-zero numbers. */
    @Test
    void subsetsOfARandomModelDifferEnoughForTheComparisonToMean() {
        Bag b = featureBag(7, 12, 22);
        try (MilModel m = MilModel.create(ModelConfig.forBag(ModelKind.INST_MAX, b), 40 + 2);
                BagSubsets s = BagSubsets.of(m, b)) {
            double[] singles = s.logits(masks(7, 1).subList(0, 7));
            double lo = java.util.Arrays.stream(singles).min().getAsDouble();
            double hi = java.util.Arrays.stream(singles).max().getAsDouble();
            assertThat(hi - lo).isGreaterThan(1e-2);
        }
    }

    @Test
    void attentionSubsetsStayExactWhenOneInstanceDominates() {
        float[] alone = {5f, -1f, 1f};
        for (float gap : new float[] {40f, 100f, 800f}) {
            float[] r = {gap, 0f, 0f};
            assertThat(BagSubsets.attentionLogit(r, alone, new boolean[] {true, true, true}))
                    .isCloseTo(5.0, within(1e-12));
            assertThat(BagSubsets.attentionLogit(r, alone, new boolean[] {false, true, true}))
                    .isCloseTo(0.0, within(1e-12));
            assertThat(BagSubsets.attentionLogit(r, alone, new boolean[] {false, true, false}))
                    .isCloseTo(-1.0, within(1e-12));
        }
    }

    @Test
    void theEmptySubsetAndMasksOfTheWrongLengthAreRefused() {
        Bag b = featureBag(4, 6, 3);
        try (MilModel m = MilModel.create(ModelConfig.forBag(ModelKind.ATTENTION, b), 1);
                BagSubsets s = BagSubsets.of(m, b)) {
            assertThatThrownBy(() -> s.logit(new boolean[4])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty subset");
            assertThatThrownBy(() -> s.pooled(List.of(new boolean[4]), false))
                    .hasMessageContaining("empty subset");
            assertThatThrownBy(() -> s.probability(new boolean[] {true, true}))
                    .hasMessageContaining("2 booleans for a bag of 4");
        }
    }
}
