package org.milkid.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.milkid.detect.Detection;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidBootstrap;
import org.milkid.eval.KidResult;
import org.milkid.eval.Stat;
import org.milkid.results.BagBootstrap;
import org.milkid.results.KidFigures;
import org.milkid.results.KidStudy;
import org.milkid.results.LambdaRow;
import org.milkid.results.MethodResults;
import org.milkid.results.MethodTable;
import org.milkid.results.Metric;
import org.milkid.results.StudyRow;
import org.milkid.results.ThresholdRow;
import org.milkid.util.Json;

/**
 * Sums up every method over its runs into the records of {@code org.milkid.results}: every figure as
 * mean, SEM and n over the runs. The KID lambda and threshold are chosen once per method over all runs
 * ({@link KidChoice}: the pair with the highest mean F1), and every run contributes its scores at
 * that pair; folds.csv marks the same rows {@code chosen}.
 *
 * <p>The KID figures (F1, precision, recall, AP, AUROC, NDCG@n, AOPC-R) carry a 95% confidence
 * interval: over several runs Student's t interval of the mean; for one run with its detections and
 * a {@link BagBootstrap}, the percentile bootstrap over the positive test bags ({@link KidBootstrap})
 * at the chosen threshold and lambda.
 */
public final class MethodSummaries {
    private MethodSummaries() {
    }

    /**
     * The results of one method over its runs, KID intervals over runs; a single run whose
     * {@code detections} are given (null: none) gets its KID intervals from the bootstrap over its
     * positive bags when {@code bootstrap} is given too.
     */
    static MethodResults method(List<FoldResult.Figures> runs, List<Detection> detections, BagBootstrap bootstrap) {
        KidMethod m = runs.get(0).kidMethod();
        KidChoice choice = KidChoice.of(runs);
        KidFigures kid = null;
        if (choice != null) {
            List<KidResult> kids = runs.stream().filter(r -> r.kid() != null).map(choice::of).toList();
            FoldResult.Figures only = runs.size() == 1 ? runs.get(0) : null;
            BagIntervals bags = null;
            if (bootstrap != null && only != null && only.kid() != null && detections != null
                    && !detections.isEmpty()) {
                if (!choice.is(only.lambda(), choice.threshold())) {
                    throw new IllegalStateException(m.key() + ": the run's detections are at lambda " + only.lambda()
                            + ", the table's choice is " + choice.lambda());
                }
                bags = new BagIntervals(detections, bootstrap);
            }
            kid = kid(kids, bags, choice.threshold());
        }
        Metric lambda = null;
        List<LambdaRow> perLambda = null;
        if (m.sweepsLambda()) {
            long scored = runs.stream().filter(r -> r.kid() != null).count();
            lambda = choice == null || Double.isNaN(choice.lambda())
                    ? Metric.of(overFigures(runs, FoldResult.Figures::lambda))
                    : Metric.of(new Stat(choice.lambda(), 0, (int) scored));
            perLambda = perLambda(runs);
        }
        return new MethodResults(m.key(), m.isPaper(), m.description(),
                Metric.of(overFigures(runs, FoldResult.Figures::bagAccuracy)),
                Metric.of(overFigures(runs, FoldResult.Figures::bagAuc)), kid, lambda, perLambda,
                Metric.of(overFigures(runs, FoldResult.Figures::seconds)), null);
    }

    /** The bootstrap intervals of one run's detections, made at the threshold the table settles on. */
    private record BagIntervals(List<Detection> detections, BagBootstrap settings) {
        KidBootstrap.Intervals at(double threshold) {
            return KidBootstrap.of(KidEvaluation.scores(detections), threshold, settings.resamples(), settings.seed());
        }
    }

    /**
     * The KID figures over runs at a threshold: {@code threshold}, or (NaN) the one with the best mean
     * F1 over the runs.
     */
    private static KidFigures kid(List<KidResult> kids, BagIntervals bags, double threshold) {
        int nt = kids.get(0).perThreshold().size();
        int bestT = -1;
        double bestF1 = -1;
        List<ThresholdRow> per = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            final int ti = t;
            Stat f1 = overKid(kids, k -> k.perThreshold().get(ti).f1());
            double rowThreshold = kids.get(0).perThreshold().get(t).threshold();
            if (Double.isNaN(threshold) ? f1.mean() > bestF1 : Math.abs(rowThreshold - threshold) < 1e-9) {
                bestF1 = f1.mean();
                bestT = t;
            }
            per.add(new ThresholdRow(rowThreshold, Metric.of(f1),
                    Metric.of(overKid(kids, k -> k.perThreshold().get(ti).precision())),
                    Metric.of(overKid(kids, k -> k.perThreshold().get(ti).recall()))));
        }
        if (bestT < 0) {
            throw new IllegalStateException("threshold " + threshold + " is not among the scored thresholds");
        }
        final int bt = bestT;
        double at = kids.get(0).perThreshold().get(bt).threshold();
        Stat f1 = overKid(kids, k -> k.perThreshold().get(bt).f1());
        Stat precision = overKid(kids, k -> k.perThreshold().get(bt).precision());
        Stat recall = overKid(kids, k -> k.perThreshold().get(bt).recall());
        Stat ap = overKid(kids, KidResult::averagePrecision);
        Stat auroc = overKid(kids, KidResult::auroc);
        Stat ndcg = overKid(kids, KidResult::ndcg);
        Stat aopcR = overKid(kids, KidResult::aopcR);
        Metric positiveBags = Metric.of(overKid(kids, k -> (double) k.positiveBags()));
        Metric keyInstances = Metric.of(overKid(kids, k -> (double) k.keyInstances()));
        if (bags != null) {
            KidBootstrap.Intervals ci = bags.at(at);
            return new KidFigures(Metric.of(f1, ci.f1()), Metric.of(precision, ci.precision()),
                    Metric.of(recall, ci.recall()), Metric.of(ap, ci.averagePrecision()), Metric.of(auroc, ci.auroc()),
                    Metric.of(ndcg, ci.ndcg()), Metric.of(aopcR, ci.aopcR()), at, positiveBags, keyInstances, per);
        }
        return new KidFigures(Metric.overRuns(f1), Metric.overRuns(precision), Metric.overRuns(recall),
                Metric.overRuns(ap), Metric.overRuns(auroc), Metric.overRuns(ndcg), Metric.overRuns(aopcR), at,
                positiveBags, keyInstances, per);
    }

    private static List<LambdaRow> perLambda(List<FoldResult.Figures> runs) {
        Map<Float, List<KidResult>> by = new LinkedHashMap<>();
        for (FoldResult.Figures r : runs) {
            List<FoldResult.LambdaScores> lambdas = r.perLambda() == null ? List.of() : r.perLambda();
            for (FoldResult.LambdaScores l : lambdas) {
                if (l.kid() != null) {
                    by.computeIfAbsent(l.lambda(), k -> new ArrayList<>()).add(l.kid());
                }
            }
        }
        List<LambdaRow> rows = new ArrayList<>();
        for (Map.Entry<Float, List<KidResult>> e : by.entrySet()) {
            List<KidResult> k = e.getValue();
            rows.add(new LambdaRow(e.getKey(), Metric.of(overKid(k, x -> x.best().f1())),
                    Metric.of(overKid(k, x -> x.best().precision())), Metric.of(overKid(k, x -> x.best().recall())),
                    Metric.of(overKid(k, KidResult::averagePrecision)), Metric.of(overKid(k, KidResult::auroc)),
                    Metric.of(overKid(k, KidResult::ndcg)), Metric.of(overKid(k, KidResult::aopcR))));
        }
        return rows;
    }

    /**
     * The table of methods over their runs, KID intervals over runs (Student's t where there are two
     * runs or more).
     *
     * @param config the settings, serialized as given
     * @param provenance where the results came from, serialized as given
     * @param runs every method's figures over the runs, in table order
     */
    public static MethodTable table(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, Map<KidMethod, List<FoldResult.Figures>> runs) {
        List<MethodResults> methods = new ArrayList<>();
        for (List<FoldResult.Figures> r : runs.values()) {
            if (!r.isEmpty()) {
                methods.add(method(r, null, null));
            }
        }
        return table(dataset, config, provenance, defaultMethod, methods, null);
    }

    /**
     * The table of methods of one run, every KID figure with its interval from the bootstrap over
     * the run's positive test bags.
     *
     * @param config the settings, serialized as given
     * @param provenance where the results came from, serialized as given
     * @param outcomes every method's outcome, in table order
     */
    public static MethodTable oneRun(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, Map<KidMethod, MethodOutcome> outcomes, BagBootstrap bootstrap) {
        List<MethodResults> methods = new ArrayList<>();
        for (MethodOutcome o : outcomes.values()) {
            methods.add(method(List.of(FoldResult.Figures.onTest(o)), o.detections(), bootstrap));
        }
        return table(dataset, config, provenance, defaultMethod, methods, bootstrap);
    }

    private static MethodTable table(String dataset, Map<String, Object> config, Object provenance,
            KidMethod defaultMethod, List<MethodResults> methods, BagBootstrap bootstrap) {
        return new MethodTable(dataset, Json.gson().toJsonTree(config).getAsJsonObject(),
                Json.gson().toJsonTree(provenance).getAsJsonObject(),
                defaultMethod == null ? null : defaultMethod.key(), bootstrap, methods);
    }

    /**
     * The KID study: for every method its test figures at the lambda and threshold it settles on, and
     * where those were chosen. The paper's rows (and any run without development bags) take the one
     * lambda and threshold of results.json's KID table ({@link KidChoice}: the pair with the best mean
     * F1 on the test bags, as the paper does; {@link StudyRow.Selection#TEST}), so that they are those
     * table's rows; milkid's methods run with development bags take each run's lambda and threshold
     * chosen on them ({@link StudyRow.Selection#DEVELOPMENT}).
     *
     * @param figures every method's figures over the runs, in table order
     * @param devBags the development bags per repeat
     */
    public static KidStudy kidStudy(Map<KidMethod, List<FoldResult.Figures>> figures, int devBags) {
        List<StudyRow> rows = new ArrayList<>();
        for (Map.Entry<KidMethod, List<FoldResult.Figures>> e : figures.entrySet()) {
            KidMethod m = e.getKey();
            List<FoldResult.Figures> runs = e.getValue();
            List<FoldResult.Figures> scored = runs.stream().filter(f -> f.kid() != null).toList();
            if (scored.isEmpty()) {
                continue;
            }
            long dev = scored.stream().filter(FoldResult.Figures::onDevelopment).count();
            StudyRow.Selection selection = dev == 0 ? StudyRow.Selection.TEST
                    : dev == scored.size() ? StudyRow.Selection.DEVELOPMENT : StudyRow.Selection.MIXED;
            List<KidResult> kids = scored.stream().map(FoldResult.Figures::kid).toList();
            Metric f1;
            Metric precision;
            Metric recall;
            Metric threshold;
            Metric devF1 = null;
            Metric lambda = m.sweepsLambda() ? Metric.of(overFigures(scored, FoldResult.Figures::lambda)) : null;
            if (dev == 0) {
                // the paper's choice, once per method over the runs: the row of results.json's KID table
                KidChoice choice = KidChoice.of(scored);
                kids = scored.stream().map(choice::of).toList();
                KidFigures k = kid(kids, null, choice.threshold());
                f1 = k.f1();
                precision = k.precision();
                recall = k.recall();
                threshold = Metric.of(new Stat(k.threshold(), 0, kids.size()));
                if (m.sweepsLambda() && !Double.isNaN(choice.lambda())) {
                    lambda = Metric.of(new Stat(choice.lambda(), 0, kids.size()));
                }
            } else {
                f1 = Metric.overRuns(overFigures(scored, f -> f.chosen().f1()));
                precision = Metric.overRuns(overFigures(scored, f -> f.chosen().precision()));
                recall = Metric.overRuns(overFigures(scored, f -> f.chosen().recall()));
                threshold = Metric.of(overFigures(scored, f -> f.chosen().threshold()));
                devF1 = Metric.of(overFigures(scored, FoldResult.Figures::devF1));
            }
            rows.add(new StudyRow(m.key(), m.isPaper(), m.description(), selection, f1, precision, recall, threshold,
                    devF1, Metric.overRuns(overKid(kids, KidResult::averagePrecision)),
                    Metric.overRuns(overKid(kids, KidResult::auroc)), Metric.overRuns(overKid(kids, KidResult::ndcg)),
                    Metric.overRuns(overKid(kids, KidResult::aopcR)),
                    lambda, Metric.of(overFigures(runs, FoldResult.Figures::bagAccuracy))));
        }
        return new KidStudy(devBags, rows);
    }

    private static Stat overFigures(List<FoldResult.Figures> runs, Function<FoldResult.Figures, Double> f) {
        return Stat.of(runs.stream().map(f).toList());
    }

    private static Stat overKid(List<KidResult> runs, Function<KidResult, Double> f) {
        return Stat.of(runs.stream().map(f).toList());
    }
}
