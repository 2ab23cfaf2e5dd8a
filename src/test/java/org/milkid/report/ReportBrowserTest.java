package org.milkid.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.experiment.TinyExperiment;

/**
 * Opens the tiny experiment's report.html in headless Chromium, as a reader would, and checks
 * that it renders: its tables and every image (non-zero natural size), no console message (no
 * script error, no failed load), and no request at all.
 *
 * <p>How: the page is copied with a small probe script appended, which on the load event writes
 * onto {@code <body>} the number of images, of broken images (not complete or natural size 0), of
 * tables and of Resource Timing entries (every fetch the page started: a self-contained page has
 * none, as data URIs are not fetched); Chromium's {@code --dump-dom} prints the DOM after load,
 * and {@code --enable-logging=stderr --v=0} prints every console message (failed loads and
 * script errors included) as a {@code CONSOLE} line. All host names resolve to nothing
 * ({@code --host-resolver-rules}), so a request could not leave the machine even if the page
 * tried. A screenshot of the unmodified page (1280 x 4000) must have real content.
 *
 * <p>Needs {@code /usr/bin/chromium} (Debian: {@code apt-get install -y chromium}); without it the
 * test fails, it does not skip.
 */
@Tag("slow")
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("milkid.chromium", "/usr/bin/chromium"));
    private static final String PROBE = """
            <script>
            window.addEventListener('error', function (e) {
              console.error('page error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || e));
            }, true);
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0); });
              var res = performance.getEntriesByType('resource').map(function (e) { return e.name; });
              var widths = imgs.map(function (i) { return i.naturalWidth; });
              var b = document.body;
              b.setAttribute('data-probe-images', String(imgs.length));
              b.setAttribute('data-probe-broken', String(broken.length));
              b.setAttribute('data-probe-min-width', String(widths.length ? Math.min.apply(null, widths) : 0));
              b.setAttribute('data-probe-tables', String(document.querySelectorAll('table').length));
              b.setAttribute('data-probe-rows', String(document.querySelectorAll('table tbody tr').length));
              b.setAttribute('data-probe-resources', String(res.length));
              b.setAttribute('data-probe-done', 'yes');
              if (broken.length) { console.error('broken images: ' + broken.length); }
              if (res.length) { console.error('requests: ' + res.join(' ')); }
            });
            </script>
            """;

    @Test
    void reportRendersInHeadlessChromiumWithoutErrorsOrRequests(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is needed for this test but " + CHROMIUM + " is missing: install it with"
                    + " `apt-get install -y chromium` (or point -Dmilkid.chromium=PATH at a Chromium binary)");
        }
        Path report = TinyExperiment.output().resolve(Report.FILE);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        int images = count(html, "<img ");
        int tables = count(html, "<table");
        assertThat(images).isGreaterThan(3);

        Path probed = tmp.resolve("probed.html");
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        Browser dom = run(tmp, "dom", "--dump-dom", probed.toUri().toString());
        assertThat(dom.code()).as(dom.stderr()).isZero();
        String body = bodyTag(dom.stdout());
        assertThat(attr(body, "data-probe-done")).as("the probe ran after load; body: " + body).isEqualTo("yes");
        assertThat(attr(body, "data-probe-images")).isEqualTo(Integer.toString(images));
        assertThat(attr(body, "data-probe-broken")).isEqualTo("0");
        assertThat(Integer.parseInt(attr(body, "data-probe-min-width"))).isPositive();
        assertThat(attr(body, "data-probe-tables")).isEqualTo(Integer.toString(tables));
        assertThat(Integer.parseInt(attr(body, "data-probe-rows"))).isGreaterThan(20);
        assertThat(attr(body, "data-probe-resources")).as("requests the page made").isEqualTo("0");
        assertThat(dom.stdout()).contains("Bag classification (Table III)").contains("Where milkid differs");
        List<String> console = dom.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertThat(console).as("console messages").isEmpty();
        assertThat(dom.stderr()).doesNotContain("net::ERR_");

        Path shot = Path.of(System.getProperty("java.io.tmpdir"), "milkid-report-screenshot.png");
        Files.deleteIfExists(shot);
        Browser s = run(tmp, "shot", "--screenshot=" + shot, "--window-size=1280,4000", report.toUri().toString());
        assertThat(s.code()).as(s.stderr()).isZero();
        assertThat(s.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList()).isEmpty();
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img.getWidth()).isEqualTo(1280);
        assertThat(img.getHeight()).isEqualTo(4000);
        Set<Integer> colours = new HashSet<>();
        int nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                nonWhite += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
        assertThat(nonWhite).as("non-white samples").isGreaterThan(10_000);
        System.out.println("report screenshot: " + shot);
    }

    private record Browser(int code, String stdout, String stderr) {
    }

    /** Runs headless Chromium with a fresh profile, no network and console logging on stderr. */
    private static Browser run(Path tmp, String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + tmp.resolve("profile-" + name), "--enable-logging=stderr",
                "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("Chromium did not finish within 120 s: " + Files.readString(err));
        }
        return new Browser(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String bodyTag(String dom) {
        Matcher m = Pattern.compile("<body[^>]*>").matcher(dom);
        if (!m.find()) {
            fail("no <body> in Chromium's DOM dump: " + dom.substring(0, Math.min(500, dom.length())));
        }
        return m.group();
    }

    private static String attr(String tag, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
