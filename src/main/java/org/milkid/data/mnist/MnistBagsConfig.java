package org.milkid.data.mnist;

import java.nio.file.Path;
import org.milkid.util.BadInputException;

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
            throw new BadInputException("--grid must be in 1..200, got " + grid);
        }
        if (targetDigit < 0 || targetDigit > 9) {
            throw new BadInputException("--target-digit must be a digit 0-9, got " + targetDigit);
        }
        if (trainBags < 2) {
            throw new BadInputException("--train-bags must be at least 2, got " + trainBags);
        }
        if (testBags < 0) {
            throw new BadInputException("--test-bags must not be negative, got " + testBags);
        }
    }

    public MnistBagsConfig withSeed(long s) {
        return new MnistBagsConfig(grid, targetDigit, trainBags, testBags, s, mnistDir);
    }
}
