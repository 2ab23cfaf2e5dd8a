package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code milkid bench}'s options into a request, without the command line. */
class BenchRequestTest {
    @Test
    void theSpeedBenchmarkByDefaultWithThePytorchReference() {
        BenchRequest r = BenchRequest.builder().build();
        assertThat(r.kind()).isEqualTo(BenchRequest.Kind.SPEED);
        assertThat(r.out()).isEqualTo(Path.of("bench.json"));
        assertThat(r.pytorch()).isTrue();
        assertThat(r.python()).isEqualTo(Path.of("/usr/bin/python3"));
        assertThat(r.bags()).isEqualTo(4);
    }

    @Test
    void eachMeasurementWritesItsOwnFileUnlessOutIsGiven() {
        assertThat(BenchRequest.builder().memory(true).build().out()).isEqualTo(Path.of("bench-memory.json"));
        assertThat(BenchRequest.builder().features(true).build().out()).isEqualTo(Path.of("bench-features.json"));
        BenchRequest f = BenchRequest.builder().fistaModel(Path.of("m")).data(Path.of("d")).bags(2).build();
        assertThat(f.kind()).isEqualTo(BenchRequest.Kind.FISTA);
        assertThat(f.out()).isEqualTo(Path.of("bench-fista.json"));
        assertThat(f.fistaModel()).isEqualTo(Path.of("m"));
        assertThat(f.data()).isEqualTo(Path.of("d"));
        assertThat(f.bags()).isEqualTo(2);
        assertThat(BenchRequest.builder().memory(true).out(Path.of("x.json")).build().out())
                .isEqualTo(Path.of("x.json"));
    }

    @Test
    void memoryComesFirstThenFeaturesThenFista() {
        assertThat(BenchRequest.builder().memory(true).features(true).fistaModel(Path.of("m")).build().kind())
                .isEqualTo(BenchRequest.Kind.MEMORY);
        assertThat(BenchRequest.builder().features(true).fistaModel(Path.of("m")).build().kind())
                .isEqualTo(BenchRequest.Kind.FEATURES);
        assertThat(BenchRequest.builder().pytorch(false).python(Path.of("/opt/py")).home(Path.of("/opt/milkid"))
                .build()).extracting(BenchRequest::pytorch, BenchRequest::python, BenchRequest::home)
                .containsExactly(false, Path.of("/opt/py"), Path.of("/opt/milkid"));
    }
}
