package org.milkid.util;

import com.sun.jna.Library;
import com.sun.jna.Native;

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
    private static final LibC LIBC = load();

    private NativeMemory() {
    }

    private interface LibC extends Library {
        int malloc_trim(long pad);
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
