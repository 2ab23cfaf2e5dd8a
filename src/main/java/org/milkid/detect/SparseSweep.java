package org.milkid.detect;

import java.util.ArrayList;
import java.util.Arrays;
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
 * every lambda, giving one list of detections per lambda.
 *
 * <p>The rows (one per lambda) of a bag are independent, so they can share passes through the model.
 * Whether that is faster depends on the CPU and the bag size: on an AMD EPYC Zen 5 (2 cores) six rows
 * of a 400-instance bag in one pass took 1.56 times as long as six passes of one row, while an Intel
 * machine of an earlier session ran them 2 times faster batched. With {@link #MEASURE} (the default)
 * the sweep times both on the first bag it inverts (two iterations each way, after one to warm up) and
 * keeps the faster for all its bags ({@link #rowsPerPass()}). On the machines measured, a row's result
 * is the same bits either way; {@code --reproducible} pins one row per pass all the same
 * ({@link org.milkid.model.Engines#reproducible}).
 */
public final class SparseSweep {
    /** Rows per pass chosen by timing on the first bag inverted. */
    public static final int MEASURE = 0;

    private final InversionConfig config;
    private final float[] lambdas;
    private final ScoreKind scoreKind;
    private final IntConsumer progress;
    private final int requestedRows;
    private int rowsPerPass;

    /**
     * @param config the inversion settings (its lambda is replaced by each of {@code lambdas})
     * @param lambdas the sparseness coefficients to sweep
     * @param scoreKind which number of the model on the refined bag becomes the instance score
     * @param progress hears finished iterations of the current bag; may be null
     */
    public SparseSweep(InversionConfig config, float[] lambdas, ScoreKind scoreKind, IntConsumer progress) {
        this(config, lambdas, scoreKind, progress, org.milkid.model.Engines.reproducible() ? 1 : MEASURE);
    }

    /**
     * @param rowsPerPass how many lambdas share a pass (at most all of them), or {@link #MEASURE}
     */
    public SparseSweep(InversionConfig config, float[] lambdas, ScoreKind scoreKind, IntConsumer progress,
            int rowsPerPass) {
        if (lambdas.length == 0) {
            throw new BadInputException("--lambda: at least one value is needed");
        }
        if (rowsPerPass < 0) {
            throw new IllegalArgumentException("rows per pass must be positive or MEASURE, got " + rowsPerPass);
        }
        this.config = config;
        this.lambdas = lambdas.clone();
        this.scoreKind = scoreKind;
        this.progress = progress;
        this.requestedRows = rowsPerPass == MEASURE ? MEASURE : Math.min(rowsPerPass, lambdas.length);
        this.rowsPerPass = requestedRows;
    }

    /**
     * The rows per pass in use: as given, or, with {@link #MEASURE}, as measured on the first bag
     * inverted ({@link #MEASURE} until then).
     */
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
            if (rowsPerPass == MEASURE) {
                rowsPerPass = measure(model, b);
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

    /** All rows in one pass, or one row a pass: whichever ran an iteration of {@code b}'s rows faster. */
    private int measure(MilModel model, Bag b) {
        if (lambdas.length == 1) {
            return 1;
        }
        InversionConfig two = config.withIterations(2);
        float[] one = {lambdas[0]};
        InversionLoop.runLambdas(model, b.shape(), b.pixels(), lambdas, config.withIterations(1), null);
        InversionLoop.runLambdas(model, b.shape(), b.pixels(), one, config.withIterations(1), null);
        double batched = Double.POSITIVE_INFINITY;
        double single = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            InversionLoop.runLambdas(model, b.shape(), b.pixels(), lambdas, two, null);
            long t1 = System.nanoTime();
            InversionLoop.runLambdas(model, b.shape(), b.pixels(), one, two, null);
            long t2 = System.nanoTime();
            batched = Math.min(batched, t1 - t0);
            single = Math.min(single, t2 - t1);
        }
        return choose(batched, lambdas.length, single);
    }

    /**
     * The rows per pass for {@code rows} lambdas: all of them when a pass of all rows takes at most
     * {@code rows} times a pass of one row, else one.
     */
    public static int choose(double allRowsTime, int rows, double oneRowTime) {
        return allRowsTime <= rows * oneRowTime ? rows : 1;
    }
}
