package org.milkid.model;

import org.milkid.util.BadInputException;

/**
 * The architecture of a MIL model.
 *
 * @param kind attention, gated attention, Inst+max or Inst+mean
 * @param encoder the instance encoder
 * @param attentionDim L, the hidden size of the attention network (the paper: 128)
 * @param dropout dropout rate of the histology encoder's dense layers (method-notes: 0.2)
 */
public record ModelConfig(ModelKind kind, EncoderKind encoder, int attentionDim, float dropout) {
    public ModelConfig {
        if (kind == null || encoder == null) {
            throw new BadInputException("model kind and encoder are required");
        }
        if (attentionDim < 1) {
            throw new BadInputException("attention size must be positive, got " + attentionDim);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new BadInputException("dropout must be in [0,1), got " + dropout);
        }
    }

    /** The paper's model of the given kind for the given encoder (attention size 128, dropout 0.2). */
    public static ModelConfig of(ModelKind kind, EncoderKind encoder) {
        return new ModelConfig(kind, encoder, 128, 0.2f);
    }
}
