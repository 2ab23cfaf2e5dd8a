package org.milkid.detect;

import java.util.Locale;
import org.milkid.util.BadInputException;

/**
 * The paper's sparse-inversion settings per data set (section IV-C): eta, iterations and the
 * lambda range, swept in six even steps.
 *
 * @param dataset the data set name
 * @param eta the proximal step's learning rate
 * @param iterations the number of updates
 * @param lambdas the swept sparseness coefficients
 */
public record InversionDefaults(String dataset, float eta, int iterations, float[] lambdas) {

    /** MNIST-bags: eta 1e-4, 200 iterations, lambda 0.0005..0.003. */
    public static final InversionDefaults MNIST = new InversionDefaults("mnist-bags", 1e-4f, 200, range(0.0005f, 0.003f));
    /** COLON CANCER: eta 1e-5, 200 iterations, lambda 0.0004..0.0024. */
    public static final InversionDefaults COLON = new InversionDefaults("colon", 1e-5f, 200, range(0.0004f, 0.0024f));
    /** BREAST CANCER: eta 1e-4, 100 iterations, lambda 0.003..0.006. */
    public static final InversionDefaults BREAST = new InversionDefaults("breast", 1e-4f, 100, range(0.003f, 0.006f));

    /** Six evenly spaced values from lo to hi. */
    static float[] range(float lo, float hi) {
        float[] l = new float[6];
        for (int i = 0; i < 6; i++) {
            l[i] = Math.round((lo + (hi - lo) * i / 5f) * 1e6f) / 1e6f;
        }
        return l;
    }

    /**
     * The settings of a data set by name: mnist-bags (or mnist), colon, breast; a user's images and
     * feature bags use BREAST's (histopathology, the paper's closest setting).
     */
    public static InversionDefaults forDataset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist", "mnist-bags" -> MNIST;
            case "colon" -> COLON;
            case "breast", "images", "features" -> BREAST;
            default -> throw new BadInputException("unknown data set '" + name
                    + "' (valid: mnist-bags, colon, breast, images, features)");
        };
    }
}
