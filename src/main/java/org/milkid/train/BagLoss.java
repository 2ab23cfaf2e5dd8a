package org.milkid.train;

import ai.djl.ndarray.NDArray;

/**
 * The bag loss of the paper (eq. 5 for a target label): Bernoulli negative log-likelihood with the
 * probability clamped to [1e-5, 1 - 1e-5], as the paper's reference code does. Note that the clamp
 * has zero gradient once P leaves that range: a confident model gives no gradient at all.
 */
public final class BagLoss {
    /** The clamp of the probability. */
    public static final float EPS = 1e-5f;

    private BagLoss() {
    }

    /** Per-bag NLL: {@code prob [B]} against {@code target [B]} (0 or 1), returns {@code [B]}. */
    public static NDArray nll(NDArray prob, NDArray target) {
        NDArray p = prob.clip(EPS, 1f - EPS);
        return target.mul(p.log()).add(target.neg().add(1f).mul(p.neg().add(1f).log())).neg();
    }

    /** The same on plain numbers. */
    public static double nll(double prob, int target) {
        double p = Math.min(Math.max(prob, EPS), 1 - EPS);
        return target == 1 ? -Math.log(p) : -Math.log(1 - p);
    }
}
