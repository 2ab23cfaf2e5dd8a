package org.milkid.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives the C heap's free memory back to the system. libtorch allocates and frees the activations
 * of every step through glibc's malloc, which keeps freed memory in its arenas for reuse, so the
 * resident memory can hold on to the largest working set seen so far. Calling glibc's
 * {@code malloc_trim} now and then (every hundred training steps or inversion iterations) returns
 * the free pages, so that the resident memory follows what is in use. Off glibc (or where JNA
 * cannot load) it does nothing.
 */
public final class NativeMemory {
    /** How many steps or iterations the long loops run between two releases. */
    public static final int EVERY = 100;

    /**
     * glibc's malloc settings milkid runs with (the {@code ./milkid} launcher and the tests' pom set
     * them too, and Spark's executors get them): one arena that keeps its free memory. With glibc's
     * defaults the large buffers of a training step went back to the system when freed and were
     * faulted in again at the next step (README, Performance); {@link #release} gives free memory
     * back every {@link #EVERY} steps instead. glibc reads them only when a process starts.
     */
    public static final Map<String, String> MALLOC_ENV = mallocEnv();
    private static final LibC LIBC = load();

    private NativeMemory() {
    }

    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private static Map<String, String> mallocEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MALLOC_ARENA_MAX", "1");
        env.put("MALLOC_MMAP_MAX_", "0");
        env.put("MALLOC_TRIM_THRESHOLD_", "1073741824");
        return Collections.unmodifiableMap(env);
    }

    private static LibC load() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Returns the C heap's free pages to the system; true when glibc released any. */
    public static boolean release() {
        if (LIBC == null) {
            return false;
        }
        try {
            return LIBC.malloc_trim(0) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
