package org.milkid.detect;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.milkid.model.Engines;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;
import org.milkid.train.BagLoss;

/**
 * The optimisation loop that all network inversions share (paper sections III-C and III-D): the
 * model frozen and in inference mode, the gradient of the objective taken with respect to the
 * pixels only, and one of the {@link UpdateRule}s applied. Rows of the input are independent
 * problems (several bags of one size, or one bag under several lambdas) solved in one batched
 * pass: the objective is the sum of the rows' objectives, so each row gets its own gradient.
 *
 * <p>Native memory stays flat: every iteration's temporaries live in a sub-manager that is
 * closed at the end of the iteration, and each iteration differentiates a fresh leaf array, so
 * no gradient builds up across iterations (djl-notes trap 1).
 */
public final class InversionLoop {
    private static final float RMS_EPS = 1e-12f;

    private InversionLoop() {
    }

    /**
     * What an inversion produced.
     *
     * @param refined per row, the optimised pixels {@code [K, C, H, W]}, every value in [0,1]
     * @param predictions per row, the model's prediction on the optimised pixels
     * @param initialObjective per row, the objective before the first update
     * @param finalObjective per row, the objective at the optimised pixels
     */
    public record Result(float[][] refined, List<Prediction> predictions, float[] initialObjective,
            float[] finalObjective) {
    }

    /**
     * Inverts B rows of the same shape at once.
     *
     * @param model the trained model (frozen by this call)
     * @param instanceShape {@code [K, C, H, W]} of every row
     * @param starts B arrays of pixels, the starting points (left unchanged)
     * @param lambdas per row, the sparseness coefficient (ignored by SGD)
     * @param targets per row, the target label (the predicted one)
     * @param cfg the rule, objective, step size and iterations (its lambda is ignored)
     * @param onIteration hears the number of finished iterations; may be null
     */
    public static Result run(MilModel model, long[] instanceShape, float[][] starts, float[] lambdas, int[] targets,
            InversionConfig cfg, IntConsumer onIteration) {
        int b = starts.length;
        if (lambdas.length != b || targets.length != b || b == 0) {
            throw new IllegalArgumentException(b + " rows, " + lambdas.length + " lambdas, " + targets.length + " targets");
        }
        Engines.ensureReady();
        model.freeze(true);
        Shape shape = new Shape(b, instanceShape[0], instanceShape[1], instanceShape[2], instanceShape[3]);
        int rowLength = Math.toIntExact(shape.size() / b);
        float[] flat = new float[Math.toIntExact(shape.size())];
        for (int r = 0; r < b; r++) {
            if (starts[r].length != rowLength) {
                throw new IllegalArgumentException("row " + r + " has " + starts[r].length + " values, expected " + rowLength);
            }
            System.arraycopy(starts[r], 0, flat, r * rowLength, rowLength);
        }
        float[] thresholds = new float[b];
        for (int r = 0; r < b; r++) {
            thresholds[r] = cfg.withLambda(lambdas[r]).thresholdValue();
        }
        try (NDManager base = model.manager().newSubManager()) {
            NDArray x0 = base.create(flat, shape);
            NDArray thr = base.create(thresholds).reshape(b, 1, 1, 1, 1);
            NDArray target = base.create(toFloats(targets));
            State state = new State(x0, cfg);
            float[] initial = null;
            for (int it = 0; it < cfg.iterations(); it++) {
                try (NDManager sub = base.newSubManager()) {
                    NDArray point = state.gradientPoint();
                    NDArray leaf = point.duplicate();
                    leaf.attach(sub);
                    Step s = gradient(model, sub, leaf, target, cfg.objective());
                    if (initial == null) {
                        initial = s.objective;
                    }
                    NDArray g = s.gradient;
                    if (cfg.normalizeGradient()) {
                        g = g.div(g.square().mean(new int[] {1, 2, 3, 4}, true).sqrt().add(RMS_EPS));
                    }
                    state.update(g, thr, base);
                }
                if (onIteration != null) {
                    onIteration.accept(it + 1);
                }
            }
            NDArray result = state.result();
            try (NDManager sub = base.newSubManager()) {
                NDList out = model.block().forward(new ParameterStore(sub, false), new NDList(result), false);
                float[] fin = objective(out, target, cfg.objective()).toFloatArray();
                List<Prediction> preds = new ArrayList<>(b);
                for (int r = 0; r < b; r++) {
                    preds.add(MilModel.toPrediction(out, r));
                }
                float[] all = result.toFloatArray();
                float[][] refined = new float[b][];
                for (int r = 0; r < b; r++) {
                    refined[r] = java.util.Arrays.copyOfRange(all, r * rowLength, (r + 1) * rowLength);
                }
                return new Result(refined, preds, initial, fin);
            }
        }
    }

    /**
     * The gradient of the objective with respect to the pixels of one bag (model frozen, inference
     * mode), {@code [K, C, H, W]} flattened; used for gradient-times-input scores and tests.
     */
    public static float[] inputGradient(MilModel model, float[] pixels, long[] instanceShape, int target,
            Objective objective) {
        Engines.ensureReady();
        model.freeze(true);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(pixels, new Shape(1, instanceShape[0], instanceShape[1], instanceShape[2],
                    instanceShape[3]));
            return gradient(model, m, x, m.create(new float[] {target}), objective).gradient.toFloatArray();
        }
    }

    /** The objective of every row of a forward pass, {@code [B]}. */
    static NDArray objective(NDList out, NDArray target, Objective objective) {
        return switch (objective) {
            case NLL -> BagLoss.nll(out.get(MilBlock.PROB), target);
            case LOGIT -> out.get(MilBlock.LOGIT).mul(target.mul(-2f).add(1f));
        };
    }

    private record Step(NDArray gradient, float[] objective) {
    }

    private static Step gradient(MilModel model, NDManager m, NDArray leaf, NDArray target, Objective objective) {
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = model.block().forward(new ParameterStore(m, false), new NDList(leaf), false);
            NDArray perRow = objective(out, target, objective);
            gc.backward(perRow.sum());
            NDArray g = leaf.getGradient();
            g.attach(m);
            return new Step(g, perRow.toFloatArray());
        }
    }

    /** s_thr(z) = sign(z) max(|z| - thr, 0), eq. 7-8, with a threshold per row. */
    static NDArray softThreshold(NDArray z, NDArray thr) {
        return z.sign().mul(z.abs().sub(thr).maximum(0f));
    }

    private static float[] toFloats(int[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = a[i];
        }
        return f;
    }

    /** The iterate and the rule's memory (momentum, or FISTA's previous iterate and t), in the base manager. */
    private static final class State {
        private final InversionConfig cfg;
        private NDArray x;
        private NDArray velocity;
        private NDArray y;
        private double t = 1;

        State(NDArray x0, InversionConfig cfg) {
            this.cfg = cfg;
            this.x = x0;
            if (cfg.rule() == UpdateRule.FISTA) {
                this.y = x0.duplicate();
            }
        }

        NDArray gradientPoint() {
            return cfg.rule() == UpdateRule.FISTA ? y : x;
        }

        NDArray result() {
            return x;
        }

        void update(NDArray g, NDArray thr, NDManager base) {
            switch (cfg.rule()) {
                case SGD_MOMENTUM -> {
                    NDArray v = velocity == null ? g : velocity.mul(cfg.momentum()).add(g);
                    NDArray next = x.sub(v.mul(cfg.learningRate())).clip(0f, 1f);
                    replaceX(next, base);
                    if (v != g || velocity == null) {
                        NDArray kept = v.duplicate();
                        kept.attach(base);
                        if (velocity != null) {
                            velocity.close();
                        }
                        velocity = kept;
                    }
                }
                case PROXIMAL -> replaceX(prox(x, g, thr), base);
                case FISTA -> {
                    NDArray next = prox(y, g, thr);
                    double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                    NDArray yNext = next.add(next.sub(x).mul((float) ((t - 1) / tNext)));
                    yNext.attach(base);
                    y.close();
                    y = yNext;
                    t = tNext;
                    replaceX(next, base);
                }
            }
        }

        private NDArray prox(NDArray at, NDArray g, NDArray thr) {
            return softThreshold(at.sub(g.mul(cfg.learningRate())), thr).clip(0f, 1f);
        }

        private void replaceX(NDArray next, NDManager base) {
            next.attach(base);
            x.close();
            x = next;
        }
    }
}
