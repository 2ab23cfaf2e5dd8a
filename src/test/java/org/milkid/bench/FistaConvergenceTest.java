package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

class FistaConvergenceTest {
    @Test
    void ranksAndRankCorrelationByHand() {
        assertThat(FistaConvergence.ranks(new float[] {0.3f, 0.1f, 0.3f, 0.9f})).containsExactly(2.5, 1, 2.5, 4);
        assertThat(FistaConvergence.spearman(new float[] {1, 2, 3, 4}, new float[] {10, 20, 30, 40}))
                .isCloseTo(1, within(1e-12));
        assertThat(FistaConvergence.spearman(new float[] {1, 2, 3, 4}, new float[] {4, 3, 2, 1}))
                .isCloseTo(-1, within(1e-12));
        // ranks 1,2,3,4 against 2,1,4,3: d^2 sums to 4, rho = 1 - 6*4 / (4*15) = 0.6
        assertThat(FistaConvergence.spearman(new float[] {1, 2, 3, 4}, new float[] {2, 1, 4, 3}))
                .isCloseTo(0.6, within(1e-12));
        assertThat(FistaConvergence.spearman(new float[] {1, 1, 1}, new float[] {1, 2, 3})).isNaN();
    }

    @Test
    void distanceAndComparison() {
        assertThat(FistaConvergence.relativeDistance(new float[] {3, 4}, new float[] {0, 4})).isCloseTo(0.75,
                within(1e-12));
        assertThat(FistaConvergence.relativeDistance(new float[] {0, 0}, new float[] {0, 0})).isZero();
        assertThat(FistaConvergence.atOrBelow(new double[] {1, 2}, new double[] {1, 3})).isTrue();
        assertThat(FistaConvergence.atOrBelow(new double[] {1, 3.1}, new double[] {1, 3})).isFalse();
        assertThat(FistaConvergence.atOrBelow(new double[] {Double.NaN}, new double[] {1})).isFalse();
    }

    @Test
    void objectiveIsTheLossPlusTheThresholdOverEtaTimesTheL1Norm() {
        InversionConfig cfg = InversionConfig.paperSparse(InversionDefaults.MNIST, 0.001f); // eta 1e-4
        InversionLoop.Result r = new InversionLoop.Result(new float[][] {{0.5f, 0.25f}, {0f, 1f}}, List.of(),
                new float[] {9, 9}, new float[] {0.7f, 0.2f});
        double[] f = FistaConvergence.objectives(r, new float[] {0.001f, 0.002f}, cfg);
        assertThat(f[0]).isCloseTo(0.7 + 10 * 0.75, within(1e-4));
        assertThat(f[1]).isCloseTo(0.2 + 20 * 1.0, within(1e-4));
    }

    @Test
    void fistaReachesTheProximalRulesObjectiveInNoMoreIterations() {
        InversionDefaults d = new InversionDefaults("tiny", 1e-4f, 30, new float[] {0.0005f, 0.003f});
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 5)) {
            FistaConvergence.Figures f = FistaConvergence.run(model, Timings.pixels(new SplittableRandom(2), 3),
                    new long[] {3, 1, 28, 28}, d);
            assertThat(f.istaIterations()).isEqualTo(30);
            assertThat(f.fistaIterations()).isBetween(5, 30);
            for (int r = 0; r < 2; r++) {
                assertThat(f.fistaObjective()[r]).isLessThanOrEqualTo(f.istaObjective()[r]);
                assertThat(f.istaObjective()[r]).isPositive();
                assertThat(f.pixelDistance()[r]).isBetween(0.0, 1.0);
            }
            // fewer proximal iterations than the first candidate: FISTA gets the same count
            FistaConvergence.Figures few = FistaConvergence.run(model, Timings.pixels(new SplittableRandom(2), 3),
                    new long[] {3, 1, 28, 28}, new InversionDefaults("few", 1e-4f, 3, new float[] {0.001f}));
            assertThat(few.fistaIterations()).isIn(-1, 1, 2, 3);
            assertThat(few.fistaObjective()).hasSize(1);
        }
    }
}
