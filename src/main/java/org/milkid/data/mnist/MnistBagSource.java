package org.milkid.data.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.milkid.bag.Bag;
import org.milkid.bag.BagSource;
import org.milkid.bag.InstanceLayout;
import org.milkid.util.BadInputException;
import org.milkid.util.Seeds;

/**
 * MNIST-bags as method-notes section 6 defines it. A positive bag holds G*G digits drawn
 * uniformly (with replacement) from the pool, redrawn until it holds at least one target digit;
 * a negative bag holds digits drawn from the non-target digits only. Half the bags are positive
 * (the odd one of an odd count is negative), in a seeded random order. Train bags come from
 * the train digits, test bags from the test digits, never mixed.
 */
public final class MnistBagSource implements BagSource {
    /** Side of one MNIST digit. */
    public static final int SIDE = 28;
    private final MnistBagsConfig config;
    private final MnistDigits trainDigits;
    private final MnistDigits testDigits;

    public MnistBagSource(MnistBagsConfig config, MnistDigits trainDigits, MnistDigits testDigits) {
        this.config = config;
        this.trainDigits = trainDigits;
        this.testDigits = testDigits;
        requireTargets(trainDigits);
        requireTargets(testDigits);
    }

    /** Loads the digits from {@code config.mnistDir()}, or the bundled ones when it is null. */
    public static MnistBagSource load(MnistBagsConfig config) throws IOException {
        Path dir = config.mnistDir() != null ? config.mnistDir() : MnistDigits.bundledDir();
        return new MnistBagSource(config, MnistDigits.loadSplit(dir, true), MnistDigits.loadSplit(dir, false));
    }

    private void requireTargets(MnistDigits d) {
        boolean target = false;
        boolean other = false;
        for (int i = 0; i < d.size(); i++) {
            target |= d.label(i) == config.targetDigit();
            other |= d.label(i) != config.targetDigit();
        }
        if (!target || !other) {
            throw new BadInputException(d.origin() + ": needs digits both equal to and other than "
                    + config.targetDigit() + " to build bags");
        }
    }

    public MnistBagsConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "mnist-bags";
    }

    @Override
    public List<Bag> trainBags() {
        return draw(trainDigits, config.trainBags(), Seeds.derive(config.seed(), "mnist-train-bags"), "train");
    }

    @Override
    public List<Bag> testBags() {
        return draw(testDigits, config.testBags(), Seeds.derive(config.seed(), "mnist-test-bags"), "test");
    }

    /** Draws {@code n} more bags from the train digits with another stream (a development split). */
    public List<Bag> developmentBags(int n) {
        return draw(trainDigits, n, Seeds.derive(config.seed(), "mnist-dev-bags"), "dev");
    }

    @Override
    public String fingerprint() {
        return "mnist-bags(G=" + config.grid() + ",digit=" + config.targetDigit() + ",train=" + config.trainBags()
                + ",test=" + config.testBags() + ",seed=" + config.seed() + ")/train:" + trainDigits.fingerprint()
                .substring(0, 16) + "/test:" + testDigits.fingerprint().substring(0, 16);
    }

    private List<Bag> draw(MnistDigits digits, int n, long seed, String prefix) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] others = indices(digits, false);
        int positives = n / 2;
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add(i < positives ? 1 : 0);
        }
        Collections.shuffle(labels, new Random(rng.nextLong()));
        int k = config.grid() * config.grid();
        List<Bag> bags = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            int[] chosen = new int[k];
            if (labels.get(b) == 1) {
                boolean hasTarget;
                do {
                    hasTarget = false;
                    for (int i = 0; i < k; i++) {
                        chosen[i] = rng.nextInt(digits.size());
                        hasTarget |= digits.label(chosen[i]) == config.targetDigit();
                    }
                } while (!hasTarget);
            } else {
                for (int i = 0; i < k; i++) {
                    chosen[i] = others[rng.nextInt(others.length)];
                }
            }
            bags.add(assemble(digits, chosen, String.format("%s-%04d", prefix, b)));
        }
        return bags;
    }

    private Bag assemble(MnistDigits digits, int[] chosen, String id) {
        int n = SIDE * SIDE;
        float[] pixels = new float[chosen.length * n];
        int[] instanceLabels = new int[chosen.length];
        int label = 0;
        for (int i = 0; i < chosen.length; i++) {
            digits.copyPixels(chosen[i], pixels, i * n);
            instanceLabels[i] = digits.label(chosen[i]) == config.targetDigit() ? 1 : 0;
            label |= instanceLabels[i];
        }
        return new Bag(id, label, 1, SIDE, SIDE, pixels, instanceLabels,
                InstanceLayout.grid(chosen.length, SIDE, SIDE));
    }

    private int[] indices(MnistDigits digits, boolean target) {
        return java.util.stream.IntStream.range(0, digits.size())
                .filter(i -> (digits.label(i) == config.targetDigit()) == target).toArray();
    }
}
