package org.milkid.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.eval.KidResult;

/**
 * The lambda and threshold at which results.json's KID table reports a method, chosen ONCE per
 * method over all its runs, as the paper chooses them: the pair with the highest mean F1 over the
 * runs (on the test bags, the paper's protocol; the KID study's development-bag choices are
 * per run and kept apart). Lambdas are tried in the sweep's order and thresholds in the grid's, the
 * first pair wins ties. folds.csv marks exactly the rows of this pair as {@code chosen}, so the
 * table can be recomputed from folds.csv.
 *
 * <p>A sweeping method whose runs share no scored lambda (milkid's methods in the KID study: each
 * run scores its test bags only at the lambda its development bags chose) keeps each run's own lambda
 * ({@code lambdaPerRun}); the threshold is then chosen over the runs at their own lambdas.
 *
 * @param lambda the chosen lambda (NaN for a method that does not sweep lambda, or keeps each run's)
 * @param threshold the chosen threshold
 * @param lambdaPerRun true when every run keeps its own lambda
 */
public record KidChoice(double lambda, double threshold, boolean lambdaPerRun) {

    public KidChoice(double lambda, double threshold) {
        this(lambda, threshold, false);
    }

    /** The choice over the runs that have KID scores; null when none has. */
    public static KidChoice of(List<FoldResult.Figures> runs) {
        List<FoldResult.Figures> scored = runs.stream().filter(r -> r.kid() != null).toList();
        if (scored.isEmpty()) {
            return null;
        }
        Map<Float, List<KidResult>> byLambda = new LinkedHashMap<>();
        boolean sweeps = scored.get(0).kidMethod().sweepsLambda() && scored.get(0).perLambda() != null
                && !scored.get(0).perLambda().isEmpty();
        if (sweeps) {
            for (FoldResult.Figures r : scored) {
                for (FoldResult.LambdaScores l : r.perLambda()) {
                    if (l.kid() != null) {
                        byLambda.computeIfAbsent(l.lambda(), x -> new ArrayList<>()).add(l.kid());
                    }
                }
            }
        } else {
            byLambda.put(Float.NaN, scored.stream().map(FoldResult.Figures::kid).toList());
        }
        double bestF1 = -1;
        KidChoice best = null;
        for (Map.Entry<Float, List<KidResult>> e : byLambda.entrySet()) {
            List<KidResult> kids = e.getValue();
            if (kids.size() != scored.size()) {
                continue; // a lambda some run did not score cannot be the method's choice
            }
            int nt = kids.get(0).perThreshold().size();
            for (int t = 0; t < nt; t++) {
                double sum = 0;
                for (KidResult k : kids) {
                    sum += k.perThreshold().get(t).f1();
                }
                double mean = sum / kids.size();
                if (mean > bestF1) {
                    bestF1 = mean;
                    best = new KidChoice(e.getKey(), kids.get(0).perThreshold().get(t).threshold());
                }
            }
        }
        if (best == null) {
            if (!sweeps) {
                throw new IllegalStateException("no threshold was scored by every run of " + scored.get(0).method());
            }
            // no lambda common to the runs: each keeps its own, the threshold is chosen over them
            KidChoice own = of(scored.stream().map(FoldResult.Figures::withoutLambdas).toList());
            return new KidChoice(Double.NaN, own.threshold(), true);
        }
        return best;
    }

    /** The KID scores of one run at the chosen lambda (the run's own scores for a method without lambda). */
    public KidResult of(FoldResult.Figures run) {
        if (lambdaPerRun || Double.isNaN(lambda) || run.kid() == null) {
            return run.kid();
        }
        return run.perLambda().stream().filter(l -> l.lambda() == (float) lambda).map(FoldResult.LambdaScores::kid)
                .findFirst().orElse(null);
    }

    /** Whether a row of folds.csv is this choice (any lambda when each run keeps its own). */
    public boolean is(double rowLambda, double rowThreshold) {
        boolean sameLambda = lambdaPerRun || (Double.isNaN(lambda) ? Double.isNaN(rowLambda)
                : Math.abs(rowLambda - lambda) < 1e-9);
        return sameLambda && Math.abs(rowThreshold - threshold) < 1e-9;
    }

    /** Whether a row of folds.csv of a run whose own lambda is {@code runLambda} is this choice. */
    public boolean is(double runLambda, double rowLambda, double rowThreshold) {
        if (lambdaPerRun && (float) runLambda != (float) rowLambda) {
            return false;
        }
        return is(rowLambda, rowThreshold);
    }
}
