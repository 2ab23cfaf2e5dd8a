package org.milkid.app;

import java.nio.file.Path;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.util.BadInputException;

/**
 * Settings of {@code milkid demo}: MNIST-bags as the paper builds them, scaled to finish within
 * minutes on a 2-core CPU (a 10 x 10 grid, 200 training bags, {@value #TEST_BAGS} test bags, half
 * of them positive, at most 12 epochs) and the paper's KID settings but for the inversions'
 * iterations ({@value #INVERSION_ITERATIONS} instead of 1000 and 200).
 *
 * @param bags the MNIST-bags settings
 * @param epochs the most epochs per model
 * @param patience early-stopping patience in epochs (counted once a model has left chance)
 * @param inversionIterations overrides every inversion's iterations when positive (0: the paper's)
 * @param attInvIterations overrides only Att+inv's SGD iterations when positive (0: the paper's 1000);
 *     ignored when {@code inversionIterations} is set
 * @param panelBags the positive test bags drawn as the panels (a)-(g) in report.html (0: none)
 * @param out the folder results.json, the models, the panels and report.html go to
 */
public record DemoConfig(MnistBagsConfig bags, int epochs, int patience, int inversionIterations,
        int attInvIterations, int panelBags, Path out) {

    /** The demo's test bags by default: half positive, so 24 positive bags (about 240 key instances). */
    public static final int TEST_BAGS = 48;
    /**
     * Every inversion's iterations in the demo by default: 50, cut from the paper's 1000 (Att+inv)
     * and 200 (Att+sparse, for each of six lambdas), as the KID study does. Measured on an AMD Zen 5
     * under load: the paper's sweep costs about 0.3 CPU-seconds a bag-iteration, so 24 positive bags
     * at 200 iterations alone would take about 24 CPU-minutes, far beyond the demo's 10 minutes.
     */
    public static final int INVERSION_ITERATIONS = 50;
    /** Att+inv's iterations in the demo by default when every inversion runs the paper's (0: the paper's 1000). */
    public static final int ATT_INV_ITERATIONS = 0;
    /** The positive test bags drawn in report.html by default. */
    public static final int PANEL_BAGS = 4;

    public DemoConfig {
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        if (patience < 0 || inversionIterations < 0 || attInvIterations < 0) {
            throw new BadInputException(
                    "--patience, --inversion-iterations and --att-inv-iterations must not be negative");
        }
        if (panelBags < 0) {
            throw new BadInputException("--panels must not be negative, got " + panelBags);
        }
    }

    /** The demo's defaults: G = 10, 200 training and {@value #TEST_BAGS} test bags, 12 epochs, patience 3, seed 1. */
    public static DemoConfig defaults(Path out) {
        return new DemoConfig(new MnistBagsConfig(10, 9, 200, TEST_BAGS, 1, null), 12, 3, INVERSION_ITERATIONS,
                ATT_INV_ITERATIONS, PANEL_BAGS, out);
    }
}
