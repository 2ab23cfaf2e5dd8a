package org.milkid.model;

import org.milkid.bag.Bag;
import org.milkid.util.BadInputException;

/**
 * The architecture of a MIL model.
 *
 * @param kind attention, gated attention, Inst+max, Inst+mean or Additive
 * @param encoder the instance encoder
 * @param attentionDim L, the hidden size of the attention network (the paper: 128); for Additive also
 *     the width of both hidden layers of its instance classifier psi
 * @param dropout dropout rate of the histology encoder's dense layers (method-notes: 0.2) and of the
 *     feature encoder's (0.25, as CLAM's)
 * @param featureDim D, the length of a feature vector, for the {@link EncoderKind#FEATURES} encoder;
 *     0 for the image encoders
 */
public record ModelConfig(ModelKind kind, EncoderKind encoder, int attentionDim, float dropout, int featureDim) {
    public ModelConfig {
        if (kind == null || encoder == null) {
            throw new BadInputException("model kind and encoder are required");
        }
        if (encoder.isFeatures() != featureDim > 0) {
            throw new BadInputException(encoder.isFeatures() ? "feature models need the feature length D, got "
                    + featureDim : "only feature models have a feature length, got " + featureDim);
        }
        if (attentionDim < 1) {
            throw new BadInputException("attention size must be positive, got " + attentionDim);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new BadInputException("dropout must be in [0,1), got " + dropout);
        }
    }

    /** The paper's model of the given kind for the given image encoder (attention size 128, dropout 0.2). */
    public static ModelConfig of(ModelKind kind, EncoderKind encoder) {
        return new ModelConfig(kind, encoder, 128, 0.2f, 0);
    }

    /** A model on feature vectors of length {@code d}: attention size 128 (the paper's), dropout 0.25 (CLAM's). */
    public static ModelConfig features(ModelKind kind, int d) {
        return new ModelConfig(kind, EncoderKind.FEATURES, 128, 0.25f, d);
    }

    /** The paper's model of the given kind for bags like {@code bag} (images, or feature vectors of its length). */
    public static ModelConfig forBag(ModelKind kind, Bag bag) {
        return bag.isFeatureBag() ? features(kind, bag.channels())
                : of(kind, EncoderKind.forShape(bag.channels(), bag.height(), bag.width()));
    }

    /** The shape {@code [C, H, W]} of one instance the model takes. */
    public long[] instanceShape() {
        return encoder.isFeatures() ? new long[] {featureDim, 1, 1}
                : new long[] {encoder.channels(), encoder.height(), encoder.width()};
    }
}
