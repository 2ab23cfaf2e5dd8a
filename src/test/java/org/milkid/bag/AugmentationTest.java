package org.milkid.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static float[] tenths(int... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i] / 10f;
        }
        return f;
    }

    @Test
    void theEightSymmetriesOfATwoByTwo() {
        float[] a = tenths(1, 2, 3, 4); // [[1, 2], [3, 4]]
        assertThat(Augmentation.transform(a, 1, 2, 0, false)).containsExactly(tenths(1, 2, 3, 4));
        assertThat(Augmentation.transform(a, 1, 2, 1, false)).containsExactly(tenths(2, 4, 1, 3));
        assertThat(Augmentation.transform(a, 1, 2, 2, false)).containsExactly(tenths(4, 3, 2, 1));
        assertThat(Augmentation.transform(a, 1, 2, 3, false)).containsExactly(tenths(3, 1, 4, 2));
        assertThat(Augmentation.transform(a, 1, 2, 0, true)).containsExactly(tenths(2, 1, 4, 3));
        assertThat(Augmentation.transform(a, 1, 2, 1, true)).containsExactly(tenths(1, 3, 2, 4));
        assertThat(Augmentation.transform(a, 1, 2, 2, true)).containsExactly(tenths(3, 4, 1, 2));
        assertThat(Augmentation.transform(a, 1, 2, 3, true)).containsExactly(tenths(4, 2, 3, 1));
    }

    @Test
    void theEightSymmetriesOfAThreeByThreeOnEveryChannel() {
        // channel 0 = [[1..9]] / 10, channel 1 = channel 0 + 0.05
        float[] a = new float[18];
        for (int i = 0; i < 9; i++) {
            a[i] = (i + 1) / 10f;
            a[9 + i] = a[i] + 0.05f;
        }
        int[][] expected = {
            {1, 2, 3, 4, 5, 6, 7, 8, 9}, // identity
            {3, 6, 9, 2, 5, 8, 1, 4, 7}, // 90 degrees counter-clockwise
            {9, 8, 7, 6, 5, 4, 3, 2, 1}, // 180 degrees
            {7, 4, 1, 8, 5, 2, 9, 6, 3}, // 90 degrees clockwise
            {3, 2, 1, 6, 5, 4, 9, 8, 7}, // mirror columns
            {1, 4, 7, 2, 5, 8, 3, 6, 9}, // mirror, then 90 ccw = transpose
            {7, 8, 9, 4, 5, 6, 1, 2, 3}, // mirror, then 180 = mirror rows
            {9, 6, 3, 8, 5, 2, 7, 4, 1}, // mirror, then 90 cw = anti-transpose
        };
        for (int t = 0; t < 8; t++) {
            float[] out = Augmentation.transform(a, 2, 3, t % 4, t >= 4);
            float[] want = new float[18];
            for (int i = 0; i < 9; i++) {
                want[i] = expected[t][i] / 10f;
                want[9 + i] = want[i] + 0.05f;
            }
            assertThat(out).as("transform %d", t).containsExactly(want);
        }
    }

    /** K instances [2, 4, 4]: instance k holds k / 100 everywhere but a bright pixel at (0, 1). */
    private static Bag markedBag(int k) {
        int n = 2 * 16;
        float[] p = new float[k * n];
        int[] labels = new int[k];
        int[] rows = new int[k];
        int[] cols = new int[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = i / 100f;
            }
            p[i * n + 1] = 1f;
            labels[i] = i == 3 ? 1 : 0;
            rows[i] = 10 * i;
            cols[i] = 7 * i;
        }
        return new Bag("b", 1, 2, 4, 4, p, labels, new InstanceLayout(rows, cols, 100, 100));
    }

    private static List<float[]> symmetries(float[] patch) {
        List<float[]> all = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            all.add(Augmentation.transform(patch, 2, 4, t % 4, t >= 4));
        }
        return all;
    }

    @Test
    void instancesStayAtTheirIndexWithLabelAndLayout() {
        Bag bag = markedBag(6);

        Bag out = Augmentation.apply(bag, new Random(7));

        assertThat(out.id()).isEqualTo("b");
        assertThat(out.label()).isEqualTo(1);
        assertThat(out.instanceLabels()).containsExactly(0, 0, 0, 1, 0, 0);
        assertThat(out.layout()).isEqualTo(bag.layout());
        for (int k = 0; k < bag.size(); k++) {
            float[] got = out.instance(k);
            assertThat(symmetries(bag.instance(k))).as("instance %d", k).anySatisfy(s -> assertThat(got).containsExactly(s));
            assertThat(got[2]).isIn(k / 100f, 1f); // still instance k's own values
        }
    }

    @Test
    void drawsOneRotationThenOneFlipPerInstanceInOrder() {
        Bag bag = markedBag(20);
        Random mirror = new Random(11);

        Bag out = Augmentation.apply(bag, 11L);

        for (int k = 0; k < bag.size(); k++) {
            int q = mirror.nextInt(4);
            boolean flip = mirror.nextBoolean();
            assertThat(out.instance(k)).containsExactly(Augmentation.transform(bag.instance(k), 2, 4, q, flip));
        }
    }

    @Test
    void reproducibleForASeedAndDifferentForAnother() {
        Bag bag = markedBag(40);

        assertThat(Augmentation.apply(bag, 5L).pixels()).containsExactly(Augmentation.apply(bag, 5L).pixels());
        assertThat(Augmentation.apply(bag, 5L).pixels()).isNotEqualTo(Augmentation.apply(bag, 6L).pixels());
    }

    @Test
    void bagsWithoutInstanceLabelsStayWithout() {
        Bag bag = new Bag("u", 0, 1, 2, 2, tenths(1, 2, 3, 4), null, null);

        assertThat(Augmentation.apply(bag, 1L).hasInstanceLabels()).isFalse();
    }

    @Test
    void nonSquareInstancesAreRefused() {
        Bag bag = new Bag("r", 0, 1, 2, 3, new float[6], null, null);

        assertThatThrownBy(() -> Augmentation.apply(bag, 1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("square");
    }
}
