package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine starts with oneDNN capped at AVX2 unless the user chose a cap. */
class EnginesTest {

    @Test
    void oneDnnIsCappedUnlessTheUserChose() {
        Engines.ensureReady();
        String user = System.getenv(Engines.ONEDNN_ISA);
        assertThat(Engines.isaCap()).isEqualTo(user != null ? user : Engines.DEFAULT_ISA);
    }
}
