package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.milkid.platform.CpuInfo;
import org.milkid.util.Json;

/** What every results.json and model.json records about where its numbers came from. */
class PlatformTest {

    @Test
    void versionsAndMachineHoldEveryKeyWithAValue() {
        Map<String, String> v = Versions.all();
        assertThat(v).containsKeys("milkid", "commit", "djl", "libtorch", "java", "os", "cores");
        Map<String, String> m = Platform.current().machine();
        assertThat(m).containsKeys("model", "isa", "cores", "libtorchThreads", "onednnIsaCap");
        for (Map<String, String> map : java.util.List.of(v, m)) {
            map.forEach((k, val) -> {
                if (!k.equals("isa")) { // a CPU without vector extensions has none
                    assertThat(val).as(k).isNotBlank();
                }
            });
        }
        assertThat(v.get("libtorch")).isEqualTo(Engine.getEngine(Engines.ENGINE).getVersion());
        assertThat(m.get("model")).isEqualTo(CpuInfo.current().model());
        assertThat(m.get("onednnIsaCap")).isEqualTo(Engines.isaCap());
        assertThat(Integer.parseInt(m.get("libtorchThreads"))).isPositive();
    }

    @Test
    void provenanceRecordsTheMachineAsCpu() {
        Provenance p = new Provenance("test", "fp", 1, Map.of("x", 1), Versions.all(), "now");
        JsonObject j = Json.gson().toJsonTree(p).getAsJsonObject();
        assertThat(j.getAsJsonObject("cpu").get("model").getAsString()).isEqualTo(CpuInfo.current().model());
        assertThat(j.getAsJsonObject("versions").get("commit").getAsString()).isNotBlank();
        // a file written before the machine was recorded still reads
        JsonObject old = j.deepCopy();
        old.remove("cpu");
        Provenance q = Json.gson().fromJson(old, Provenance.class);
        assertThat(q.cpu()).isNull();
        assertThat(q.dataFingerprint()).isEqualTo("fp");
    }
}
