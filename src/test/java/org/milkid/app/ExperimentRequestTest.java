package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.detect.KidMethod;
import org.milkid.experiment.ExperimentConfig;
import org.milkid.experiment.ExperimentPresets;
import org.milkid.util.BadInputException;

/** {@code milkid experiment}'s options merged over its presets, without the command line. */
class ExperimentRequestTest {
    private static final Path OUT = Path.of("out");
    private static final Path DATA = Path.of("data");

    @Test
    void noOptionRunsQuickMnistIntoItsOwnFolder() {
        ExperimentRequest r = ExperimentRequest.builder().build();
        assertThat(r.out()).isEqualTo(Path.of("milkid-quick-mnist"));
        assertThat(r.configs()).containsExactly(ExperimentPresets.quickMnist(r.out()));
        assertThat(r.isStudy()).isFalse();
        assertThat(r.dryRun()).isFalse();
        assertThat(r.spark()).isNull();
    }

    @Test
    void flagsMergeOverThePreset() {
        ExperimentRequest r = ExperimentRequest.builder().preset("paper-mnist").grid(3).bags(40).folds(4)
                .repeats(2).seed(7L).methods(List.of("attention", "Att-alone")).lambdas(List.of(0.001f))
                .thresholds(List.of(0.2, 0.4)).epochs(5).patience(2).inversionIterations(9).panels(1).resume(true)
                .out(OUT).build();
        ExperimentConfig c = r.configs().get(0);
        ExperimentConfig paper = ExperimentPresets.paperMnist(OUT);
        assertThat(c.preset()).isEqualTo("paper-mnist");
        assertThat(c.mnist().grid()).isEqualTo(3);
        assertThat(c.mnist().trainBags()).isEqualTo(40);
        // what no flag names stays the preset's
        assertThat(c.mnist().testBags()).isEqualTo(paper.mnist().testBags());
        assertThat(c.mnist().targetDigit()).isEqualTo(paper.mnist().targetDigit());
        assertThat(c.devBags()).isEqualTo(paper.devBags());
        assertThat(c.folds()).isEqualTo(4);
        assertThat(c.repeats()).isEqualTo(2);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.mnist().seed()).isEqualTo(7);
        assertThat(c.methods()).containsExactly(KidMethod.ATT, KidMethod.ATT_ALONE);
        assertThat(c.lambdas()).containsExactly(0.001f);
        assertThat(c.thresholds()).containsExactly(0.2, 0.4);
        assertThat(c.epochs()).isEqualTo(5);
        assertThat(c.patience()).isEqualTo(2);
        assertThat(c.inversionIterations()).isEqualTo(9);
        assertThat(c.panelBags()).isEqualTo(1);
        assertThat(c.resume()).isTrue();
        assertThat(c.out()).isEqualTo(OUT);
    }

    @Test
    void theKidStudyHasThreePartsUnlessAGridPicksOne() {
        ExperimentRequest study = ExperimentRequest.builder().preset("kid-study").epochs(3).out(OUT).build();
        assertThat(study.isStudy()).isTrue();
        assertThat(study.configs()).extracting(ExperimentConfig::out).containsExactly(OUT.resolve("grid-10"),
                OUT.resolve("digit-4"), OUT.resolve("grid-20"));
        assertThat(study.configs()).allMatch(c -> c.epochs() == 3);
        assertThat(study.configs().get(1).mnist().targetDigit()).isEqualTo(4);
        ExperimentRequest one = ExperimentRequest.builder().preset("kid-study").grid(20).out(OUT).build();
        assertThat(one.isStudy()).isFalse();
        assertThat(one.configs().get(0).out()).isEqualTo(OUT);
        assertThat(one.configs().get(0).mnist().grid()).isEqualTo(20);
        // the G = 20 part's own settings, not G = 10's at another grid
        assertThat(one.configs().get(0).mnist().trainBags()).isEqualTo(160);
        assertThat(one.configs().get(0).devBags()).isEqualTo(10);
        ExperimentConfig g12 = ExperimentRequest.builder().preset("kid-study").grid(12).out(OUT).build().configs().get(0);
        assertThat(g12.mnist().grid()).isEqualTo(12);
        assertThat(g12.mnist().trainBags()).isEqualTo(300);
        assertThat(g12.mnist().targetDigit()).isEqualTo(9);
        assertThat(g12.out()).isEqualTo(OUT);
    }

    @Test
    void theDatasetChoosesThePreset() {
        ExperimentRequest r = ExperimentRequest.builder().dataset("colon-cancer").data(DATA).build();
        assertThat(r.out()).isEqualTo(Path.of("milkid-paper-colon"));
        assertThat(r.configs().get(0)).isEqualTo(ExperimentPresets.paperColon(DATA, r.out()));
        ExperimentRequest f = ExperimentRequest.builder().dataset("features").data(DATA)
                .features(new FeatureFlags(null, "tumor", 256)).out(OUT).build();
        assertThat(f.configs().get(0).features().positiveLabel()).isEqualTo("tumor");
        assertThat(f.configs().get(0).features().tileSize()).isEqualTo(256);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        refused(ExperimentRequest.builder().preset("paper-cifar"), "unknown preset 'paper-cifar'");
        refused(ExperimentRequest.builder().preset("paper-mnist").dataset("colon"),
                "--preset paper-mnist runs on mnist-bags, not on --dataset colon");
        refused(ExperimentRequest.builder().preset("paper-colon"), "--data DIR");
        refused(ExperimentRequest.builder().data(DATA), "--data applies to the data sets colon, breast and features");
        refused(ExperimentRequest.builder().preset("paper-colon").data(DATA).grid(3),
                "--grid, --bags, --test-bags and --mnist-dir apply to MNIST-bags only");
        refused(ExperimentRequest.builder().methods(List.of("attention", "nonsense")), "unknown method 'nonsense'");
        refused(ExperimentRequest.builder().folds(1), "--folds");
        refused(ExperimentRequest.builder().thresholds(List.of(1.5)), "--thresholds: 1.5 is outside [0,1]");
        refused(ExperimentRequest.builder().features(new FeatureFlags(null, "tumor", null)),
                "--labels, --positive-label and --tile-size are for --dataset features");
        refused(ExperimentRequest.builder().dataset("features").data(DATA).features(new FeatureFlags(null, null, 0)),
                "--tile-size must be positive");
        refused(ExperimentRequest.builder().dryRun(true).spark("local[2]"), "--dry-run");
        refused(ExperimentRequest.builder().dataset("images"), "--dataset images");
    }

    private static void refused(ExperimentRequest.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }
}
