package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FeatureBenchTest {

    @Test
    void measuresEveryFigureOnSmallSlidesAndDescribesThem() throws IOException {
        JsonObject j = new FeatureBench(16, 60, 300, 1).run(m -> { });
        for (String key : new String[] {"h5ReadSecondsChunk32", "h5ReadSecondsChunk1", "trainStepMs",
            "trainStepMsLargest", "kidSeconds.attention", "kidSeconds.alone", "kidSeconds.occlusion",
            "kidSeconds.grad-x-input", "geojsonSeconds", "geojsonMiB", "heatmapSeconds"}) {
            assertThat(j.get(key).getAsDouble()).as(key).isPositive().isFinite();
        }
        double step = j.get("trainStepMs").getAsDouble();
        assertThat(j.get("epochSeconds100Slides").getAsDouble()).isCloseTo(step / 10, within(1e-9 * step));
        assertThat(FeatureBench.describe(j)).contains("60 x 16").contains("300-tile slide");
    }
}
