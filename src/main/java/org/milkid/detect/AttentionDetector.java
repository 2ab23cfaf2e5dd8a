package org.milkid.detect;

import java.util.ArrayList;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * KID from the model's own instance scores on the bag as given: the paper's Att (min-max
 * normalised attention, eq. 4), Inst+max and Inst+mean (their instance scores), and, with
 * another {@link ScoreKind}, attention logits or instance-alone logits.
 */
public final class AttentionDetector implements KeyInstanceDetector {
    private final String name;
    private final ScoreKind kind;

    public AttentionDetector(String name, ScoreKind kind) {
        this.name = name;
        this.kind = kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Detection> detect(MilModel model, List<Bag> bags) {
        List<Detection> out = new ArrayList<>(bags.size());
        for (Bag b : bags) {
            Prediction p = model.predict(b);
            float[] before = InstanceScores.minMax(ScoreKind.ATTENTION.of(p));
            out.add(new Detection(b, p.probability(), before, InstanceScores.minMax(kind.of(p)), null));
        }
        return out;
    }
}
