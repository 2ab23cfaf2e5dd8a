package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.util.BadInputException;

/**
 * {@code detect --spark}'s driver side without Spark: the bags dealt into groups, and a group's
 * detections through their JSON and back, every bit kept and every bag on its index.
 */
class BagGroupsTest {

    @Test
    void bagsAreDealtInTurnIntoAtMostOneGroupPerBag() {
        List<int[]> g = BagGroups.groups(10, 4);
        assertThat(g).hasSize(4);
        assertThat(g.get(0)).containsExactly(0, 4, 8);
        assertThat(g.get(1)).containsExactly(1, 5, 9);
        assertThat(g.get(2)).containsExactly(2, 6);
        assertThat(g.get(3)).containsExactly(3, 7);
        assertThat(BagGroups.groups(3, 8)).hasSize(3).allSatisfy(a -> assertThat(a).hasSize(1));
        assertThat(BagGroups.groups(0, 8)).isEmpty();
        assertThat(BagGroups.groups(5, 0)).hasSize(1);
        int[] all = BagGroups.groups(37, 8).stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).hasSize(37).startsWith(0).endsWith(36).doesNotHaveDuplicates();
    }

    @Test
    void detectionsGoThroughTheirJsonBitForBit() {
        List<Bag> bags = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bags.add(new Bag("bag," + i, 1, 1, 1, 2, new float[] {0.1f * i, 0.3f, 0.7f, 1f / 3}, new int[] {0, 1},
                    null));
        }
        int[] group = {2, 0};
        // two lists (two lambdas of a sweep): the second inverted with refined pixels and AOPC-R
        List<List<Detection>> found = List.of(
                List.of(new Detection(bags.get(2), 0.1f / 3, new float[] {0, 1}, new float[] {1, 0}, null),
                        new Detection(bags.get(0), 0.9f, new float[] {Float.MIN_VALUE, 1}, new float[] {0.5f, 1}, null)),
                List.of(new Detection(bags.get(2), 0.1f / 3, new float[] {0, 1}, new float[] {1, 0}, null),
                        new Detection(bags.get(0), 0.9f, new float[] {Float.MIN_VALUE, 1}, new float[] {0.25f, 1},
                                new float[] {1e-7f, 0.2f, 0.3f, 1f / 7}, 0.123456789012345)));
        Detection[][] into = new Detection[2][3];
        assertThat(DetectionsJson.decode(DetectionsJson.encode(group, found, true), bags, into)).isEqualTo(2);
        assertThat(into[0][1]).isNull();
        for (int l = 0; l < 2; l++) {
            for (int k = 0; k < 2; k++) {
                Detection want = found.get(l).get(k);
                Detection got = into[l][group[k]];
                assertThat(got.bag()).isSameAs(want.bag());
                assertThat(got.probability()).isEqualTo(want.probability());
                assertThat(got.before()).containsExactly(want.before());
                assertThat(got.after()).containsExactly(want.after());
                assertThat(got.refined()).isEqualTo(want.refined());
                assertThat(Double.doubleToLongBits(got.aopcR())).isEqualTo(Double.doubleToLongBits(want.aopcR()));
            }
        }
        // without the refined pixels when the plan does not ship them
        Detection[][] lean = new Detection[2][3];
        DetectionsJson.decode(DetectionsJson.encode(group, found, false), bags, lean);
        assertThat(lean[1][0].refined()).isNull();
        assertThat(lean[1][0].after()).containsExactly(0.25f, 1);
    }

    @Test
    void aTaskThatFoundOtherBagsIsCaught() {
        Bag a = new Bag("a", 1, 1, 1, 1, new float[] {0.5f}, null, null);
        Bag b = new Bag("b", 1, 1, 1, 1, new float[] {0.5f}, null, null);
        String json = DetectionsJson.encode(new int[] {0},
                List.of(List.of(new Detection(b, 0.6f, new float[] {1}, new float[] {1}, null))), false);
        assertThatThrownBy(() -> DetectionsJson.decode(json, List.of(a), new Detection[1][1]))
                .isInstanceOf(BadInputException.class).hasMessageContaining("'b'").hasMessageContaining("'a'");
    }
}
