package org.milkid.detect;

/** What the inversion minimises over the pixels, for the target label (the predicted one). */
public enum Objective {
    /**
     * The paper's eq. 5: the bag NLL against the predicted label, with P clamped to
     * [1e-5, 1-1e-5] as in training. Saturates: once P > 1-1e-5 the gradient is exactly 0.
     */
    NLL("nll"),
    /**
     * milkid's variant: the bag logit itself (minus the logit for target 1, plus it for target 0).
     * Its gradient does not vanish on confident bags, so the pixels keep moving.
     */
    LOGIT("logit");

    private final String cliName;

    Objective(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }
}
