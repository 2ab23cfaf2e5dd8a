package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The encoder runs channels-last and pools before its ReLUs for speed; this checks that it still
 * computes the textbook network (NCHW, conv -> ReLU -> max pool) to float precision, on bags with
 * exact zeros and ones as sparse inversion makes them, for embeddings and pixel gradients.
 *
 * <p>The textbook reference runs in float64 (libtorch's double kernels, another code path than
 * the float32 oneDNN ones): a float32 reference is not a reference, as libtorch 2.7.1's NCHW
 * float32 convolution with 20 input channels is wrong on an AMD Zen 5 CPU (djl-notes, item 7).
 */
class MilBlockLayoutTest {

    @Test
    void lenetMatchesTheTextbookOrder() {
        check(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 23);
    }

    @Test
    void histologyMatchesTheTextbookOrder() {
        check(ModelConfig.of(ModelKind.GATED_ATTENTION, EncoderKind.HISTO27), 9);
        check(ModelConfig.of(ModelKind.INST_MAX, EncoderKind.HISTO32), 5);
    }

    private static void check(ModelConfig mc, int k) {
        EncoderKind e = mc.encoder();
        try (MilModel model = MilModel.create(mc, 3); NDManager m = model.manager().newSubManager()) {
            model.freeze(true);
            List<NDArray> w = new ArrayList<>();
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                if (p.getKey().startsWith("01encoder_")) {
                    w.add(p.getValue().getArray());
                }
            }
            float[] px = pixels(k * e.channels() * e.height() * e.width(), 7);
            Shape shape = new Shape(1, k, e.channels(), e.height(), e.width());
            NDArray r = m.randomUniform(-1f, 1f, new Shape(1, k, e.embedding()));
            List<NDArray> w64 = new ArrayList<>();
            for (NDArray a : w) {
                w64.add(a.toType(DataType.FLOAT64, true));
            }
            Function<NDArray, NDArray> block = x -> model.block().embed(new ParameterStore(m, false), x, false);
            Function<NDArray, NDArray> textbook = x -> reference(x, w64, e);
            float[][] a = valueAndGradient(m, m.create(px, shape), r, block);
            float[][] b = valueAndGradient(m, m.create(px, shape).toType(DataType.FLOAT64, true),
                    r.toType(DataType.FLOAT64, true), textbook);
            System.out.printf("%s: embeddings %.2e, pixel gradient %.2e (relative to float64)%n", e,
                    relDiff(a[0], b[0]), relDiff(a[1], b[1]));
            assertThat(relDiff(a[0], b[0])).as("embeddings").isLessThan(1e-5);
            assertThat(relDiff(a[1], b[1])).as("pixel gradient").isLessThan(1e-5);
        }
    }

    /** The encoder in the textbook layout and order, from the block's own parameters. */
    private static NDArray reference(NDArray x, List<NDArray> w, EncoderKind e) {
        Shape s = x.getShape();
        NDArray h = x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)).sub((double) e.mean())
                .div((double) e.std());
        for (int i = 0; i < 4; i += 2) {
            h = Conv2d.conv2d(h, w.get(i), w.get(i + 1)).singletonOrThrow();
            h = Pool.maxPool2d(Activation.relu(h), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        h = h.reshape(h.getShape().get(0), -1);
        for (int i = 4; i < w.size(); i += 2) {
            h = Activation.relu(Linear.linear(h, w.get(i), w.get(i + 1)).singletonOrThrow());
        }
        return h.reshape(s.get(0), s.get(1), -1);
    }

    /** f(x) and the gradient of sum(f(x) * r) to x, read as float32. */
    private static float[][] valueAndGradient(NDManager m, NDArray x, NDArray r, Function<NDArray, NDArray> f) {
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray h = f.apply(x);
            gc.backward(h.mul(r).sum());
            return new float[][] {asFloats(h), asFloats(x.getGradient())};
        }
    }

    private static float[] asFloats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Pixels in [0,1], about 30% exactly 0 and 10% exactly 1 (ties in the max pools). */
    private static float[] pixels(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            p[i] = u < 0.3 ? 0f : u > 0.9 ? 1f : (float) rng.nextDouble();
        }
        return p;
    }

    private static double relDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(b[i]));
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        return max == 0 ? diff : diff / max;
    }
}
