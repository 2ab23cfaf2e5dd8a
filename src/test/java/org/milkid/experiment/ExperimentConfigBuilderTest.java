package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.detect.KidMethod;
import org.milkid.util.BadInputException;

/** {@link ExperimentConfig.Builder}: the paper's protocol unless told otherwise, and copies that change one field. */
class ExperimentConfigBuilderTest {
    private static final Path DATA = Path.of("data");
    private static final Path OUT = Path.of("out");

    @Test
    void aBuilderStartsFromThePapersProtocol() {
        ExperimentConfig c = ExperimentConfig.builder("paper-colon", "colon").dataDir(DATA).out(OUT).build();
        assertThat(c).isEqualTo(ExperimentPresets.paperColon(DATA, OUT));
        assertThat(c.folds()).isEqualTo(10);
        assertThat(c.repeats()).isEqualTo(5);
        assertThat(c.epochs()).isEqualTo(100);
        assertThat(c.methods()).isEqualTo(ExperimentPresets.PAPER_METHODS);
        assertThat(ExperimentConfig.builder(null, "breast").dataDir(DATA).out(OUT).build().preset())
                .isEqualTo("custom");
    }

    @Test
    void toBuilderKeepsEverySettingButTheOnesChanged() {
        for (String p : List.of("paper-mnist", "paper-colon", "paper-breast", "quick-mnist", "kid-study", "features")) {
            for (ExperimentConfig c : ExperimentPresets.presetParts(p, DATA, OUT)) {
                assertThat(c.toBuilder().build()).isEqualTo(c);
            }
        }
        ExperimentConfig q = ExperimentPresets.quickMnist(OUT);
        ExperimentConfig changed = q.toBuilder().folds(3).seed(9).methods(List.of(KidMethod.ATT)).build();
        assertThat(changed.folds()).isEqualTo(3);
        assertThat(changed.seed()).isEqualTo(9);
        assertThat(changed.mnist().seed()).isEqualTo(9);
        assertThat(changed.methods()).containsExactly(KidMethod.ATT);
        assertThat(changed.withFolds(2).withSeed(1).withMethods(ExperimentPresets.PAPER_METHODS)).isEqualTo(q);
    }

    @Test
    void buildValidatesOnceAtTheEnd() {
        // 5 bags are too few for the preset's 10 folds, but fine for the 2 folds set with them
        MnistBagsConfig few = new MnistBagsConfig(20, 9, 5, 4, 1, null);
        assertThatThrownBy(() -> ExperimentPresets.paperMnist(OUT).withMnist(few))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--bags");
        ExperimentConfig c = ExperimentPresets.paperMnist(OUT).toBuilder().mnist(few).folds(2).build();
        assertThat(c.folds()).isEqualTo(2);
        assertThat(c.mnist().trainBags()).isEqualTo(5);
        assertThatThrownBy(() -> ExperimentPresets.quickMnist(OUT).toBuilder().repeats(0).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--repeats");
        assertThatThrownBy(() -> ExperimentConfig.builder("x", "colon").out(OUT).build())
                .isInstanceOf(BadInputException.class).hasMessageContaining("--data DIR");
    }
}
