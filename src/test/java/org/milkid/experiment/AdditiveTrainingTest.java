package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.milkid.data.Datasets;
import org.milkid.detect.Detection;
import org.milkid.detect.KidEvaluation;
import org.milkid.detect.KidMethod;
import org.milkid.eval.KidResult;
import org.milkid.eval.KidScores;
import org.milkid.model.ModelKind;
import org.milkid.model.Prediction;
import org.milkid.train.TrainConfig;
import org.milkid.util.Progress;

/**
 * Additive MIL on the planted feature bags of {@link FeatureBagsTrainingTest} (key tiles shifted
 * along one direction of the feature space), trained by the same trainer with the data set's
 * settings: it reaches a high bag AUC, and its contributions, min-max normalised, find the key tiles.
 */
class AdditiveTrainingTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void additiveLearnsThePlantedDirectionAndItsContributionsFindTheKeyTiles(long seed, @TempDir Path dir)
            throws IOException {
        Datasets.Loaded data = FeatureBagsTrainingTest.plantedCohort(dir, seed);
        TrainConfig tc = Datasets.trainDefaults("features", seed).withEpochs(40).withPatience(8);
        try (TrainedModels.Trained t = TrainedModels.train(ModelKind.ADDITIVE, data.train(), tc, Progress.NONE)) {
            assertThat(t.model().config().kind()).isEqualTo(ModelKind.ADDITIVE);
            List<Detection> ds = KidMethod.ADDITIVE.detector(null, null).detect(t.model(), data.test());
            double[] bag = KidEvaluation.bagMetrics(ds);
            KidResult kid = KidEvaluation.evaluate(ds, KidScores.PAPER_THRESHOLDS);
            List<Detection> att = KidMethod.ATT.detector(null, null).detect(t.model(), data.test());
            double attF1 = KidEvaluation.evaluate(att, KidScores.PAPER_THRESHOLDS).best().f1();
            System.out.printf("Additive on feature bags, seed %d: bag accuracy %.3f, AUC %.3f, KID F1 %.3f"
                    + " (P %.3f, R %.3f), AP %.3f; its attention weights alone: F1 %.3f%n", seed, bag[0], bag[1],
                    kid.best().f1(), kid.best().precision(), kid.best().recall(), kid.averagePrecision(), attF1);
            assertThat(t.result().leftChance()).isTrue();
            assertThat(bag[1]).as("bag AUC").isGreaterThanOrEqualTo(0.9);
            assertThat(kid.best().f1()).as("Additive KID F1").isGreaterThanOrEqualTo(0.8);
            // the scores are the model's own contributions, which sum to its bag logit
            Prediction p = t.model().predict(data.test().get(0));
            double sum = 0;
            for (float c : p.raw()) {
                sum += c;
            }
            assertThat(sum).isCloseTo(p.logit(), org.assertj.core.api.Assertions.within(1e-4 * (1 + Math.abs(sum))));
        }
    }
}
