package org.milkid.model;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.milkid.platform.SelfCheck;

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
 * {@link org.milkid.platform.NumericsException} when a kernel that milkid uses is wrong.
 */
public final class Engines {
    /** The engine milkid runs on. */
    public static final String ENGINE = "PyTorch";
    /** oneDNN's switch for the highest instruction set it may use. */
    public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";
    /** The instruction-set cap milkid applies when the user has not chosen one. */
    public static final String DEFAULT_ISA = "AVX2";

    private static boolean started;
    private static SelfCheck.Result selfCheck;

    private Engines() {
    }

    /**
     * Makes sure the engine is offline and started and that its kernels passed the numerics
     * self-check; cheap after the first call.
     *
     * @throws org.milkid.platform.NumericsException when a kernel that milkid uses computes wrong
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

    private static String nativeEnv(String name) {
        return libc().getenv(name);
    }
}
