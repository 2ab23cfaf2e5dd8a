package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;

class DevelopmentThresholdTest {

    private static Bag bag(String id, int[] labels) {
        return Bag.features(id, labels == null ? 1 : java.util.Arrays.stream(labels).max().orElse(0), 1,
                new float[] {0f, 1f, 2f, 3f}, labels, null);
    }

    @Test
    void theThresholdWithTheBestDevelopmentF1IsChosen() {
        // keys 0 and 1 score 0.9 and 0.6, the negatives 0.3 and 0: every t in (0.3, 0.6] finds both keys alone
        Detection d = new Detection(bag("a", new int[] {1, 1, 0, 0}), 0.9f, new float[4],
                new float[] {0.9f, 0.6f, 0.3f, 0f}, null);
        DevelopmentThreshold t = DevelopmentThreshold.chooseFrom("Att-alone", List.of(d));
        assertThat(t.method()).isEqualTo("Att-alone");
        assertThat(t.f1()).isEqualTo(1.0);
        assertThat(t.threshold()).isGreaterThan(0.3).isLessThanOrEqualTo(0.6);
        assertThat(t.positiveBags()).isEqualTo(1);
        assertThat(t.keyInstances()).isEqualTo(2);
    }

    @Test
    void nothingIsChosenWhenNoKeyIsFoundAtAnyThresholdOrNoBagHasInstanceLabels() {
        // the model calls the positive bag negative: its instances count as predicted negative at every t
        Detection missed = new Detection(bag("a", new int[] {1, 0, 0, 0}), 0.2f, new float[4],
                new float[] {1f, 0.5f, 0.2f, 0f}, null);
        assertThat(DevelopmentThreshold.chooseFrom("Att-alone", List.of(missed))).isNull();
        Detection unlabelled = new Detection(bag("b", null), 0.9f, new float[4], new float[] {1f, 0.5f, 0.2f, 0f},
                null);
        assertThat(DevelopmentThreshold.chooseFrom("Att-alone", List.of(unlabelled))).isNull();
    }
}
