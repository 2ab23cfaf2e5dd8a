package org.milkid.report;

import java.util.Map;

/**
 * The figures the paper reports (method-notes sections 6 and 7), to print beside milkid's:
 * Tables I and II (shares of positive bags and of positive instances in positive bags) and
 * Table III (bag accuracy, mean and SEM over its runs). The paper's Fig. 2 (KID F1) survives only
 * as the claim in {@link #FIG2_CLAIM}.
 */
public final class PaperNumbers {
    private PaperNumbers() {
    }

    /**
     * A mean with its standard error, as the paper prints it.
     *
     * @param mean the mean
     * @param sem the standard error of the mean
     */
    public record Figure(double mean, double sem) {
    }

    /** Table I: the share of positive bags per data set. */
    public static final Map<String, Double> POSITIVE_BAGS = Map.of("mnist-bags", 0.50, "colon", 0.51, "breast", 0.448);

    /** Table II: the share of positive instances in positive bags per data set. */
    public static final Map<String, Double> POSITIVE_INSTANCES = Map.of("mnist-bags", 0.102, "colon", 0.535, "breast",
            0.085);

    /** Table III: bag accuracy per method (Att, Inst+max, Inst+mean) and data set. */
    public static final Map<String, Map<String, Figure>> BAG_ACCURACY = Map.of(
            "Inst+max", Map.of("mnist-bags", new Figure(0.804, 0.232), "colon", new Figure(0.868, 0.025), "breast",
                    new Figure(0.536, 0.062)),
            "Inst+mean", Map.of("mnist-bags", new Figure(0.708, 0.095), "colon", new Figure(0.798, 0.023), "breast",
                    new Figure(0.612, 0.038)),
            "Att", Map.of("mnist-bags", new Figure(0.996, 0.008), "colon", new Figure(0.909, 0.02), "breast",
                    new Figure(0.718, 0.054)));

    /** What the paper's Fig. 2 shows, in words (its numbers are not given in the text). */
    public static final String FIG2_CLAIM = "The paper's Fig. 2 gives KID F1 per method only as a chart; its text"
            + " claims Att+sparse > Att+inv > Att on all three data sets, and Inst+max above Att on MNIST-bags and"
            + " COLON CANCER.";

    /** The paper's bag size for MNIST-bags: a 20 x 20 grid of digits. */
    public static final int MNIST_BAG_SIZE = 400;

    /** The paper's name of a data set. */
    public static String name(String dataset) {
        return switch (dataset) {
            case "mnist-bags" -> "MNIST-based image MIL";
            case "colon" -> "COLON CANCER";
            case "breast" -> "BREAST CANCER";
            case "features" -> "whole slides (feature bags)";
            default -> dataset;
        };
    }
}
