package org.milkid.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.milkid.model.ModelKind;
import org.milkid.util.BadInputException;

/** The registry of methods: each entry's spec gives every property the rest of milkid asks of a method. */
class KidMethodTest {
    @Test
    void namesAreUniqueAndParseBack() {
        Set<String> names = new HashSet<>();
        for (KidMethod m : KidMethod.values()) {
            assertThat(names.add(m.key())).as(m.key()).isTrue();
            assertThat(names.add(m.cliName())).as(m.cliName()).isTrue();
            assertThat(KidMethod.parse(m.cliName())).isEqualTo(m);
            assertThat(KidMethod.parse(" " + m.key() + " ")).isEqualTo(m);
        }
        assertThatThrownBy(() -> KidMethod.parse("nope")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown method 'nope'").hasMessageContaining("sparse-logit");
    }

    @Test
    void theInversionsSweepAndInvertAsTheirSpecsSay() {
        assertThat(Arrays.stream(KidMethod.values()).filter(KidMethod::sweepsLambda).toList()).containsExactly(
                KidMethod.ATT_SPARSE, KidMethod.ATT_SPARSE_TEXTBOOK, KidMethod.ATT_SPARSE_FISTA,
                KidMethod.ATT_SPARSE_LOGIT);
        InversionDefaults d = InversionDefaults.MNIST;
        assertThat(KidMethod.ATT_INV.inversion(d)).isEqualTo(InversionConfig.paperInversion());
        InversionConfig sparse = InversionConfig.paperSparse(d, d.lambdas()[0]);
        assertThat(KidMethod.ATT_SPARSE.inversion(d)).isEqualTo(sparse);
        assertThat(KidMethod.ATT_SPARSE_TEXTBOOK.inversion(d).threshold()).isEqualTo(ThresholdForm.TEXTBOOK);
        assertThat(KidMethod.ATT_SPARSE_FISTA.inversion(d).rule()).isEqualTo(UpdateRule.FISTA);
        InversionConfig logit = KidMethod.ATT_SPARSE_LOGIT.inversion(d);
        assertThat(logit.objective()).isEqualTo(Objective.LOGIT);
        assertThat(logit.learningRate()).isEqualTo(KidMethod.LOGIT_STEP);
        for (KidMethod m : KidMethod.values()) {
            boolean inverts = m.inversion(d) != null;
            assertThat(inverts).as(m.key()).isEqualTo(m == KidMethod.ATT_INV || m.sweepsLambda());
            if (inverts) {
                assertThat(m.detector(d)).as(m.key()).isInstanceOf(InversionDetector.class);
            }
        }
    }

    @Test
    void scoresDetectorsAndModelKinds() {
        assertThat(KidMethod.ATT_LOGITS.scoreKind()).isEqualTo(ScoreKind.LOGITS);
        assertThat(KidMethod.ATT_SPARSE_LOGIT.scoreKind()).isEqualTo(ScoreKind.LOGITS);
        assertThat(KidMethod.ATT_ALONE.scoreKind()).isEqualTo(ScoreKind.ALONE);
        assertThat(KidMethod.ADDITIVE.scoreKind()).isEqualTo(ScoreKind.CONTRIBUTIONS);
        assertThat(KidMethod.INST_MAX.scoreKind()).isEqualTo(ScoreKind.ATTENTION);
        assertThat(KidMethod.ATT_OCCLUSION.detector(InversionDefaults.MNIST)).isInstanceOf(OcclusionDetector.class);
        assertThat(KidMethod.ATT_GRAD_X_INPUT.detector(InversionDefaults.MNIST))
                .isInstanceOf(GradientInputDetector.class);
        assertThat(KidMethod.MILLI.detector(InversionDefaults.MNIST)).isInstanceOf(MilliDetector.class);
        assertThat(KidMethod.ATT_ALONE.detector(InversionDefaults.MNIST)).isInstanceOf(AttentionDetector.class);
        assertThat(KidMethod.ATT_SELFTRAIN.needsTrainingBags()).isTrue();
        assertThatThrownBy(() -> KidMethod.ATT_SELFTRAIN.detector(null, null, null))
                .hasMessageContaining("training bags");

        assertThat(EnumSet.allOf(ModelKind.class)).allMatch(KidMethod.MILLI::accepts);
        assertThat(EnumSet.allOf(ModelKind.class).stream().filter(KidMethod.ADDITIVE::accepts))
                .containsExactly(ModelKind.ADDITIVE);
        assertThat(EnumSet.allOf(ModelKind.class).stream().filter(KidMethod.ATT_SPARSE::accepts))
                .containsExactly(ModelKind.ATTENTION, ModelKind.GATED_ATTENTION);
        assertThat(KidMethod.defaultFor(ModelKind.GATED_ATTENTION)).isEqualTo(KidMethod.DEFAULT);
        assertThat(KidMethod.defaultFor(ModelKind.INST_MEAN)).isEqualTo(KidMethod.INST_MEAN);
        assertThat(KidMethod.defaultFor(ModelKind.ADDITIVE)).isEqualTo(KidMethod.ADDITIVE);
        assertThat(Arrays.stream(KidMethod.values()).filter(KidMethod::isPaper).toList()).containsExactly(
                KidMethod.ATT, KidMethod.ATT_INV, KidMethod.ATT_SPARSE, KidMethod.INST_MAX, KidMethod.INST_MEAN);
    }

    @Test
    void aNewMethodIsOneSpec() {
        MethodSpec plain = MethodSpec.builder("X", "x", ModelKind.INST_MAX, "scores").score(ScoreKind.LOGITS).build();
        assertThat(plain.detector()).isSameAs(MethodSpec.MODEL_SCORES);
        assertThat(plain.paper()).isFalse();
        assertThat(plain.accepts(ModelKind.INST_MAX)).isTrue();
        assertThat(plain.accepts(ModelKind.ATTENTION)).isFalse();
        MethodSpec inverts = MethodSpec.builder("Y", "y", ModelKind.ATTENTION, "inverts")
                .sparseInversion(c -> c.withIterations(7)).build();
        assertThat(inverts.detector()).isSameAs(MethodSpec.INVERSION);
        assertThat(inverts.sweepsLambda()).isTrue();
        assertThat(inverts.inversion().of(InversionDefaults.MNIST).iterations()).isEqualTo(7);
        KeyInstanceDetector det = inverts.detector().create(inverts, inverts.inversion().of(InversionDefaults.MNIST),
                null, null);
        assertThat(det.name()).isEqualTo("Y");
        assertThatThrownBy(() -> new MethodSpec("Z", "z", false, ModelKind.ATTENTION, false, ScoreKind.ATTENTION,
                null, true, false, MethodSpec.MODEL_SCORES, "z")).hasMessageContaining("inverts");
    }
}
