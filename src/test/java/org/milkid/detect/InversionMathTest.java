package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.model.EncoderKind;
import org.milkid.model.Engines;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

class InversionMathTest {

    static Bag bag(int k, long seed, float background) {
        Random r = new Random(seed);
        float[] p = new float[k * 784];
        for (int i = 0; i < p.length; i++) {
            int y = (i % 784) / 28;
            int x = i % 28;
            boolean stroke = x > 10 && x < 17 && y > 5 && y < 23;
            p[i] = stroke ? 0.5f + 0.5f * r.nextFloat() : background;
        }
        return new Bag("b" + seed, 0, 1, 28, 28, p, null, null);
    }

    @Test
    void softThresholdOnHandValues() {
        Engines.ensureReady();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {0.5f, 0.1f, -0.1f, -0.5f, 0f, 0.3f}).reshape(1, 6, 1, 1, 1);
            NDArray thr = m.create(new float[] {0.1f}).reshape(1, 1, 1, 1, 1);
            float[] s = InversionLoop.softThreshold(z, thr).toFloatArray();
            // |x| = lambda gives exactly 0; negatives move up by lambda
            assertThat(s).containsExactly(new float[] {0.4f, 0f, 0f, -0.4f, 0f, 0.2f}, within(1e-7f));
        }
    }

    @Test
    void proximalStepMatchesItsClosedForm() {
        Engines.ensureReady();
        float eta = 0.5f;
        float lambda = 0.05f;
        float[] x = {0.9f, 0.02f, 0.4f, 0.0f, 1.0f, 0.3f};
        float[] g = {0.2f, -0.01f, 1.2f, -0.5f, -0.6f, 0.5f};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x).reshape(1, 6, 1, 1, 1);
            NDArray ga = m.create(g).reshape(1, 6, 1, 1, 1);
            NDArray thr = m.create(new float[] {lambda}).reshape(1, 1, 1, 1, 1);
            float[] got = InversionLoop.softThreshold(xa.sub(ga.mul(eta)), thr).clip(0f, 1f).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                double z = x[i] - eta * g[i];
                double expected = Math.min(1, Math.max(0, Math.signum(z) * Math.max(Math.abs(z) - lambda, 0)));
                assertThat((double) got[i]).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void textbookThresholdIsEtaTimesLambda() {
        InversionConfig c = InversionConfig.paperSparse(InversionDefaults.MNIST, 0.002f);
        assertThat(c.thresholdValue()).isEqualTo(0.002f);
        assertThat(c.withThreshold(ThresholdForm.TEXTBOOK).thresholdValue()).isCloseTo(1e-4f * 0.002f, within(1e-12f));
    }

    @Test
    void normalisedStepIsTheSameWhenTheLossIsScaledByAThousand() {
        Engines.ensureReady();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray g = m.create(new float[] {0.3f, -0.1f, 0.02f, 0f, 1e-4f, -0.7f}).reshape(2, 3, 1, 1, 1);
            float[] a = InversionLoop.normalizeRows(g).toFloatArray();
            float[] b = InversionLoop.normalizeRows(g.mul(1000f)).toFloatArray();
            assertThat(b).containsExactly(a, within(1e-5f));
            // each row has unit root mean square
            double rms = Math.sqrt((a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) / 3.0);
            assertThat(rms).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        for (ModelKind kind : new ModelKind[] {ModelKind.ATTENTION, ModelKind.ADDITIVE}) {
            inputGradientMatchesCentralFiniteDifferences(kind);
        }
    }

    private static void inputGradientMatchesCentralFiniteDifferences(ModelKind kind) {
        // in double precision, so that central differences with a small step are exact enough: the
        // network is piecewise linear (ReLU, max-pooling), and a small step rarely crosses a kink
        try (MilModel model = MilModel.create(ModelConfig.of(kind, EncoderKind.LENET), 21);
                NDManager params = model.manager().newSubManager()) {
            MilBlock net = new MilBlock(model.config());
            var trained = model.block().getParameters();
            for (var p : net.getParameters()) {
                p.getValue().setArray(trained.get(p.getKey()).getArray().toType(DataType.FLOAT64, true));
            }
            Random px = new Random(4);
            double[] pixels = new double[3 * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = 0.1 + 0.8 * px.nextDouble();
            }
            for (Objective o : Objective.values()) {
                double[] g;
                try (NDManager m = model.manager().newSubManager()) {
                    g = InversionLoop.inputGradient(net, m.create(pixels, new Shape(1, 3, 1, 28, 28)), 1, o)
                            .toDoubleArray();
                }
                Random r = new Random(1);
                for (int trial = 0; trial < 3; trial++) {
                    double[] d = new double[g.length];
                    double gd = 0;
                    for (int i = 0; i < d.length; i++) {
                        d[i] = r.nextGaussian();
                        gd += g[i] * d[i];
                    }
                    double eps = 1e-6;
                    double fd = (objective(net, params, pixels, d, eps, o) - objective(net, params, pixels, d, -eps, o))
                            / (2 * eps);
                    assertThat(Math.abs(fd - gd) / Math.abs(gd)).as(kind + " " + o + " direction " + trial)
                            .isLessThan(1e-2);
                }
            }
        }
    }

    private static double objective(MilBlock net, NDManager params, double[] pixels, double[] d, double eps,
            Objective o) {
        double[] p = pixels.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += eps * d[i];
        }
        try (NDManager m = params.newSubManager()) {
            NDArray x = m.create(p, new Shape(1, 3, 1, 28, 28));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            NDArray target = m.create(new double[] {1});
            return InversionLoop.objective(out, target, o).toDoubleArray()[0];
        }
    }

    @Test
    void inversionLowersTheLossAndKeepsPixelsInRange() {
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 22)) {
            Bag b = bag(4, 5, 0.1f);
            for (UpdateRule rule : UpdateRule.values()) {
                // momentum 0.9 makes SGD's effective step ten times its rate: at 0.05 it overshot once in CI
                float lr = rule == UpdateRule.SGD_MOMENTUM ? 0.005f : 0.05f;
                InversionConfig c = new InversionConfig(rule, Objective.NLL, lr, 0.9f, 1e-4f, ThresholdForm.PAPER, 20,
                        false);
                InversionLoop.Result r = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()},
                        new float[] {1e-4f}, new int[] {1}, c, null);
                assertThat(r.finalObjective()[0]).as(rule.name()).isLessThan(r.initialObjective()[0]);
                for (float v : r.refined()[0]) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void gradientsDoNotAccumulateBetweenIterations() {
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 23)) {
            Bag b = bag(3, 6, 0.1f);
            InversionConfig one = InversionConfig.paperInversion().withIterations(1).withLearningRate(0.5f);
            float[] a = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()}, new float[] {0},
                    new int[] {1}, one, null).refined()[0];
            float[] c = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()}, new float[] {0},
                    new int[] {1}, one, null).refined()[0];
            assertThat(c).isEqualTo(a);
            // two rows of the same bag in one batch get the same update as the bag alone
            InversionLoop.Result two = InversionLoop.run(model, b.shape(), new float[][] {b.pixels(), b.pixels()},
                    new float[] {0, 0}, new int[] {1, 1}, one, null);
            assertThat(two.refined()[1]).containsExactly(a, within(1e-4f));
            // and the input gradient is the same when asked twice
            float[] g1 = InversionLoop.inputGradient(model, b.pixels(), b.shape(), 1, Objective.NLL);
            float[] g2 = InversionLoop.inputGradient(model, b.pixels(), b.shape(), 1, Objective.NLL);
            assertThat(g2).isEqualTo(g1);
        }
    }

    @Test
    void aSaturatedModelGivesZeroGradientAndSparseInversionOnlyThresholds() {
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 25)) {
            // a bias of +60 on the bag classifier: P = 1 in float, beyond the clamp of eq. 5
            for (var p : model.block().getParameters()) {
                if (p.getKey().endsWith("classifier_bias")) {
                    p.getValue().getArray().set(java.nio.FloatBuffer.wrap(new float[] {60f}));
                }
            }
            Bag b = bag(2, 8, 0.2f);
            assertThat(model.predict(b).probability()).isEqualTo(1f);
            float[] g = InversionLoop.inputGradient(model, b.pixels(), b.shape(), 1, Objective.NLL);
            for (float v : g) {
                assertThat(v).isEqualTo(0f);
            }
            float lambda = 0.01f;
            InversionConfig c = InversionConfig.paperSparse(InversionDefaults.MNIST, lambda).withIterations(3);
            float[] r = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()}, new float[] {lambda},
                    new int[] {1}, c, null).refined()[0];
            for (int i = 0; i < r.length; i++) {
                float expected = Math.max(0f, b.pixels()[i] - 3 * lambda);
                assertThat(r[i]).isCloseTo(expected, within(1e-6f));
            }
        }
    }

    @Test
    void sparseInversionDrivesAPlantedFaintBackgroundToExactlyZero() {
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 24)) {
            Bag b = bag(3, 7, 0.002f);
            InversionConfig c = InversionConfig.paperSparse(InversionDefaults.MNIST, 0.001f).withIterations(5);
            float[] r = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()}, new float[] {0.001f},
                    new int[] {1}, c, null).refined()[0];
            int zeros = 0;
            int background = 0;
            for (int i = 0; i < r.length; i++) {
                if (b.pixels()[i] == 0.002f) {
                    background++;
                    zeros += r[i] == 0f ? 1 : 0;
                }
            }
            assertThat(background).isGreaterThan(1000);
            assertThat(zeros).isEqualTo(background);
            // strokes survive, lowered by about 5 * lambda
            assertThat(r[784 * 0 + 28 * 10 + 13]).isGreaterThan(0.4f);
        }
    }
}
