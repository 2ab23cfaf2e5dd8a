package org.milkid.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small HTML writer that escapes every piece of text it is given, and embeds images as
 * {@code data:image/png;base64} URIs so that a page needs no other file and makes no request.
 */
public final class Html {
    private final StringBuilder sb = new StringBuilder();

    /** Escapes text for HTML content and attribute values ({@code & < > " '}). */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The PNG of an image as a data URI. */
    public static String dataUri(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer");
            }
            return dataUri(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PNG bytes as a data URI. */
    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** Markup written as given: only for tags built here from constants. */
    Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** Escaped text. */
    public Html text(String s) {
        sb.append(escape(s));
        return this;
    }

    /** An element holding escaped text, e.g. {@code el("h2", "Data")}. */
    public Html el(String tag, String text) {
        sb.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** An element with an id attribute holding escaped text. */
    public Html el(String tag, String id, String text) {
        sb.append('<').append(tag).append(" id=\"").append(escape(id)).append("\">").append(escape(text))
                .append("</").append(tag).append(">\n");
        return this;
    }

    /** A paragraph of escaped text with a class. */
    public Html p(String cssClass, String text) {
        sb.append("<p class=\"").append(escape(cssClass)).append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table: a caption, a header row and body rows, every cell escaped. */
    public Html table(String cssClass, String caption, List<String> header, List<List<String>> rows) {
        sb.append("<table class=\"").append(escape(cssClass)).append("\">\n");
        if (caption != null) {
            sb.append("<caption>").append(escape(caption)).append("</caption>\n");
        }
        sb.append("<thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String c : row) {
                sb.append("<td>").append(escape(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
        return this;
    }

    /** A figure: an embedded image with alt text and a caption. */
    public Html figure(String cssClass, String dataUri, String alt, String caption, int width, int height) {
        if (!dataUri.startsWith("data:image/png;base64,")) {
            throw new IllegalArgumentException("only embedded PNG images are allowed");
        }
        sb.append("<figure class=\"").append(escape(cssClass)).append("\"><img src=\"").append(dataUri)
                .append("\" alt=\"").append(escape(alt)).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\">");
        if (caption != null) {
            sb.append("<figcaption>").append(escape(caption)).append("</figcaption>");
        }
        sb.append("</figure>\n");
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
