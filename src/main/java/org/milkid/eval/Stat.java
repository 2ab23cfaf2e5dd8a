package org.milkid.eval;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * A figure over runs: mean, standard error of the mean and number of runs, as every metric of
 * results.json is written ({@code {"mean", "sem", "n"}}). NaN values are left out.
 *
 * @param mean the mean
 * @param sem the standard error of the mean, s / sqrt(n) with the sample standard deviation s
 *     (0 for a single run)
 * @param n the number of runs
 */
public record Stat(double mean, double sem, int n) {

    /** The figure of one run. */
    public static Stat of(double value) {
        return Double.isNaN(value) ? new Stat(Double.NaN, 0, 0) : new Stat(value, 0, 1);
    }

    /** Mean and SEM of several runs. */
    public static Stat of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stat(Double.NaN, 0, 0);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Stat(mean, 0, 1);
        }
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Stat(mean, Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n);
    }

    /** Reads a {@code {"mean","sem","n"}} object; a missing or null one reads as no value (NaN, n = 0). */
    public static Stat read(JsonElement e) {
        if (e == null || !e.isJsonObject()) {
            return new Stat(Double.NaN, 0, 0);
        }
        JsonObject o = e.getAsJsonObject();
        double mean = o.has("mean") && !o.get("mean").isJsonNull() ? o.get("mean").getAsDouble() : Double.NaN;
        double sem = o.has("sem") && !o.get("sem").isJsonNull() ? o.get("sem").getAsDouble() : 0;
        int n = o.has("n") ? o.get("n").getAsInt() : 0;
        return new Stat(mean, sem, n);
    }

    /** "0.912 +- 0.013" with three decimals. */
    public String format() {
        return Double.isNaN(mean) ? "n/a" : n > 1 ? String.format("%.3f +- %.3f", mean, sem) : String.format("%.3f", mean);
    }
}
