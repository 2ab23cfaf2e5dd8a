package org.milkid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The PyTorch reference's bfloat16 figures as bench prints them. */
class PytorchReferenceTest {
    @Test
    void theBf16LineGivesBothTypesSpeedAndError() {
        JsonObject b = JsonParser.parseString("{\"variant\":\"conv4x4-nhwc\",\"float32\":{\"forwardMs\":20.0,"
                + "\"inversionMsPerIter\":40.0,\"gradientRelError\":1.5e-6,\"attentionMaxAbsError\":2e-8,"
                + "\"logitAbsError\":1e-6},\"bfloat16\":{\"forwardMs\":10.0,\"inversionMsPerIter\":25.5,"
                + "\"gradientRelError\":0.012,\"attentionMaxAbsError\":3e-4,\"logitAbsError\":0.01},"
                + "\"forwardSpeedup\":2.0,\"inversionSpeedup\":1.569}").getAsJsonObject();
        assertThat(PytorchReference.bf16Line(b)).contains("DJL 0.36 lacks the type")
                .contains("forward 10.0 ms (float32 20.0)").contains("inversion 25.5 ms/iteration (float32 40.0)")
                .contains("off by 1.2e-02 (float32 1.5e-06)").contains("attention by 3.0e-04 (float32 2.0e-08)");
    }

    @Test
    void aReferenceWithoutBf16KernelsSaysWhy() {
        JsonObject b = JsonParser.parseString("{\"variant\":\"linear-nchw\",\"error\":\"could not create a"
                + " primitive descriptor iterator\"}").getAsJsonObject();
        assertThat(PytorchReference.bf16Line(b))
                .isEqualTo("PyTorch bfloat16: not measured (could not create a primitive descriptor iterator)");
    }
}
