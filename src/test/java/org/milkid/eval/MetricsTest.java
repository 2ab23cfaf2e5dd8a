package org.milkid.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.detect.InversionConfig;

class MetricsTest {

    @Test
    void minMaxOfConstantScoresIsZerosNeverNaN() {
        assertThat(InstanceScores.minMax(new float[] {0.25f, 0.25f, 0.25f})).containsExactly(0f, 0f, 0f);
        assertThat(InstanceScores.minMax(new float[] {2f, 4f, 3f})).containsExactly(0f, 1f, 0.5f);
        assertThat(InstanceScores.minMax(new float[] {7f})).containsExactly(0f);
    }

    @Test
    void pooledF1OnAHandExample() {
        KidScores s = new KidScores();
        // bag 1, predicted positive: scores 0.9 (key), 0.6 (not key), 0.1 (key)
        s.add(new float[] {0.9f, 0.6f, 0.1f}, new int[] {1, 0, 1}, true);
        // bag 2, predicted NEGATIVE: its key instance counts as predicted negative
        s.add(new float[] {1f, 0f}, new int[] {1, 0}, false);
        KidScores.Prf p = s.at(0.5);
        // tp = 1 (0.9), fp = 1 (0.6), fn = 2 (0.1 and bag 2's key)
        assertThat(p.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(p.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(p.f1()).isCloseTo(0.4, within(1e-12));
        KidScores.Prf low = s.at(0.1);
        // tp = 2, fp = 1, fn = 1
        assertThat(low.f1()).isCloseTo(2 * (2.0 / 3) * (2.0 / 3) / (4.0 / 3), within(1e-12));
        assertThat(s.best(new double[] {0.5, 0.1}).threshold()).isEqualTo(0.1);
    }

    @Test
    void averagePrecisionOnAHandExample() {
        KidScores s = new KidScores();
        s.add(new float[] {0.9f, 0.8f, 0.3f, 0.1f}, new int[] {1, 0, 1, 0}, true);
        // ranks: 1 (pos, P=1), 2 (neg), 3 (pos, P=2/3): AP = (1 + 2/3) / 2
        assertThat(s.averagePrecision()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void instanceAurocOnAHandExampleWithATieAndANegativeBag() {
        KidScores s = new KidScores();
        // bag 1 (predicted positive): keys 0.9 and 0.5, non-keys 0.5 (tied with a key) and 0.1
        s.add(new float[] {0.9f, 0.5f, 0.5f, 0.1f}, new int[] {1, 1, 0, 0}, true);
        // bag 2 (predicted NEGATIVE): ranks below everything, its key at -1 with a non-key at -1
        s.add(new float[] {1f, 0f}, new int[] {1, 0}, false);
        // keys: 0.9, 0.5, -1; non-keys: 0.5, 0.1, -1. Pairs won (of 9):
        // 0.9 beats all three (3); 0.5 ties 0.5 (0.5), beats 0.1 and -1 (2); -1 ties -1 (0.5)
        assertThat(s.auroc()).isCloseTo((3 + 2.5 + 0.5) / 9, within(1e-12));
    }

    @Test
    void ndcgAtNOnAHandExample() {
        KidScores s = new KidScores();
        // two keys (n = 2); ranking: key, non-key, key -> DCG = 1 + 0 ; ideal = 1 + 1/log2(3)
        s.add(new float[] {0.9f, 0.8f, 0.3f, 0.1f}, new int[] {1, 0, 1, 0}, true);
        double first = 1 / (1 + 1 / (Math.log(3) / Math.log(2)));
        // one key ranked second behind a TIED non-key (ties put non-keys first): DCG 0 of ideal 1
        s.add(new float[] {0.5f, 0.5f, 0f}, new int[] {1, 0, 0}, false);
        // a bag without a key instance does not count
        s.add(new float[] {0.5f, 0.2f}, new int[] {0, 0}, true);
        assertThat(s.ndcg()).isCloseTo((first + 0) / 2, within(1e-12));
        KidScores perfect = new KidScores();
        perfect.add(new float[] {0.2f, 1f, 0.9f}, new int[] {0, 1, 1}, true);
        assertThat(perfect.ndcg()).isEqualTo(1.0);
    }

    @Test
    void aurocEqualsTheFractionOfKeyNonKeyPairsWonOnRandomBags() {
        java.util.Random rng = new java.util.Random(3);
        for (int trial = 0; trial < 20; trial++) {
            KidScores s = new KidScores();
            List<double[]> pool = new java.util.ArrayList<>();
            for (int b = 0; b < 6; b++) {
                int n = 3 + rng.nextInt(5);
                float[] score = new float[n];
                int[] y = new int[n];
                boolean positive = rng.nextInt(4) > 0;
                for (int i = 0; i < n; i++) {
                    score[i] = rng.nextInt(5) / 4f; // coarse: many ties
                    y[i] = rng.nextInt(3) == 0 ? 1 : 0;
                    pool.add(new double[] {positive ? score[i] : -1, y[i]});
                }
                s.add(score, y, positive);
            }
            double won = 0;
            int pairs = 0;
            for (double[] k : pool) {
                for (double[] o : pool) {
                    if (k[1] == 1 && o[1] == 0) {
                        pairs++;
                        won += k[0] > o[0] ? 1 : k[0] == o[0] ? 0.5 : 0;
                    }
                }
            }
            assertThat(pairs).isPositive();
            assertThat(s.auroc()).isCloseTo(won / pairs, within(1e-12));
        }
    }

    @Test
    void medianOfOddEvenAndNoValues() {
        assertThat(Stat.median(3, 1, 2)).isEqualTo(2.0);
        assertThat(Stat.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Stat.median(List.of(5.0))).isEqualTo(5.0);
        assertThat(Stat.median()).isNaN();
    }

    @Test
    void bagAccuracyAndAuc() {
        float[] p = {0.9f, 0.4f, 0.6f, 0.2f};
        int[] y = {1, 1, 0, 0};
        assertThat(BagMetrics.accuracy(p, y)).isEqualTo(0.5);
        // pairs (pos, neg): (0.9,0.6) win, (0.9,0.2) win, (0.4,0.6) loss, (0.4,0.2) win -> 3/4
        assertThat(BagMetrics.auc(p, y)).isEqualTo(0.75);
        assertThat(BagMetrics.auc(new float[] {0.5f, 0.5f}, new int[] {1, 0})).isEqualTo(0.5);
        assertThat(BagMetrics.auc(new float[] {0.5f}, new int[] {1})).isNaN();
    }

    @Test
    void meanAndStandardErrorOnHandValues() {
        Stat s = Stat.of(List.of(1.0, 2.0, 3.0, 4.0));
        assertThat(s.mean()).isEqualTo(2.5);
        // sample sd = sqrt(5/3); sem = sd / 2
        assertThat(s.sem()).isCloseTo(Math.sqrt(5.0 / 3) / 2, within(1e-12));
        assertThat(s.n()).isEqualTo(4);
        assertThat(Stat.of(0.7)).isEqualTo(new Stat(0.7, 0, 1));
        assertThat(Stat.of(List.of(1.0, Double.NaN)).n()).isEqualTo(1);
    }

    @Test
    void thresholdsAndLambdasAreCheckedInOnePlace() {
        KidEvaluator.checkThresholds(0, 0.5, 1);
        assertThatThrownBy(KidEvaluator::checkThresholds).hasMessage("--thresholds: at least one value is needed");
        assertThatThrownBy(() -> KidEvaluator.checkThresholds(0.2, 1.5)).hasMessage("--thresholds: 1.5 is outside [0,1]");
        assertThatThrownBy(() -> KidEvaluator.checkThresholds(Double.NaN)).hasMessageContaining("NaN is outside");
        InversionConfig.checkLambdas("--lambdas", 0f, 0.003f);
        assertThatThrownBy(() -> InversionConfig.checkLambdas("--lambdas", 0.001f, -0.5f))
                .hasMessage("--lambdas: -0.5 is not a number >= 0");
        assertThatThrownBy(() -> InversionConfig.checkLambdas("--lambda", Float.POSITIVE_INFINITY))
                .hasMessageStartingWith("--lambda: Infinity");
    }
}
