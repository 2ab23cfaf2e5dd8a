package org.milkid.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.milkid.bag.Bag;
import org.milkid.eval.InstanceScores;
import org.milkid.model.Engines;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;
import org.milkid.util.BadInputException;

/**
 * The paper's lambda sweep of sparse inversion: every positive-predicted bag is inverted under
 * every lambda, giving one list of detections per lambda.
 *
 * <p>The rows (one per lambda) of a bag are independent, so they share passes through the model: by
 * default all of them in one pass, always, so that the same seed gives the same numbers. The choice
 * used to follow a timing of the first bag inverted, but a row's result is not always the same bits
 * batched and alone (LeNet on 4-instance bags: 1 row of 12 differed on the AMD EPYC), so two
 * processes that timed differently gave different figures. Batched was the faster on both machines
 * measured (an Intel machine of an earlier session: 2x; the AMD EPYC with milkid's malloc settings:
 * 126 against 6 x 29.8 ms an iteration of a 400-instance bag, and bench's sweep 613 against 677 s).
 * {@code --reproducible} pins one row per pass ({@link Engines#reproducible}).
 */
public final class SparseSweep {
    private final InversionConfig config;
    private final float[] lambdas;
    private final ScoreKind scoreKind;
    private final IntConsumer progress;
    private final int rowsPerPass;

    /**
     * @param config the inversion settings (its lambda is replaced by each of {@code lambdas})
     * @param lambdas the sparseness coefficients to sweep
     * @param scoreKind which number of the model on the refined bag becomes the instance score
     * @param progress hears finished iterations of the current bag; may be null
     */
    public SparseSweep(InversionConfig config, float[] lambdas, ScoreKind scoreKind, IntConsumer progress) {
        this(config, lambdas, scoreKind, progress, Engines.reproducible() ? 1 : lambdas.length);
    }

    /**
     * @param rowsPerPass how many lambdas share a pass (at most all of them)
     */
    public SparseSweep(InversionConfig config, float[] lambdas, ScoreKind scoreKind, IntConsumer progress,
            int rowsPerPass) {
        if (lambdas.length == 0) {
            throw new BadInputException("--lambda: at least one value is needed");
        }
        if (rowsPerPass < 1) {
            throw new IllegalArgumentException("rows per pass must be positive, got " + rowsPerPass);
        }
        this.config = config;
        this.lambdas = lambdas.clone();
        this.scoreKind = scoreKind;
        this.progress = progress;
        this.rowsPerPass = Math.min(rowsPerPass, lambdas.length);
    }

    /** The rows per pass in use. */
    public int rowsPerPass() {
        return rowsPerPass;
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
            int passes = (lambdas.length + rowsPerPass - 1) / rowsPerPass;
            int n = config.iterations();
            for (int pass = 0; pass < passes; pass++) {
                float[] rows = Arrays.copyOfRange(lambdas, pass * rowsPerPass, Math.min(lambdas.length,
                        (pass + 1) * rowsPerPass));
                int done = pass * n;
                IntConsumer heard = progress == null ? null : it -> progress.accept((done + it) / passes);
                InversionLoop.Result r = InversionLoop.runLambdas(model, b.shape(), b.pixels(), rows, config, heard);
                for (int i = 0; i < rows.length; i++) {
                    float[] after = InstanceScores.minMax(scoreKind.of(r.predictions().get(i)));
                    out.get(rows[i]).add(new Detection(b, p.probability(), before, after, r.refined()[i]));
                }
            }
        }
        return out;
    }
}
