package org.milkid.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report of a fixed results folder is the same page, byte for byte, as the golden
 * {@code report.html} committed beside it. The fixtures under {@code src/test/resources/results-fixture}
 * hold hand-chosen numbers, not figures of a training run, so the check holds on any CPU: an
 * experiment (KID study with development bags, a lambda sweep, panels), a demo (one run, bootstrap
 * intervals), a histology experiment without instance labels, and a study of two parts (one not
 * run yet). The charts are drawn by Java2D with the machine's sans-serif font, so their PNG bytes
 * are compared as images of the shape the page states (drawn at a multiple of its size), not byte
 * for byte; every other byte is.
 */
class GoldenReportTest {
    static final Path FIXTURES = Path.of("src/test/resources/results-fixture");
    private static final Pattern CHART = Pattern.compile(
            "<figure class=\"chart\"><img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"[^\"]*\" width=\"(\\d+)\""
                    + " height=\"(\\d+)\">");

    @ParameterizedTest
    @ValueSource(strings = {"experiment", "demo", "colon", "study"})
    void reportIsTheGoldenPage(String fixture, @TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve(fixture);
        copy(FIXTURES.resolve(fixture), dir);
        Files.delete(dir.resolve(Report.FILE));
        String page = Files.readString(Report.write(dir), StandardCharsets.UTF_8);
        String golden = Files.readString(FIXTURES.resolve(fixture).resolve(Report.FILE), StandardCharsets.UTF_8);
        assertThat(withoutCharts(page)).isEqualTo(withoutCharts(golden));
        Matcher m = CHART.matcher(page);
        int charts = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            int width = Integer.parseInt(m.group(2));
            int height = Integer.parseInt(m.group(3));
            assertThat(img.getWidth()).isGreaterThanOrEqualTo(width);
            assertThat((long) img.getWidth() * height).isEqualTo((long) img.getHeight() * width);
            charts++;
        }
        assertThat(charts).isEqualTo(count(golden, "<figure class=\"chart\">"));
    }

    /** The page with every chart's PNG replaced by a mark. */
    static String withoutCharts(String html) {
        return CHART.matcher(html).replaceAll(r -> Matcher.quoteReplacement(
                r.group().replace(r.group(1), "CHART")));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
