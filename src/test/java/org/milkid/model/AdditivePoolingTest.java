package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;

/**
 * Additive MIL's pooling (see {@link MilBlock}): c_k = psi(a_k h_k) - psi(0) + b / K, bag logit
 * = sum_k c_k. Checked against a float64 computation from the block's own parameters, for the
 * sum, the bag-size behaviour of the centred psi, its gradient (central finite differences), and
 * a model file's round trip.
 */
class AdditivePoolingTest {
    /** Feature length of the feature-encoder models of these tests. */
    private static final int D = 12;

    /** A feature bag of k random non-negative vectors of length D. */
    private static Bag featureBag(int k, long seed) {
        Random r = new Random(seed);
        float[] f = new float[k * D];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.abs(r.nextGaussian());
        }
        return Bag.features("f-" + seed, 0, D, f, null, null);
    }

    /** Sets Additive's bag-level bias (0 in a fresh model) so that tests see it. */
    private static void setBagBias(MilModel m, float b) {
        param(m, "bag_bias").getArray().set(FloatBuffer.wrap(new float[] {b}));
    }

    private static Parameter param(MilModel m, String name) {
        for (Pair<String, Parameter> p : m.block().getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    @Test
    void contributionsSumToTheBagLogit() {
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ADDITIVE, EncoderKind.LENET), 3)) {
            setBagBias(m, -0.8f);
            for (int k : new int[] {1, 2, 7, 50}) {
                Prediction p = m.predict(MilModelTest.randomBag(k, k));
                double sum = 0;
                double abs = 0;
                for (float c : p.raw()) {
                    sum += c;
                    abs += Math.abs(c);
                }
                assertThat(p.raw()).hasSize(k);
                assertThat(sum).as("K = " + k).isCloseTo(p.logit(), within(1e-6 * abs + 1e-6));
                assertThat((double) p.probability()).isCloseTo(1 / (1 + Math.exp(-(double) p.logit())), within(1e-6));
                double weights = 0;
                for (float w : p.weights()) {
                    weights += w;
                }
                assertThat(weights).isCloseTo(1.0, within(1e-5));
                if (k == 1) {
                    // a one-instance bag is scored by its instance alone
                    assertThat(p.alone()[0]).isCloseTo(p.logit(), within(1e-5f));
                }
            }
        }
    }

    /** Every output of the pooling against a float64 computation from the block's parameters. */
    @Test
    void poolingMatchesAFloat64ComputationFromTheParameters() {
        try (MilModel m = MilModel.create(ModelConfig.features(ModelKind.ADDITIVE, D), 5);
                NDManager sub = m.manager().newSubManager()) {
            setBagBias(m, 0.45f);
            Bag bag = featureBag(9, 2);
            NDList out = m.block().forward(new ParameterStore(sub, false), new NDList(MilModel.toArray(sub, bag)), false);
            int k = bag.size();
            double[][] h = rows(out.get(MilBlock.EMBEDDINGS).toFloatArray(), k);
            Reference ref = new Reference(m);
            double[] r = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                r[i] = ref.attentionLogit(h[i]);
                max = Math.max(max, r[i]);
            }
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += Math.exp(r[i] - max);
            }
            double psi0 = ref.psi(new double[h[0].length]);
            double logit = 0;
            float[] weights = out.get(MilBlock.WEIGHTS).toFloatArray();
            float[] raw = out.get(MilBlock.RAW).toFloatArray();
            float[] alone = out.get(MilBlock.ALONE).toFloatArray();
            for (int i = 0; i < k; i++) {
                double a = Math.exp(r[i] - max) / s;
                double[] scaled = h[i].clone();
                for (int j = 0; j < scaled.length; j++) {
                    scaled[j] *= a;
                }
                double c = ref.psi(scaled) - psi0 + ref.bagBias / k;
                logit += c;
                assertThat((double) weights[i]).as("a_" + i).isCloseTo(a, within(1e-6));
                assertThat((double) raw[i]).as("c_" + i).isCloseTo(c, within(1e-5 * (1 + Math.abs(c))));
                double one = ref.psi(h[i]) - psi0 + ref.bagBias;
                assertThat((double) alone[i]).as("alone_" + i).isCloseTo(one, within(1e-5 * (1 + Math.abs(one))));
            }
            assertThat((double) out.get(MilBlock.LOGIT).toFloatArray()[0]).isCloseTo(logit,
                    within(1e-5 * (1 + Math.abs(logit))));
            // the contributions are not all alike: the test would see a wrong psi or attention
            assertThat(raw[0]).isNotEqualTo(raw[1]);
        }
    }

    /**
     * psi is centred (psi(0) subtracted), so the bag logit does not grow with the bag size: K copies
     * of one instance give K (psi(h/K) - psi(0)) + b, which tends to the directional derivative of
     * psi at 0 along h plus b (and equals it once h/K flips no ReLU of psi). An uncentred psi would
     * add (K - 1) psi(0) more, here hundreds of times the logit's scale.
     */
    @Test
    void copiesOfOneInstanceGiveALogitThatDoesNotGrowWithTheBagSize() {
        try (MilModel m = MilModel.create(ModelConfig.features(ModelKind.ADDITIVE, D), 7)) {
            setBagBias(m, 0.2f);
            Bag one = featureBag(1, 4);
            double psi0 = new Reference(m).psi(new double[EncoderKind.FEATURES.embedding()]);
            assertThat(Math.abs(psi0)).as("psi(0), which the centring removes").isGreaterThan(1e-3);
            float[] logits = new float[3];
            int[] sizes = {100, 200, 400};
            for (int i = 0; i < sizes.length; i++) {
                float[] f = new float[sizes[i] * D];
                for (int c = 0; c < sizes[i]; c++) {
                    System.arraycopy(one.pixels(), 0, f, c * D, D);
                }
                Prediction p = m.predict(Bag.features("copies", 0, D, f, null, null));
                logits[i] = p.logit();
                // every copy the same share
                assertThat(p.raw()[0]).isCloseTo(p.raw()[sizes[i] - 1], within(1e-6f));
            }
            System.out.printf("Additive, copies of one instance: logit %.6f (K = 100), %.6f (200), %.6f (400); psi(0) %.4f%n",
                    logits[0], logits[1], logits[2], psi0);
            double gap = 200 * Math.abs(psi0);
            assertThat((double) Math.abs(logits[2] - logits[1])).isLessThan(Math.min(1e-3, gap / 1000));
            assertThat((double) Math.abs(logits[1] - logits[0])).isLessThan(Math.min(1e-2, gap / 100));
        }
    }

    /**
     * The gradient of the bag logit to the embeddings, in float64 so that central differences are
     * exact enough (as InversionMathTest does for the whole network's pixel gradient).
     */
    @Test
    void poolingGradientMatchesCentralFiniteDifferences() {
        try (MilModel model = MilModel.create(ModelConfig.features(ModelKind.ADDITIVE, D), 11);
                NDManager params = model.manager().newSubManager()) {
            setBagBias(model, -0.3f);
            MilBlock net = float64Copy(model);
            int k = 6;
            int dim = EncoderKind.FEATURES.embedding();
            Random rnd = new Random(3);
            double[] h = new double[k * dim];
            for (int i = 0; i < h.length; i++) {
                h[i] = Math.abs(rnd.nextGaussian());
            }
            double[] g;
            try (NDManager m = params.newSubManager()) {
                NDArray x = m.create(h, new Shape(1, k, dim));
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logit = net.pool(new ParameterStore(m, false), x, false).get(MilBlock.LOGIT);
                    gc.backward(logit.sum());
                }
                g = x.getGradient().toDoubleArray();
            }
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            assertThat(norm).as("a gradient to check").isGreaterThan(1e-6);
            Random r = new Random(1);
            for (int trial = 0; trial < 4; trial++) {
                double[] d = new double[h.length];
                double gd = 0;
                for (int i = 0; i < d.length; i++) {
                    d[i] = r.nextGaussian();
                    gd += g[i] * d[i];
                }
                double eps = 1e-6;
                double fd = (logit(net, params, h, d, eps, k) - logit(net, params, h, d, -eps, k)) / (2 * eps);
                assertThat(Math.abs(fd - gd) / Math.abs(gd)).as("direction " + trial).isLessThan(1e-5);
            }
        }
    }

    private static double logit(MilBlock net, NDManager params, double[] h, double[] d, double eps, int k) {
        double[] p = h.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += eps * d[i];
        }
        try (NDManager m = params.newSubManager()) {
            NDArray x = m.create(p, new Shape(1, k, p.length / k));
            return net.pool(new ParameterStore(m, false), x, false).get(MilBlock.LOGIT).toDoubleArray()[0];
        }
    }

    /** A block of the same architecture holding the model's parameters as float64. */
    static MilBlock float64Copy(MilModel model) {
        MilBlock net = new MilBlock(model.config());
        var trained = model.block().getParameters();
        for (var p : net.getParameters()) {
            p.getValue().setArray(trained.get(p.getKey()).getArray().toType(DataType.FLOAT64, true));
        }
        return net;
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws IOException {
        Bag bag = MilModelTest.randomBag(6, 8);
        Provenance prov = new Provenance("test", "fp", 9, Map.of("x", 1), Versions.all(), "now");
        try (MilModel m = MilModel.create(ModelConfig.of(ModelKind.ADDITIVE, EncoderKind.LENET), 9)) {
            setBagBias(m, 1.25f);
            m.save(dir.resolve("model"), prov);
            assertThat(Files.readString(dir.resolve("model").resolve("model.json"))).contains("ADDITIVE");
            try (MilModel l = MilModel.load(dir.resolve("model"))) {
                assertThat(l.config()).isEqualTo(m.config());
                assertThat(l.config().kind()).isEqualTo(ModelKind.ADDITIVE);
                assertThat(param(l, "bag_bias").getArray().toFloatArray()).containsExactly(1.25f);
                Prediction p = m.predict(bag);
                Prediction q = l.predict(bag);
                assertThat(q.logit()).isEqualTo(p.logit());
                assertThat(q.weights()).isEqualTo(p.weights());
                assertThat(q.raw()).isEqualTo(p.raw());
                assertThat(q.alone()).isEqualTo(p.alone());
            }
        }
    }

    /** A trainer's restart draws the weights afresh and puts the bag-level bias back to 0. */
    @Test
    void reinitialiseGivesTheFreshModelOfThatSeed() {
        Bag bag = featureBag(5, 6);
        try (MilModel fresh = MilModel.create(ModelConfig.features(ModelKind.ADDITIVE, D), 21);
                MilModel other = MilModel.create(ModelConfig.features(ModelKind.ADDITIVE, D), 22)) {
            setBagBias(other, 3f);
            assertThat(other.predict(bag).logit()).isNotEqualTo(fresh.predict(bag).logit());
            other.reinitialise(21);
            assertThat(param(other, "bag_bias").getArray().toFloatArray()).containsExactly(0f);
            assertThat(other.predict(bag).raw()).isEqualTo(fresh.predict(bag).raw());
        }
    }

    private static double[][] rows(float[] flat, int k) {
        int dim = flat.length / k;
        double[][] out = new double[k][dim];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < dim; j++) {
                out[i][j] = flat[i * dim + j];
            }
        }
        return out;
    }

    /** Additive's attention and psi in float64, from the model's parameters. */
    private static final class Reference {
        final double[][] v;
        final double[] bv;
        final double[] w;
        final double bw;
        final List<double[][]> psiW = new ArrayList<>();
        final List<double[]> psiB = new ArrayList<>();
        final double bagBias;

        Reference(MilModel m) {
            double[][] vv = null;
            double[] bvv = null;
            double[] ww = null;
            double bww = 0;
            double bias = 0;
            for (Pair<String, Parameter> p : m.block().getParameters()) {
                String key = p.getKey();
                NDArray a = p.getValue().getArray();
                if (key.contains("attention_V")) {
                    if (key.endsWith("weight")) {
                        vv = matrix(a);
                    } else {
                        bvv = vector(a);
                    }
                } else if (key.contains("attention_w")) {
                    if (key.endsWith("weight")) {
                        ww = vector(a);
                    } else {
                        bww = vector(a)[0];
                    }
                } else if (key.contains("psi")) {
                    if (key.endsWith("weight")) {
                        psiW.add(matrix(a));
                    } else {
                        psiB.add(vector(a));
                    }
                } else if (key.equals("bag_bias")) {
                    bias = vector(a)[0];
                }
            }
            v = vv;
            bv = bvv;
            w = ww;
            bw = bww;
            bagBias = bias;
            assertThat(psiW).as("psi's three layers").hasSize(3);
            assertThat(psiB).as("biases of psi's hidden layers only").hasSize(2);
        }

        double attentionLogit(double[] h) {
            double[] hidden = affine(v, bv, h);
            double r = bw;
            for (int i = 0; i < hidden.length; i++) {
                r += w[i] * Math.tanh(hidden[i]);
            }
            return r;
        }

        double psi(double[] x) {
            double[] y = x;
            for (int layer = 0; layer < 3; layer++) {
                y = affine(psiW.get(layer), layer < 2 ? psiB.get(layer) : null, y);
                if (layer < 2) {
                    for (int i = 0; i < y.length; i++) {
                        y[i] = Math.max(0, y[i]);
                    }
                }
            }
            return y[0];
        }

        private static double[] affine(double[][] a, double[] b, double[] x) {
            double[] y = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                double s = b == null ? 0 : b[i];
                for (int j = 0; j < x.length; j++) {
                    s += a[i][j] * x[j];
                }
                y[i] = s;
            }
            return y;
        }

        private static double[][] matrix(NDArray a) {
            int rowsN = (int) a.getShape().get(0);
            return rows(a.toFloatArray(), rowsN);
        }

        private static double[] vector(NDArray a) {
            float[] f = a.toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }
}
