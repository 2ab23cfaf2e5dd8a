package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.detect.InversionConfig;
import org.milkid.detect.InversionDefaults;
import org.milkid.detect.KidMethod;
import org.milkid.detect.ThresholdForm;
import org.milkid.eval.KidScores;
import org.milkid.util.BadInputException;

/** {@code milkid detect}'s options resolved into a request, without the command line. */
class DetectRequestTest {
    private static final Path MODEL = Path.of("model");
    private static final Path OUT = Path.of("out");

    private static DetectRequest.Builder builder() {
        return DetectRequest.builder(MODEL, OUT);
    }

    @Test
    void theMethodIsNamedOrMilkidsDefaultOrThePapers() {
        List<String> notes = new ArrayList<>();
        DetectRequest d = builder().build(notes::add);
        assertThat(d.method()).isEqualTo(KidMethod.DEFAULT);
        assertThat(notes).containsExactly("method: Att-alone (milkid's default, chosen on a development split;"
                + " --paper for the paper's methods)");
        notes.clear();
        assertThat(builder().paper(true).build(notes::add).method()).isEqualTo(KidMethod.ATT_SPARSE);
        assertThat(notes).containsExactly("method: the paper's Att+sparse");
        notes.clear();
        assertThat(builder().method("fista").build(notes::add).method()).isEqualTo(KidMethod.ATT_SPARSE_FISTA);
        assertThat(builder().method("Att+inv").paper(true).build(notes::add).method()).isEqualTo(KidMethod.ATT_INV);
        assertThat(notes).isEmpty();
    }

    @Test
    void inversionOptionsAdjustTheMethodsSettings() {
        DetectRequest d = builder().method("sparse").iterations(7).eta(0.5f).thresholdForm("textbook")
                .lambdas(List.of(0.001f, 0.002f)).thresholds(List.of(0.3)).threshold(0.4).data(Path.of("d"))
                .tileSize(256).maxBags(5).mosaics(2).build();
        InversionConfig c = d.adjust().apply(KidMethod.ATT_SPARSE.inversion(InversionDefaults.MNIST));
        assertThat(c.iterations()).isEqualTo(7);
        assertThat(c.learningRate()).isEqualTo(0.5f);
        assertThat(c.threshold()).isEqualTo(ThresholdForm.TEXTBOOK);
        assertThat(d.lambdas()).containsExactly(0.001f, 0.002f);
        assertThat(d.thresholds()).containsExactly(0.3);
        assertThat(d.threshold()).isEqualTo(0.4);
        assertThat(d.dataDir()).isEqualTo(Path.of("d"));
        assertThat(d.tileSize()).isEqualTo(256);
        assertThat(d.maxBags()).isEqualTo(5);
        assertThat(d.mosaics()).isEqualTo(2);
        assertThat(d.model()).isEqualTo(MODEL);
        assertThat(d.out()).isEqualTo(OUT);

        DetectRequest plain = builder().method("sparse").build();
        InversionConfig paper = KidMethod.ATT_SPARSE.inversion(InversionDefaults.MNIST);
        assertThat(plain.adjust().apply(paper)).isEqualTo(paper);
        assertThat(plain.thresholds()).containsExactly(KidScores.PAPER_THRESHOLDS);
        assertThat(plain.lambdas()).isNull();
        assertThat(plain.threshold()).isNull();
        assertThat(plain.mosaics()).isEqualTo(10);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        refused(builder().method("nonsense"), "unknown method 'nonsense'");
        refused(builder().paper(true).method("alone"), "--paper: alone is not one of the paper's methods");
        refused(builder().paper(true).iterations(5), "--paper keeps the paper's settings");
        refused(builder().iterations(0), "--iterations must be at least 1");
        refused(builder().eta(-1f), "--eta must be a positive number");
        refused(builder().eta(Float.NaN), "--eta must be a positive number");
        refused(builder().thresholdForm("ista"), "--threshold-form must be paper or textbook, got ista");
        refused(builder().lambdas(List.of(-1f)), "--lambda");
        refused(builder().threshold(1.5), "--threshold: 1.5 is outside [0,1]");
        refused(builder().maxBags(-1), "--max-bags and --mosaics must not be negative");
        refused(builder().tileSize(-2), "--tile-size must be positive");
    }

    @Test
    void aRefusedRequestSaysNothingAboutItsMethod() {
        List<String> notes = new ArrayList<>();
        assertThatThrownBy(() -> builder().iterations(0).build(notes::add)).isInstanceOf(BadInputException.class);
        assertThat(notes).isEmpty();
    }

    private static void refused(DetectRequest.Builder b, String message) {
        assertThatThrownBy(b::build).isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }
}
