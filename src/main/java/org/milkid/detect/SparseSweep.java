package org.milkid.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;
import org.milkid.util.BadInputException;

/**
 * The paper's lambda sweep of sparse inversion: every positive-predicted bag is inverted under
 * every lambda in one batched pass (one row per lambda), giving one list of detections per lambda.
 */
public final class SparseSweep {
    private final InversionConfig config;
    private final float[] lambdas;
    private final ScoreKind scoreKind;
    private final IntConsumer progress;

    /**
     * @param config the inversion settings (its lambda is replaced by each of {@code lambdas})
     * @param lambdas the sparseness coefficients to sweep
     * @param scoreKind which number of the model on the refined bag becomes the instance score
     * @param progress hears finished iterations of the current bag; may be null
     */
    public SparseSweep(InversionConfig config, float[] lambdas, ScoreKind scoreKind, IntConsumer progress) {
        if (lambdas.length == 0) {
            throw new BadInputException("--lambda: at least one value is needed");
        }
        this.config = config;
        this.lambdas = lambdas.clone();
        this.scoreKind = scoreKind;
        this.progress = progress;
    }

    /** Per lambda (in the given order), one detection per bag. */
    public Map<Float, List<Detection>> run(MilModel model, List<Bag> bags) {
        Map<Float, List<Detection>> out = new LinkedHashMap<>();
        for (float l : lambdas) {
            out.put(l, new ArrayList<>());
        }
        for (Bag b : bags) {
            Prediction p = model.predict(b);
            float[] before = InstanceScores.minMax(ScoreKind.ATTENTION.of(p));
            if (p.label() != 1) {
                float[] same = InstanceScores.minMax(scoreKind.of(p));
                for (float l : lambdas) {
                    out.get(l).add(new Detection(b, p.probability(), before, same, null));
                }
                continue;
            }
            InversionLoop.Result r = InversionLoop.runLambdas(model, b.shape(), b.pixels(), lambdas, config, progress);
            for (int i = 0; i < lambdas.length; i++) {
                float[] after = InstanceScores.minMax(scoreKind.of(r.predictions().get(i)));
                out.get(lambdas[i]).add(new Detection(b, p.probability(), before, after, r.refined()[i]));
            }
        }
        return out;
    }
}
