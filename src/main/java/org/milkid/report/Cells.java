package org.milkid.report;

import java.util.Locale;
import org.milkid.results.Metric;
import org.milkid.util.Durations;

/** How the report writes a figure into a table cell. */
final class Cells {
    /** The cell of a figure that does not apply. */
    static final String DASH = "\u2014";
    /** Between a mean and its SEM. */
    static final String PM = " \u00b1 ";

    private Cells() {
    }

    /** The text, or {@link #DASH} for none. */
    static String or(String text) {
        return text == null ? DASH : text;
    }

    /** "0.912 ± 0.013" over runs, "0.912" for one; followed by " [lo, hi]" when the figure has a ci95. */
    static String stat(Metric m) {
        if (Double.isNaN(m.mean())) {
            return "n/a";
        }
        String text = m.n() > 1 ? String.format(Locale.ROOT, "%.3f%s%.3f", m.mean(), PM, m.sem())
                : String.format(Locale.ROOT, "%.3f", m.mean());
        if (m.ci95() != null) {
            text += String.format(Locale.ROOT, " [%.3f, %.3f]", m.ci95().lo(), m.ci95().hi());
        }
        return text;
    }

    /** A chosen threshold: "0.30 ± 0.05" when it varies over runs, else "0.3". */
    static String threshold(Metric m) {
        if (Double.isNaN(m.mean())) {
            return DASH;
        }
        return m.sem() > 0 ? String.format(Locale.ROOT, "%.2f%s%.2f", m.mean(), PM, m.sem())
                : String.format(Locale.ROOT, "%.1f", m.mean());
    }

    /** A chosen lambda, with its SEM when it varies over runs. */
    static String lambda(Metric m) {
        if (Double.isNaN(m.mean())) {
            return DASH;
        }
        return m.sem() > 0 ? lambda(m.mean()) + PM + lambda(m.sem()) : lambda(m.mean());
    }

    /** A lambda with at most 5 decimals, trailing zeros dropped. */
    static String lambda(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.5f", v).replaceAll("0+$", "")
                .replaceAll("\\.$", "");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String fmt0(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt1(double v) {
        return Double.isNaN(v) ? DASH : String.format(Locale.ROOT, "%.1f", v);
    }

    /** "1h 02m 03s", "2m 03s" or "3 s". */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return DASH;
        }
        return Durations.spaced(seconds);
    }
}
