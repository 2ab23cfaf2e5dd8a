package org.milkid.eval;

/** Min-max normalisation of instance scores (eq. 4 of the paper). */
public final class InstanceScores {
    private InstanceScores() {
    }

    /**
     * (a_k - min a) / (max a - min a). When all scores are equal no instance can be singled out:
     * every normalised score is 0, never NaN.
     */
    public static float[] minMax(float[] a) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[a.length];
        float range = max - min;
        if (!(range > 0f)) {
            return out;
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - min) / range;
        }
        return out;
    }
}
