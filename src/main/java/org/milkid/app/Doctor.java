package org.milkid.app;

import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.milkid.bench.Timings;
import org.milkid.model.Engines;
import org.milkid.model.Operation;
import org.milkid.model.Platform;
import org.milkid.model.SelfCheck;

/**
 * {@code milkid doctor}: says what this machine is (CPU, instruction sets, threads, Java, DJL,
 * libtorch as loaded, oneDNN's cap, milkid's commit), runs the numerics self-check of every
 * operation (also one that milkid does not use), checks that the float32 results of the operations
 * milkid uses repeat bit for bit in a second run, and measures the matrix-product rate. Never
 * stops on a wrong kernel: it reports it.
 */
public final class Doctor {
    /** Untimed matrix products before the timed ones. */
    static final int GEMM_WARMUP = 1;
    /** Timed matrix products; the rate is their median. */
    static final int GEMM_REPETITIONS = 3;

    private Doctor() {
    }

    /** Examines this machine with the self-check's operations and the doctor's extra one. */
    public static DoctorReport run() {
        return run(SelfCheck.doctorOperations());
    }

    /** Examines this machine with the given operations (a test injects a faulty kernel here). */
    public static DoctorReport run(List<Operation> operations) {
        Engines.start();
        SelfCheck.Result first = SelfCheck.run(operations, true);
        SelfCheck.Result second = SelfCheck.run(operations, true);
        boolean repeatable = true;
        for (int i = 0; i < first.checks().size(); i++) {
            SelfCheck.Check c = first.checks().get(i);
            repeatable &= !c.usedByMilkid() || c.float32Digest() == second.checks().get(i).float32Digest();
        }
        double gflops = Timings.gemmGflops(GEMM_WARMUP, GEMM_REPETITIONS, SelfCheck.SEED);
        String java = System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")";
        String userCap = System.getenv(Engines.ONEDNN_ISA);
        return new DoctorReport(Platform.current(), JniUtils.getNumInteropThreads(), java,
                userCap != null ? userCap : System.getenv("DNNL_MAX_CPU_ISA"), first, repeatable, gflops);
    }
}
