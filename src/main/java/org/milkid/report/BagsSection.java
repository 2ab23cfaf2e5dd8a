package org.milkid.report;

import static org.milkid.report.Cells.DASH;
import static org.milkid.report.Cells.PM;
import static org.milkid.report.Cells.stat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.milkid.results.MethodResults;
import org.milkid.results.MethodTable;

/** The section "Bag classification (Table III)": bag accuracy of the three models against the paper's. */
final class BagsSection {
    private BagsSection() {
    }

    static void write(Html h, MethodTable t) {
        h.el("h2", "bags", "Bag classification (Table III)");
        List<List<String>> rows = new ArrayList<>();
        for (String m : List.of("Inst+max", "Inst+mean", "Att")) {
            MethodResults o = t.method(m);
            PaperNumbers.Figure p = PaperNumbers.BAG_ACCURACY.get(m).get(t.dataset());
            rows.add(List.of(m, o == null ? "not run" : stat(o.bagAccuracy()), o == null ? DASH : stat(o.bagAuc()),
                    p == null ? DASH : String.format(Locale.ROOT, "%.3f%s%.3f", p.mean(), PM, p.sem())));
        }
        h.table("num", "Bag accuracy on the test bags, ours against the paper's Table III ("
                + PaperNumbers.name(t.dataset()) + ")", List.of("method", "ours: accuracy", "ours: AUC",
                        "paper: accuracy"), rows);
        h.p("small", "Att+inv and Att+sparse share Att's bag predictions (inversion never changes them), as do"
                + " milkid's attention-based methods. AUC is milkid's addition.");
    }
}
