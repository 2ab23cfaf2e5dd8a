package org.milkid.report;

/** The section "Where milkid differs from the paper": every {@link Deviations.Deviation}. */
final class DeviationsSection {
    private DeviationsSection() {
    }

    static void write(Html h) {
        h.el("h2", "deviations", "Where milkid differs from the paper");
        h.raw("<dl>\n");
        for (Deviations.Deviation d : Deviations.ALL) {
            h.el("dt", d.title());
            h.el("dd", d.text());
        }
        h.raw("</dl>\n");
    }
}
