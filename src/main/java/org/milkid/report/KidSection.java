package org.milkid.report;

import static org.milkid.report.Cells.DASH;
import static org.milkid.report.Cells.PM;
import static org.milkid.report.Cells.stat;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.results.ExperimentResults;
import org.milkid.results.KidFigures;
import org.milkid.results.LambdaRow;
import org.milkid.results.Metric;
import org.milkid.results.MethodResults;
import org.milkid.results.Results;
import org.milkid.results.StudyRow;
import org.milkid.results.ThresholdRow;

/**
 * The section "Key instance detection (Fig. 2)": the KID table of every method, and the charts of F1
 * per method, against lambda and against the threshold.
 */
final class KidSection {
    /** The colour of the paper's methods in the charts. */
    static final Color PAPER_COLOR = new Color(0x00, 0x72, 0xB2);
    /** The colour of milkid's methods in the charts. */
    static final Color MILKID_COLOR = new Color(0xE6, 0x9F, 0x00);

    private KidSection() {
    }

    static void write(Html h, Results r) {
        h.el("h2", "kid", "Key instance detection (Fig. 2)");
        List<String> onDev = new ArrayList<>();
        if (r instanceof ExperimentResults e && e.kidStudy() != null) {
            for (StudyRow s : e.kidStudy().methods()) {
                if (s.selection() != StudyRow.Selection.TEST) {
                    onDev.add(s.name());
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<Charts.Bar> bars = new ArrayList<>();
        List<Charts.Series> perLambda = new ArrayList<>();
        List<Charts.Series> perThreshold = new ArrayList<>();
        for (MethodResults o : r.table().methods()) {
            KidFigures k = o.kid();
            rows.add(List.of(o.name(), o.paper() ? "paper" : "milkid", k == null ? DASH : stat(k.f1()),
                    k == null ? DASH : stat(k.precision()), k == null ? DASH : stat(k.recall()),
                    k == null ? DASH : stat(k.averagePrecision()), k == null ? DASH : stat(k.auroc()),
                    k == null ? DASH : stat(k.ndcg()), k == null ? DASH : stat(k.aopcR()),
                    k == null ? DASH : String.format(Locale.ROOT, "%.1f", k.threshold()),
                    o.lambda() != null ? Cells.lambda(o.lambda()) + (onDev.contains(o.name()) ? " (dev)" : "") : DASH,
                    stat(o.bagAccuracy()), Cells.fmt1(o.seconds().mean()) + " s"));
            if (k == null) {
                continue;
            }
            bars.add(new Charts.Bar(o.name(), k.f1().mean(), k.f1().sem(), o.paper() ? PAPER_COLOR : MILKID_COLOR));
            perThreshold.add(series(o.name(), k.perThreshold().stream().map(ThresholdRow::threshold).toList(),
                    k.perThreshold().stream().map(ThresholdRow::f1).toList()));
            if (o.perLambda() != null && o.perLambda().size() > 1 && !onDev.contains(o.name())) {
                perLambda.add(series(o.name(), o.perLambda().stream().map(LambdaRow::decimal).toList(),
                        o.perLambda().stream().map(LambdaRow::f1).toList()));
            }
        }
        h.table("num", "KID on the test bags: F1, precision and recall at the threshold t with the best mean F1 and"
                + " each run's best lambda (chosen on the test bags, as the paper does); AP, instance AUROC and NDCG@n"
                + " (n = the bag's key instances, averaged over bags) need no threshold; AOPC-R is how much faster the"
                + " bag probability falls when instances are removed in the method's order than in random orders."
                + " In brackets: 95% confidence interval (" + ciWords(r) + ")",
                List.of("method", "from", "F1", "precision", "recall", "AP", "AUROC", "NDCG@n", "AOPC-R", "best t",
                        "best lambda", "bag accuracy", "time a run"), rows);
        if (!onDev.isEmpty()) {
            h.p("small", "Lambdas marked (dev) were chosen on the development bags; the KID study below gives those"
                    + " methods' test figures at their development-chosen thresholds too.");
        }
        if (bars.isEmpty()) {
            h.el("p", "No test bag has instance labels: KID cannot be scored on this data set.");
            return;
        }
        h.p("small", PaperNumbers.FIG2_CLAIM);
        String title = r.table().bootstrap() != null ? "KID F1 per method (one run; 95% intervals in the table)"
                : "KID F1 per method (mean \u00b1 SEM over runs)";
        h.figure("chart", Html.dataUri(Charts.bars(title, "F1", bars, keys(bars,
                new Charts.Key("paper's method", PAPER_COLOR), new Charts.Key("milkid's method", MILKID_COLOR)))),
                "Bar chart of KID F1 per method with standard-error whiskers",
                "F1 per method, as the paper's Fig. 2: each bar at its best threshold and lambda on the test bags.",
                Charts.WIDTH, Charts.HEIGHT);
        if (!perLambda.isEmpty()) {
            h.figure("chart", Html.dataUri(Charts.lines("KID F1 against lambda", "lambda", "F1 (best t)", perLambda)),
                    "Line chart of KID F1 against the sparseness coefficient lambda",
                    "F1 at each lambda of the sweep, at that lambda's best threshold, mean \u00b1 SEM over runs.",
                    Charts.WIDTH, Charts.HEIGHT);
        }
        h.figure("chart", Html.dataUri(Charts.lines("KID F1 against the threshold t", "threshold t", "F1",
                perThreshold)), "Line chart of KID F1 against the threshold",
                "F1 at every threshold (sweeping methods at each run's chosen lambda), mean \u00b1 SEM over runs.",
                Charts.WIDTH, Charts.HEIGHT);
    }

    /** What the table's intervals are over. */
    private static String ciWords(Results r) {
        if (r.table().bootstrap() != null) {
            return "one run: bootstrap over the positive test bags, " + r.table().bootstrap().resamples() + " resamples";
        }
        return "over the runs: Student's t, mean " + PM.trim() + " t(0.975, n-1) SEM; none for a single run";
    }

    /** The legend entries whose colour some bar has. */
    static List<Charts.Key> keys(List<Charts.Bar> bars, Charts.Key... keys) {
        List<Charts.Key> used = new ArrayList<>();
        for (Charts.Key k : keys) {
            if (bars.stream().anyMatch(b -> b.color().equals(k.color()))) {
                used.add(k);
            }
        }
        return used;
    }

    private static Charts.Series series(String name, List<Double> xs, List<Metric> f1) {
        double[] x = new double[xs.size()];
        double[] y = new double[xs.size()];
        double[] err = new double[xs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xs.get(i);
            y[i] = f1.get(i).mean();
            err[i] = f1.get(i).sem();
        }
        return new Charts.Series(name, x, y, err);
    }
}
