package org.milkid.data.features;

import java.nio.file.Path;
import org.milkid.util.BadInputException;

/**
 * How to read a folder of feature bags (see {@link FeatureBagSource}).
 *
 * @param labels the slide CSV, or {@code null} for {@code DIR/slides.csv}
 * @param positiveLabel the label value that makes a slide positive, or {@code null} to infer it
 *     ({@link SlideTable})
 * @param tileSize the tile side in level-0 pixels, or 0 to take it from each file's attributes
 *     (256 when they do not say)
 */
public record FeatureBagsConfig(Path labels, String positiveLabel, int tileSize) {
    /** The tile side when neither the option nor the file says. */
    public static final int DEFAULT_TILE_SIZE = 256;

    public FeatureBagsConfig {
        if (tileSize < 0) {
            throw new BadInputException("--tile-size must be positive, got " + tileSize);
        }
        if (positiveLabel != null && positiveLabel.isBlank()) {
            throw new BadInputException("--positive-label must not be empty");
        }
    }

    /** Every default: DIR/slides.csv, the positive label inferred, tile sizes from the files. */
    public static FeatureBagsConfig defaults() {
        return new FeatureBagsConfig(null, null, 0);
    }
}
