package org.milkid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.util.SafeNames;

/** Names that come from data files cannot make milkid write outside its output folder, nor break its CSV. */
class OutputNamesTest {
    private static final String[] HOSTILE = {"../../escaped", "/etc/passwd", "sub/dir/x.png", "..", ".hidden",
        "a,b\"c", "line\nbreak", "plain-name_1.png"};

    @Test
    void safeNamesArePlainDistinctFileNames() {
        List<String> names = new ArrayList<>();
        for (String h : HOSTILE) {
            String n = SafeNames.fileName(h);
            assertThat(n).matches("[A-Za-z0-9_][A-Za-z0-9._-]*");
            names.add(n);
        }
        assertThat(names).doesNotHaveDuplicates();
        assertThat(SafeNames.fileName("plain-name_1.png")).isEqualTo("plain-name_1.png");
        assertThat(SafeNames.fileName("a/b")).isNotEqualTo(SafeNames.fileName("a_b"));
        assertThat(SafeNames.fileName("x".repeat(500)).length()).isLessThan(100);
    }

    @Test
    void mosaicsAndCsvOfHostileBagIdsStayInTheOutputFolder(@TempDir Path dir) throws IOException {
        List<Detection> ds = new ArrayList<>();
        for (String id : HOSTILE) {
            float[] pixels = new float[4 * 28 * 28];
            ds.add(new Detection(new Bag(id, 1, 1, 28, 28, pixels, new int[] {1, 0, 0, 0}, null), 0.9f,
                    new float[] {1, 0, 0, 0}, new float[] {1, 0, 0, 0}, null));
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        DetectJob.writeMosaics(out.resolve("mosaics"), ds, 0.5, 100);
        DetectJob.writeCsv(out.resolve("instances.csv"), ds, 0.5);
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            assertThat(files).allMatch(f -> f.startsWith(out));
            assertThat(files).hasSize(1 + 4 * HOSTILE.length);
        }
        try (Stream<Path> s = Files.list(out.resolve("mosaics"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
        String csv = Files.readString(out.resolve("instances.csv"));
        assertThat(csv).contains("\n\"a,b\"\"c\",0,1,").contains("\n\"line\nbreak\",3,0,");
        assertThat(csv).contains("\n../../escaped,0,1,");
    }
}
