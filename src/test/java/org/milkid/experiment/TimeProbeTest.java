package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe's clock of training steps leaves the first, slow steps of a fresh process out. */
class TimeProbeTest {

    @Test
    void stepClockTimesFromStepToStepAndSkipsTheWarmUp() throws InterruptedException {
        TimeProbe.StepClock clock = new TimeProbe.StepClock();
        for (int i = 1; i <= 9; i++) {
            if (i <= 5) {
                Thread.sleep(60); // a slow warm-up step: at least 60 ms
            }
            clock.onStep(1, i, 9, 0.5);
        }
        // 5 of the 9 steps slept, so their median is at least 60 ms (sleeping is a lower bound) ...
        assertThat(clock.medianAfter(0)).isGreaterThanOrEqualTo(60);
        // ... and the 4 steps after them did nothing
        assertThat(clock.medianAfter(5)).isLessThan(60);
        // more skipped than timed: the last step alone
        assertThat(clock.medianAfter(100)).isLessThan(60);
    }
}
