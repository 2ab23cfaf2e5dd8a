package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat through long loops (issue 8), with a generous bound: `milkid bench
 * --memory` gives the README's figures. Here the resident memory outside the Java heap of shorter
 * loops on 100-instance bags must not grow by more than 25% from the middle to the end: 200
 * inversion iterations and 500 training steps, in which a leak of one bag's pixels per step would
 * add 60 and 150 MiB (30% and 60%), while libtorch's allocator holds within a few percent.
 */
@Tag("slow")
class MemoryCheckTest {
    @Test
    void residentMemoryStaysFlatThroughInversionAndTraining() {
        List<String> messages = new ArrayList<>();
        MemoryCheck.Figures f = MemoryCheck.run(100, 20, 50, 3, messages::add);
        System.out.println(f.describe());
        assertThat(messages).hasSize(2);
        assertThat(f.inversion()).extracting(MemoryCheck.Reading::at).containsExactly(20, 200, 400);
        assertThat(f.training()).extracting(MemoryCheck.Reading::at).containsExactly(50, 500, 1000);
        assertThat(f.inversion()).allSatisfy(r -> assertThat(r.rss()).isGreaterThan(50));
        assertThat(f.training()).allSatisfy(r -> assertThat(r.outsideHeap()).isGreaterThan(50).isLessThan(r.rss()));
        assertThat(f.inversionLateGrowth()).isLessThan(0.25);
        assertThat(f.trainLateGrowth()).isLessThan(0.25);
        assertThat(MemoryCheck.toJson(f).has("inversionGrowth")).isTrue();
    }
}
