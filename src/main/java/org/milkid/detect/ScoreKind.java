package org.milkid.detect;

import org.milkid.model.Prediction;

/** Which per-instance number of the model a detector normalises into key-instance scores. */
public enum ScoreKind {
    /** The paper's score: attention weights a_k after the softmax (Inst models: instance probabilities). */
    ATTENTION("attention"),
    /**
     * Attention logits w^T tanh(V h_k), before the softmax competition (Inst models: instance logits;
     * Additive: its contributions, as {@link #CONTRIBUTIONS}).
     */
    LOGITS("logits"),
    /** The bag logit of a bag holding instance k alone, H(h_k). */
    ALONE("alone"),
    /** Additive MIL's contributions c_k, which sum to the bag logit (the model's RAW output). */
    CONTRIBUTIONS("contributions");

    private final String cliName;

    ScoreKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The raw per-instance numbers of this kind from a prediction. */
    public float[] of(Prediction p) {
        return switch (this) {
            case ATTENTION -> p.weights();
            case LOGITS -> p.raw();
            case ALONE -> p.alone();
            case CONTRIBUTIONS -> p.raw();
        };
    }
}
