package org.milkid.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The section of the key instances of a few test bags: the panels (a)-(g) of Figs. 3-4 that
 * {@link Panels} wrote, or for whole slides the tile heatmaps of {@link SlidePanels}, each read
 * from the {@code panels/index.json} its writer made and embedded as PNG.
 */
final class PanelsSection {
    private PanelsSection() {
    }

    /** The panels (a)-(g) listed in {@code dir/panels/index.json}; {@code which} says which bags they are. */
    static void panels(Html h, Path dir, String which) throws IOException {
        h.el("h2", "panels", "Key instances of a few test bags (Figs. 3-4)");
        Path index = dir == null ? null : dir.resolve("panels").resolve("index.json");
        if (index == null || !Files.isRegularFile(index)) {
            h.el("p", "No panels were written (they need the method attention; see --panels).");
            return;
        }
        h.el("p", which);
        for (Panels.Entry b : Panels.Index.read(index).bags()) {
            String caption = String.format(Locale.ROOT, "Bag %s: %d instances, %d key; bag probability %.3f; Att"
                    + " detects %d at t = %.1f", b.bag(), b.instances(), b.keyInstances(), b.probability(),
                    b.attDetected(), b.attThreshold());
            if (b.sparseDetected() != null) {
                caption += String.format(Locale.ROOT, "; Att+sparse (lambda %s) detects %d at t = %.1f",
                        Cells.lambda(b.lambda()), b.sparseDetected(), b.sparseThreshold());
            }
            h.el("h3", caption);
            h.raw("<div class=\"panels\">\n");
            for (Map.Entry<String, String> p : Panels.CAPTIONS.entrySet()) {
                if (!b.panels().containsKey(p.getKey())) {
                    continue;
                }
                Path png = dir.resolve("panels").resolve(b.panels().get(p.getKey())).normalize();
                if (!png.startsWith(dir.resolve("panels").normalize()) || !Files.isRegularFile(png)) {
                    throw new IOException(png + ": a panel listed in panels/index.json is missing");
                }
                byte[] bytes = Files.readAllBytes(png);
                int[] size = pngSize(bytes);
                h.figure("panel", Html.dataUri(bytes), p.getValue() + " of bag " + b.bag(), p.getValue(),
                        Math.min(size[0], 260), (int) Math.round(Math.min(size[0], 260) * (double) size[1] / size[0]));
            }
            h.raw("</div>\n");
        }
    }

    /**
     * For whole slides, in place of the panels (a)-(g), which draw pixels that feature bags do not
     * have: the tile heatmaps of {@link SlidePanels} from {@code dir/panels}.
     */
    static void slideHeatmaps(Html h, Path dir) throws IOException {
        h.el("h2", "panels", "Key tiles of a few positive test slides");
        Path folder = dir == null ? null : dir.resolve("panels");
        Path index = folder == null ? null : folder.resolve("index.json");
        if (index == null || !Files.isRegularFile(index)) {
            h.el("p", "No heatmaps were written (see --panels).");
            return;
        }
        SlidePanels.Index idx = SlidePanels.Index.read(index);
        if (!SlidePanels.KIND.equals(idx.kind())) {
            throw new IOException(index + ": not the index of slide heatmaps (kind " + Cells.or(idx.kind()) + ")");
        }
        h.el("p", String.format(Locale.ROOT, "The paper's panels (a)-(g) draw a bag's pixels; a whole slide here is"
                + " a bag of tile feature vectors, which have none. Instead, positive test slides of the first fold of"
                + " the first repeat as tile heatmaps of %s: every tile at its place on the slide, coloured by its KID"
                + " score (min-max over the slide); the tiles marked at t = %.2f (the threshold best on that fold's"
                + " test slides) outlined in magenta; labelled key tiles, when the files carry instance_labels,"
                + " marked cyan in a corner.", idx.method(), idx.threshold()));
        if (idx.bags().isEmpty()) {
            h.el("p", "The first fold has no positive test slide to draw.");
        }
        for (SlidePanels.Entry b : idx.bags()) {
            String keys = b.keyInstances() != null ? b.keyInstances() + " labelled key" : "no tile labels";
            h.el("h3", String.format(Locale.ROOT, "%s: %d tiles, %s; bag probability %.3f; %s marks %d at"
                    + " t = %.2f", b.bag(), b.instances(), keys, b.probability(), idx.method(), b.detected(),
                    idx.threshold()));
            String name = b.panels().get(SlidePanels.HEATMAP);
            Path png = folder.resolve(name).normalize();
            if (!png.startsWith(folder.normalize()) || !Files.isRegularFile(png)) {
                throw new IOException(png + ": a heatmap listed in panels/index.json is missing");
            }
            byte[] bytes = Files.readAllBytes(png);
            int[] size = pngSize(bytes);
            h.figure("heatmap", Html.dataUri(bytes), "Tile heatmap of slide " + b.bag(), null, size[0],
                    size[1]);
        }
    }

    /** Width and height from a PNG's IHDR chunk. */
    static int[] pngSize(byte[] png) throws IOException {
        if (png.length < 24 || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new IOException("not a PNG file");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png, 16, 8);
        return new int[] {b.getInt(), b.getInt()};
    }
}
