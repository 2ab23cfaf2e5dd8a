package org.milkid.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work starts, that an output folder or file can be written, so that a long run
 * never fails at its end for want of a place to put its results. Nothing is created by the check.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Refuses, naming {@code option} and the path: an existing path that is not a folder, and a path
     * whose nearest existing ancestor is not a folder or does not take a new file.
     */
    public static void requireWritableFolder(Path out, String option) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + out + ": not a folder (a file of that name exists)");
        }
        requireWritableAncestor(abs, out, option);
    }

    /** Refuses an output file that is a folder, or whose folder cannot take a new file. */
    public static void requireWritableFile(Path out, String option) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new BadInputException(option + " " + out + ": is a folder, not a file");
        }
        requireWritableAncestor(abs.getParent(), out, option);
    }

    private static void requireWritableAncestor(Path abs, Path shown, String option) {
        Path p = abs;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new BadInputException(option + " " + shown + ": not writable (no existing folder above it)");
        }
        if (!Files.isDirectory(p)) {
            throw new BadInputException(option + " " + shown + ": not writable (" + p + " is not a folder)");
        }
        try {
            Path probe = Files.createTempFile(p, ".milkid-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new BadInputException(option + " " + shown + ": not writable (cannot create a file in " + p
                    + ": " + e.getClass().getSimpleName() + ")");
        }
    }
}
