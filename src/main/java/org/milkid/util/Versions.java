package org.milkid.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions that a results or model file records: milkid, DJL, libtorch, Java, OS, and whether
 * libtorch's kernels were pinned for results that other CPU types reproduce ({@code --reproducible}).
 */
public final class Versions {
    /** milkid's own version. */
    public static final String MILKID = "0.1.0";
    /** The DJL version the build uses. */
    public static final String DJL = "0.36.0";
    /** The libtorch version of the bundled native library. */
    public static final String LIBTORCH = "2.7.1";

    private Versions() {
    }

    /** A map of component to version, in a stable order. */
    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("milkid", MILKID);
        m.put("djl", DJL);
        m.put("libtorch", LIBTORCH);
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("reproducible", Boolean.toString(org.milkid.model.Engines.reproducible()));
        return m;
    }
}
