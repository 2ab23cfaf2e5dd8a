package org.milkid.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.milkid.bag.Bag;
import org.milkid.detect.AopcR;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KeyInstanceDetector;
import org.milkid.detect.KidMethod;
import org.milkid.detect.SparseSweep;
import org.milkid.eval.KidResult;
import org.milkid.model.MilModel;
import org.milkid.util.Progress;

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
    private final Progress progress;
    private final List<Bag> training;

    /**
     * @param defaults the data set's inversion settings
     * @param lambdas the lambdas to sweep (null: the data set's)
     * @param thresholds the KID thresholds
     * @param adjust changes the inversion settings of every method (e.g. fewer iterations, another
     *     eta); {@code UnaryOperator.identity()} keeps the method's own
     * @param progress hears the inversion iterations of a run, as one task over all its bags
     */
    public MethodRunner(InversionDefaults defaults, float[] lambdas, double[] thresholds,
            UnaryOperator<InversionConfig> adjust, Progress progress) {
        this.defaults = defaults;
        this.lambdas = distinct(lambdas != null ? lambdas : defaults.lambdas());
        this.thresholds = thresholds.clone();
        this.adjust = adjust;
        this.progress = progress;
        this.training = null;
    }

    private MethodRunner(MethodRunner r, List<Bag> training) {
        this.defaults = r.defaults;
        this.lambdas = r.lambdas;
        this.thresholds = r.thresholds;
        this.adjust = r.adjust;
        this.progress = r.progress;
        this.training = List.copyOf(training);
    }

    /** The lambdas in their order, each once (a sweep keeps one list of detections per lambda). */
    private static float[] distinct(float[] lambdas) {
        LinkedHashSet<Float> seen = new LinkedHashSet<>();
        for (float l : lambdas) {
            seen.add(l);
        }
        float[] out = new float[seen.size()];
        int i = 0;
        for (Float l : seen) {
            out[i++] = l;
        }
        return out;
    }

    /** This runner, giving the model's training bags to the methods that need them ({@link KidMethod#needsTrainingBags}). */
    public MethodRunner withTraining(List<Bag> training) {
        return new MethodRunner(this, training);
    }

    /** The inversion settings this runner uses for a method (null for methods that do not invert). */
    public InversionConfig inversion(KidMethod method) {
        InversionConfig c = method.inversion(defaults);
        return c == null ? null : adjust.apply(c);
    }

    /** Runs {@code method} with {@code model} (of a kind the method {@link KidMethod#accepts}) on {@code bags}. */
    public MethodOutcome run(KidMethod method, MilModel model, List<Bag> bags) {
        return run(method, model, bags, method.key());
    }

    /** The same, reporting the inversion iterations to the progress under the name {@code task}. */
    public MethodOutcome run(KidMethod method, MilModel model, List<Bag> bags, String task) {
        method.requireAccepts(model.config().kind(), method.key(), "the model");
        InversionConfig inv = inversion(method);
        int positives = (int) bags.stream().filter(b -> b.label() == 1).count();
        IntConsumer iterations = inv == null ? null : iterations(progress, task, inv.iterations(), positives);
        long t0 = System.nanoTime();
        List<List<Detection>> found = detect(method, model, bags, detector(method, iterations), iterations);
        return outcome(method, found, (System.nanoTime() - t0) / 1e9);
    }

    /** The lambdas a sweeping method sweeps, in order. */
    public float[] lambdas() {
        return lambdas.clone();
    }

    /**
     * The detector of a method that does not sweep lambda, with this runner's inversion settings and
     * training bags (null for a sweeping method).
     *
     * @param iterations hears the inversion iterations; may be null
     */
    public KeyInstanceDetector detector(KidMethod method, IntConsumer iterations) {
        if (method.sweepsLambda()) {
            return null;
        }
        if (method.needsTrainingBags() && training == null) {
            throw new IllegalStateException(method.key() + " needs the model's training bags (withTraining)");
        }
        return method.detector(inversion(method), iterations, training);
    }

    /**
     * The per-bag part of {@link #run}: every bag's detections, with the AOPC-R of the bags KID is
     * scored on. A bag's detections depend on the model, the settings and the bag alone, so the bags
     * may be split into groups, detected anywhere and put together again in their order
     * ({@link #outcome} scores them).
     *
     * @param detector the method's detector ({@link #detector}, or one fitted elsewhere); ignored by a
     *     sweeping method
     * @param iterations hears the inversion iterations of a sweep; may be null
     * @return for a sweeping method one list per lambda of {@link #lambdas()}, else one list; each with
     *     one detection per bag, in the order of {@code bags}
     */
    public List<List<Detection>> detect(KidMethod method, MilModel model, List<Bag> bags, KeyInstanceDetector detector,
            IntConsumer iterations) {
        if (!method.sweepsLambda()) {
            return withAopcR(model, List.of(detector.detect(model, bags)));
        }
        Map<Float, List<Detection>> swept = new SparseSweep(inversion(method), lambdas, method.scoreKind(),
                iterations).run(model, bags);
        return withAopcR(model, List.copyOf(swept.values()));
    }

    /**
     * Scores the detections of {@link #detect} (put together over every bag): bag accuracy and AUC,
     * KID; a sweeping method keeps the lambda with the best F1 at its best threshold.
     *
     * @param seconds the wall time of the detection, for the outcome
     */
    public MethodOutcome outcome(KidMethod method, List<List<Detection>> detections, double seconds) {
        if (detections.size() != (method.sweepsLambda() ? lambdas.length : 1)) {
            throw new IllegalArgumentException(method.key() + ": " + detections.size() + " lists of detections");
        }
        Map<Float, KidResult> perLambda = new LinkedHashMap<>();
        List<Detection> chosen;
        double lambda = Double.NaN;
        KidResult kid;
        if (method.sweepsLambda()) {
            chosen = null;
            kid = null;
            for (int li = 0; li < lambdas.length; li++) {
                List<Detection> ds = detections.get(li);
                KidResult r = KidEvaluation.evaluate(ds, thresholds);
                perLambda.put(lambdas[li], r);
                if (chosen == null || (r != null && (kid == null || r.best().f1() > kid.best().f1()))) {
                    chosen = ds;
                    kid = r;
                    lambda = lambdas[li];
                }
            }
        } else {
            chosen = detections.get(0);
            kid = KidEvaluation.evaluate(chosen, thresholds);
        }
        double[] bag = KidEvaluation.bagMetrics(chosen);
        return new MethodOutcome(method, bag[0], bag[1], kid, lambda, perLambda, chosen, seconds);
    }

    /**
     * The detections with the AOPC-R of every truly positive bag with instance labels (the bags KID
     * is scored on), measured on the bag as given with the model's bag probability: one list per
     * lambda of a sweep (or one list), each with one detection per bag in the same order.
     */
    private static List<List<Detection>> withAopcR(MilModel model, List<List<Detection>> lists) {
        List<List<Detection>> out = new ArrayList<>();
        for (List<Detection> ds : lists) {
            out.add(new ArrayList<>(ds));
        }
        // every list holds one detection per bag, in the same order: the encoder runs once a bag
        for (int i = 0; i < lists.get(0).size(); i++) {
            Bag b = lists.get(0).get(i).bag();
            if (b.label() != 1 || !b.hasInstanceLabels()) {
                continue;
            }
            List<float[]> rankings = new ArrayList<>();
            for (List<Detection> ds : lists) {
                rankings.add(ds.get(i).after());
            }
            double[] a = AopcR.of(model, b, rankings);
            for (int l = 0; l < lists.size(); l++) {
                out.get(l).set(i, lists.get(l).get(i).withAopcR(a[l]));
            }
        }
        return out.stream().map(List::copyOf).toList();
    }

    /**
     * Hears the iterations of one bag after another (each bag counts from 1 again) and reports them
     * as one task. Only bags predicted positive are inverted, known bag by bag: the total assumes
     * the truly positive ones and grows when more bags than that are inverted.
     */
    private static IntConsumer iterations(Progress progress, String task, int perBag, int bags) {
        int[] state = {-1, Integer.MAX_VALUE};
        return it -> {
            if (it <= state[1]) {
                state[0]++;
            }
            state[1] = it;
            long total = (long) Math.max(Math.max(1, bags), state[0] + 1) * perBag;
            progress.update(task, (long) state[0] * perBag + it, total);
        };
    }
}
