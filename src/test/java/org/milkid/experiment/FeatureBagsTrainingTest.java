package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.milkid.data.DatasetSpec;
import org.milkid.data.Datasets;
import org.milkid.data.features.FeatureBagsConfig;
import org.milkid.data.features.FeatureFixtures;
import org.milkid.detect.Detection;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * Attention MIL on planted feature bags (CLAM-style HDF5 files, half chunked (32, D), half (1, D)):
 * key tiles are shifted along one direction of the feature space. The feature model trains with
 * the histopathology settings to high bag accuracy, scoring each tile alone finds the keys, and the
 * sparse inversion of the feature vectors runs.
 */
class FeatureBagsTrainingTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void attentionOnFeatureBagsLearnsThePlantedDirectionAndFindsTheKeyTiles(long seed, @TempDir Path dir)
            throws IOException {
        Datasets.Loaded data = plantedCohort(dir, seed);
        assertThat(data.train()).hasSize(42);
        assertThat(data.test()).hasSize(18);
        TrainConfig tc = Datasets.trainDefaults("features", seed).withEpochs(40).withPatience(8);
        assertThat(tc.augment()).isFalse();
        try (TrainedModels.Trained t = TrainedModels.train(ModelKind.ATTENTION, data.train(), tc, Progress.NONE)) {
            assertThat(t.model().config().featureDim()).isEqualTo(64);
            List<Detection> ds = KidMethod.ATT_ALONE.detector(null, null).detect(t.model(), data.test());
            double[] bag = KidEvaluation.bagMetrics(ds);
            KidResult kid = KidEvaluation.evaluate(ds, KidScores.PAPER_THRESHOLDS);
            System.out.printf("feature bags, seed %d: bag accuracy %.3f, AUC %.3f, Att-alone KID F1 %.3f%n", seed,
                    bag[0], bag[1], kid.best().f1());
            assertThat(t.result().leftChance()).isTrue();
            assertThat(bag[1]).as("bag AUC").isGreaterThanOrEqualTo(0.9);
            assertThat(kid.best().f1()).as("Att-alone KID F1").isGreaterThanOrEqualTo(0.8);
            MethodRunner runner = new MethodRunner(InversionDefaults.forDataset("features"), null,
                    KidScores.PAPER_THRESHOLDS, c -> c.withIterations(20), Progress.NONE).withTraining(data.train());
            // self-training on the training bags' clean negatives finds the planted keys too
            MethodOutcome self = runner.run(KidMethod.ATT_SELFTRAIN, t.model(), data.test());
            System.out.printf("feature bags, seed %d: Att-selftrain KID F1 %.3f AP %.3f (Att-alone AP %.3f)%n", seed,
                    self.kid().best().f1(), self.kid().averagePrecision(), kid.averagePrecision());
            assertThat(self.kid().best().f1()).as("Att-selftrain KID F1").isGreaterThanOrEqualTo(0.8);
            assertThat(self.kid().averagePrecision()).as("Att-selftrain AP").isGreaterThanOrEqualTo(0.9);
            assertThat(self.bagAccuracy()).as("detectors never change the bag prediction").isEqualTo(bag[0]);
            MethodOutcome sparse = runner.run(KidMethod.ATT_SPARSE, t.model(), data.test());
            assertThat(sparse.kid()).as("the sparse inversion of feature vectors runs and is scored").isNotNull();
            assertThat(sparse.perLambda()).hasSize(6);
        }
    }

    /**
     * 60 planted slides (40 to 120 tiles of 64 features, key tiles shifted by 1.5), 30% held out as
     * test slides: the cohort of this test and of {@link AdditiveTrainingTest}.
     */
    static Datasets.Loaded plantedCohort(Path dir, long seed) throws IOException {
        FeatureFixtures.cohort(dir, 60, 40, 120, 64, 1.5f, seed);
        return Datasets.load(new DatasetSpec("features", null, dir, 0, 0.3, seed, false,
                new FeatureBagsConfig(null, "tumor", 0)));
    }
}
