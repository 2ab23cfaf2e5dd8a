package org.milkid.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.milkid.model.Versions;

/**
 * The frame of every page milkid writes: the head with the inline styles of {@code report.css} (a
 * resource beside this class), the title, and the footer.
 */
final class Page {
    /** The page's file name. */
    static final String FILE = "report.html";
    private static final String CSS = css();

    private Page() {
    }

    /** A page up to its title: doctype, head with the styles, {@code <h1>}. */
    static Html head(String title) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.el("title", title);
        h.raw("<style>\n" + CSS + "</style>\n</head>\n<body>\n<main>\n");
        h.el("h1", title);
        return h;
    }

    /** Closes the page with a footer that says where it came from: "Written by milkid VERSION from {@code from}". */
    static String foot(Html h, String from) {
        h.raw("<footer>");
        h.text("Written by milkid " + Versions.MILKID + " from " + from);
        h.raw("</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The table of contents: one link per {id, title}. */
    static void nav(Html h, java.util.List<String[]> sections) {
        h.raw("<nav><ol>");
        for (String[] s : sections) {
            h.raw("<li><a href=\"#" + s[0] + "\">").text(s[1]).raw("</a></li>");
        }
        h.raw("</ol></nav>\n");
    }

    private static String css() {
        try (InputStream in = Page.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from milkid's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
