package org.milkid.model;

import java.util.Locale;
import org.milkid.util.BadInputException;

/**
 * The MIL models: the paper's attention pooling (plain or gated) and instance-space baselines, and
 * milkid's addition, Additive MIL (Javed et al. 2022).
 */
public enum ModelKind {
    /** Att: attention pooling, eq. 1-3 of the paper. */
    ATTENTION("attention", "Att"),
    /** Gated attention pooling (Ilse et al. 2018): tanh branch times sigmoid branch. */
    GATED_ATTENTION("gated", "Att(gated)"),
    /** Inst+max: per-instance scores, the bag score is their maximum. */
    INST_MAX("inst-max", "Inst+max"),
    /** Inst+mean: per-instance scores, the bag score is their mean. */
    INST_MEAN("inst-mean", "Inst+mean"),
    /**
     * Additive MIL (Javed et al., NeurIPS 2022; not in the paper milkid implements): the bag logit is
     * the sum of per-instance contributions psi(a_k h_k), see {@link MilBlock}.
     */
    ADDITIVE("additive", "Additive");

    private final String cliName;
    private final String label;

    ModelKind(String cliName, String label) {
        this.cliName = cliName;
        this.label = label;
    }

    /** The name on the command line, e.g. {@code inst-max}. */
    public String cliName() {
        return cliName;
    }

    /** The name in the paper's tables and in results.json, e.g. {@code Inst+max}. */
    public String label() {
        return label;
    }

    /**
     * True for the attention models of the paper (plain and gated), whose bag logit is the bag
     * classifier H applied to the attention-weighted sum of the embeddings; their detectors (the
     * inversions, Att-alone, occlusion's closed form) rely on that. False for Additive, although it
     * has attention weights too (see {@link #hasAttentionWeights()}).
     */
    public boolean isAttention() {
        return this == ATTENTION || this == GATED_ATTENTION;
    }

    /** True for the models whose per-instance weights are softmax attention a_k: Att, gated Att and Additive. */
    public boolean hasAttentionWeights() {
        return isAttention() || this == ADDITIVE;
    }

    /** Parses a command-line name; the error lists the valid names. */
    public static ModelKind parse(String s) {
        for (ModelKind k : values()) {
            if (k.cliName.equals(s.toLowerCase(Locale.ROOT)) || k.label.equals(s)) {
                return k;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (ModelKind k : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(k.cliName);
        }
        throw new BadInputException("unknown model kind '" + s + "' (valid: " + valid + ")");
    }
}
