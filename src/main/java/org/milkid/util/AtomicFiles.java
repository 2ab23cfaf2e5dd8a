package org.milkid.util;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Files and folders that appear whole or not at all: written under a temporary name in the same
 * folder, then renamed. Temporary names are {@code .NAME.milkid-tmp-*}; a folder being replaced is
 * first renamed to {@code .NAME.milkid-old-*}. A process killed in the middle leaves such names
 * behind and never a half-written NAME; {@link #recover} cleans them up.
 */
public final class AtomicFiles {
    private static final String TMP = ".milkid-tmp-";
    private static final String OLD = ".milkid-old-";

    private AtomicFiles() {
    }

    /** A writer of one file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A writer of a whole folder's contents. */
    @FunctionalInterface
    public interface DirWriter {
        void write(Path dir) throws IOException;
    }

    /** Writes an image as a PNG, whole or not at all. */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        write(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException(file + ": no PNG writer");
            }
        });
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a file through a temporary sibling and an atomic rename. */
    public static void write(Path file, Writer writer) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + TMP, "");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            readableByAll(tmp, "rw-r--r--");
            move(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Fills a folder through a temporary sibling; on success it replaces {@code dir} (an old
     * folder of that name is removed only after the new one is complete).
     */
    public static void writeDir(Path dir, DirWriter writer) throws IOException {
        Path abs = dir.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + TMP);
        try {
            writer.write(tmp);
            readableByAll(tmp, "rwxr-xr-x");
            Path old = null;
            if (Files.exists(abs)) {
                old = abs.resolveSibling("." + abs.getFileName() + OLD + System.nanoTime());
                Files.move(abs, old);
            }
            Files.move(tmp, abs);
            if (old != null) {
                deleteTree(old);
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Cleans up after a process killed while writing under {@code root} (recursively): temporary
     * files and folders are deleted; a folder that was being replaced ({@code .NAME.milkid-old-*}
     * without a NAME) is put back, as its replacement never appeared; one whose replacement is in
     * place is deleted. Returns the number of entries cleaned up.
     */
    public static int recover(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                if (!d.equals(root) && isStale(d)) {
                    stale.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (isStale(f)) {
                    stale.add(f);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : stale) {
            String name = p.getFileName().toString();
            int old = name.indexOf(OLD);
            Path original = old > 0 ? p.resolveSibling(name.substring(1, old)) : null;
            if (original != null && !Files.exists(original)) {
                Files.move(p, original);
            } else {
                deleteTree(p);
            }
        }
        return stale.size();
    }

    private static boolean isStale(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && (name.contains(TMP) || name.contains(OLD));
    }

    /** Temporary files are private to their owner; a finished file gets the usual permissions. */
    private static void readableByAll(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep what it gives
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
