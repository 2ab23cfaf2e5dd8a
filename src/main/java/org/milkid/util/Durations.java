package org.milkid.util;

import java.util.Locale;

/** Durations in words for people: the one place milkid formats seconds, in its three forms. */
public final class Durations {
    private Durations() {
    }

    /** "1h02m", "12m05s" or "42s": the plan's estimates. */
    public static String compact(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** "1h 02m 03s", "2m 03s" or "3 s": measured times in the report. */
    public static String spaced(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }

    /** "1h02m" or "2:03": a progress bar's time left. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
