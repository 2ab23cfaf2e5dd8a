package org.milkid.cli;

import java.nio.file.Path;
import org.milkid.data.mnist.MnistBagsConfig;
import picocli.CommandLine.Option;

/** The MNIST-bags options shared by demo, train and experiment. */
final class MnistOptions {
    @Option(names = "--grid", paramLabel = "G", description = "bag grid side: G x G digits a bag (default: ${DEFAULT-VALUE})")
    int grid;

    @Option(names = "--target-digit", defaultValue = "9", description = "the digit that makes a bag positive (default: ${DEFAULT-VALUE})")
    int targetDigit;

    @Option(names = "--train-bags", paramLabel = "N", description = "number of training bags (default: ${DEFAULT-VALUE})")
    int trainBags;

    @Option(names = "--test-bags", paramLabel = "N", description = "number of test bags (default: ${DEFAULT-VALUE})")
    int testBags;

    @Option(names = "--mnist-dir", paramLabel = "DIR",
            description = "folder with the official MNIST files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                    + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (default: the bundled 10,000 digits)")
    Path mnistDir;

    MnistOptions(int grid, int trainBags, int testBags) {
        this.grid = grid;
        this.trainBags = trainBags;
        this.testBags = testBags;
    }

    MnistBagsConfig config(long seed) {
        return new MnistBagsConfig(grid, targetDigit, trainBags, testBags, seed, mnistDir);
    }
}
