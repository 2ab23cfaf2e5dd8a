package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.milkid.util.BadInputException;

class InstanceLogisticTest {

    @Test
    void twoPointsGiveTheRidgeOptimumSolvedByHand() {
        // z = -1 (y 0) and z = +1 (y 1), each of weight 1/2: by symmetry b = 0 and the objective is
        // log(1 + e^-w) + l2 w^2 / 2, minimal where w = sigmoid(-w) / l2
        double l2 = 0.5;
        double lo = 0;
        double hi = 10;
        for (int i = 0; i < 200; i++) {
            double w = (lo + hi) / 2;
            if (w - 1 / (1 + Math.exp(w)) / l2 < 0) {
                lo = w;
            } else {
                hi = w;
            }
        }
        InstanceLogistic c = InstanceLogistic.fit(new float[][] {{-1f}, {1f}}, new int[] {0, 1}, l2, 500);
        assertThat(c.logit(new float[] {1f})).isCloseTo(lo, within(1e-6));
        assertThat(c.logit(new float[] {-1f})).isCloseTo(-lo, within(1e-6));
        assertThat(c.logit(new float[] {0f})).isCloseTo(0, within(1e-6));
    }

    @Test
    void separatesAPlantedDirectionAmongNoiseWithFewPositives() {
        Random rng = new Random(4);
        int n = 600;
        int d = 20;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 20 == 0 ? 1 : 0; // 5% positives: the class weights keep them from being ignored
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) rng.nextGaussian() + (j == 3 && y[i] == 1 ? 4f : 0f);
            }
        }
        InstanceLogistic c = InstanceLogistic.fit(x, y, 1e-2, 200);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += (c.logit(x[i]) > 0 ? 1 : 0) == y[i] ? 1 : 0;
        }
        assertThat(correct).isGreaterThanOrEqualTo(n * 95 / 100);
        // deterministic
        assertThat(InstanceLogistic.fit(x, y, 1e-2, 200).logit(x[7])).isEqualTo(c.logit(x[7]));
    }

    @Test
    void refusesOneClassAndBadSettings() {
        float[][] x = {{1f}, {2f}};
        assertThatThrownBy(() -> InstanceLogistic.fit(x, new int[] {1, 1}, 0.1, 10))
                .hasMessageContaining("both labels");
        assertThatThrownBy(() -> InstanceLogistic.fit(x, new int[] {0, 1}, -1, 10)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> InstanceLogistic.fit(x, new int[] {0, 1}, 0.1, 0)).isInstanceOf(BadInputException.class);
    }
}
