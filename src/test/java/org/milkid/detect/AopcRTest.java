package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** MILLI's AOPC-R on bag functions whose drops are known by hand. */
class AopcRTest {

    /** f(S) = sum of w over S: removing instances lowers f by exactly their weights. */
    private static SubsetFunction additive(double... w) {
        return SubsetFunction.of(mask -> {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
                s += mask[i] ? w[i] : 0;
            }
            return s;
        });
    }

    @Test
    void aopcOfAnOrderByHand() {
        SubsetFunction f = additive(0.1, 0.5, 0.3);
        // order 1, 2, 0: drops after c = 0, 1, 2 removals are 0, 0.5, 0.8; mean over the 3 = 1.3 / 3
        assertThat(AopcR.aopc(f, new int[] {1, 2, 0}, 0.9, 3)).isCloseTo(1.3 / 3, within(1e-12));
        // the worst order: 0, 0.1, 0.4 -> 0.5 / 3
        assertThat(AopcR.aopc(f, new int[] {0, 2, 1}, 0.9, 3)).isCloseTo(0.5 / 3, within(1e-12));
        assertThat(AopcR.byScore(new float[] {0.2f, 0.9f, 0.5f})).containsExactly(1, 2, 0);
        assertThat(AopcR.byScore(new float[] {0.5f, 0.5f, 0.1f})).containsExactly(0, 1, 2);
    }

    @Test
    void theRandomBaselineAveragesToItsExpectation() {
        // for an additive f, a random order's drop after c removals has expectation c * mean(w), so
        // E[AOPC(random)] = mean(w) (p - 1) / 2; AOPC(scores) - AOPC-R is the mean of 10 random AOPCs
        double[] w = {0.05, 0.4, 0.1, 0.2, 0.15, 0.1};
        float[] scores = {0f, 1f, 0.2f, 0.6f, 0.4f, 0.3f};
        SubsetFunction f = additive(w);
        double attributed = AopcR.aopc(f, AopcR.byScore(scores), 1.0, 6);
        int seeds = 400;
        double sum = 0;
        double sumSq = 0;
        for (int s = 0; s < seeds; s++) {
            double random = attributed - AopcR.of(f, scores, s);
            sum += random;
            sumSq += random * random;
        }
        double mean = sum / seeds;
        double se = Math.sqrt((sumSq / seeds - mean * mean) / seeds);
        double expected = (1.0 / 6) * 5 / 2;
        assertThat(mean).isCloseTo(expected, within(4 * se + 1e-9));
    }

    @Test
    void rightOrderIsPositiveReversedNegativeFlatZero() {
        SubsetFunction f = additive(0.05, 0.4, 0.1, 0.2, 0.15, 0.1);
        float[] right = {0.05f, 0.4f, 0.1f, 0.2f, 0.15f, 0.1f};
        float[] reversed = new float[6];
        for (int i = 0; i < 6; i++) {
            reversed[i] = -right[i];
        }
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(AopcR.of(f, right, seed)).isPositive();
            assertThat(AopcR.of(f, reversed, seed)).isNegative();
            assertThat(AopcR.of(SubsetFunction.of(m -> 0.7), right, seed)).isZero();
        }
        assertThat(AopcR.of(f, new float[] {1f}, 1)).isZero();
        // seeded: the same seed gives the same figure
        assertThat(AopcR.of(f, right, 9)).isEqualTo(AopcR.of(f, right, 9));
    }
}
