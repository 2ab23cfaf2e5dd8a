package org.milkid.data.features;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The slides of a feature data set and their labels, from a CSV as CLAM writes it: a header
 * naming at least the columns {@code slide_id} and {@code label} (others, such as {@code case_id},
 * are ignored), then one slide a line. Fields are separated by commas and trimmed; a field may be
 * quoted with double quotes (RFC 4180). The bag label is 1 when the {@code label} cell equals the
 * positive label (case-insensitive), else 0; with two label values in the file and no positive label
 * given, {@code 1}, {@code true}, {@code tumor} or {@code positive} is taken as positive when one
 * of them is present, and any other pair is refused so that the user names it.
 *
 * @param slides the slides in file order
 * @param positiveLabel the label value taken as positive
 */
public record SlideTable(List<Slide> slides, String positiveLabel) {

    /**
     * One slide.
     *
     * @param id the {@code slide_id} cell: the feature file is {@code h5_files/<id>.h5}
     * @param label 1 for the positive label, else 0
     * @param line the line in the CSV (for messages)
     */
    public record Slide(String id, int label, int line) {
    }

    private static final List<String> USUAL_POSITIVE = List.of("1", "true", "tumor", "positive");

    /**
     * Parses the CSV text.
     *
     * @param name the file's name, for messages
     * @param text its contents
     * @param positiveLabel the label value that makes a bag positive, or null to infer it
     */
    public static SlideTable parse(String name, String text, String positiveLabel) throws IOException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int idCol = -1;
        int labelCol = -1;
        int columns = 0;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> fields = split(lines[i], name, i + 1);
            if (columns == 0) {
                columns = fields.size();
                for (int f = 0; f < fields.size(); f++) {
                    String col = fields.get(f).toLowerCase(Locale.ROOT);
                    if (col.equals("slide_id")) {
                        idCol = f;
                    } else if (col.equals("label")) {
                        labelCol = f;
                    }
                }
                if (idCol < 0 || labelCol < 0) {
                    throw new IOException(name + " line " + (i + 1) + ": the header must name the columns slide_id and"
                            + " label (as CLAM's case_id,slide_id,label), got '" + lines[i].trim() + "'");
                }
                continue;
            }
            if (fields.size() != columns) {
                throw new IOException(name + " line " + (i + 1) + ": expected " + columns
                        + " fields as in the header, got " + fields.size());
            }
            rows.add(fields.toArray(String[]::new));
            lineNos.add(i + 1);
        }
        if (columns == 0) {
            throw new IOException(name + ": empty file (expected the header slide_id,label)");
        }
        if (rows.isEmpty()) {
            throw new IOException(name + ": no slides listed below the header");
        }
        Set<String> values = new TreeSet<>();
        for (String[] r : rows) {
            values.add(r[labelCol].toLowerCase(Locale.ROOT));
        }
        String positive = positive(name, values, positiveLabel);
        List<Slide> slides = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            String id = rows.get(i)[idCol];
            if (id.isEmpty()) {
                throw new IOException(name + " line " + lineNos.get(i) + ": empty slide_id");
            }
            if (!seen.add(id)) {
                throw new IOException(name + " line " + lineNos.get(i) + ": slide '" + id + "' is listed twice");
            }
            int label = rows.get(i)[labelCol].equalsIgnoreCase(positive) ? 1 : 0;
            slides.add(new Slide(id, label, lineNos.get(i)));
        }
        return new SlideTable(List.copyOf(slides), positive);
    }

    private static String positive(String name, Set<String> values, String given) throws IOException {
        if (given != null) {
            String p = given.trim().toLowerCase(Locale.ROOT);
            if (!values.contains(p)) {
                throw new IOException(name + ": no slide has the label '" + given + "' given by --positive-label"
                        + " (labels in the file: " + values + ")");
            }
            return p;
        }
        if (values.size() > 2) {
            throw new IOException(name + ": " + values.size() + " label values " + values
                    + "; pass --positive-label NAME (every other value is negative)");
        }
        for (String v : USUAL_POSITIVE) {
            if (values.contains(v)) {
                return v;
            }
        }
        throw new IOException(name + ": cannot tell which of the labels " + values
                + " is positive; pass --positive-label NAME");
    }

    /** Splits one CSV line; fields trimmed, double-quoted fields unquoted. */
    static List<String> split(String line, String name, int lineNo) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' && cur.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                cur.setLength(0);
            } else if (ch == ',') {
                fields.add(wasQuoted ? cur.toString() : cur.toString().trim());
                cur.setLength(0);
                wasQuoted = false;
            } else if (!(wasQuoted && Character.isWhitespace(ch))) {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new IOException(name + " line " + lineNo + ": a quoted field is not closed");
        }
        fields.add(wasQuoted ? cur.toString() : cur.toString().trim());
        return fields;
    }
}
