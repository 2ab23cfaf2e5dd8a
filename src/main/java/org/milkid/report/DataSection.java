package org.milkid.report;

import static org.milkid.report.Cells.DASH;
import static org.milkid.report.Cells.fmt0;
import static org.milkid.report.Cells.pct;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.milkid.results.DataStats;
import org.milkid.results.ExperimentResults;
import org.milkid.results.Metric;

/** The section "Data (Tables I and II)": our bags' shares against the paper's. */
final class DataSection {
    private DataSection() {
    }

    static void write(Html h, ExperimentResults.DataSummary d, String dataset) {
        h.el("h2", "data", "Data (Tables I and II)");
        boolean split = d.test().bags() > 0;
        List<String> header = new ArrayList<>(List.of("figure"));
        if (split) {
            header.add("ours: train-digit bags");
            header.add("ours: test-digit bags");
        }
        header.add("ours: all bags");
        header.add("paper");
        Double pb = PaperNumbers.POSITIVE_BAGS.get(dataset);
        Double pi = PaperNumbers.POSITIVE_INSTANCES.get(dataset);
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(split, "bags (summed over repeats)", d, s -> fmt0(s.bags()), DASH));
        rows.add(row(split, "Table I: positive bags", d, s -> pct(share(s.positiveBagShare())),
                pb == null ? DASH : pct(pb)));
        rows.add(row(split, "Table I: negative bags", d, s -> pct(1 - share(s.positiveBagShare())),
                pb == null ? DASH : pct(1 - pb)));
        rows.add(row(split, "Table II: positive instances in positive bags", d,
                s -> pct(share(s.positiveInstanceShare())), pi == null ? DASH : pct(pi)));
        rows.add(row(split, "Table II: negative instances in positive bags", d,
                s -> pct(1 - share(s.positiveInstanceShare())), pi == null ? DASH : pct(1 - pi)));
        rows.add(row(split, "instances a bag: mean (min-max)", d,
                s -> String.format(Locale.ROOT, "%.1f (%s-%s)", share(s.meanSize()), fmt0(s.bags() == 0 ? 0
                        : s.minSize()), fmt0(s.maxSize())),
                dataset.equals("mnist-bags") ? PaperNumbers.MNIST_BAG_SIZE + " (20 x 20)" : "not given"));
        h.table("num", "Our bags against the paper's Tables I and II for " + PaperNumbers.name(dataset), header, rows);
        if (d.all().instancesInPositiveBags() == 0) {
            h.p("small", "These bags carry no instance labels: Table II and KID cannot be scored, only bag metrics.");
        }
    }

    /** A share as results.json holds it (6 decimals), which the table rounds further. */
    private static double share(double v) {
        return Metric.round(v);
    }

    private static List<String> row(boolean split, String name, ExperimentResults.DataSummary d,
            Function<DataStats, String> cell, String paper) {
        List<String> row = new ArrayList<>(List.of(name));
        if (split) {
            row.add(cell.apply(d.train()));
            row.add(cell.apply(d.test()));
        }
        row.add(cell.apply(d.all()));
        row.add(paper);
        return row;
    }
}
