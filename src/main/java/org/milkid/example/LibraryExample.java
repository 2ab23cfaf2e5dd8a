package org.milkid.example;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagSource;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.MilTrainer;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainListener;

/**
 * milkid as a library, the code the README shows: bags in, a model trained, key instances out.
 * The build compiles it and a test runs it.
 */
public final class LibraryExample {
    private LibraryExample() {
    }

    /** Trains an attention model on small MNIST-bags and returns the detections on the test bags. */
    public static List<Detection> run(int grid, int trainBags, int testBags, int epochs, long seed) throws IOException {
        MnistBagSource source = MnistBagSource.load(new MnistBagsConfig(grid, 9, trainBags, testBags, seed, null));
        List<Bag> train = source.trainBags();
        try (MilModel model = MilModel.create(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), seed)) {
            new MilTrainer(TrainConfig.paperMnist(seed).withEpochs(epochs), TrainListener.NONE).fit(model, train);
            return KidMethod.DEFAULT.detector(InversionDefaults.MNIST).detect(model, source.testBags());
        }
    }

    /** Prints the key instances of the positive test bags. Usage: LibraryExample [MODEL_DIR]. */
    public static void main(String[] args) throws IOException {
        for (Detection d : run(4, 200, 10, 5, 1)) {
            if (d.predictedLabel() == 1) {
                StringBuilder keys = new StringBuilder();
                for (int k = 0; k < d.bag().size(); k++) {
                    if (d.isKey(k, 0.5)) {
                        keys.append(k).append(' ');
                    }
                }
                System.out.println(d.bag().id() + ": P = " + d.probability() + ", key instances " + keys);
            }
        }
        if (args.length > 0) {
            try (MilModel loaded = MilModel.load(Path.of(args[0]))) {
                System.out.println("loaded " + loaded.config());
            }
        }
    }
}
