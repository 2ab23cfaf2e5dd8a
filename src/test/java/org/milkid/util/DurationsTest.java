package org.milkid.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void theThreeFormsOfHandChosenDurations() {
        assertThat(Durations.compact(3725)).isEqualTo("1h02m");
        assertThat(Durations.compact(725.4)).isEqualTo("12m05s");
        assertThat(Durations.compact(41.6)).isEqualTo("42s");
        assertThat(Durations.spaced(3723)).isEqualTo("1h 02m 03s");
        assertThat(Durations.spaced(123)).isEqualTo("2m 03s");
        assertThat(Durations.spaced(3)).isEqualTo("3 s");
        assertThat(Durations.clock(7260)).isEqualTo("2h01m");
        assertThat(Durations.clock(123)).isEqualTo("2:03");
        assertThat(Durations.clock(5)).isEqualTo("0:05");
    }
}
