package org.milkid.model;

import java.util.Locale;
import org.milkid.util.BadInputException;

/** The MIL models of the paper: attention pooling (plain or gated) and the instance-space baselines. */
public enum ModelKind {
    /** Att: attention pooling, eq. 1-3 of the paper. */
    ATTENTION("attention", "Att"),
    /** Gated attention pooling (Ilse et al. 2018): tanh branch times sigmoid branch. */
    GATED_ATTENTION("gated", "Att(gated)"),
    /** Inst+max: per-instance scores, the bag score is their maximum. */
    INST_MAX("inst-max", "Inst+max"),
    /** Inst+mean: per-instance scores, the bag score is their mean. */
    INST_MEAN("inst-mean", "Inst+mean");

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

    /** True for the attention models, whose instance scores are attention weights. */
    public boolean isAttention() {
        return this == ATTENTION || this == GATED_ATTENTION;
    }

    /** Parses a command-line name; the error lists the valid names. */
    public static ModelKind parse(String s) {
        for (ModelKind k : values()) {
            if (k.cliName.equals(s.toLowerCase(Locale.ROOT)) || k.label.equals(s)) {
                return k;
            }
        }
        throw new BadInputException("unknown model kind '" + s + "' (valid: attention, gated, inst-max, inst-mean)");
    }
}
