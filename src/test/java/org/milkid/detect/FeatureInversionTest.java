package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

/**
 * Inversions of feature bags: every refined feature stays within the range it spans over the bag's
 * own tiles (not [0,1], which would destroy feature vectors), and large steps drive features onto
 * the bounds of that box.
 */
class FeatureInversionTest {
    private static final int D = 6;
    private static final int K = 5;

    private static Bag bag() {
        Random r = new Random(3);
        float[] f = new float[K * D];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextGaussian() * 3 + (i % D) - 2);
        }
        return Bag.features("s", 1, D, f, null, null);
    }

    @Test
    void refinedFeaturesStayInTheBoxTheTilesSpanAndLargeStepsReachItsBounds() {
        Bag b = bag();
        float[] lo = new float[D];
        float[] hi = new float[D];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < K; k++) {
            for (int d = 0; d < D; d++) {
                lo[d] = Math.min(lo[d], b.pixels()[k * D + d]);
                hi[d] = Math.max(hi[d], b.pixels()[k * D + d]);
            }
        }
        assertThat(lo[0]).as("the planted features go below 0, out of the pixels' [0,1]").isNegative();
        try (MilModel m = MilModel.create(ModelConfig.features(ModelKind.ATTENTION, D), 4)) {
            for (UpdateRule rule : UpdateRule.values()) {
                InversionConfig cfg = InversionConfig.paperSparse(InversionDefaults.BREAST, 0.01f).withRule(rule)
                        .withObjective(Objective.LOGIT).withLearningRate(50f).withIterations(20);
                InversionLoop.Result r = InversionLoop.run(m, b.shape(), new float[][] {b.pixels()},
                        new float[] {0.01f}, new int[] {0}, cfg, null);
                float[] x = r.refined()[0];
                int onBound = 0;
                for (int i = 0; i < x.length; i++) {
                    int d = i % D;
                    assertThat(x[i]).as(rule + " feature " + d).isBetween(lo[d], hi[d]);
                    onBound += x[i] == lo[d] || x[i] == hi[d] ? 1 : 0;
                }
                assertThat(onBound).as(rule + ": steps of 50 push features onto the box").isGreaterThan(x.length / 2);
            }
        }
    }
}
