package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.data.mnist.MnistBagsConfig;

/** The folds of the protocol: every bag in exactly one test fold per repeat; repeats differ; seeds reproduce. */
class CrossValidationTest {
    private static ExperimentConfig config(long seed) {
        return ExperimentPresets.quickMnist(Path.of("unused")).withMnist(new MnistBagsConfig(2, 9, 30, 12, 1, null))
                .withFolds(3).withRepeats(3).withSeed(seed).withDevBags(4);
    }

    @Test
    void everyBagIsTestedInExactlyOneFoldPerRepeat() throws IOException {
        CrossValidation cv = CrossValidation.open(config(5));
        for (int r = 0; r < 3; r++) {
            CrossValidation.Repeat rep = cv.repeat(r);
            assertThat(rep.pool()).hasSize(30);
            assertThat(rep.testPool()).hasSize(12);
            assertThat(rep.dev()).hasSize(4);
            List<String> tested = new ArrayList<>();
            Set<String> heldOutOfPool = new HashSet<>();
            for (int f = 0; f < 3; f++) {
                CrossValidation.Fold fold = rep.fold(f);
                fold.test().forEach(b -> tested.add(b.id()));
                // the fold trains on the pool without its own fold, tests on test-digit bags only
                assertThat(fold.train()).hasSize(30 - count(rep.poolFolds(), f));
                assertThat(fold.test()).allMatch(b -> b.id().startsWith("test-"));
                assertThat(fold.train()).allMatch(b -> b.id().startsWith("train-"));
                rep.pool().stream().filter(b -> !fold.train().contains(b)).forEach(b -> heldOutOfPool.add(b.id()));
                // folds are stratified: each holds both classes
                assertThat(fold.test().stream().map(Bag::label).distinct()).containsExactlyInAnyOrder(0, 1);
            }
            assertThat(tested).doesNotHaveDuplicates().hasSize(12)
                    .containsExactlyInAnyOrderElementsOf(rep.testPool().stream().map(Bag::id).toList());
            assertThat(heldOutOfPool).hasSize(30);
        }
    }

    @Test
    void repeatsDiffer() throws IOException {
        CrossValidation cv = CrossValidation.open(config(5));
        CrossValidation.Repeat a = cv.repeat(0);
        CrossValidation.Repeat b = cv.repeat(1);
        assertThat(a.seed()).isNotEqualTo(b.seed());
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(Arrays.equals(a.pool().get(0).pixels(), b.pool().get(0).pixels())
                && Arrays.equals(a.poolFolds(), b.poolFolds())).isFalse();
        assertThat(Arrays.equals(a.testFolds(), b.testFolds())
                && Arrays.equals(a.testPool().get(0).pixels(), b.testPool().get(0).pixels())).isFalse();
    }

    @Test
    void theSeedReproducesEveryRepeatAndAnotherSeedChangesThem() throws IOException {
        CrossValidation.Repeat a = CrossValidation.open(config(5)).repeat(2);
        CrossValidation.Repeat b = CrossValidation.open(config(5)).repeat(2);
        CrossValidation.Repeat c = CrossValidation.open(config(6)).repeat(2);
        assertThat(a.poolFolds()).containsExactly(b.poolFolds());
        assertThat(a.testFolds()).containsExactly(b.testFolds());
        for (int i = 0; i < a.pool().size(); i++) {
            assertThat(a.pool().get(i).pixels()).containsExactly(b.pool().get(i).pixels());
        }
        assertThat(a.dev().get(0).pixels()).containsExactly(b.dev().get(0).pixels());
        assertThat(Arrays.equals(a.pool().get(0).pixels(), c.pool().get(0).pixels())
                && Arrays.equals(a.poolFolds(), c.poolFolds())).isFalse();
        assertThat(CrossValidation.foldSeed(a.seed(), 0)).isNotEqualTo(CrossValidation.foldSeed(a.seed(), 1));
    }

    @Test
    void developmentBagsNeverRepeatTrainOrTestBags() throws IOException {
        CrossValidation.Repeat rep = CrossValidation.open(config(5)).repeat(0);
        Set<String> pixels = new HashSet<>();
        for (Bag b : rep.allBags()) {
            pixels.add(Arrays.toString(b.pixels()));
        }
        for (Bag d : rep.dev()) {
            assertThat(d.id()).startsWith("dev-");
            assertThat(pixels).doesNotContain(Arrays.toString(d.pixels()));
        }
    }

    @Test
    void configRefusesImpossibleSettings() {
        Path out = Path.of("unused");
        assertThatThrownBy(() -> ExperimentPresets.quickMnist(out).withFolds(1)).hasMessageContaining("--folds");
        assertThatThrownBy(() -> ExperimentPresets.quickMnist(out).withMnist(new MnistBagsConfig(2, 9, 3, 4, 1, null)))
                .hasMessageContaining("too small");
        assertThatThrownBy(() -> ExperimentPresets.paperColon(null, out)).hasMessageContaining("--data DIR");
        assertThatThrownBy(() -> ExperimentPresets.preset("paper-cifar", null, out)).hasMessageContaining("valid:");
        assertThatThrownBy(() -> ExperimentPresets.quickMnist(out).toBuilder().thresholds(List.of(1.5)).build())
                .hasMessageContaining("--thresholds");
        ExperimentConfig k = ExperimentPresets.kidStudy(out);
        // every method, Additive with a model of its own
        assertThat(k.methods()).containsExactly(org.milkid.detect.KidMethod.values());
        assertThat(k.modelKinds()).contains(org.milkid.model.ModelKind.ADDITIVE);
        assertThat(k.devBags()).isPositive();
        assertThat(ExperimentPresets.paperMnist(out).mnist().grid()).isEqualTo(20);
        assertThat(ExperimentPresets.paperMnist(out).folds()).isEqualTo(10);
        assertThat(ExperimentPresets.paperMnist(out).repeats()).isEqualTo(5);
        assertThat(ExperimentPresets.paperMnist(out).epochs()).isEqualTo(100);
        assertThat(ExperimentPresets.paperMnist(out).lambdas()).hasSize(6);
    }

    private static int count(int[] folds, int f) {
        int n = 0;
        for (int x : folds) {
            n += x == f ? 1 : 0;
        }
        return n;
    }
}
