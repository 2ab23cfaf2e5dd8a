package org.milkid.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam computed as DJL's {@code Adam} computes it (the same fused libtorch update with the same
 * arguments, so the same floats), whose moments and step counts can be taken out after an epoch
 * and put into the optimizer of a new trainer: a training interrupted between two epochs goes on
 * exactly where it stopped ({@link TrainingState}).
 */
final class ResumableAdam extends Optimizer {
    /** DJL's default epsilon. */
    private static final float EPSILON = 1e-8f;

    private final Tracker learningRate;
    private final float beta1;
    private final float beta2;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    /** Updates per parameter id; as in DJL, a step's count is the largest over the parameters. */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private int numUpdate;

    ResumableAdam(Tracker learningRate, float beta1, float beta2, float weightDecay) {
        super(new Settings().optWeightDecays(weightDecay));
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = count(parameterId);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float newLearningRate = (float) (lr * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(newLearningRate) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
        }
        NDList inputs = new NDList(weight, grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, newLearningRate, weightDecay,
                rescaleGrad, clipGrad, beta1, beta2, EPSILON, true, false);
    }

    private int count(String parameterId) {
        int c = counts.merge(parameterId, 1, Integer::sum);
        numUpdate = Math.max(numUpdate, c);
        return numUpdate;
    }

    /** The state, for the parameters {@code params} in their order. */
    AdamMoments moments(List<Parameter> params) {
        int[] c = new int[params.size()];
        List<float[]> m = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            String id = params.get(i).getId();
            c[i] = counts.getOrDefault(id, 0);
            m.add(values(means, id));
            v.add(values(variances, id));
        }
        return new AdamMoments(numUpdate, c, m, v);
    }

    private static float[] values(Map<String, Map<Device, NDArray>> state, String id) {
        Map<Device, NDArray> byDevice = state.get(id);
        if (byDevice == null || byDevice.isEmpty()) {
            return null;
        }
        return byDevice.values().iterator().next().toFloatArray();
    }

    /**
     * Puts a state taken by {@link #moments} back, for the same parameters in the same order (their
     * ids may differ: a new process gives new ids).
     */
    void restore(AdamMoments state, List<Parameter> params) {
        numUpdate = state.numUpdate();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (state.counts()[i] > 0) {
                counts.put(p.getId(), state.counts()[i]);
            }
            put(means, p, state.means().get(i));
            put(variances, p, state.variances().get(i));
        }
    }

    private static void put(Map<String, Map<Device, NDArray>> state, Parameter p, float[] values) {
        if (values == null) {
            return;
        }
        NDArray w = p.getArray();
        NDArray a = w.zerosLike();
        a.set(FloatBuffer.wrap(values));
        a.detach(); // as DJL's own moments: freed by release(), not with the model
        Map<Device, NDArray> byDevice = new ConcurrentHashMap<>();
        byDevice.put(w.getDevice(), a);
        state.put(p.getId(), byDevice);
    }

    /** Frees the moments' native memory (the optimizer is not used after). */
    void release() {
        for (Map<String, Map<Device, NDArray>> state : List.of(means, variances)) {
            state.values().forEach(byDevice -> byDevice.values().forEach(NDArray::close));
            state.clear();
        }
    }

    /** The settings DJL's optimizer keeps (weight decay; no gradient rescaling or clipping). */
    private static final class Settings extends OptimizerBuilder<Settings> {
        @Override
        protected Settings self() {
            return this;
        }
    }
}
