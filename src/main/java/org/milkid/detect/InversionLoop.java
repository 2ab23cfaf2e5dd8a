package org.milkid.detect;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.milkid.model.Engines;
import org.milkid.model.MilBlock;
import org.milkid.model.MilModel;
import org.milkid.model.NativeArrays;
import org.milkid.model.Prediction;
import org.milkid.train.BagLoss;
import org.milkid.util.BadInputException;
import org.milkid.util.NativeMemory;

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
     * @param refined per row, the optimised pixels {@code [K, C, H, W]}, every value in [0,1] (feature
     *     bags: every feature within the range it spans over the bag's tiles)
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
            throw new BadInputException(b + " rows, " + lambdas.length + " lambdas, " + targets.length + " targets");
        }
        Engines.ensureReady();
        model.freeze(true);
        Shape shape = new Shape(b, instanceShape[0], instanceShape[1], instanceShape[2], instanceShape[3]);
        int rowLength = Math.toIntExact(shape.size() / b);
        float[] flat = new float[Math.toIntExact(shape.size())];
        for (int r = 0; r < b; r++) {
            if (starts[r].length != rowLength) {
                throw new BadInputException("row " + r + " has " + starts[r].length + " values, expected " + rowLength);
            }
            System.arraycopy(starts[r], 0, flat, r * rowLength, rowLength);
        }
        float[] thresholds = new float[b];
        for (int r = 0; r < b; r++) {
            thresholds[r] = cfg.withLambda(lambdas[r]).thresholdValue();
        }
        float[] targetValues = toFloats(targets);
        try (NDManager base = model.manager().newSubManager()) {
            NDArray x0 = NativeArrays.create(base, flat, shape);
            State state = new State(x0, cfg, model.config().encoder().isFeatures() ? Box.spannedBy(x0) : null);
            float[] initial = null;
            for (int it = 0; it < cfg.iterations(); it++) {
                // everything of one iteration, the old iterate included, lives in `sub`: an operation's
                // result belongs to the manager of the array it is called on, so the state moves in
                // here first and only the new state moves back out
                try (NDManager sub = base.newSubManager()) {
                    state.moveTo(sub);
                    NDArray thr = sub.create(thresholds).reshape(b, 1, 1, 1, 1);
                    NDArray target = sub.create(targetValues);
                    NDArray leaf = state.gradientPoint().duplicate();
                    Step s = gradient(model.block(), sub, leaf, target, cfg.objective());
                    if (initial == null) {
                        initial = s.objective;
                    }
                    NDArray g = cfg.normalizeGradient() ? normalizeRows(s.gradient) : s.gradient;
                    state.update(g, thr);
                    state.moveTo(base);
                }
                if (it % NativeMemory.EVERY == NativeMemory.EVERY - 1) {
                    NativeMemory.release();
                }
                if (onIteration != null) {
                    onIteration.accept(it + 1);
                }
            }
            try (NDManager sub = base.newSubManager()) {
                state.moveTo(sub);
                NDArray result = state.result();
                NDList out = model.block().forward(new ParameterStore(sub, false), new NDList(result), false);
                float[] fin = objective(out, sub.create(targetValues), cfg.objective()).toFloatArray();
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
     * Inverts one bag under several lambdas at once (one row each), towards the positive label:
     * the sparse inversion of a positive-predicted bag over a lambda sweep.
     *
     * @param instanceShape {@code [K, C, H, W]} of the bag
     * @param pixels the bag's pixels, the start of every row (left unchanged)
     */
    public static Result runLambdas(MilModel model, long[] instanceShape, float[] pixels, float[] lambdas,
            InversionConfig cfg, IntConsumer onIteration) {
        float[][] starts = new float[lambdas.length][];
        java.util.Arrays.fill(starts, pixels);
        int[] targets = new int[lambdas.length];
        java.util.Arrays.fill(targets, 1);
        return run(model, instanceShape, starts, lambdas, targets, cfg, onIteration);
    }

    /**
     * The gradient of the objective with respect to the pixels of one bag (model frozen, inference
     * mode), {@code [K, C, H, W]} flattened; used for gradient-times-input scores and tests.
     */
    public static float[] inputGradient(MilModel model, float[] pixels, long[] instanceShape, int target,
            Objective objective) {
        Engines.ensureReady();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = NativeArrays.create(m, pixels, new Shape(1, instanceShape[0], instanceShape[1],
                    instanceShape[2], instanceShape[3]));
            return inputGradient(model.block(), x, target, objective).toFloatArray();
        }
    }

    /**
     * The same for a network and a bag given as an array {@code [1, K, C, H, W]} of the network's
     * data type (float64 in the finite-difference test); the gradient belongs to the array's manager.
     */
    public static NDArray inputGradient(MilBlock block, NDArray x, int target, Objective objective) {
        block.freezeParameters(true);
        NDManager m = x.getManager();
        NDArray t = m.create(new float[] {target}).toType(x.getDataType(), false);
        return gradient(block, m, x, t, objective).gradient;
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

    private static Step gradient(MilBlock block, NDManager m, NDArray leaf, NDArray target, Objective objective) {
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = block.forward(new ParameterStore(m, false), new NDList(leaf), false);
            NDArray perRow = objective(out, target, objective);
            float[] values = perRow.toType(DataType.FLOAT32, false).toFloatArray();
            if (objective == Objective.NLL && allClamped(out.get(MilBlock.PROB))) {
                // the clamp of eq. 5 has zero gradient outside [EPS, 1 - EPS]: when every row is
                // there, the gradient is exactly zero and the backward pass can be skipped
                return new Step(leaf.zerosLike(), values);
            }
            gc.backward(perRow.sum());
            NDArray g = leaf.getGradient();
            g.attach(m);
            return new Step(g, values);
        }
    }

    /** Whether every probability lies outside the clamp of {@link BagLoss}, where its gradient is 0. */
    static boolean allClamped(NDArray prob) {
        for (float p : prob.toType(DataType.FLOAT32, false).toFloatArray()) {
            if (p >= BagLoss.EPS && p <= 1f - BagLoss.EPS) {
                return false;
            }
        }
        return true;
    }

    /**
     * Divides every row (bag) of a gradient {@code [B, K, C, H, W]} by its root mean square, so that
     * a step of eta changes the pixels by eta in RMS whatever the scale of the objective.
     */
    static NDArray normalizeRows(NDArray g) {
        Shape s = g.getShape();
        NDArray rms = g.reshape(s.get(0), -1).square().mean(new int[] {1}).sqrt().add(RMS_EPS);
        return g.div(rms.reshape(s.get(0), 1, 1, 1, 1));
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

    /**
     * The iterate and the rule's memory (momentum, or FISTA's extrapolated point and t). Its
     * arrays move between managers as a group: into an iteration's sub-manager at its start, the
     * new ones back to the run's manager at its end; the old ones close with the sub-manager.
     */
    /**
     * Where refined feature vectors may go: per bag (row) and feature, between the smallest and the
     * largest value of that feature over the bag's own tiles. The encoder that made the features
     * produced these values, so the refined ones stay in its range (features after a ReLU stay >= 0,
     * as pixels stay in [0,1]) and no feature leaves what the slide shows.
     */
    private static final class Box {
        private NDArray lo;
        private NDArray hi;

        static Box spannedBy(NDArray x) {
            Box b = new Box();
            b.lo = x.min(new int[] {1}, true);
            b.hi = x.max(new int[] {1}, true);
            return b;
        }

        NDArray clamp(NDArray z) {
            return z.maximum(lo).minimum(hi);
        }

        void moveTo(NDManager m) {
            lo.attach(m);
            hi.attach(m);
        }
    }

    private static final class State {
        private final InversionConfig cfg;
        private final Box box;
        private NDArray x;
        private NDArray velocity;
        private NDArray y;
        private double t = 1;

        /** @param box the box of feature bags, or null for pixels (clamped to [0,1]) */
        State(NDArray x0, InversionConfig cfg, Box box) {
            this.cfg = cfg;
            this.box = box;
            this.x = x0;
            if (cfg.rule() == UpdateRule.FISTA) {
                this.y = x0.duplicate();
            }
        }

        void moveTo(NDManager m) {
            x.attach(m);
            if (box != null) {
                box.moveTo(m);
            }
            if (velocity != null) {
                velocity.attach(m);
            }
            if (y != null) {
                y.attach(m);
            }
        }

        NDArray gradientPoint() {
            return cfg.rule() == UpdateRule.FISTA ? y : x;
        }

        NDArray result() {
            return x;
        }

        void update(NDArray g, NDArray thr) {
            switch (cfg.rule()) {
                case SGD_MOMENTUM -> {
                    velocity = velocity == null ? g : velocity.mul(cfg.momentum()).add(g);
                    x = clamp(x.sub(velocity.mul(cfg.learningRate())));
                }
                case PROXIMAL -> x = prox(x, g, thr);
                case FISTA -> {
                    NDArray next = prox(y, g, thr);
                    double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                    y = next.add(next.sub(x).mul((float) ((t - 1) / tNext)));
                    t = tNext;
                    x = next;
                }
            }
        }

        private NDArray prox(NDArray at, NDArray g, NDArray thr) {
            return clamp(softThreshold(at.sub(g.mul(cfg.learningRate())), thr));
        }

        private NDArray clamp(NDArray z) {
            return box != null ? box.clamp(z) : z.clip(0f, 1f);
        }
    }
}
