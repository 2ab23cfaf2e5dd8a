package org.milkid.experiment;

import java.io.IOException;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.bag.BagSource;
import org.milkid.bag.Splits;
import org.milkid.data.Datasets;
import org.milkid.data.breast.BreastCancerSource;
import org.milkid.data.colon.ColonCancerSource;
import org.milkid.data.features.FeatureBagSource;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistDigits;
import org.milkid.util.BadInputException;
import org.milkid.util.Seeds;

/**
 * The bags of every repeat and fold of an experiment (paper section IV-A, k-fold cross-validation
 * repeated with different seeds).
 *
 * <p><b>MNIST-bags.</b> Every repeat draws a fresh data set with its own seed: a pool of bags from
 * the MNIST train digits and a pool of test bags from the MNIST test digits, never mixed (the paper
 * samples its train and test bags independently from the two MNIST parts). Both pools are split
 * into the same k folds (stratified by bag label); fold j trains on the train-digit bags outside
 * fold j and tests on the test-digit bags of fold j. So every test bag is tested exactly once per
 * repeat, by a model that never saw its digits.
 *
 * <p><b>COLON, BREAST and whole slides (feature bags).</b> One pool of bags (images, or slides),
 * split afresh into k folds (stratified by bag label) every repeat; fold j trains on the other
 * folds and tests on fold j.
 *
 * <p>In both cases the trainer holds out a part of the fold's training bags for early stopping.
 */
public final class CrossValidation {
    private final ExperimentConfig config;
    private final MnistDigits trainDigits;
    private final MnistDigits testDigits;
    private final List<Bag> pool;
    private final String fingerprint;
    private final List<String> warnings;

    private CrossValidation(ExperimentConfig config, MnistDigits trainDigits, MnistDigits testDigits, List<Bag> pool,
            String fingerprint, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        this.config = config;
        this.trainDigits = trainDigits;
        this.testDigits = testDigits;
        this.pool = pool;
        this.fingerprint = fingerprint;
    }

    /** Loads the data set of {@code config} once (the MNIST digits, or all histopathology or slide bags). */
    public static CrossValidation open(ExperimentConfig config) throws IOException {
        if (config.dataset().equals("mnist-bags")) {
            java.nio.file.Path dir = config.mnist().mnistDir() != null ? config.mnist().mnistDir()
                    : MnistDigits.bundledDir();
            MnistDigits train = MnistDigits.loadSplit(dir, true);
            MnistDigits test = MnistDigits.loadSplit(dir, false);
            MnistBagSource probe = new MnistBagSource(config.mnist(), train, test);
            return new CrossValidation(config, train, test, null, probe.fingerprint(), List.of());
        }
        BagSource source = switch (config.dataset()) {
            case "colon" -> ColonCancerSource.load(config.dataDir());
            case "breast" -> BreastCancerSource.load(config.dataDir());
            case "features" -> FeatureBagSource.load(config.dataDir(), config.features());
            default -> throw new BadInputException("unknown data set " + config.dataset());
        };
        List<String> warnings = Datasets.checkEmpty(source, config.skipEmpty());
        List<Bag> bags = source.trainBags();
        if (bags.size() < 2 * config.folds()) {
            throw new BadInputException(config.dataDir() + ": " + bags.size() + " bags are too few for "
                    + config.folds() + " folds");
        }
        long positives = bags.stream().filter(b -> b.label() == 1).count();
        if (positives == 0 || positives == bags.size()) {
            throw new BadInputException(config.dataDir() + ": all " + bags.size() + " bags are "
                    + (positives == 0 ? "negative" : "positive") + "; cross-validation needs both classes");
        }
        return new CrossValidation(config, null, null, List.copyOf(bags), source.fingerprint(), warnings);
    }

    /** What was left out or dropped while reading the data set, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /** A fingerprint of the data (digit files and generator settings, or the image files). */
    public String fingerprint() {
        return fingerprint;
    }

    /** The seed of repeat {@code r}, derived from the experiment's seed. */
    public static long repeatSeed(long seed, int r) {
        return Seeds.derive(seed, "repeat", r);
    }

    /** The seed that drives the training of fold {@code f} of a repeat (validation split, bag order, weights). */
    public static long foldSeed(long repeatSeed, int f) {
        return Seeds.derive(repeatSeed, "fold", f);
    }

    /** The bags of repeat {@code r}: drawn afresh for MNIST-bags, the same pool re-split otherwise. */
    public Repeat repeat(int r) {
        if (r < 0 || r >= config.repeats()) {
            throw new BadInputException("repeat " + r + " of " + config.repeats());
        }
        long seed = repeatSeed(config.seed(), r);
        if (pool != null) {
            int[] folds = Splits.foldAssignment(pool, config.folds(), Seeds.derive(seed, "folds"));
            return new Repeat(r, seed, pool, folds, List.of(), null, List.of(), fingerprint);
        }
        MnistBagSource source = new MnistBagSource(config.mnist().withSeed(seed), trainDigits, testDigits);
        List<Bag> train = source.trainBags();
        List<Bag> test = source.testBags();
        List<Bag> dev = config.devBags() > 0 ? source.developmentBags(config.devBags()) : List.of();
        return new Repeat(r, seed, train, Splits.foldAssignment(train, config.folds(), Seeds.derive(seed, "folds")),
                test, Splits.foldAssignment(test, config.folds(), Seeds.derive(seed, "test-folds")), dev,
                source.fingerprint());
    }

    /**
     * The bags of one repeat.
     *
     * @param index the repeat, from 0
     * @param seed its seed
     * @param pool the bags cross-validation splits (MNIST: the train-digit bags; otherwise all bags)
     * @param poolFolds the fold of every bag of {@code pool}
     * @param testPool MNIST-bags: the test-digit bags (empty otherwise)
     * @param testFolds MNIST-bags: the fold of every bag of {@code testPool} (null otherwise)
     * @param dev MNIST-bags: the development bags (train digits, another stream), or empty
     * @param fingerprint the data's fingerprint for this repeat
     */
    public record Repeat(int index, long seed, List<Bag> pool, int[] poolFolds, List<Bag> testPool, int[] testFolds,
            List<Bag> dev, String fingerprint) {

        /** The number of folds. */
        public int folds() {
            int k = 0;
            for (int f : poolFolds) {
                k = Math.max(k, f + 1);
            }
            return k;
        }

        /** Fold {@code f}: the bags its model trains on and the bags it is tested on. */
        public Fold fold(int f) {
            Splits.Split s = Splits.fold(pool, poolFolds, f);
            List<Bag> test = testFolds == null ? s.heldOut() : Splits.fold(testPool, testFolds, f).heldOut();
            return new Fold(index, f, s.train(), test);
        }

        /** Every bag a model of this repeat is trained or tested on (for the data statistics). */
        public List<Bag> allBags() {
            if (testPool.isEmpty()) {
                return pool;
            }
            List<Bag> all = new java.util.ArrayList<>(pool);
            all.addAll(testPool);
            return all;
        }
    }

    /**
     * One fold of one repeat.
     *
     * @param repeat the repeat
     * @param index the fold
     * @param train the bags to train on (the trainer holds out its validation part from these)
     * @param test the bags to test on
     */
    public record Fold(int repeat, int index, List<Bag> train, List<Bag> test) {
    }
}
