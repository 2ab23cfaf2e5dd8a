package org.milkid.detect;

import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * KID from the model's own instance scores on the bag as given: the paper's Att (min-max
 * normalised attention, eq. 4), Inst+max and Inst+mean (their instance scores), and, with
 * another {@link ScoreKind}, attention logits, instance-alone logits or Additive MIL's
 * contributions. {@link Detection#before()} holds the normalised attention weights (instance
 * probabilities for the Inst models).
 */
public final class AttentionDetector extends PerBagDetector {
    private final ScoreKind kind;

    public AttentionDetector(String name, ScoreKind kind) {
        super(name);
        this.kind = kind;
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        float[] before = InstanceScores.minMax(ScoreKind.ATTENTION.of(p));
        return new Detection(b, p.probability(), before, InstanceScores.minMax(kind.of(p)), null);
    }
}
