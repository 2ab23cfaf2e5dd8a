package org.milkid.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.milkid.platform.CpuInfo;
import org.milkid.util.Seeds;

/**
 * The numerics self-check: every layer kind that milkid runs, in the memory layout milkid runs it
 * in, computed by libtorch in float32 and compared with the same computation in float64 (libtorch's
 * double kernels, another code path), on small seeded random inputs: the output, the gradient to
 * the input (what inversion uses) and the gradients to the weights (what training uses).
 *
 * <p>Why: libtorch 2.7.1's oneDNN AVX-512 float32 convolutions are wrong on an AMD EPYC Zen 5
 * (djl-notes, item 7), by 10-100% or NaN, while correct kernels agree with float64 to about 1e-6
 * relative. A kernel passes when every relative error is below {@link #TOLERANCE}. The float64
 * side computes convolutions without any convolution kernel ({@link #unfoldedProduct}).
 *
 * <p>The inputs come from Java's {@link SplittableRandom}, never from libtorch's generator, so the
 * check leaves the state of the process as it found it. It opens one {@link GradientCollector}
 * at a time: run it where no other is open.
 *
 * <p>Longer than milkid's other classes (about 400 lines) on purpose: each layer kind's float32
 * operation and its float64 reference stand next to each other, so that a reader checks one against
 * the other in one place.
 */
public final class SelfCheck {
    /**
     * The largest relative error (max |float32 - float64| / max |float64| over an output or a
     * gradient) that passes. Measured on an AMD EPYC Zen 5: correct kernels (oneDNN capped at
     * AVX2, AVX or SSE41) stay below 2e-6, a margin of 50; the wrong AVX-512 convolution errs by
     * 1.4e-1, a margin of 1,400.
     */
    public static final double TOLERANCE = 1e-4;
    /** The seed of the inputs and weights. */
    public static final long SEED = 20261201L;

    private static final int LENET_N = 4;
    private static final int HISTO_N = 2;
    private static final int LINEAR_OUT = 64;

    private SelfCheck() {
    }

    /**
     * The outcome for one operation.
     *
     * @param operation the operation's name
     * @param usedByMilkid whether milkid runs it (a failure of another one never stops milkid)
     * @param forwardError relative error of the output
     * @param inputGradientError relative error of the gradient to the input
     * @param weightGradientError the largest relative error of the gradients to the weights (0 when
     *     the operation has no weights)
     * @param float32Digest a hash of the bits of the float32 output and gradients, equal in two runs
     *     when the kernels are deterministic; 0 unless asked for ({@link #run(List, boolean)})
     */
    public record Check(String operation, boolean usedByMilkid, double forwardError, double inputGradientError,
            double weightGradientError, long float32Digest) {
        /** The largest of the three errors; NaN when any is NaN. */
        public double maxError() {
            if (Double.isNaN(forwardError) || Double.isNaN(inputGradientError) || Double.isNaN(weightGradientError)) {
                return Double.NaN;
            }
            return Math.max(forwardError, Math.max(inputGradientError, weightGradientError));
        }

        /** Whether every error is a number below {@link #TOLERANCE}. */
        public boolean passed() {
            double e = maxError();
            return !Double.isNaN(e) && e < TOLERANCE;
        }

        /**
         * The first part that failed, in the order "forward", "gradient to the input", "gradient
         * to the weights"; null when the check passed.
         */
        public String failedPart() {
            if (!(forwardError < TOLERANCE)) {
                return "forward";
            }
            if (!(inputGradientError < TOLERANCE)) {
                return "gradient to the input";
            }
            return weightGradientError < TOLERANCE ? null : "gradient to the weights";
        }

        /** The relative error of {@link #failedPart()} (NaN or at least the tolerance); 0 when none failed. */
        public double failedError() {
            String part = failedPart();
            if (part == null) {
                return 0;
            }
            return switch (part) {
                case "forward" -> forwardError;
                case "gradient to the input" -> inputGradientError;
                default -> weightGradientError;
            };
        }
    }

    /**
     * The outcome of a self-check.
     *
     * @param checks one per operation, in the order run
     * @param cpu the CPU model it ran on
     * @param isaCap oneDNN's instruction-set cap in effect ("none" when unset)
     * @param millis how long it took
     */
    public record Result(List<Check> checks, String cpu, String isaCap, long millis) {
        public Result {
            checks = List.copyOf(checks);
        }

        /** Whether every operation that milkid uses passed. */
        public boolean passed() {
            return firstFailure().isEmpty();
        }

        /** The first operation that milkid uses and that failed. */
        public Optional<Check> firstFailure() {
            return checks.stream().filter(c -> c.usedByMilkid() && !c.passed()).findFirst();
        }

        /** Throws a {@link NumericsException} naming the first failed operation milkid uses, if any. */
        public void requirePass() {
            Optional<Check> f = firstFailure();
            if (f.isPresent()) {
                throw new NumericsException(failureLine(f.get()));
            }
        }

        /** The one line that names the failed operation, the CPU and the remedy. */
        public String failureLine(Check c) {
            return "numerics self-check failed: " + c.operation() + " (" + c.failedPart() + ") differs from float64 by "
                    + format(c.failedError()) + " (tolerance " + format(TOLERANCE) + ") on " + cpu
                    + " with oneDNN's ISA cap " + isaCap + "; " + remedy(isaCap);
        }
    }

    /** What to do about a wrong kernel, given the cap in effect. */
    static String remedy(String isaCap) {
        if (Engines.DEFAULT_ISA.equalsIgnoreCase(isaCap)) {
            return "remedy: run with " + Engines.ONEDNN_ISA + "=AVX (or SSE41) and please report a bug with the"
                    + " output of `milkid doctor`";
        }
        return "remedy: unset " + Engines.ONEDNN_ISA + " or set it to " + Engines.DEFAULT_ISA + " (milkid's default)";
    }

    /** A relative error as the self-check prints it; "NaN" for NaN. */
    public static String format(double e) {
        return Double.isNaN(e) ? "NaN" : String.format(Locale.ROOT, "%.1e", e);
    }

    /**
     * The operations of milkid's networks (method-notes section 2; {@link MilBlock}): the
     * convolutions of each encoder in channels-last layout, max pooling with ReLU, the linear
     * layers, and attention pooling (tanh and sigmoid gates, softmax, weighted sum, sigmoid).
     */
    public static List<Operation> milkidOperations() {
        List<Operation> ops = new ArrayList<>();
        ops.add(conv("LeNet conv1 1->20 5x5 on 28x28, channels-last", LENET_N, 1, 20, 5, 28, true));
        ops.add(conv("LeNet conv2 20->50 5x5 on 12x12, channels-last", LENET_N, 20, 50, 5, 12, true));
        ops.add(conv("histology conv1 3->36 4x4 on 27x27, channels-last", HISTO_N, 3, 36, 4, 27, true));
        ops.add(conv("histology conv2 36->48 3x3 on 12x12, channels-last", HISTO_N, 36, 48, 3, 12, true));
        ops.add(conv("histology conv1 3->36 4x4 on 32x32, channels-last", HISTO_N, 3, 36, 4, 32, true));
        ops.add(conv("histology conv2 36->48 3x3 on 14x14, channels-last", HISTO_N, 36, 48, 3, 14, true));
        ops.add(new Operation("max-pool 2x2 and ReLU on 20x24x24, channels-last", true,
                new Shape(LENET_N, 20, 24, 24), List.of(), (x, p) -> poolRelu(MilBlock.channelsLast(x)),
                (x, p) -> poolRelu(x)));
        ops.add(linear(800));
        ops.add(linear(1728));
        ops.add(linear(512));
        ops.add(attention(2, 9, 500, 128));
        return ops;
    }

    /**
     * {@link #milkidOperations()} and, for the doctor, the NCHW (not channels-last) convolution
     * 20->50 that milkid does not use: the kernel that is wrong on AMD Zen 5 with AVX-512.
     */
    public static List<Operation> doctorOperations() {
        List<Operation> ops = new ArrayList<>(milkidOperations());
        ops.add(conv("LeNet conv2 20->50 5x5 on 12x12, NCHW (not used by milkid)", LENET_N, 20, 50, 5, 12, false));
        return ops;
    }

    /**
     * A convolution with bias, {@code [n, cin, size, size]} to {@code [n, cout, size-k+1, size-k+1]};
     * in channels-last layout as milkid's encoders run it when {@code channelsLast}. The float64
     * reference is {@link #unfoldedProduct}, which runs no convolution kernel at all.
     */
    static Operation conv(String name, int n, int cin, int cout, int k, int size, boolean channelsLast) {
        Operation.Kernel f32 = (x, p) -> Conv2d.conv2d(channelsLast ? MilBlock.channelsLast(x) : x, p.get(0),
                p.get(1)).singletonOrThrow();
        return new Operation(name, channelsLast, new Shape(n, cin, size, size),
                List.of(new Shape(cout, cin, k, k), new Shape(cout)), f32, SelfCheck::unfoldedProduct);
    }

    /**
     * The textbook convolution (stride 1, no padding) as one matrix product with the unfolded
     * input: {@code y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] x[n, c, i+u, j+v]} for
     * {@code x [N, C, H, W]}, {@code w [O, C, k, k]}, {@code b [O]}. The unfolding is a gather of
     * the input, so no convolution kernel runs (libtorch's double convolutions would also print
     * NNPACK warnings on AMD CPUs).
     */
    static NDArray unfoldedProduct(NDArray x, NDList p) {
        Shape xs = x.getShape();
        Shape ws = p.get(0).getShape();
        int c = (int) xs.get(1);
        int h = (int) xs.get(2);
        int w = (int) xs.get(3);
        int kh = (int) ws.get(2);
        int kw = (int) ws.get(3);
        int oh = h - kh + 1;
        int ow = w - kw + 1;
        long[] index = new long[c * kh * kw * oh * ow];
        int at = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            index[at++] = ((long) ci * h + i + u) * w + j + v;
                        }
                    }
                }
            }
        }
        long n = xs.get(0);
        NDArray idx = x.getManager().create(index, new Shape(1, index.length)).broadcast(n, index.length);
        NDArray cols = x.reshape(n, (long) c * h * w).gather(idx, 1).reshape(n, (long) c * kh * kw, (long) oh * ow);
        NDArray y = p.get(0).reshape(ws.get(0), -1).matMul(cols).add(p.get(1).reshape(ws.get(0), 1));
        return y.reshape(n, ws.get(0), oh, ow);
    }

    /** The encoder's 2x2 max pooling (stride 2, floor) then ReLU. */
    private static NDArray poolRelu(NDArray x) {
        return Activation.relu(Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
    }

    /**
     * A linear layer with bias and ReLU, {@code [4, in]} to {@code [4, 64]}: the input widths of
     * milkid's linear layers (800 in LeNet, 1728 and 512 in the histology encoder; the reduction
     * length decides the float32 error), with fewer outputs than milkid's 500 or 512 to keep the
     * check fast (the kernel is the same matrix product).
     */
    static Operation linear(int in) {
        Operation.Kernel f = (x, p) -> Activation.relu(Linear.linear(x, p.get(0), p.get(1)).singletonOrThrow());
        return new Operation("linear " + in + "->" + LINEAR_OUT + " and ReLU", true, new Shape(4, in),
                List.of(new Shape(LINEAR_OUT, in), new Shape(LINEAR_OUT)), f, f);
    }

    /**
     * Gated attention pooling (eqs. 1-3 of the paper with the gate): embeddings {@code [b, k, m]} to
     * the attention weights {@code [b, k]} and the bag probabilities {@code [b]}, concatenated.
     */
    static Operation attention(int b, int k, int m, int l) {
        Operation.Kernel f = (h, p) -> {
            NDArray hidden = Linear.linear(h, p.get(0), p.get(1)).singletonOrThrow().tanh()
                    .mul(Activation.sigmoid(Linear.linear(h, p.get(2), p.get(3)).singletonOrThrow()));
            NDArray a = Linear.linear(hidden, p.get(4), p.get(5)).singletonOrThrow().reshape(b, k).softmax(1);
            NDArray z = a.reshape(b, 1, k).batchMatMul(h).reshape(b, m);
            NDArray prob = Activation.sigmoid(Linear.linear(z, p.get(6), p.get(7)).singletonOrThrow().reshape(b));
            return NDArrays.concat(new NDList(a.reshape(-1), prob));
        };
        return new Operation("attention pooling " + m + "->" + l + ": tanh and sigmoid gates, softmax, weighted sum",
                true, new Shape(b, k, m), List.of(new Shape(l, m), new Shape(l), new Shape(l, m), new Shape(l),
                        new Shape(1, l), new Shape(1), new Shape(1, m), new Shape(1)), f, f);
    }

    /** Runs the operations on this process's engine (which must have started). */
    public static Result run(List<Operation> operations) {
        return run(operations, false);
    }

    /**
     * Runs the operations; with {@code digests}, also hashes the bits of every float32 result
     * (for the doctor's repeatability check; costs a pass over the weights' gradients in Java).
     */
    public static Result run(List<Operation> operations, boolean digests) {
        long t0 = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Engines.ENGINE)) {
            for (Operation op : operations) {
                try (NDManager sub = m.newSubManager()) {
                    checks.add(check(sub, op, digests));
                }
            }
        }
        return new Result(checks, CpuInfo.current().model(), Engines.isaCap(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** One operation: float32 against float64, output and gradients. */
    static Check check(NDManager m, Operation op, boolean digest) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(SEED, op.name()));
        float[] x = uniform(rng, op.input().size(), 1.0);
        List<float[]> params = new ArrayList<>();
        for (Shape s : op.parameters()) {
            params.add(uniform(rng, s.size(), s.dimension() > 1 ? 1.0 / Math.sqrt(s.size() / s.get(0)) : 0.1));
        }
        long rSeed = rng.nextLong();
        NDList a = valueAndGradients(m, op, op.float32(), x, params, DataType.FLOAT32, rSeed);
        NDList b = valueAndGradients(m, op, op.float64(), x, params, DataType.FLOAT64, rSeed);
        // the weight gradients are judged together, relative to the largest of them: a gradient
        // that is zero in exact arithmetic (the bias of the attention logits, which the softmax
        // cancels) holds only rounding noise, and relative to itself it would look wrong
        double weightDiff = 0;
        double weightScale = 0;
        for (int i = 2; i < a.size(); i++) {
            double e = absoluteError(a.get(i), b.get(i));
            weightDiff = Double.isNaN(e) || Double.isNaN(weightDiff) ? Double.NaN : Math.max(weightDiff, e);
            weightScale = Math.max(weightScale, b.get(i).toType(DataType.FLOAT64, false).abs().max().getDouble());
        }
        double weights = weightScale == 0 || Double.isNaN(weightDiff) ? weightDiff : weightDiff / weightScale;
        long hash = 0;
        if (digest) {
            hash = 17;
            for (NDArray v : a) {
                hash = hash * 31 + Arrays.hashCode(v.toByteArray());
            }
        }
        return new Check(op.name(), op.usedByMilkid(), relativeError(a.get(0), b.get(0)),
                relativeError(a.get(1), b.get(1)), weights, hash);
    }

    /**
     * The output f(x), the gradient of sum(f(x) * r) to x and to each weight, for r uniform in
     * [-1, 1] drawn with {@code rSeed} (the same draw for both precisions), in {@code type}.
     */
    private static NDList valueAndGradients(NDManager m, Operation op, Operation.Kernel kernel, float[] x,
            List<float[]> params, DataType type, long rSeed) {
        NDArray in = m.create(x, op.input()).toType(type, false);
        in.setRequiresGradient(true);
        NDList p = new NDList();
        for (int i = 0; i < params.size(); i++) {
            NDArray w = m.create(params.get(i), op.parameters().get(i)).toType(type, false);
            w.setRequiresGradient(true);
            p.add(w);
        }
        try (GradientCollector gc = Engine.getEngine(Engines.ENGINE).newGradientCollector()) {
            NDArray y = kernel.apply(in, p);
            NDArray r = m.create(uniform(new SplittableRandom(rSeed), y.getShape().size(), 1.0), y.getShape())
                    .toType(type, false);
            gc.backward(y.mul(r).sum());
            NDList out = new NDList(y, in.getGradient());
            for (NDArray w : p) {
                out.add(w.getGradient());
            }
            return out;
        }
    }

    /**
     * max |a - ref| / max |ref| over all elements (max |a - ref| when ref is all zero); NaN when
     * {@code a} holds a NaN or an infinity or the shapes differ.
     */
    static double relativeError(NDArray a, NDArray ref) {
        double diff = absoluteError(a, ref);
        if (Double.isNaN(diff)) {
            return diff;
        }
        double max = ref.toType(DataType.FLOAT64, false).abs().max().getDouble();
        return max == 0 ? diff : diff / max;
    }

    /** max |a - ref|; NaN when {@code a} holds a NaN or an infinity or the shapes differ. */
    static double absoluteError(NDArray a, NDArray ref) {
        if (!a.getShape().equals(ref.getShape())) {
            return Double.NaN;
        }
        NDArray a64 = a.toType(DataType.FLOAT64, false);
        if (a64.isNaN().any().getBoolean() || a64.isInfinite().any().getBoolean()) {
            return Double.NaN;
        }
        return a64.sub(ref.toType(DataType.FLOAT64, false)).abs().max().getDouble();
    }

    private static float[] uniform(SplittableRandom rng, long n, double scale) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return v;
    }
}
