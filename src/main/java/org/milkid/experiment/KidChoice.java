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
 * @param lambda the chosen lambda (NaN for a method that does not sweep lambda)
 * @param threshold the chosen threshold
 */
public record KidChoice(double lambda, double threshold) {

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
            throw new IllegalStateException("no lambda was scored by every run of " + scored.get(0).method());
        }
        return best;
    }

    /** The KID scores of one run at the chosen lambda (the run's own scores for a method without lambda). */
    public KidResult of(FoldResult.Figures run) {
        if (Double.isNaN(lambda) || run.kid() == null) {
            return run.kid();
        }
        return run.perLambda().stream().filter(l -> l.lambda() == (float) lambda).map(FoldResult.LambdaScores::kid)
                .findFirst().orElse(null);
    }

    /** Whether a row of folds.csv is this choice. */
    public boolean is(double rowLambda, double rowThreshold) {
        boolean sameLambda = Double.isNaN(lambda) ? Double.isNaN(rowLambda) : Math.abs(rowLambda - lambda) < 1e-9;
        return sameLambda && Math.abs(rowThreshold - threshold) < 1e-9;
    }
}
