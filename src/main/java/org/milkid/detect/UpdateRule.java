package org.milkid.detect;

/** How the shared inversion loop updates the pixels from their gradient. */
public enum UpdateRule {
    /**
     * Plain network inversion (paper section III-C): SGD with momentum as PyTorch defines it,
     * v <- mu v + g (v = g at the first step), X <- clamp01(X - lr v).
     */
    SGD_MOMENTUM("sgd"),
    /**
     * Sparse network inversion by the proximal gradient step of eq. 9:
     * X <- clamp01(s_thr(X - eta g)), with thr = lambda (the paper) or eta*lambda (textbook ISTA),
     * see {@link ThresholdForm}.
     */
    PROXIMAL("proximal"),
    /**
     * FISTA (Beck and Teboulle 2009, the paper's reference [17]): the proximal step taken at an
     * extrapolated point Y, X_k = clamp01(s_thr(Y - eta grad l(Y))),
     * t' = (1 + sqrt(1 + 4 t^2)) / 2, Y = X_k + ((t - 1) / t') (X_k - X_{k-1}).
     */
    FISTA("fista");

    private final String cliName;

    UpdateRule(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }
}
