package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.model.EncoderKind;
import org.milkid.model.MilModel;
import org.milkid.model.ModelConfig;
import org.milkid.model.ModelKind;

class FlopCountTest {

    private static long forward(FlopCount.Counts c, String layer) {
        return c.layers().stream().filter(l -> l.name().equals(layer)).findFirst().orElseThrow().forward();
    }

    @Test
    void lenetAttentionBagOf400MatchesHandArithmetic() {
        FlopCount.Counts c = FlopCount.of(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.LENET), 400);
        // conv1: 20 filters x 24x24 outputs x 1 channel x 5x5 kernel, per instance
        assertThat(forward(c, "conv1")).isEqualTo(400L * 20 * 24 * 24 * 25);
        assertThat(forward(c, "conv1")).isEqualTo(115_200_000L);
        // conv2 on the pooled 12x12 map: 50 x 8x8 x 20 x 5x5
        assertThat(forward(c, "conv2")).isEqualTo(640_000_000L);
        // flatten 50 x 4x4 = 800 -> 500
        assertThat(forward(c, "fc1")).isEqualTo(400L * 800 * 500);
        assertThat(forward(c, "attention_V")).isEqualTo(400L * 500 * 128);
        assertThat(forward(c, "attention_w")).isEqualTo(400L * 128);
        assertThat(forward(c, "classifier(h_k)")).isEqualTo(400L * 500);
        assertThat(forward(c, "classifier(z)")).isEqualTo(500L);

        long fwd = 115_200_000L + 640_000_000L + 160_000_000L + 25_600_000L + 51_200L + 200_000L + 500L;
        assertThat(c.forwardMacs()).isEqualTo(fwd).isEqualTo(941_051_700L);
        // every layer's input gradient but the per-instance classifier's (its output is off the loss path)
        assertThat(c.inputGradMacs()).isEqualTo(fwd - 200_000L);
        assertThat(c.weightGradMacs()).isEqualTo(fwd - 200_000L);
        // about 3.7 GFLOP per inversion iteration of a 400-instance bag
        assertThat(c.inversionFlops()).isEqualTo(2.0 * (941_051_700L + 940_851_700L)).isEqualTo(3_763_806_800.0);
        // training: no gradient to the pixels (conv1's input gradient), plus the weight gradients
        assertThat(c.trainingFlops()).isEqualTo(2.0 * (941_051_700L + 940_851_700L - 115_200_000L + 940_851_700L))
                .isEqualTo(5_415_110_200.0);
    }

    @Test
    void histologyGatedAttentionOneInstance() {
        FlopCount.Counts c = FlopCount.of(ModelConfig.of(ModelKind.GATED_ATTENTION, EncoderKind.HISTO27), 1);
        // 27x27x3: conv 4x4 -> 24x24x36, pool -> 12, conv 3x3 -> 10x10x48, pool -> 5, flatten 1200
        assertThat(forward(c, "conv1")).isEqualTo(36L * 24 * 24 * 3 * 16);
        assertThat(forward(c, "conv2")).isEqualTo(48L * 10 * 10 * 36 * 9);
        assertThat(forward(c, "fc1")).isEqualTo(1200L * 512);
        assertThat(forward(c, "fc2")).isEqualTo(512L * 512);
        assertThat(forward(c, "attention_V")).isEqualTo(512L * 128);
        assertThat(forward(c, "attention_U")).isEqualTo(512L * 128);
        assertThat(c.forwardMacs())
                .isEqualTo(995_328L + 1_555_200L + 614_400L + 262_144L + 2 * 65_536L + 128L + 512L + 512L);
    }

    @Test
    void histology32FlattensSixBySix() {
        FlopCount.Counts c = FlopCount.of(ModelConfig.of(ModelKind.ATTENTION, EncoderKind.HISTO32), 2);
        // 32 -> conv 4x4 -> 29 -> pool -> 14 -> conv 3x3 -> 12 -> pool -> 6: 48 x 6 x 6 = 1728 features
        assertThat(forward(c, "conv1")).isEqualTo(2L * 36 * 29 * 29 * 3 * 16);
        assertThat(forward(c, "conv2")).isEqualTo(2L * 48 * 12 * 12 * 36 * 9);
        assertThat(forward(c, "fc1")).isEqualTo(2L * 1728 * 512);
    }

    @Test
    void instanceModelsPutTheClassifierOnTheLossPath() {
        FlopCount.Counts c = FlopCount.of(ModelConfig.of(ModelKind.INST_MAX, EncoderKind.LENET), 10);
        FlopCount.Layer cls = c.layers().get(c.layers().size() - 1);
        assertThat(cls.name()).isEqualTo("classifier");
        assertThat(cls.forward()).isEqualTo(10L * 500);
        assertThat(cls.inputGrad()).isEqualTo(10L * 500);
        assertThat(c.inputGradMacs()).isEqualTo(c.forwardMacs());
        assertThatThrownBy(() -> FlopCount.of(ModelConfig.of(ModelKind.INST_MAX, EncoderKind.LENET), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void additiveRunsPsiOnScaledEmbeddingsAndOffTheLossPathOnEachInstance() {
        FlopCount.Counts c = FlopCount.of(ModelConfig.of(ModelKind.ADDITIVE, EncoderKind.LENET), 10);
        // psi: 500 -> 128 -> 128 -> 1 on every a_k h_k (loss path) and on every h_k (ALONE, off it)
        assertThat(forward(c, "attention_V")).isEqualTo(10L * 500 * 128);
        assertThat(forward(c, "psi1(m_k)")).isEqualTo(10L * 500 * 128);
        assertThat(forward(c, "psi2(m_k)")).isEqualTo(10L * 128 * 128);
        assertThat(forward(c, "psi3(m_k)")).isEqualTo(10L * 128);
        assertThat(forward(c, "psi1(h_k)")).isEqualTo(10L * 500 * 128);
        long offPath = 10L * (500 * 128 + 128 * 128 + 128);
        assertThat(c.inputGradMacs()).isEqualTo(c.forwardMacs() - offPath);
        assertThat(c.weightGradMacs()).isEqualTo(c.forwardMacs() - offPath);
        assertThat(c.layers()).noneMatch(l -> l.name().startsWith("classifier"));
    }

    @Test
    void weightCountsMatchTheRealBlock() {
        for (ModelKind kind : ModelKind.values()) {
            for (EncoderKind enc : EncoderKind.values()) {
                ModelConfig mc = enc.isFeatures() ? ModelConfig.features(kind, 40) : ModelConfig.of(kind, enc);
                List<Long> counted = new ArrayList<>();
                for (FlopCount.Layer l : FlopCount.of(mc, 1).layers()) {
                    if (!l.name().endsWith("(h_k)")) {
                        counted.add(l.weights());
                    }
                }
                List<Long> actual = new ArrayList<>();
                try (MilModel m = MilModel.create(mc, 1)) {
                    for (Pair<String, Parameter> p : m.block().getParameters()) {
                        if (p.getKey().endsWith("weight")) {
                            actual.add(p.getValue().getArray().getShape().size());
                        }
                    }
                }
                assertThat(counted).as(kind + " " + enc).containsExactlyInAnyOrderElementsOf(actual);
            }
        }
    }
}
