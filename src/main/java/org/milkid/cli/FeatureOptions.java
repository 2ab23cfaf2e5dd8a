package org.milkid.cli;

import java.nio.file.Path;
import org.milkid.app.FeatureFlags;
import org.milkid.data.features.FeatureBagsConfig;
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

    /** The options as given. */
    FeatureFlags flags() {
        return new FeatureFlags(labels, positiveLabel, tileSize);
    }
}
