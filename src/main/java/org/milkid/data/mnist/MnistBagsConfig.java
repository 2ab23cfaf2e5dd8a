package org.milkid.data.mnist;

import java.nio.file.Path;

/**
 * Settings of MNIST-bags (method-notes section 6): each bag a G x G grid of 28x28 digits, positive
 * iff it holds at least one {@code targetDigit}, classes balanced 50/50.
 *
 * @param grid G, the side of the grid (the paper: 20, so 400 instances a bag)
 * @param targetDigit the digit that makes a bag positive (the paper: 9)
 * @param trainBags the number of bags drawn from the train digits
 * @param testBags the number of bags drawn from the test digits
 * @param seed drives every draw
 * @param mnistDir a folder with the four official IDX files, or {@code null} for the bundled digits
 */
public record MnistBagsConfig(int grid, int targetDigit, int trainBags, int testBags, long seed, Path mnistDir) {

    public MnistBagsConfig {
        if (grid < 1 || grid > 200) {
            throw new IllegalArgumentException("--grid must be in 1..200, got " + grid);
        }
        if (targetDigit < 0 || targetDigit > 9) {
            throw new IllegalArgumentException("--target-digit must be a digit 0-9, got " + targetDigit);
        }
        if (trainBags < 2) {
            throw new IllegalArgumentException("--train-bags must be at least 2, got " + trainBags);
        }
        if (testBags < 0) {
            throw new IllegalArgumentException("--test-bags must not be negative, got " + testBags);
        }
    }

    /** The paper's data set: G = 20, digit 9, with the given numbers of bags and seed. */
    public static MnistBagsConfig paper(int trainBags, int testBags, long seed) {
        return new MnistBagsConfig(20, 9, trainBags, testBags, seed, null);
    }

    public MnistBagsConfig withGrid(int g) {
        return new MnistBagsConfig(g, targetDigit, trainBags, testBags, seed, mnistDir);
    }

    public MnistBagsConfig withSeed(long s) {
        return new MnistBagsConfig(grid, targetDigit, trainBags, testBags, s, mnistDir);
    }

    public MnistBagsConfig withBags(int train, int test) {
        return new MnistBagsConfig(grid, targetDigit, train, test, seed, mnistDir);
    }

    public MnistBagsConfig withMnistDir(Path dir) {
        return new MnistBagsConfig(grid, targetDigit, trainBags, testBags, seed, dir);
    }
}
