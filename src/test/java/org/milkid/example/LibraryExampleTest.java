package org.milkid.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.detect.Detection;

class LibraryExampleTest {
    @Test
    void theReadmeExampleRunsAndFindsKeyInstances() throws Exception {
        List<Detection> ds = LibraryExample.run(3, 200, 10, 6, 2);
        assertThat(ds).hasSize(10);
        int correct = 0;
        int hits = 0;
        int keys = 0;
        for (Detection d : ds) {
            correct += d.predictedLabel() == d.bag().label() ? 1 : 0;
            for (int k = 0; k < d.bag().size(); k++) {
                if (d.bag().instanceLabels()[k] == 1) {
                    keys++;
                    hits += d.isKey(k, 0.5) ? 1 : 0;
                }
            }
        }
        assertThat(correct).isGreaterThanOrEqualTo(8);
        assertThat((double) hits / keys).isGreaterThan(0.5);
    }
}
