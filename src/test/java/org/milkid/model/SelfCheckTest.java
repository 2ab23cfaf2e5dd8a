package org.milkid.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.milkid.platform.CpuInfo;

/**
 * The numerics self-check passes milkid's kernels on this machine, and catches a faulty kernel
 * (wrong forward, wrong gradient only, NaN) with one line naming the operation, the CPU and the
 * remedy.
 */
class SelfCheckTest {

    @Test
    void milkidsKernelsAgreeWithFloat64AtEngineStart() {
        Engines.ensureReady();
        SelfCheck.Result r = Engines.selfCheck();
        assertThat(r).isNotNull();
        assertThat(r.checks()).hasSameSizeAs(SelfCheck.milkidOperations());
        for (SelfCheck.Check c : r.checks()) {
            System.out.printf("%-75s forward %s, input gradient %s, weight gradients %s%n", c.operation(),
                    SelfCheck.format(c.forwardError()), SelfCheck.format(c.inputGradientError()),
                    SelfCheck.format(c.weightGradientError()));
            assertThat(c.passed()).as(c.operation()).isTrue();
            assertThat(c.failedPart()).isNull();
            assertThat(c.usedByMilkid()).isTrue();
        }
        assertThat(r.passed()).isTrue();
        assertThat(r.cpu()).isEqualTo(CpuInfo.current().model());
        System.out.println("self-check at engine start: " + r.millis() + " ms");
    }

    @Test
    void aWrongForwardIsCaughtWithOneLineNamingOperationCpuAndRemedy() {
        Engines.start();
        SelfCheck.Result r = SelfCheck.run(inject("LeNet conv2", (k, x, p) -> k.apply(x, p).mul(1.1f)));
        assertThat(r.passed()).isFalse();
        SelfCheck.Check bad = r.firstFailure().orElseThrow();
        assertThat(bad.operation()).startsWith("LeNet conv2 20->50");
        assertThat(bad.forwardError()).isBetween(0.05, 0.15);
        assertThat(bad.failedPart()).isEqualTo("forward");
        assertThat(bad.failedError()).isEqualTo(bad.forwardError());
        assertThatThrownBy(r::requirePass).isInstanceOf(NumericsException.class)
                .hasMessageContaining("LeNet conv2 20->50")
                .hasMessageContaining(CpuInfo.current().model())
                .hasMessageContaining(Engines.ONEDNN_ISA)
                .hasMessageNotContaining("\n");
        // every other operation of milkid still passes
        assertThat(r.checks().stream().filter(c -> !c.passed())).containsExactly(bad);
    }

    @Test
    void aWrongInputGradientAloneIsCaught() {
        Engines.start();
        // the forward is exact; the gradient to the input is 1.3 times too large
        SelfCheck.Result r = SelfCheck.run(inject("LeNet conv1",
                (k, x, p) -> k.apply(x.add(x.sub(x.stopGradient()).mul(0.3f)), p)));
        SelfCheck.Check bad = r.firstFailure().orElseThrow();
        assertThat(bad.operation()).startsWith("LeNet conv1");
        assertThat(bad.forwardError()).isLessThan(SelfCheck.TOLERANCE);
        assertThat(bad.inputGradientError()).isBetween(0.2, 0.4);
        assertThat(bad.failedPart()).isEqualTo("gradient to the input");
        assertThat(r.failureLine(bad)).contains("gradient to the input");
    }

    @Test
    void roundingNoiseOnAGradientThatIsZeroInExactArithmeticPasses() {
        Engines.start();
        // the softmax cancels the attention logits' bias: its exact gradient is zero, and float32
        // leaves rounding noise there (seen with ATEN_CPU_CAPABILITY=avx2 or MKL_CBWR on AMD Zen 5);
        // judged against the op's largest weight gradient, noise of 1e-7 passes
        Operation att = SelfCheck.milkidOperations().stream().filter(o -> o.name().startsWith("attention pooling"))
                .findFirst().orElseThrow();
        Operation noisy = new Operation(att.name(), true, att.input(), att.parameters(),
                (x, p) -> att.float32().apply(x, p).add(p.get(5).mul(1e-7f)),
                (x, p) -> att.float64().apply(x, p).add(p.get(5).mul(1e-16)));
        SelfCheck.Result r = SelfCheck.run(List.of(noisy));
        assertThat(r.firstFailure()).isEmpty();
        assertThat(r.checks().get(0).weightGradientError()).isLessThan(1e-5);
    }

    @Test
    void aWrongWeightGradientIsCaught() {
        Engines.start();
        // the forward is exact; the gradient to the first weight is 1.3 times too large
        SelfCheck.Result r = SelfCheck.run(inject("attention pooling", (k, x, p) -> {
            ai.djl.ndarray.NDList q = new ai.djl.ndarray.NDList(p);
            q.set(0, p.get(0).add(p.get(0).sub(p.get(0).stopGradient()).mul(0.3f)));
            return k.apply(x, q);
        }));
        SelfCheck.Check bad = r.firstFailure().orElseThrow();
        assertThat(bad.operation()).startsWith("attention pooling");
        assertThat(bad.forwardError()).isLessThan(SelfCheck.TOLERANCE);
        assertThat(bad.failedPart()).contains("weights");
    }

    @Test
    void nanIsCaught() {
        Engines.start();
        SelfCheck.Result r = SelfCheck.run(inject("linear 800->64",
                (k, x, p) -> k.apply(x, p).add(x.sum().mul(Float.NaN))));
        SelfCheck.Check bad = r.firstFailure().orElseThrow();
        assertThat(bad.operation()).startsWith("linear 800->64");
        assertThat(bad.maxError()).isNaN();
        assertThat(r.failureLine(bad)).contains("NaN");
    }

    @Test
    void aFailureOfAKernelMilkidDoesNotUseNeverStopsMilkid() {
        Engines.start();
        List<Operation> ops = new ArrayList<>();
        Operation nchw = SelfCheck.conv("NCHW conv (not used by milkid)", 2, 20, 50, 5, 12, false);
        ops.add(nchw.withFloat32((x, p) -> nchw.float32().apply(x, p).mul(2f)));
        SelfCheck.Result r = SelfCheck.run(ops);
        assertThat(r.checks().get(0).passed()).isFalse();
        assertThat(r.checks().get(0).failedPart()).isEqualTo("forward");
        assertThat(r.passed()).isTrue();
        r.requirePass();
    }

    @Test
    void theRemedyDependsOnTheCapInEffect() {
        assertThat(SelfCheck.remedy("AVX512_CORE")).contains("unset ONEDNN_MAX_CPU_ISA").contains("AVX2");
        assertThat(SelfCheck.remedy("none")).contains("unset ONEDNN_MAX_CPU_ISA").contains("AVX2");
        assertThat(SelfCheck.remedy("AVX2")).contains("ONEDNN_MAX_CPU_ISA=AVX").contains("SSE41")
                .contains("report a bug");
    }

    @Test
    void theFloat64ConvolutionReferenceIsTheTextbookOne() {
        Engines.start();
        // a 1x1-channel 2x2 kernel on a 3x3 image, by hand
        try (var m = ai.djl.ndarray.NDManager.newBaseManager(Engines.ENGINE)) {
            NDArray x = m.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new ai.djl.ndarray.types.Shape(1, 1, 3, 3));
            NDArray w = m.create(new double[] {1, 10, 100, 1000}, new ai.djl.ndarray.types.Shape(1, 1, 2, 2));
            NDArray b = m.create(new double[] {0.5});
            double[] y = SelfCheck.unfoldedProduct(x, new ai.djl.ndarray.NDList(w, b)).toDoubleArray();
            assertThat(y).containsExactly(1 + 20 + 400 + 5000 + 0.5, 2 + 30 + 500 + 6000 + 0.5,
                    4 + 50 + 700 + 8000 + 0.5, 5 + 60 + 800 + 9000 + 0.5);
        }
    }

    @Test
    void relativeErrorIsNaNForNonFiniteOrMismatchedResults() {
        Engines.start();
        try (var m = ai.djl.ndarray.NDManager.newBaseManager(Engines.ENGINE)) {
            NDArray ref = m.create(new double[] {1, 2});
            assertThat(SelfCheck.relativeError(m.create(new float[] {1, 2}), ref)).isZero();
            assertThat(SelfCheck.relativeError(m.create(new float[] {1, 2.2f}), ref)).isCloseTo(0.1,
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(SelfCheck.relativeError(m.create(new float[] {Float.NaN, 2}), ref)).isNaN();
            assertThat(SelfCheck.relativeError(m.create(new float[] {Float.POSITIVE_INFINITY, 2}), ref)).isNaN();
            assertThat(SelfCheck.relativeError(m.create(new float[] {1}), ref)).isNaN();
        }
    }

    /** A faulty float32 side built from the right one. */
    interface Fault {
        NDArray apply(Operation.Kernel right, NDArray x, ai.djl.ndarray.NDList p);
    }

    /** milkid's operations with the float32 side of the one whose name starts with {@code prefix} made faulty. */
    static List<Operation> inject(String prefix, Fault fault) {
        List<Operation> ops = new ArrayList<>();
        boolean found = false;
        for (Operation op : SelfCheck.milkidOperations()) {
            if (!found && op.name().startsWith(prefix)) {
                found = true;
                Operation.Kernel right = op.float32();
                ops.add(op.withFloat32((x, p) -> fault.apply(right, x, p)));
            } else {
                ops.add(op);
            }
        }
        assertThat(found).as("an operation named " + prefix).isTrue();
        return ops;
    }
}
