package org.milkid.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole or nothing: a failed write leaves the old file; leftovers of a killed process are recovered. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("results.json");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("results.json");
        }
    }

    @Test
    void aFolderIsReplacedWhole() throws IOException {
        Path d = dir.resolve("panels");
        AtomicFiles.writeDir(d, t -> Files.writeString(t.resolve("a.png"), "1"));
        AtomicFiles.writeDir(d, t -> Files.writeString(t.resolve("b.png"), "2"));
        try (Stream<Path> s = Files.list(d)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("b.png");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("panels");
        }
    }

    @Test
    void recoverDeletesTemporariesAndPutsBackAFolderWhoseReplacementNeverAppeared() throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Files.writeString(runs.resolve(".r0-f1.json.milkid-tmp-123"), "{\"half");
        Files.createDirectories(dir.resolve(".panels.milkid-tmp-77")).resolve("x.png").toFile().createNewFile();
        // killed between the two renames of writeDir: the old folder waits under its old-name
        Path old = Files.createDirectories(dir.resolve(".models.milkid-old-5"));
        Files.writeString(old.resolve("model.json"), "kept");
        // killed after the second rename: the new folder is in place, the old one is garbage
        Files.createDirectories(dir.resolve("report"));
        Files.createDirectories(dir.resolve(".report.milkid-old-6"));
        Files.writeString(dir.resolve(".hidden-but-mine"), "user file");

        assertThat(AtomicFiles.recover(dir)).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("models").resolve("model.json"))).isEqualTo("kept");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".milkid-"));
        }
        assertThat(dir.resolve(".hidden-but-mine")).exists();
        assertThat(AtomicFiles.recover(dir)).isZero();
    }
}
