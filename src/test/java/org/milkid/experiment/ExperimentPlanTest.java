package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

    private static ExperimentPlan plan(int runsToDo, double seconds) {
        return new ExperimentPlan(runsToDo, runsToDo, 100, 450, 50, 0, List.of("Att"), 0, 0, 0, 0, null, seconds);
    }

    @Test
    void wallTimeGoesInRoundsOfParallelRuns() {
        // paper-mnist: 50 runs of 100 s each
        ExperimentPlan p = plan(50, 5000);
        assertThat(p.wallSeconds(1)).isCloseTo(5000, within(1e-9));
        assertThat(p.wallSeconds(10)).isCloseTo(500, within(1e-9));
        assertThat(p.wallSeconds(50)).isCloseTo(100, within(1e-9));
        assertThat(p.wallSeconds(64)).isCloseTo(100, within(1e-9));
        // 7 at once: ceil(50 / 7) = 8 rounds
        assertThat(p.wallSeconds(7)).isCloseTo(800, within(1e-9));
        assertThat(plan(0, 0).wallSeconds(4)).isZero();
        assertThatThrownBy(() -> p.wallSeconds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
