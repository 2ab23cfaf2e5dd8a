package org.milkid.util;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * File names made from names that come from data (bag ids, image names): whatever a data folder
 * holds, the result is one plain file name, so that a file milkid writes stays in its output folder.
 */
public final class SafeNames {
    private static final int MAX = 80;

    private SafeNames() {
    }

    /**
     * {@code name} with every character outside {@code [A-Za-z0-9._-]} replaced by '_', never
     * starting with a dot (no hidden file, no "." or ".."), at most 80 characters; when anything had
     * to change, a short hash of the original is appended so that two names never collide.
     */
    public static String fileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.isEmpty() || s.startsWith(".")) {
            s = "_" + s;
        }
        if (s.length() > MAX) {
            s = s.substring(0, MAX);
        }
        if (!s.equals(name)) {
            byte[] h = FileHash.newSha256().digest(name.getBytes(StandardCharsets.UTF_8));
            s = s + "-" + HexFormat.of().formatHex(h, 0, 4);
        }
        return s;
    }
}
