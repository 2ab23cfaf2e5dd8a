package org.milkid.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** eval scores instance scores and labels: it imports no other package of milkid than util (no cycle with detect). */
class EvalDependenciesTest {

    @Test
    void evalImportsNothingOfMilkidButItselfAndUtil() throws IOException {
        Path dir = Path.of("src/main/java/org/milkid/eval");
        assertThat(dir).isDirectory();
        Pattern milkidImport = Pattern.compile("^import (static )?org\\.milkid\\.(\\w+)", Pattern.MULTILINE);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = milkidImport.matcher(text);
            while (m.find()) {
                assertThat(m.group(2)).as(f + " imports org.milkid." + m.group(2)).isIn("eval", "util");
            }
            assertThat(text).as(f + " names a milkid package outside eval and util")
                    .doesNotContainPattern("org\\.milkid\\.(detect|experiment|model|train|report|bag)\\.");
        }
    }
}
