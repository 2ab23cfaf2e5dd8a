package org.milkid.detect;

import java.util.function.IntConsumer;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;

/**
 * KID after inverting the model on the bag's pixels: the paper's Att+inv (SGD with momentum) and
 * Att+sparse (proximal gradient with soft-thresholding, eq. 9), and milkid's variants (FISTA,
 * the textbook threshold, the logit objective, normalised steps, non-softmax scores).
 *
 * <p>Only bags predicted positive are inverted, with the predicted label (1) as the target; the
 * scores of other bags stay those of the bag as given. The bag prediction is never changed.
 */
public final class InversionDetector extends PerBagDetector {
    private final InversionConfig config;
    private final ScoreKind scoreKind;
    private final IntConsumer progress;

    /**
     * @param name the method's name in results
     * @param config the inversion settings (its lambda is used)
     * @param scoreKind which number of the model on the refined bag becomes the instance score
     * @param progress hears the number of finished iterations of the current bag; may be null
     */
    public InversionDetector(String name, InversionConfig config, ScoreKind scoreKind, IntConsumer progress) {
        super(name);
        this.config = config;
        this.scoreKind = scoreKind;
        this.progress = progress;
    }

    public InversionConfig config() {
        return config;
    }

    @Override
    Detection detect(MilModel model, Bag b, Prediction p) {
        float[] before = InstanceScores.minMax(ScoreKind.ATTENTION.of(p));
        if (p.label() != 1) {
            return new Detection(b, p.probability(), before, InstanceScores.minMax(scoreKind.of(p)), null);
        }
        InversionLoop.Result r = InversionLoop.run(model, b.shape(), new float[][] {b.pixels()},
                new float[] {config.lambda()}, new int[] {1}, config, progress);
        float[] after = InstanceScores.minMax(scoreKind.of(r.predictions().get(0)));
        return new Detection(b, p.probability(), before, after, r.refined()[0]);
    }
}
