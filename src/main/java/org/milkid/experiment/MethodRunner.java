package org.milkid.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.detect.SparseSweep;
import org.milkid.eval.KidEvaluator;
import org.milkid.eval.KidResult;
import org.milkid.model.MilModel;

/**
 * Runs one KID method on test bags and scores it. Sweeping methods invert every positive bag
 * under every lambda and keep the lambda with the best F1 (at its best threshold); the paper
 * picks lambda and threshold this way on the test bags, and milkid reports it so for the
 * paper's rows (the README says so).
 */
public final class MethodRunner {
    private final InversionDefaults defaults;
    private final float[] lambdas;
    private final double[] thresholds;
    private final UnaryOperator<InversionConfig> adjust;
    private final IntConsumer progress;

    /**
     * @param defaults the data set's inversion settings
     * @param lambdas the lambdas to sweep (null: the data set's)
     * @param thresholds the KID thresholds
     * @param adjust changes the inversion settings of every method (e.g. fewer iterations, another
     *     eta); {@code UnaryOperator.identity()} keeps the method's own
     * @param progress hears inversion iterations; may be null
     */
    public MethodRunner(InversionDefaults defaults, float[] lambdas, double[] thresholds,
            UnaryOperator<InversionConfig> adjust, IntConsumer progress) {
        this.defaults = defaults;
        this.lambdas = lambdas != null ? lambdas.clone() : defaults.lambdas().clone();
        this.thresholds = thresholds.clone();
        this.adjust = adjust;
        this.progress = progress;
    }

    /** The inversion settings this runner uses for a method (null for methods that do not invert). */
    public InversionConfig inversion(KidMethod method) {
        InversionConfig c = method.inversion(defaults);
        return c == null ? null : adjust.apply(c);
    }

    /** Runs {@code method} with {@code model} (which must be of the method's model kind) on {@code bags}. */
    public MethodOutcome run(KidMethod method, MilModel model, List<Bag> bags) {
        if (model.config().kind() != method.model()
                && !(method.model().isAttention() && model.config().kind().isAttention())) {
            throw new IllegalArgumentException(method.key() + " needs a " + method.model().cliName() + " model, got "
                    + model.config().kind().cliName());
        }
        long t0 = System.nanoTime();
        Map<Float, KidResult> perLambda = new LinkedHashMap<>();
        List<Detection> chosen;
        double lambda = Double.NaN;
        KidResult kid;
        if (method.sweepsLambda()) {
            Map<Float, List<Detection>> sweep = new SparseSweep(inversion(method), lambdas, method.scoreKind(), progress)
                    .run(model, bags);
            chosen = null;
            kid = null;
            for (Map.Entry<Float, List<Detection>> e : sweep.entrySet()) {
                KidResult r = KidEvaluator.evaluate(e.getValue(), thresholds);
                perLambda.put(e.getKey(), r);
                if (chosen == null || (r != null && (kid == null || r.best().f1() > kid.best().f1()))) {
                    chosen = e.getValue();
                    kid = r;
                    lambda = e.getKey();
                }
            }
        } else {
            chosen = method.detector(inversion(method), progress).detect(model, bags);
            kid = KidEvaluator.evaluate(chosen, thresholds);
        }
        double[] bag = KidEvaluator.bagMetrics(chosen);
        return new MethodOutcome(method, bag[0], bag[1], kid, lambda, perLambda, chosen, (System.nanoTime() - t0) / 1e9);
    }
}
