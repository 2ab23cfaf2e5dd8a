package org.milkid.cli;

import java.nio.file.Path;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.util.BadInputException;
import picocli.CommandLine.Option;

/** The options of feature bags ({@code --dataset features}) of train and experiment. */
final class FeatureOptions {
    @Option(names = "--labels", paramLabel = "FILE",
            description = "features: the slide CSV with the columns slide_id and label (default: DIR/slides.csv)")
    Path labels;

    @Option(names = "--positive-label", paramLabel = "NAME",
            description = "features: the label value of positive slides, e.g. tumor (default: 1, true, tumor or positive"
                    + " when the CSV has two label values)")
    String positiveLabel;

    @Option(names = "--tile-size", paramLabel = "PX",
            description = "features: the tile side in level-0 pixels (default: from the files' coords attributes, else "
                    + FeatureBagsConfig.DEFAULT_TILE_SIZE + ")")
    Integer tileSize;

    /** The settings for {@code dataset}; refuses feature options given for another data set. */
    FeatureBagsConfig config(String dataset) {
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
