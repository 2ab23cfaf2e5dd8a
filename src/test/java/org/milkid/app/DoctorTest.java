package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.milkid.cli.Main;
import org.milkid.platform.CpuInfo;
import org.milkid.model.NumericsException;
import org.milkid.model.Operation;
import org.milkid.model.SelfCheck;
import picocli.CommandLine;

/** {@code milkid doctor}: its report here, a faulty kernel caught, and the command's output and exit code. */
class DoctorTest {

    @Test
    void thisMachinePassesAndTheReportNamesIt() {
        DoctorReport r = Doctor.run();
        String text = String.join("\n", r.lines());
        System.out.println(text);
        assertThat(r.passed()).isTrue();
        assertThat(r.check().checks()).hasSize(SelfCheck.doctorOperations().size());
        assertThat(r.check().checks().stream().filter(c -> c.usedByMilkid()).allMatch(SelfCheck.Check::passed))
                .isTrue();
        assertThat(r.check().checks().stream().filter(c -> !c.usedByMilkid()).map(SelfCheck.Check::operation))
                .singleElement().asString().contains("NCHW").contains("not used by milkid");
        assertThat(text).contains(CpuInfo.current().model()).contains("libtorch    " + r.platform().libtorch())
                .contains("ONEDNN_MAX_CPU_ISA=" + r.platform().isaCap()).contains("GFLOP/s").contains("trustworthy");
        for (Operation op : SelfCheck.doctorOperations()) {
            assertThat(text).contains(op.name());
        }
        assertThat(r.gemmGflops()).isPositive();
        assertThat(r.repeatable()).isTrue();
    }

    @Test
    void aFaultyKernelIsReportedByOperationAndCpu() {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : SelfCheck.milkidOperations()) {
            ops.add(op.name().startsWith("histology conv2 36->48 3x3 on 14x14")
                    ? op.withFloat32((x, p) -> op.float32().apply(x, p).mul(0.8f)) : op);
        }
        DoctorReport r = Doctor.run(ops);
        assertThat(r.passed()).isFalse();
        String last = r.lines().get(r.lines().size() - 1);
        assertThat(last).contains("histology conv2 36->48 3x3 on 14x14").contains(CpuInfo.current().model())
                .contains("remedy");
        assertThat(r.verdict()).startsWith("NOT trustworthy");
        assertThat(r.lines())
                .anyMatch(l -> l.startsWith("  FAIL") && l.contains("histology conv2 36->48 3x3 on 14x14"));
    }

    @Test
    void theCommandPrintsTheReportAndExitsZeroHere() {
        StringWriter out = new StringWriter();
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            code = Main.commandLine().execute("doctor");
        } finally {
            System.setOut(old);
        }
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("CPU         " + CpuInfo.current().model()).contains("self-check")
                .contains("LeNet conv1").contains("verdict     trustworthy");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aWrongKernelEndsTheCommandWithOneLineAndExitCodeOne() {
        for (boolean verbose : new boolean[] {false, true}) {
            CommandLine cl = Main.commandLine();
            cl.addSubcommand("wrong", new CommandLine(new Wrong()));
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err));
            int code = verbose ? cl.execute("--verbose", "wrong") : cl.execute("wrong");
            assertThat(code).isEqualTo(Main.FAILURE);
            String[] lines = err.toString().split("\n");
            assertThat(lines[0]).isEqualTo("milkid: numerics self-check failed: LeNet conv2 on a CPU; remedy: x");
            if (verbose) {
                assertThat(lines.length).isGreaterThan(1);
                assertThat(err.toString()).contains("at org.milkid");
            } else {
                assertThat(lines).hasSize(1);
            }
        }
    }

    @CommandLine.Command(name = "wrong")
    static final class Wrong implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new NumericsException("numerics self-check failed: LeNet conv2 on a CPU; remedy: x");
        }
    }
}
