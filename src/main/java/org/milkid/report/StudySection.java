package org.milkid.report;

import static org.milkid.report.Cells.DASH;
import static org.milkid.report.Cells.stat;
import static org.milkid.report.KidSection.MILKID_COLOR;
import static org.milkid.report.KidSection.PAPER_COLOR;

import java.util.ArrayList;
import java.util.List;
import org.milkid.results.KidStudy;
import org.milkid.results.StudyRow;

/** A KID study's table and chart: every method's test F1 at the lambda and threshold it settles on. */
final class StudySection {
    private StudySection() {
    }

    /** The KID study under a heading with the given anchor (an experiment's page, or a part of a study's). */
    static void write(Html h, KidStudy s, String id, String heading) {
        h.el("h2", id, heading);
        int dev = s.devBags();
        h.el("p", dev > 0
                ? "Every method ran on the same trained models of every run. milkid's methods chose their lambda and"
                        + " threshold on " + dev + " development bags per repeat (drawn from the train digits with"
                        + " another stream), never on the test bags. The paper's rows are reported as the paper does,"
                        + " with lambda and threshold chosen on the test bags: they are marked 'test (optimistic)'."
                : "Every method ran on the same trained models. Without development bags, every row's lambda and"
                        + " threshold are chosen on the test bags, as the paper does: all rows are optimistic.");
        List<List<String>> rows = new ArrayList<>();
        List<Charts.Bar> bars = new ArrayList<>();
        for (StudyRow o : s.methods()) {
            boolean test = o.selection() == StudyRow.Selection.TEST;
            String where = test ? "test (optimistic)" : o.selection() == StudyRow.Selection.DEVELOPMENT
                    ? "development bags" : "mixed";
            rows.add(List.of(o.name(), o.paper() ? "paper" : "milkid", where, stat(o.f1()), stat(o.precision()),
                    stat(o.recall()), stat(o.averagePrecision()), stat(o.auroc()), stat(o.ndcg()), stat(o.aopcR()),
                    Cells.threshold(o.threshold()), o.lambda() != null ? Cells.lambda(o.lambda()) : DASH,
                    o.devF1() != null ? stat(o.devF1()) : DASH));
            bars.add(new Charts.Bar(o.name() + (test ? " *" : ""), o.f1().mean(), o.f1().sem(),
                    test ? PAPER_COLOR : MILKID_COLOR));
        }
        h.table("num", "KID study: test F1 at each method's chosen lambda and threshold",
                List.of("method", "from", "chosen on", "F1", "precision", "recall", "AP", "AUROC", "NDCG@n", "AOPC-R",
                        "t", "lambda", "F1 on development"), rows);
        h.figure("chart", Html.dataUri(Charts.bars("KID study: test F1 per method (mean \u00b1 SEM)", "F1", bars,
                KidSection.keys(bars, new Charts.Key("* chosen on test (as the paper)", PAPER_COLOR),
                        new Charts.Key("chosen on development bags", MILKID_COLOR)))),
                "Bar chart of the KID study's test F1 per method",
                "Test F1 of every method; bars marked * chose lambda and threshold on the test bags.", Charts.WIDTH,
                Charts.HEIGHT);
    }
}
