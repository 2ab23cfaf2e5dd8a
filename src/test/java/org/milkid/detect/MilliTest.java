package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.experiment.MethodOutcome;
import org.milkid.experiment.MethodRunner;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.util.BadInputException;
import org.milkid.util.Progress;

/**
 * MILLI on bag functions written here. An additive bag function f(S) = b + sum_{j in S} w_j is exactly
 * linear in the coalition mask, so the weighted least-squares surrogate recovers w exactly whenever the
 * coalitions determine it (more distinct coalitions than instances, in general position); what is left
 * is the ridge penalty (1e-10 relative to the Gram matrix, a relative change of the order of 1e-10 in w)
 * and double rounding (1e-13 at these sizes): hence the tolerance 1e-8.
 */
class MilliTest {
    private static final double EXACT = 1e-8;

    static SubsetFunction additive(double b, double[] w) {
        return SubsetFunction.of(mask -> {
            double s = b;
            for (int j = 0; j < w.length; j++) {
                s += mask[j] ? w[j] : 0;
            }
            return s;
        });
    }

    static double[] randomWeights(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = r.nextDouble() * 4 - 2;
        }
        return w;
    }

    /** Indices by decreasing value. */
    static int[] ranking(double[] a) {
        return java.util.stream.IntStream.range(0, a.length).boxed()
                .sorted((p, q) -> Double.compare(a[q], a[p])).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void recoversTheWeightsOfAnAdditiveBagFunctionByHand() {
        // 4 instances: all 14 non-empty proper subsets are the coalitions (150 > 14)
        double[] w = {2.0, -1.0, 0.5, 0.0};
        double[] a = new Milli(MilliConfig.MNIST).attributions(additive(0.3, w), 4, 1);
        assertThat(a).containsExactly(new double[] {2.0, -1.0, 0.5, 0.0}, within(EXACT));
    }

    @Test
    void recoversTheWeightsOfAnAdditiveBagFunctionFromSampledCoalitions() {
        for (int n : new int[] {12, 30}) {
            double[] w = randomWeights(n, n);
            for (long seed = 1; seed <= 3; seed++) {
                Milli milli = new Milli(MilliConfig.MNIST);
                assertThat(milli.coalitions(Milli.inclusionProbabilities(w, 0.05, 0.01), seed)).hasSize(150);
                double[] a = milli.attributions(additive(-0.7, w), n, seed);
                assertThat(a).as("n " + n + " seed " + seed).containsExactly(w, within(EXACT));
            }
        }
        // more instances, as many coalitions again (the primal form on a 200 x 200 system)
        double[] w = randomWeights(200, 5);
        double[] a = new Milli(MilliConfig.MNIST.withSamples(400)).attributions(additive(1.5, w), 200, 9);
        assertThat(a).containsExactly(w, within(1e-7));
    }

    @Test
    void theSameSeedGivesTheSameAttributionsAndAnotherSeedTheSameRankingOnAnAdditiveBag() {
        double[] w = randomWeights(12, 77);
        SubsetFunction f = additive(0.1, w);
        Milli milli = new Milli(MilliConfig.MNIST);
        assertThat(milli.attributions(f, 12, 5)).containsExactly(milli.attributions(f, 12, 5));
        int[] expected = ranking(w);
        for (long seed = 6; seed <= 10; seed++) {
            assertThat(ranking(milli.attributions(f, 12, seed))).as("seed " + seed).containsExactly(expected);
        }
        // the seed drives the sampling: other seeds draw other coalitions
        double[] pi = Milli.inclusionProbabilities(w, 0.05, 0.01);
        List<boolean[]> c5 = milli.coalitions(pi, 5);
        List<boolean[]> c6 = milli.coalitions(pi, 6);
        assertThat(c5).usingElementComparator(Arrays::compare).isEqualTo(milli.coalitions(pi, 5));
        assertThat(c5).usingElementComparator(Arrays::compare).isNotEqualTo(c6);
    }

    @Test
    void aPlantedKeyInstanceRanksFirstForEverySeed() {
        Milli milli = new Milli(MilliConfig.MNIST);
        SubsetFunction step = SubsetFunction.of(mask -> mask[3] ? 5 : -5);
        for (long seed = 1; seed <= 5; seed++) {
            double[] a = milli.attributions(step, 10, seed);
            assertThat(ranking(a)[0]).as("seed " + seed).isEqualTo(3);
            assertThat(a[3]).isCloseTo(10, within(EXACT));
        }
        // not additive: the bag probability of a max-pooled bag, one instance far above the others
        double[] s = {-3.0, -2.5, -4.0, 3.0, -2.0, -3.5, -1.5, -2.8, -3.2, -2.2, -1.8, -3.9, -2.6, -3.1, -2.4};
        SubsetFunction maxPooled = SubsetFunction.of(mask -> {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s.length; j++) {
                if (mask[j]) {
                    m = Math.max(m, s[j]);
                }
            }
            return 1 / (1 + Math.exp(-m));
        });
        for (long seed = 1; seed <= 5; seed++) {
            double[] a = milli.attributions(maxPooled, s.length, seed);
            int[] r = ranking(a);
            assertThat(r[0]).as("seed " + seed + ": " + Arrays.toString(a)).isEqualTo(3);
            // the key instance's attribution is well above the runner-up's (sigmoid(3) - sigmoid(-1.5) = 0.76 at most)
            assertThat(a[3] - a[r[1]]).isGreaterThan(0.3);
        }
    }

    @Test
    void inclusionProbabilitiesByHand() {
        // rank 0 gets alpha, the last rank 1 - alpha, for either sign of beta
        for (double beta : new double[] {0.01, 0, -1, 3}) {
            assertThat(Milli.inclusion(0, 30, 0.05, beta)).isCloseTo(0.05, within(1e-15));
            assertThat(Milli.inclusion(29, 30, 0.05, beta)).isCloseTo(0.95, within(1e-15));
        }
        // beta = 0: a straight line
        assertThat(Milli.inclusion(10, 21, 0.05, 0)).isCloseTo(0.5, within(1e-15));
        // (2 * 0.05 - 1) * (1 - 1/2) * exp(-1) + 0.95 = 0.95 - 0.45 / e
        assertThat(Milli.inclusion(1, 3, 0.05, 1)).isCloseTo(0.95 - 0.45 / Math.E, within(1e-15));
        // beta < 0: (1 - 2 * 0.05) * (1/2) * exp(-1 * (1 - 2)) + 0.05 = 0.05 + 0.45 / e
        assertThat(Milli.inclusion(1, 3, 0.05, -1)).isCloseTo(0.05 + 0.45 / Math.E, within(1e-15));
        // alpha > 0.5 mirrors the sign of beta: rank 0 gets 0.95
        assertThat(Milli.inclusion(0, 3, 0.95, 1)).isCloseTo(0.95, within(1e-15));
        // and takes the beta < 0 branch: (1 - 2 * 0.95) * (1/3) * exp(1 - 3) + 0.95
        assertThat(Milli.inclusion(1, 4, 0.95, 1)).isCloseTo(0.95 - 0.3 / Math.exp(2), within(1e-15));
        // ranks from the one-instance values, highest first, ties by index
        double[] pi = Milli.inclusionProbabilities(new double[] {0.2, 0.9, 0.2}, 0.05, 0);
        assertThat(pi).containsExactly(new double[] {0.5, 0.05, 0.95}, within(1e-15));
        assertThat(Milli.kernel(new boolean[] {true, false, true}, new double[] {0.1, 0.5, 0.9}))
                .isCloseTo(0.5, within(1e-15));
    }

    @Test
    void pairedSamplingBringsEveryComplementAlongAndNoCoalitionTwice() {
        double[] pi = Milli.inclusionProbabilities(randomWeights(20, 3), 0.05, 0.01);
        List<boolean[]> c = new Milli(MilliConfig.MNIST).coalitions(pi, 4);
        assertThat(c).hasSize(150);
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (boolean[] m : c) {
            assertThat(keys.add(Arrays.toString(m))).isTrue();
            int count = 0;
            for (boolean v : m) {
                count += v ? 1 : 0;
            }
            assertThat(count).isBetween(1, 19);
        }
        for (int s = 0; s < c.size(); s += 2) {
            for (int i = 0; i < 20; i++) {
                assertThat(c.get(s + 1)[i]).isEqualTo(!c.get(s)[i]);
            }
        }
    }

    @Test
    void weightedRidgeEqualsTheNormalEquationsWithAnInterceptSolvedApart() {
        int m = 40;
        int n = 6;
        Coalitions p = Coalitions.random(11, m, n, SplittableRandom::nextGaussian);
        List<boolean[]> x = p.x();
        double[] y = p.y();
        double[] w = p.w();
        double[] c = WeightedRidge.fit(x, y, w, Milli.RIDGE);
        // the normal equations of [1, x] with weights, by Gaussian elimination with partial pivoting
        double[][] a = new double[n + 1][n + 2];
        for (int s = 0; s < m; s++) {
            double[] z = new double[n + 1];
            z[0] = 1;
            for (int j = 0; j < n; j++) {
                z[j + 1] = x.get(s)[j] ? 1 : 0;
            }
            for (int i = 0; i <= n; i++) {
                for (int j = 0; j <= n; j++) {
                    a[i][j] += w[s] * z[i] * z[j];
                }
                a[i][n + 1] += w[s] * z[i] * y[s];
            }
        }
        for (int col = 0; col <= n; col++) {
            int piv = col;
            for (int i = col + 1; i <= n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) {
                    piv = i;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            for (int i = 0; i <= n; i++) {
                if (i != col) {
                    double f = a[i][col] / a[col][col];
                    for (int j = col; j <= n + 1; j++) {
                        a[i][j] -= f * a[col][j];
                    }
                }
            }
        }
        for (int j = 0; j < n; j++) {
            assertThat(c[j]).isCloseTo(a[j + 1][n + 1] / a[j + 1][j + 1], within(1e-8));
        }
    }

    /** Fewer coalitions than instances (the dual form): the surrogate interpolates the centred targets. */
    @Test
    void withFewerCoalitionsThanInstancesTheSurrogateFitsEveryCoalition() {
        int m = 30;
        int n = 80;
        Coalitions p = Coalitions.random(12, m, n, SplittableRandom::nextDouble);
        List<boolean[]> x = p.x();
        double[] y = p.y();
        double[] w = p.w();
        double[] c = WeightedRidge.fit(x, y, w, Milli.RIDGE);
        double[] fitted = new double[m];
        double sw = 0;
        double intercept = 0;
        for (int s = 0; s < m; s++) {
            for (int j = 0; j < n; j++) {
                fitted[s] += x.get(s)[j] ? c[j] : 0;
            }
            sw += w[s];
            intercept += w[s] * (y[s] - fitted[s]);
        }
        intercept /= sw;
        for (int s = 0; s < m; s++) {
            assertThat(intercept + fitted[s]).isCloseTo(y[s], within(1e-6));
        }
    }

    @Test
    void theDetectorGivesOneScoreInZeroOneAPerInstanceAndKeepsTheBagPrediction() {
        Bag image = InversionMathTest.bag(6, 31, 0.05f);
        Bag features = BagSubsetsTest.featureBag(40, 16, 32);
        for (ModelKind kind : ModelKind.values()) {
            assertThat(KidMethod.MILLI.accepts(kind)).isTrue();
            for (Bag b : List.of(image, features)) {
                try (MilModel m = MilModel.create(ModelConfig.forBag(kind, b), 50 + kind.ordinal())) {
                    float p = m.predict(b).probability();
                    KeyInstanceDetector d = KidMethod.MILLI.detector(null, null);
                    assertThat(d).isInstanceOf(MilliDetector.class);
                    Detection det = d.detect(m, List.of(b)).get(0);
                    assertThat(det.probability()).isEqualTo(p);
                    assertThat(det.after()).hasSize(b.size());
                    float lo = 1;
                    float hi = 0;
                    for (float v : det.after()) {
                        assertThat(v).isBetween(0f, 1f);
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                    assertThat(lo).as(kind + ": min-max normalised").isEqualTo(0f);
                    assertThat(hi).isEqualTo(1f);
                    // reproducible: the bag's seed comes from its id, not from the order of detection
                    Bag other = b == image ? InversionMathTest.bag(6, 33, 0.05f) : BagSubsetsTest.featureBag(40, 16, 34);
                    assertThat(d.detect(m, List.of(other, b)).get(1).after()).containsExactly(det.after());
                }
            }
        }
    }

    /** MILLI is model-agnostic: the runner behind detect and experiments takes it with a model of any kind. */
    @Test
    void runsOnAModelOfAnyKindWhereTheOtherMethodsNeedTheirOwn() {
        assertThat(KidMethod.ATT_ALONE.accepts(ModelKind.GATED_ATTENTION)).isTrue();
        assertThat(KidMethod.ATT_ALONE.accepts(ModelKind.INST_MAX)).isFalse();
        assertThat(KidMethod.INST_MAX.accepts(ModelKind.INST_MEAN)).isFalse();
        Bag negative = BagSubsetsTest.featureBag(9, 8, 61);
        float[] f = negative.pixels().clone();
        Bag positive = Bag.features("p", 1, 8, f, new int[] {0, 0, 1, 0, 0, 0, 0, 1, 0}, null);
        MethodRunner runner = new MethodRunner(InversionDefaults.MNIST, null, new double[] {0.5},
                UnaryOperator.identity(), Progress.NONE);
        try (MilModel m = MilModel.create(ModelConfig.features(ModelKind.INST_MEAN, 8), 62)) {
            MethodOutcome o = runner.run(KidMethod.MILLI, m, List.of(negative, positive));
            assertThat(o.detections()).hasSize(2);
            assertThat(o.detections().get(1).after()).hasSize(9);
            assertThatThrownBy(() -> runner.run(KidMethod.ATT_ALONE, m, List.of(negative, positive)))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("needs an attention model");
        }
    }

    /**
     * The budget: the authors' MNIST setting fixes 150 coalitions; milkid's default takes at least 150 and
     * 10 per instance up to 1,000, max(150, min(10 n, 1000)), which KidMethod.MILLI uses.
     */
    @Test
    void theDefaultBudgetGrowsWithTheBagAndTheAuthorsSettingStaysFixed() {
        assertThat(MilliConfig.MNIST.perInstance()).isZero();
        assertThat(MilliConfig.MNIST.samples()).isEqualTo(150);
        assertThat(new MilliConfig(150, 0.05, 0.01, true)).isEqualTo(MilliConfig.MNIST);
        for (int n : new int[] {2, 30, 100, 400, 5000}) {
            assertThat(MilliConfig.MNIST.samplesFor(n)).isEqualTo(150);
        }
        MilliConfig d = MilliConfig.DEFAULT;
        assertThat(d).isEqualTo(MilliConfig.MNIST.withPerInstance(10));
        assertThat(d.samplesFor(10)).isEqualTo(150);
        assertThat(d.samplesFor(15)).isEqualTo(150);
        assertThat(d.samplesFor(16)).isEqualTo(160);
        assertThat(d.samplesFor(30)).isEqualTo(300);
        assertThat(d.samplesFor(100)).isEqualTo(1000);
        // capped at the authors' largest budget
        assertThat(d.samplesFor(400)).isEqualTo(MilliConfig.MAX_SCALED_SAMPLES);
        assertThat(d.samplesFor(50_000)).isEqualTo(1000);
        // a fractional factor rounds up; withSamples keeps the factor
        assertThat(d.withPerInstance(2.5).samplesFor(61)).isEqualTo(153);
        assertThat(d.withSamples(2000).samplesFor(100)).isEqualTo(2000);
        assertThat(d.withSamples(2000).perInstance()).isEqualTo(10);
        assertThat(d.toString()).isEqualTo("paired, max(150, min(10 n, 1000)) coalitions for n instances, alpha 0.05, beta 0.01");
        assertThat(MilliConfig.MNIST.toString()).isEqualTo("paired, 150 coalitions, alpha 0.05, beta 0.01");

        // the sampler draws that many distinct coalitions, complements paired
        double[] pi = Milli.inclusionProbabilities(randomWeights(100, 8), 0.05, 0.01);
        List<boolean[]> c = new Milli(d).coalitions(pi, 3);
        assertThat(c).hasSize(1000);
        assertThat(c.stream().map(Arrays::toString).distinct().count()).isEqualTo(1000);
        for (int s = 0; s < c.size(); s += 2) {
            for (int i = 0; i < 100; i++) {
                assertThat(c.get(s + 1)[i]).isEqualTo(!c.get(s)[i]);
            }
        }
        assertThat(new Milli(MilliConfig.MNIST).coalitions(pi, 3)).hasSize(150);
        // a small bag still takes all its subsets when they are no more than the budget
        assertThat(new Milli(d).coalitions(Milli.inclusionProbabilities(randomWeights(7, 9), 0.05, 0.01), 1))
                .hasSize(126);
        // and the surrogate still recovers an additive bag function exactly
        double[] w = randomWeights(30, 30);
        assertThat(new Milli(d).attributions(additive(0.4, w), 30, 2)).containsExactly(w, within(EXACT));

        KeyInstanceDetector detector = KidMethod.MILLI.detector(null, null);
        assertThat(((MilliDetector) detector).config()).isEqualTo(MilliConfig.DEFAULT);
        assertThat(KidMethod.MILLI.description()).contains("max(150, min(10 n, 1000))");
    }

    @Test
    void badSettingsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new MilliConfig(0, 0.05, 0.01, true)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("samples must be at least 2").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new MilliConfig(-5, 0.05, 0.01, true)).hasMessageContaining("samples");
        assertThatThrownBy(() -> new MilliConfig(1, 0.05, 0.01, true)).hasMessageContaining("samples");
        for (double alpha : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new MilliConfig(150, alpha, 0.01, true)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("alpha must lie strictly between 0 and 1");
        }
        for (double beta : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new MilliConfig(150, 0.05, beta, true)).hasMessageContaining("beta must be a finite number");
        }
        for (double c : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new MilliConfig(150, 0.05, 0.01, true, c)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("coalitions per instance must be a finite number, 0 or more");
        }
        Milli milli = new Milli(MilliConfig.MNIST);
        assertThatThrownBy(() -> milli.attributions(additive(0, new double[0]), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one instance");
        assertThatThrownBy(() -> milli.attributions(SubsetFunction.of(mask -> Double.NaN), 5, 1))
                .hasMessageContaining("NaN");
        // a bag of one instance has no coalition to fit on: attribution 0
        assertThat(milli.attributions(additive(0, new double[] {3}), 1, 1)).containsExactly(0.0);
    }

    /** m random coalitions of n instances with targets and weights, for the surrogate's fit. */
    private record Coalitions(List<boolean[]> x, double[] y, double[] w) {
        static Coalitions random(long seed, int m, int n, java.util.function.ToDoubleFunction<SplittableRandom> target) {
            SplittableRandom r = new SplittableRandom(seed);
            List<boolean[]> x = new java.util.ArrayList<>();
            double[] y = new double[m];
            double[] w = new double[m];
            for (int s = 0; s < m; s++) {
                boolean[] row = new boolean[n];
                for (int j = 0; j < n; j++) {
                    row[j] = r.nextBoolean();
                }
                x.add(row);
                y[s] = target.applyAsDouble(r);
                w[s] = 0.05 + r.nextDouble();
            }
            return new Coalitions(x, y, w);
        }
    }
}
