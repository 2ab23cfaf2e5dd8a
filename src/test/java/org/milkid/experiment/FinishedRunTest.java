package org.milkid.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finished run travels as one JSON string (a Spark task's result) and comes back unchanged. */
class FinishedRunTest {

    private static FoldResult result() {
        FoldResult.Training t = new FoldResult.Training("Att", 3, 2, 0.41, 12.5, true, 7.25, 1, 3);
        FoldResult.Figures f = new FoldResult.Figures("Att", 0.75, 0.8125, null, Double.NaN, List.of(), 1.5,
                FoldResult.ON_TEST, Double.NaN, Double.NaN);
        return new FoldResult(1, 2, -4242424242424242L, 40, 10, 0, List.of(t), List.of(f), 20.125);
    }

    @Test
    void theCheckpointAndThePanelFilesComeBackUnchanged() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, 13, 10};
        FinishedRun run = new FinishedRun(result(), Map.of("bag-a.png", png, "index.json", "{}".getBytes()));
        FinishedRun back = FinishedRun.fromJson(run.toJson(), "test");
        assertThat(back.result()).isEqualTo(run.result());
        assertThat(back.id()).isEqualTo(new RunId(1, 2));
        assertThat(back.panels()).containsOnlyKeys("bag-a.png", "index.json");
        assertThat(back.panels().get("bag-a.png")).isEqualTo(png);
        // what the experiment writes from it is what a checkpoint written in this process holds
        assertThat(back.result().toJson()).isEqualTo(result().toJson());
    }

    @Test
    void aRunWithoutPanelsSaysSo() throws IOException {
        assertThat(FinishedRun.fromJson(new FinishedRun(result(), null).toJson(), "test").panels()).isNull();
    }

    @Test
    void damagedOrNewerStringsAreRefusedNamingTheirSource() {
        assertThatThrownBy(() -> FinishedRun.fromJson("{\"format\": 1, \"result\": {}", "task 3"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("task 3: ");
        assertThatThrownBy(() -> FinishedRun.fromJson("{\"format\": 2, \"result\": {}}", "task 3"))
                .isInstanceOf(IOException.class).hasMessageContaining("task 3");
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(new FinishedRun(result(), null).toJson())
                .getAsJsonObject();
        o.getAsJsonObject("result").addProperty("format", 9);
        assertThatThrownBy(() -> FinishedRun.fromJson(o.toString(), "task 3")).isInstanceOf(IOException.class)
                .hasMessageContaining("newer milkid");
    }

    @Test
    void runIdsNumberTheRunsRepeatMajor() {
        ExperimentConfig cfg = TinyExperiment.config(java.nio.file.Path.of("out")).withRepeats(3).withFolds(4);
        for (int i = 0; i < 12; i++) {
            RunId id = RunId.ofIndex(cfg, i);
            assertThat(id.index(cfg)).isEqualTo(i);
            assertThat(id.repeat()).isEqualTo(i / 4);
        }
        assertThat(RunId.ofIndex(cfg, 0).first()).isTrue();
        assertThatThrownBy(() -> RunId.ofIndex(cfg, 12)).isInstanceOf(IllegalArgumentException.class);
    }
}
