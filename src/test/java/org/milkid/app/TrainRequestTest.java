package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.milkid.data.DatasetSpec;
import org.milkid.data.mnist.MnistBagsConfig;
import org.milkid.model.ModelKind;
import org.milkid.train.TrainConfig;
import org.milkid.util.BadInputException;

/** {@code milkid train}'s options merged over the data set's defaults, without the command line. */
class TrainRequestTest {
    private static final Path OUT = Path.of("model");
    private static final Path DATA = Path.of("data");

    @Test
    void theDataSetsDefaultsHoldWhereNoOptionIsGiven() {
        MnistBagsConfig m = new MnistBagsConfig(4, 9, 20, 10, 3, null);
        TrainRequest r = TrainRequest.builder(OUT).mnist(m).seed(3).build();
        assertThat(r.spec()).isEqualTo(DatasetSpec.mnist(m));
        assertThat(r.kind()).isEqualTo(ModelKind.ATTENTION);
        assertThat(r.train()).isEqualTo(TrainConfig.paperMnist(3).withEpochs(100).withPatience(0));
        assertThat(r.out()).isEqualTo(OUT);

        TrainRequest colon = TrainRequest.builder(OUT).dataset("colon").data(DATA).model("inst-max").build();
        TrainConfig histology = TrainConfig.paperHistology(1);
        assertThat(colon.train().learningRate()).isEqualTo(histology.learningRate());
        assertThat(colon.train().weightDecay()).isEqualTo(histology.weightDecay());
        assertThat(colon.train().augment()).isTrue();
        assertThat(colon.kind()).isEqualTo(ModelKind.INST_MAX);
        assertThat(colon.spec().dataDir()).isEqualTo(DATA);
        assertThat(colon.spec().testFraction()).isEqualTo(0.2);
    }

    @Test
    void flagsMergeOverTheDefaults() {
        TrainRequest r = TrainRequest.builder(OUT).dataset("features").data(DATA)
                .features(new FeatureFlags(Path.of("s.csv"), "tumor", 512)).testFraction(0.3).learningRate(1e-3f)
                .epochs(7).patience(2).warmup(3).restarts(0).restartAfter(4).seed(9).model("additive").build();
        TrainConfig t = r.train();
        assertThat(t.learningRate()).isEqualTo(1e-3f);
        // not given: the data set's weight decay; feature bags are not augmented
        assertThat(t.weightDecay()).isEqualTo(TrainConfig.paperHistology(9).weightDecay());
        assertThat(t.augment()).isFalse();
        assertThat(t.epochs()).isEqualTo(7);
        assertThat(t.patience()).isEqualTo(2);
        assertThat(t.warmupSteps()).isEqualTo(3);
        assertThat(t.restarts()).isZero();
        assertThat(t.restartAfter()).isEqualTo(4);
        assertThat(t.seed()).isEqualTo(9);
        assertThat(r.spec().seed()).isEqualTo(9);
        assertThat(r.spec().testFraction()).isEqualTo(0.3);
        assertThat(r.spec().features().positiveLabel()).isEqualTo("tumor");
        assertThat(r.spec().features().tileSize()).isEqualTo(512);
        assertThat(r.kind()).isEqualTo(ModelKind.ADDITIVE);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        refused(TrainRequest.builder(OUT).dataset("cifar"), "unknown data set 'cifar'");
        refused(TrainRequest.builder(OUT).dataset("colon"), "--dataset colon needs --data DIR");
        refused(TrainRequest.builder(OUT).dataset("colon").data(DATA).testFraction(1), "--test-fraction");
        refused(TrainRequest.builder(OUT).features(new FeatureFlags(null, "tumor", null)),
                "--labels, --positive-label and --tile-size are for --dataset features");
        refused(TrainRequest.builder(OUT).epochs(0), "--epochs must be at least 1");
        refused(TrainRequest.builder(OUT).learningRate(-1f), "--lr must be a positive number");
        refused(TrainRequest.builder(OUT).restartAfter(0), "--restart-after");
        refused(TrainRequest.builder(OUT).model("transformer"), "unknown model kind 'transformer'");
    }

    private static void refused(TrainRequest.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }
}
