package org.milkid.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.milkid.bag.Bag;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.ModelProvenance;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.InversionLoop;
import org.milkid.detect.UpdateRule;
import org.milkid.model.MilModel;
import org.milkid.model.Prediction;
import org.milkid.util.BadInputException;
import org.milkid.util.Json;
import org.milkid.model.Versions;

/**
 * How many FISTA iterations reach the objective that the paper's proximal rule (ISTA, eq. 9)
 * reaches in its full iteration count, for every lambda of the sweep: the "FISTA needing
 * fewer iterations for the same objective". Both minimise the same composite objective,
 * {@code F(X) = L(X) + (thr / eta) ||X||_1} on {@code [0,1]} pixels, where L is the bag's NLL and
 * thr the value the soft-threshold subtracts (the paper's lambda): the proximal step of eq. 9
 * with step eta is the proximal step of that objective. FISTA runs from the same start for a
 * growing number of iterations until every lambda's objective is at or below ISTA's.
 *
 * <p>Besides the objectives, the figures say how alike the two solutions are: the relative
 * distance of their pixels and the rank correlation of the attention weights the model gives the
 * refined bag (the instance scores of Att+sparse).
 */
public final class FistaConvergence {
    /**
     * FISTA's iteration counts tried, in order, until one reaches ISTA's objective; the count is then
     * narrowed by bisection from the last one that did not. (F is not monotone in the count, so this
     * finds the count at which this search first succeeds, not a global fewest.)
     */
    static final int[] CANDIDATES = {5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 125, 150, 175, 200};

    private FistaConvergence() {
    }

    /**
     * The figures.
     *
     * @param instances the bag's instances
     * @param lambdas the sweep's lambdas (one row each)
     * @param istaIterations the proximal rule's iterations (the paper's)
     * @param fistaIterations the FISTA iterations at which every row's objective is at or below
     *     ISTA's (see {@link #CANDIDATES}), or -1 when no count up to ISTA's does
     * @param istaObjective per lambda, F after ISTA
     * @param fistaObjective per lambda, F after FISTA's {@code fistaIterations} (or its last try)
     * @param pixelDistance per lambda, ||X_fista - X_ista|| / ||X_ista||
     * @param attentionRankCorrelation per lambda, Spearman's rho of the attention weights on the two
     *     refined bags
     */
    public record Figures(int instances, float[] lambdas, int istaIterations, int fistaIterations,
            double[] istaObjective, double[] fistaObjective, double[] pixelDistance, double[] attentionRankCorrelation) {
    }

    /**
     * Runs ISTA for {@code d.iterations()} and FISTA for the candidates on one bag, all lambdas as rows.
     *
     * @param instanceShape {@code [K, C, H, W]} of the bag
     */
    static Figures run(MilModel model, float[] bag, long[] instanceShape, InversionDefaults d) {
        float[] lambdas = d.lambdas();
        InversionConfig ista = InversionConfig.paperSparse(d, lambdas[0]);
        InversionLoop.Result reference = InversionLoop.runLambdas(model, instanceShape, bag, lambdas, ista, null);
        double[] target = objectives(reference, lambdas, ista);
        InversionLoop.Result best = null;
        int found = -1;
        int failed = 0;
        for (int n : CANDIDATES) {
            n = Math.min(n, ista.iterations());
            best = InversionLoop.runLambdas(model, instanceShape, bag, lambdas,
                    ista.withRule(UpdateRule.FISTA).withIterations(n), null);
            if (atOrBelow(objectives(best, lambdas, ista), target)) {
                found = n;
                break;
            }
            failed = n;
            if (n == ista.iterations()) {
                break;
            }
        }
        // bisect between the last count that missed and the first that reached
        while (found > 0 && found - failed > 1) {
            int mid = (failed + found) / 2;
            InversionLoop.Result r = InversionLoop.runLambdas(model, instanceShape, bag, lambdas,
                    ista.withRule(UpdateRule.FISTA).withIterations(mid), null);
            if (atOrBelow(objectives(r, lambdas, ista), target)) {
                found = mid;
                best = r;
            } else {
                failed = mid;
            }
        }
        double[] fistaObjective = objectives(best, lambdas, ista);
        double[] distance = new double[lambdas.length];
        double[] rho = new double[lambdas.length];
        for (int r = 0; r < lambdas.length; r++) {
            distance[r] = relativeDistance(best.refined()[r], reference.refined()[r]);
            rho[r] = spearman(best.predictions().get(r).weights(), reference.predictions().get(r).weights());
        }
        return new Figures(Math.toIntExact(instanceShape[0]), lambdas.clone(), ista.iterations(), found, target,
                fistaObjective, distance, rho);
    }

    /**
     * One bag's figures.
     *
     * @param bag the bag's id
     * @param probability the model's bag probability before the inversion
     * @param figures the comparison on this bag
     */
    public record BagFigures(String bag, float probability, Figures figures) {
    }

    /**
     * The comparison on a trained model and the data set it was trained on: its first {@code bags}
     * test bags that are positive and that the model predicts positive (the bags the sparse
     * inversion of Att+sparse refines), with the data set's eta, iterations and lambdas.
     *
     * @param modelDir a model folder written by {@code milkid train} or {@code demo}
     * @param dataDir replaces the data folder recorded in the model (may be null)
     * @param bags how many bags at most (at least 1)
     * @param progress hears one line per bag
     */
    public static List<BagFigures> onTrainedModel(Path modelDir, Path dataDir, int bags, Consumer<String> progress)
            throws IOException {
        if (bags < 1) {
            throw new BadInputException("--bags must be at least 1, got " + bags);
        }
        try (MilModel model = MilModel.load(modelDir)) {
            DatasetSpec spec = ModelProvenance.dataset(model, modelDir, dataDir);
            Datasets.Loaded data = Datasets.load(spec);
            InversionDefaults d = Datasets.inversionDefaults(spec.dataset());
            List<BagFigures> out = new ArrayList<>();
            for (Bag b : data.test()) {
                if (out.size() == bags) {
                    break;
                }
                Prediction p = model.predict(b);
                if (b.label() != 1 || p.label() != 1) {
                    continue;
                }
                Figures f = run(model, b.pixels(), b.shape(), d);
                progress.accept(String.format(Locale.ROOT, "%s (%d instances): FISTA reaches the proximal rule's "
                        + "objective after %d of %d iterations; pixels within %.2f%%, attention rank correlation"
                        + " >= %.3f",
                        b.id(), b.size(), f.fistaIterations(), f.istaIterations(),
                        100 * Arrays.stream(f.pixelDistance()).max().orElse(Double.NaN),
                        Arrays.stream(f.attentionRankCorrelation()).min().orElse(Double.NaN)));
                out.add(new BagFigures(b.id(), p.probability(), f));
            }
            if (out.isEmpty()) {
                throw new BadInputException(modelDir + ": no test bag of " + spec.dataset()
                        + " is positive and predicted positive");
            }
            return out;
        }
    }

    /** The figures of {@link #onTrainedModel} as bench-fista.json: per bag, and the extremes over bags. */
    public static JsonObject toJson(Path modelDir, List<BagFigures> bags) {
        JsonObject j = new JsonObject();
        j.addProperty("benchmark", "FISTA's iterations to the objective of the paper's proximal rule"
                + " (issue \"Performance\")");
        j.addProperty("model", modelDir.toString());
        j.addProperty("maxFistaIterations", bags.stream().mapToInt(b -> b.figures().fistaIterations()).max()
                .orElse(-1));
        j.addProperty("allReached", bags.stream().allMatch(b -> b.figures().fistaIterations() > 0));
        j.addProperty("istaIterations", bags.get(0).figures().istaIterations());
        j.addProperty("maxPixelDistance", bags.stream().flatMapToDouble(b -> Arrays.stream(b.figures().pixelDistance()))
                .max().orElse(Double.NaN));
        j.addProperty("minAttentionRankCorrelation", bags.stream()
                .flatMapToDouble(b -> Arrays.stream(b.figures().attentionRankCorrelation())).min().orElse(Double.NaN));
        j.add("bags", Json.gson().toJsonTree(bags));
        j.addProperty("note", "per bag and lambda: F = NLL + (lambda / eta) ||X||_1 after the proximal rule"
                + " (eq. 9) at the data set's iterations and after FISTA at fistaIterations (counts " + Arrays.toString(CANDIDATES)
                + " tried in turn, then bisection), pixelDistance ||X_fista - X_ista|| / ||X_ista||, and Spearman's rho"
                + " of the attention weights on the two refined bags; -1 iterations: FISTA never got there");
        j.add("versions", Json.gson().toJsonTree(Versions.all()));
        return j;
    }

    /** Per row, F = the objective at the refined pixels + (thr / eta) * sum |x|. */
    static double[] objectives(InversionLoop.Result r, float[] lambdas, InversionConfig cfg) {
        double[] f = new double[lambdas.length];
        for (int i = 0; i < lambdas.length; i++) {
            double weight = cfg.withLambda(lambdas[i]).thresholdValue() / (double) cfg.learningRate();
            double l1 = 0;
            for (float x : r.refined()[i]) {
                l1 += Math.abs(x);
            }
            f[i] = r.finalObjective()[i] + weight * l1;
        }
        return f;
    }

    static boolean atOrBelow(double[] values, double[] targets) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] <= targets[i])) {
                return false;
            }
        }
        return true;
    }

    static double relativeDistance(float[] a, float[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return den == 0 ? (num == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(num / den);
    }

    /** Spearman's rank correlation (ties get their mean rank); NaN when either side is constant. */
    static double spearman(float[] a, float[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < ra.length; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    static double[] ranks(float[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Float.compare(v[x], v[y]));
        double[] rank = new double[v.length];
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mean;
            }
            i = j + 1;
        }
        return rank;
    }
}
