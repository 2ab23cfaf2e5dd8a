package org.milkid.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bootstrap over bags of the pooled KID figures, and Student's t interval over runs. */
class KidBootstrapTest {

    /** Bags of 10 instances with a few keys, scores that separate them more or less well. */
    private static KidScores randomBags(int bags, long seed) {
        Random rng = new Random(seed);
        KidScores s = new KidScores();
        for (int b = 0; b < bags; b++) {
            float[] score = new float[10];
            int[] y = new int[10];
            double skill = rng.nextDouble();
            for (int i = 0; i < 10; i++) {
                y[i] = i < 1 + rng.nextInt(3) ? 1 : 0;
                score[i] = (float) Math.min(1, Math.max(0, (y[i] == 1 ? skill : 1 - skill) * rng.nextDouble()
                        + (y[i] == 1 ? 0.3 : 0)));
            }
            s.add(score, y, rng.nextInt(8) > 0, (b % 7) / 10.0 - 0.2);
        }
        return s;
    }

    private static KidScores repeated(KidScores s, int[] counts) {
        KidScores out = new KidScores();
        for (int b = 0; b < counts.length; b++) {
            for (int c = 0; c < counts[b]; c++) {
                out.add(s.scores(b), s.labels(b), s.predictedPositive(b), s.aopcR(b));
            }
        }
        return out;
    }

    @Test
    void weightedFiguresEqualThoseOfTheExplicitlyRepeatedBags() {
        KidScores s = randomBags(12, 5);
        Random rng = new Random(9);
        for (int trial = 0; trial < 50; trial++) {
            int[] counts = new int[12];
            for (int i = 0; i < 12; i++) {
                counts[rng.nextInt(12)]++;
            }
            KidScores pool = repeated(s, counts);
            double[] f = KidBootstrap.figures(s, 0.3, counts);
            KidScores.Prf p = pool.at(0.3);
            assertThat(f[0]).isCloseTo(p.precision(), within(1e-12));
            assertThat(f[1]).isCloseTo(p.recall(), within(1e-12));
            assertThat(f[2]).isCloseTo(p.f1(), within(1e-12));
            assertThat(f[3]).isCloseTo(pool.averagePrecision(), within(1e-12));
            assertThat(f[4]).isCloseTo(pool.auroc(), within(1e-12));
            assertThat(f[5]).isCloseTo(pool.ndcg(), within(1e-12));
            assertThat(f[6]).isCloseTo(pool.aopcR(), within(1e-12));
        }
    }

    @Test
    void intervalsHoldThePointAndAreReproducibleForASeed() {
        KidScores s = randomBags(30, 1);
        KidBootstrap.Intervals a = KidBootstrap.of(s, 0.4, KidBootstrap.RESAMPLES, 42);
        KidScores.Prf p = s.at(0.4);
        assertThat(a.f1().contains(p.f1())).isTrue();
        assertThat(a.precision().contains(p.precision())).isTrue();
        assertThat(a.recall().contains(p.recall())).isTrue();
        assertThat(a.averagePrecision().contains(s.averagePrecision())).isTrue();
        assertThat(a.auroc().contains(s.auroc())).isTrue();
        assertThat(a.ndcg().contains(s.ndcg())).isTrue();
        // 30 bags of mixed quality: a real spread, well inside [0, 1]
        assertThat(a.f1().width()).isBetween(0.02, 0.6);
        assertThat(a.f1().lo()).isGreaterThan(0);
        assertThat(a.bags()).isEqualTo(30);
        assertThat(a.resamples()).isEqualTo(2000);
        assertThat(KidBootstrap.of(s, 0.4, KidBootstrap.RESAMPLES, 42)).isEqualTo(a);
        assertThat(KidBootstrap.of(s, 0.4, KidBootstrap.RESAMPLES, 43)).isNotEqualTo(a);
    }

    @Test
    void identicalBagsGiveAnIntervalOfOnePoint() {
        KidScores s = new KidScores();
        for (int b = 0; b < 8; b++) {
            s.add(new float[] {1f, 0.6f, 0.2f, 0f}, new int[] {1, 0, 1, 0}, true);
        }
        KidBootstrap.Intervals ci = KidBootstrap.of(s, 0.5, 500, 7);
        // tp 1, fp 1, fn 1 per bag: P = R = F1 = 0.5 in every resample
        assertThat(ci.f1()).isEqualTo(new Interval(0.5, 0.5));
        assertThat(ci.precision()).isEqualTo(new Interval(0.5, 0.5));
        assertThat(ci.recall()).isEqualTo(new Interval(0.5, 0.5));
        double ap = s.averagePrecision();
        assertThat(ci.averagePrecision()).isEqualTo(new Interval(ap, ap));
        assertThat(ci.auroc()).isEqualTo(new Interval(s.auroc(), s.auroc()));
        // a weighted mean of equal values: equal up to rounding
        assertThat(ci.ndcg().lo()).isCloseTo(s.ndcg(), within(1e-12));
        assertThat(ci.ndcg().hi()).isCloseTo(s.ndcg(), within(1e-12));
    }

    @Test
    void threeBagsAgainstTheExactBootstrapDistributionByEnumeration() {
        KidScores s = new KidScores();
        s.add(new float[] {1f, 0f, 0f, 0f}, new int[] {1, 0, 0, 0}, true); // tp 1
        s.add(new float[] {1f, 1f, 0f, 0f}, new int[] {1, 1, 0, 0}, true); // tp 2
        s.add(new float[] {1f, 1f, 0f, 0f}, new int[] {0, 0, 1, 1}, true); // fp 2, fn 2
        // all 27 ordered draws of three bags, each with probability 1/27
        List<Double> f1 = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            int[] counts = new int[3];
            counts[i % 3]++;
            counts[(i / 3) % 3]++;
            counts[i / 9]++;
            KidScores.Prf p = repeated(s, counts).at(0.5);
            f1.add(p.f1());
        }
        double[] exact = f1.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        // the smallest F1 is that of bag 3 drawn three times (0, probability 1/27 > 2.5%); the largest
        // that of bags 1 and 2 only (1, probability 8/27): the exact 95% interval is [0, 1]
        assertThat(exact[0]).isEqualTo(0.0);
        assertThat(exact[26]).isEqualTo(1.0);
        assertThat(KidBootstrap.quantile(exact, 0.025)).isEqualTo(0.0);
        assertThat(KidBootstrap.quantile(exact, 0.975)).isEqualTo(1.0);
        KidBootstrap.Intervals ci = KidBootstrap.of(s, 0.5, 4000, 3);
        assertThat(ci.f1()).isEqualTo(new Interval(0.0, 1.0));
        // recall: bag 1 three times finds its every key (1), bag 3 three times none (0)
        assertThat(ci.recall().hi()).isEqualTo(1.0);
        assertThat(ci.recall().lo()).isEqualTo(0.0);
    }

    @Test
    void fewerBagsGiveAWiderInterval() {
        KidScores many = randomBags(60, 11);
        KidScores few = new KidScores();
        for (int b = 0; b < 8; b++) {
            few.add(many.scores(b), many.labels(b), many.predictedPositive(b));
        }
        KidBootstrap.Intervals wide = KidBootstrap.of(few, 0.4, KidBootstrap.RESAMPLES, 1);
        KidBootstrap.Intervals narrow = KidBootstrap.of(many, 0.4, KidBootstrap.RESAMPLES, 1);
        assertThat(wide.f1().width()).isGreaterThan(1.5 * narrow.f1().width());
        assertThat(wide.averagePrecision().width()).isGreaterThan(1.5 * narrow.averagePrecision().width());
    }

    @Test
    void quantileIsTheInverseOfTheEmpiricalDistribution() {
        double[] v = new double[40];
        Arrays.setAll(v, i -> i);
        // 2.5% of 40 values is one value: the first; 97.5% is 39 values: the 39th
        assertThat(KidBootstrap.quantile(v, 0.025)).isEqualTo(0.0);
        assertThat(KidBootstrap.quantile(v, 0.975)).isEqualTo(38.0);
        assertThat(KidBootstrap.quantile(new double[] {5}, 0.025)).isEqualTo(5.0);
    }

    @Test
    void studentTQuantilesAgreeWithTheIntegratedDensity() {
        for (int df : new int[] {1, 2, 3, 5, 10, 29, 30, 31, 50, 200}) {
            double q = Stat.tQuantile975(df);
            assertThat(tCdf(q, df)).as("df %d", df).isCloseTo(0.975, within(2e-6));
        }
        Stat s = Stat.of(List.of(1.0, 2.0, 3.0, 4.0));
        Interval ci = s.ci95();
        assertThat(ci.lo()).isCloseTo(2.5 - 3.182446 * s.sem(), within(1e-9));
        assertThat(ci.hi()).isCloseTo(2.5 + 3.182446 * s.sem(), within(1e-9));
        assertThat(Stat.of(0.7).ci95()).isNull();
    }

    /** P(T <= x) for Student's t by Simpson's rule on the density over [0, x] (x > 0). */
    private static double tCdf(double x, int df) {
        double logC = lgamma((df + 1) / 2.0) - lgamma(df / 2.0) - 0.5 * Math.log(df * Math.PI);
        // substitute u = atan(t) so that the long tail of df = 1 is a finite interval
        int n = 200_000;
        double b = Math.atan(x);
        double h = b / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double u = i * h;
            double t = Math.tan(u);
            double f = Math.exp(logC - (df + 1) / 2.0 * Math.log1p(t * t / df)) / (Math.cos(u) * Math.cos(u));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return 0.5 + sum * h / 3;
    }

    /** log Gamma by Lanczos (g = 7, 9 terms), ample for half-integers up to 100. */
    private static double lgamma(double z) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        if (z < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lgamma(1 - z);
        }
        z -= 1;
        double a = c[0];
        double t = z + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
