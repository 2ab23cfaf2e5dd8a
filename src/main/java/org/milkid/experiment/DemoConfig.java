package org.milkid.experiment;

import org.milkid.util.BadInputException;
import java.nio.file.Path;
import org.milkid.data.mnist.MnistBagsConfig;

/**
 * Settings of {@code milkid demo}: MNIST-bags as the paper builds them, scaled to finish within
 * minutes on a 2-core CPU (a 10 x 10 grid, 200 training bags, 12 test bags, at most 12 epochs)
 * and the paper's KID settings.
 *
 * @param bags the MNIST-bags settings
 * @param epochs the most epochs per model
 * @param patience early-stopping patience in epochs (counted once a model has left chance)
 * @param inversionIterations overrides every inversion's iterations when positive (0: the paper's)
 * @param out the folder results.json and the models go to
 */
public record DemoConfig(MnistBagsConfig bags, int epochs, int patience, int inversionIterations, Path out) {

    public DemoConfig {
        if (epochs < 1) {
            throw new BadInputException("--epochs must be at least 1, got " + epochs);
        }
        if (patience < 0 || inversionIterations < 0) {
            throw new BadInputException("--patience and --inversion-iterations must not be negative");
        }
    }

    /** The demo's defaults: G = 10, 200 training and 12 test bags, 12 epochs, patience 3, seed 1. */
    public static DemoConfig defaults(Path out) {
        return new DemoConfig(new MnistBagsConfig(10, 9, 200, 12, 1, null), 12, 3, 0, out);
    }
}
