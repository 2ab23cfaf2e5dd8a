package org.milkid.data;

import java.nio.file.Path;
import java.util.Locale;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.util.BadInputException;

/**
 * Which bags a run uses, recorded in every model's provenance so that later commands
 * ({@code detect}) find the same test bags.
 *
 * @param dataset mnist-bags, colon, breast, images or features
 * @param mnist the MNIST-bags settings (mnist-bags only)
 * @param dataDir the data set's folder (colon, breast, images, features)
 * @param patchSize the patch size of {@code images} (27 or 32; the others fix it)
 * @param testFraction for the single-pool data sets: the share of bags held out as test bags
 * @param seed drives the test split of the single-pool data sets
 * @param skipEmpty leave out images that give no instance (with a warning) instead of refusing the data set
 * @param features how to read feature bags (features only; null: the defaults)
 */
public record DatasetSpec(String dataset, MnistBagsConfig mnist, Path dataDir, int patchSize, double testFraction,
        long seed, boolean skipEmpty, FeatureBagsConfig features) {

    /** The data set names milkid knows. */
    public static final String NAMES = "mnist-bags, colon, breast, images, features";

    public DatasetSpec {
        dataset = canonical(dataset);
        if (dataset.equals("mnist-bags") && mnist == null) {
            throw new BadInputException("mnist-bags needs its settings");
        }
        if (!dataset.equals("mnist-bags") && dataDir == null) {
            throw new BadInputException("--dataset " + dataset + " needs --data DIR (the data set's folder)");
        }
        if (dataset.equals("features") && features == null) {
            features = FeatureBagsConfig.defaults();
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new BadInputException("--test-fraction must be in (0,1), got " + testFraction);
        }
    }

    /** MNIST-bags with the given settings. */
    public static DatasetSpec mnist(MnistBagsConfig c) {
        return new DatasetSpec("mnist-bags", c, null, 28, 0.2, c.seed(), false, null);
    }

    /** Normalises a data set name; unknown names are refused with the list of valid ones. */
    public static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mnist", "mnist-bags" -> "mnist-bags";
            case "colon", "colon-cancer" -> "colon";
            case "breast", "breast-cancer" -> "breast";
            case "images", "image-grid" -> "images";
            case "features", "feature-bags" -> "features";
            default -> throw new BadInputException("unknown data set '" + name + "' (valid: " + NAMES + ")");
        };
    }
}
