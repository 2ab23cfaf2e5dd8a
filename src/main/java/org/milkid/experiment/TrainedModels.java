package org.milkid.experiment;

import java.util.List;
import org.milkid.bag.Augmentation;
import org.milkid.bag.Bag;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.EpochCheckpoint;
import org.milkid.train.MilTrainer;
import org.milkid.train.ProgressListener;
import org.milkid.train.TrainConfig;
import org.milkid.train.TrainResult;
import org.milkid.util.Progress;
import org.milkid.util.Seeds;

/** Creates and trains the model of a kind on bags: the one place the experiment stages train. */
public final class TrainedModels {
    private TrainedModels() {
    }

    /** A trained model and how its training went. */
    public record Trained(MilModel model, TrainResult result) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Trains a fresh model of {@code kind} on {@code train} (a validation part is held out).
     * The weights are initialised from a seed derived from {@code config.seed()} and the kind.
     */
    public static Trained train(ModelKind kind, List<Bag> train, TrainConfig config, Progress progress) {
        return train(kind, train, config, progress, EpochCheckpoint.NONE);
    }

    /**
     * {@link #train(ModelKind, List, TrainConfig, Progress)} keeping the training's state in
     * {@code checkpoint} after every epoch and going on from the state kept there.
     */
    public static Trained train(ModelKind kind, List<Bag> train, TrainConfig config, Progress progress,
            EpochCheckpoint checkpoint) {
        MilModel model = MilModel.create(ModelConfig.forBag(kind, train.get(0)),
                Seeds.derive(config.seed(), "init-" + kind.cliName()));
        try {
            MilTrainer trainer = new MilTrainer(config, new ProgressListener(progress, "train " + kind.label(),
                    config.epochs()), Augmentation::apply).withCheckpoint(checkpoint);
            return new Trained(model, trainer.fit(model, train));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
