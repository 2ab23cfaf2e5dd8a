package org.milkid.model;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.milkid.platform.CpuInfo;
import org.milkid.util.BadInputException;

/**
 * Starts DJL's PyTorch engine offline: libtorch comes from the native jar on the class path,
 * nothing is downloaded at run time.
 *
 * <p>Before libtorch loads, oneDNN's instruction set is capped at AVX2
 * ({@code ONEDNN_MAX_CPU_ISA=AVX2}) unless the user set that variable. Measured on an AMD EPYC
 * (Zen 5, AVX-512): libtorch 2.7.1's oneDNN AVX-512 float32 convolution kernels give wrong
 * results there, off by 10-100% and sometimes NaN. On milkid's path, layer by layer
 * ({@link SelfCheck}): the channels-last gradient of LeNet's first convolution (1 -> 20) to the
 * pixels, off by 14%, which inversion uses directly; with AVX2 kernels every layer agrees with
 * float64 to 2e-6. (The NCHW forward convolution 20 -> 50, which milkid does not use, is wrong
 * under AVX2 and AVX too and right only under SSE41.) The cap also makes machines of both
 * vendors run the same kernels.
 *
 * <p>Right after the engine starts, {@link #ensureReady} runs the numerics self-check
 * ({@link SelfCheck}, once per process) and stops with a
 * {@link org.milkid.model.NumericsException} when a kernel that milkid uses is wrong.
 *
 * <p>{@link #useReproducibleKernels} (the CLI's {@code --reproducible}) also pins the kernels
 * that differ between CPU types and thread counts, so that CPUs of other types with AVX2 run the
 * same kernels; see {@link #REPRODUCIBLE_ENV}. (Measured bit-identical here under every emulated
 * instruction set; a real CPU of another type, with other cache sizes, is untested.)
 */
public final class Engines {
    /** The engine milkid runs on. */
    public static final String ENGINE = "PyTorch";
    /** oneDNN's switch for the highest instruction set it may use. */
    public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";
    /** The instruction-set cap milkid applies when the user has not chosen one. */
    public static final String DEFAULT_ISA = "AVX2";

    /** The system property of libtorch's intra-op thread count, read once at engine start. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** The system property of libtorch's inter-op thread count, read once at engine start. */
    public static final String INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /**
     * The native environment of {@link #useReproducibleKernels}: oneDNN's convolutions capped at
     * AVX2 (as by default), ATen's own vectorised kernels (softmax, reductions) at AVX2 instead
     * of the widest the CPU offers, and MKL's matrix products (the linear layers) in its
     * conditional-numerical-reproducibility mode {@code COMPATIBLE}, the only one MKL honours on
     * non-Intel CPUs (on AMD, {@code MKL_CBWR=AVX2} falls back to {@code AUTO}). Measured on an AMD Zen 5 with each
     * switch emulating a smaller CPU: see the README's "Reproducible across machines".
     */
    public static final Map<String, String> REPRODUCIBLE_ENV = reproducibleEnv();

    private static boolean started;
    private static SelfCheck.Result selfCheck;
    private static boolean reproducible;

    private Engines() {
    }

    /**
     * Makes sure the engine is offline and started and that its kernels passed the numerics
     * self-check; cheap after the first call.
     *
     * @throws org.milkid.model.NumericsException when a kernel that milkid uses computes wrong
     *     numbers on this machine (every call throws it again)
     */
    public static synchronized Engine ensureReady() {
        Engine engine = start();
        if (selfCheck == null) {
            selfCheck = SelfCheck.run(SelfCheck.milkidOperations());
        }
        selfCheck.requirePass();
        return engine;
    }

    /**
     * The self-check that {@link #ensureReady} ran in this process, or null before its first
     * call.
     */
    public static synchronized SelfCheck.Result selfCheck() {
        return selfCheck;
    }

    /**
     * Starts the engine offline with oneDNN's instruction-set cap, without the self-check (for
     * the doctor, which reports the check rather than stopping); cheap after the first call.
     */
    public static synchronized Engine start() {
        if (!started) {
            if (System.getProperty("ai.djl.offline") == null) {
                System.setProperty("ai.djl.offline", "true");
            }
            if (System.getenv(ONEDNN_ISA) == null && System.getenv("DNNL_MAX_CPU_ISA") == null) {
                setNativeEnv(ONEDNN_ISA, DEFAULT_ISA);
            }
            started = true;
        }
        return Engine.getEngine(ENGINE);
    }

    /**
     * Pins the kernels and thread count for results that are bit-identical across CPU types:
     * sets {@link #REPRODUCIBLE_ENV} in the process's C environment (overriding the user's values)
     * and one libtorch thread, intra-op and inter-op. Must run before the engine starts: libtorch
     * reads these once.
     *
     * @throws IllegalStateException when the engine or libtorch has already started
     * @throws BadInputException when the CPU lacks AVX2 or FMA (the pinned kernels cannot run)
     */
    public static synchronized void useReproducibleKernels() {
        if (started || libtorchLoaded()) {
            throw new IllegalStateException(
                    "reproducible kernels must be chosen before the engine starts (libtorch is loaded)");
        }
        if (!hasAvx2(CpuInfo.current())) {
            throw new BadInputException("--reproducible: this CPU has no AVX2 and FMA, so libtorch cannot run the "
                    + "kernels that reproducible runs pin; its results would differ from other machines'");
        }
        REPRODUCIBLE_ENV.forEach(Engines::setNativeEnv);
        System.setProperty(THREADS_PROPERTY, "1");
        System.setProperty(INTEROP_THREADS_PROPERTY, "1");
        reproducible = true;
    }

    /**
     * Whether libtorch has started in this process (through {@link #start} or DJL directly): its
     * thread counts and kernels are fixed from then on.
     */
    public static synchronized boolean started() {
        return started || libtorchLoaded();
    }

    /** Whether {@link #useReproducibleKernels} pinned the kernels of this process. */
    public static synchronized boolean reproducible() {
        return reproducible;
    }

    /** The value of a variable in the process's C environment (where libtorch reads it), or null. */
    public static String nativeEnv(String name) {
        return libc().getenv(name);
    }

    /** Whether the CPU has AVX2 and FMA, which the pinned kernels need. */
    static boolean hasAvx2(CpuInfo cpu) {
        return cpu.isa().contains("avx2") && cpu.isa().contains("fma");
    }

    /** Whether libtorch is mapped into this process already (by milkid or by DJL directly). */
    private static boolean libtorchLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps")).contains("libtorch_cpu");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/maps to see whether libtorch is loaded", e);
        }
    }

    private static Map<String, String> reproducibleEnv() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ONEDNN_ISA, DEFAULT_ISA);
        m.put("ATEN_CPU_CAPABILITY", "avx2");
        m.put("MKL_CBWR", "COMPATIBLE");
        return Collections.unmodifiableMap(m);
    }

    /**
     * oneDNN's instruction-set cap in effect: the user's {@code ONEDNN_MAX_CPU_ISA} (or its older
     * name {@code DNNL_MAX_CPU_ISA}), or milkid's
     * default when {@link #ensureReady} set it.
     */
    public static String isaCap() {
        String v = nativeEnv(ONEDNN_ISA);
        if (v == null) {
            v = nativeEnv("DNNL_MAX_CPU_ISA");
        }
        return v == null ? "none" : v;
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static LibC libc() {
        return Native.load("c", LibC.class);
    }

    /** Sets a variable in the process's C environment, where libtorch reads it (not Java's copy). */
    private static void setNativeEnv(String name, String value) {
        if (libc().setenv(name, value, 1) != 0) {
            throw new IllegalStateException("could not set " + name + " for libtorch");
        }
    }

}
