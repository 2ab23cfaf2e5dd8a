package org.milkid.app;

import java.nio.file.Path;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.util.BadInputException;

/**
 * The feature-bag options of {@code train} and {@code experiment} as given (null: not given):
 * {@code --labels}, {@code --positive-label} and {@code --tile-size}.
 *
 * @param labels the slide CSV
 * @param positiveLabel the label value of positive slides
 * @param tileSize the tile side in level-0 pixels
 */
public record FeatureFlags(Path labels, String positiveLabel, Integer tileSize) {
    /** No feature option given. */
    public static final FeatureFlags NONE = new FeatureFlags(null, null, null);

    /**
     * The settings for {@code dataset} (null for the other data sets); refuses feature options given
     * for another data set.
     */
    public FeatureBagsConfig config(String dataset) {
        boolean given = labels != null || positiveLabel != null || tileSize != null;
        if (!dataset.equals("features")) {
            if (given) {
                throw new BadInputException("--labels, --positive-label and --tile-size are for --dataset features");
            }
            return null;
        }
        if (tileSize != null && tileSize < 1) {
            throw new BadInputException("--tile-size must be positive, got " + tileSize);
        }
        return new FeatureBagsConfig(labels, positiveLabel, tileSize == null ? 0 : tileSize);
    }
}
