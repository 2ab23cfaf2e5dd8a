package org.milkid.data;

import java.io.IOException;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.bag.BagSource;
import org.milkid.bag.PooledBagSource;
import org.milkid.bag.Splits;
import org.milkid.data.breast.BreastCancerSource;
import org.milkid.data.colon.ColonCancerSource;
import org.milkid.data.features.FeatureBagSource;
import org.milkid.data.image.ImageGridSource;
import org.milkid.data.image.PatchGrid;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.detect.InversionDefaults;
import org.milkid.train.TrainConfig;
import org.milkid.util.BadInputException;
import org.milkid.util.Seeds;

/** Loads the bags a {@link DatasetSpec} names, with the data set's training and inversion defaults. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * Loaded bags.
     *
     * @param spec what was loaded
     * @param train bags to train on
     * @param test bags to test on
     * @param fingerprint a hash of the data
     * @param warnings what was left out or dropped while reading, one line each
     */
    public record Loaded(DatasetSpec spec, List<Bag> train, List<Bag> test, String fingerprint,
            List<String> warnings) {
    }

    /** Loads the bags; the single-pool data sets are split into train and test by the spec's seed. */
    public static Loaded load(DatasetSpec spec) throws IOException {
        BagSource source = switch (spec.dataset()) {
            case "mnist-bags" -> MnistBagSource.load(spec.mnist());
            case "colon" -> ColonCancerSource.load(spec.dataDir());
            case "breast" -> BreastCancerSource.load(spec.dataDir());
            case "images" -> ImageGridSource.load(spec.dataDir(), PatchGrid.Options.of(spec.patchSize()));
            case "features" -> FeatureBagSource.load(spec.dataDir(), spec.features());
            default -> throw new BadInputException("unknown data set " + spec.dataset());
        };
        List<String> warnings = checkEmpty(source, spec.skipEmpty());
        List<Bag> train = source.trainBags();
        List<Bag> test = source.testBags();
        if (test.isEmpty()) {
            Splits.Split s = Splits.holdOut(train, spec.testFraction(), Seeds.derive(spec.seed(), "test-split"));
            train = s.train();
            test = s.heldOut();
        }
        if (train.size() < 2) {
            throw new BadInputException(spec.dataset() + ": only " + train.size() + " training bags");
        }
        return new Loaded(spec, train, test, source.fingerprint(), warnings);
    }

    /**
     * An image that gives no instance would be an empty bag: refused, naming the image and why,
     * unless {@code skipEmpty}, which leaves such images out. Returns the source's warnings (what was
     * left out or dropped), for the caller to show.
     */
    public static List<String> checkEmpty(BagSource source, boolean skipEmpty) {
        if (!(source instanceof PooledBagSource pooled)) {
            return List.of();
        }
        List<String> empty = pooled.emptyImages();
        if (!empty.isEmpty() && !skipEmpty) {
            throw new BadInputException(empty.get(0) + ": an empty bag (no instance)"
                    + (empty.size() > 1 ? ", and " + (empty.size() - 1) + " more image(s) like it" : "")
                    + "; remove it from the data set, or pass --skip-empty to leave such images out");
        }
        return pooled.warnings();
    }

    /**
     * The paper's training settings for a data set (MNIST: lr 5e-4, wd 1e-4; histopathology: lr 1e-4,
     * wd 5e-4); feature bags take histopathology's without augmentation (flips of a feature vector mean nothing).
     */
    public static TrainConfig trainDefaults(String dataset, long seed) {
        return switch (DatasetSpec.canonical(dataset)) {
            case "mnist-bags" -> TrainConfig.paperMnist(seed);
            case "features" -> TrainConfig.paperHistology(seed).withAugment(false);
            default -> TrainConfig.paperHistology(seed);
        };
    }

    /** The paper's inversion settings for a data set. */
    public static InversionDefaults inversionDefaults(String dataset) {
        return InversionDefaults.forDataset(DatasetSpec.canonical(dataset));
    }
}
