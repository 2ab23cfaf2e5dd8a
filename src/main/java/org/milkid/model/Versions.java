package org.milkid.model;

import java.util.Map;

/**
 * The versions that a results or model file records: milkid and its git commit, DJL, libtorch as
 * loaded, Java, OS, and whether libtorch's kernels were pinned for results that other CPU types
 * reproduce ({@code --reproducible}). The machine (CPU, threads, oneDNN's cap) is
 * {@link Platform#machine()}.
 */
public final class Versions {
    /** milkid's own version. */
    public static final String MILKID = "0.1.0";
    /** The DJL version the build uses (the one loaded is in {@link #all()}). */
    public static final String DJL = "0.36.0";
    /** The libtorch version of the bundled native library (the one loaded is in {@link #all()}). */
    public static final String LIBTORCH = "2.7.1";

    private Versions() {
    }

    /**
     * A map of component to version, in a stable order: milkid, commit, djl, libtorch (as DJL's
     * engine loaded it), java, os, cores, reproducible. Starts the engine if needed.
     */
    public static Map<String, String> all() {
        return Platform.current().versions();
    }
}
