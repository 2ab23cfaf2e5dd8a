package org.milkid.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.util.AtomicFiles;
import org.milkid.util.Json;
import org.milkid.util.SafeNames;

/**
 * The seven panels of the paper's Figs. 3 and 4 for a few positive test bags (method-notes
 * section 8), as PNG files scaled up so single digits or nuclei are visible:
 * (a) the bag as given; (b) the refined bag after sparse inversion; (c) Att's heatmap, every
 * patch times its min-max normalised attention; (d) the same with the attention computed on (b);
 * (e) Att's detection, the patches whose normalised attention reaches the threshold;
 * (f) the same for sparse inversion; (g) the ground truth, the key patches.
 *
 * <p>Files: {@code DIR/<bag>-<panel>.png} and {@code DIR/index.json}, which lists the bags, their
 * panels and the thresholds and lambda used. Panels that cannot be drawn (no sparse inversion
 * among the methods, no instance labels) are left out.
 */
public final class Panels {
    /** The side, in pixels, a panel is scaled up to at least (integer factors). */
    public static final int MIN_SIDE = 560;
    /** The panels' letters and captions, in the paper's order. */
    public static final Map<String, String> CAPTIONS = captions();

    private Panels() {
    }

    private static Map<String, String> captions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "(a) the bag's patches");
        m.put("b", "(b) refined patches after sparse inversion");
        m.put("c", "(c) Att heatmap: patches times normalised attention");
        m.put("d", "(d) sparse-inversion heatmap: patches of (a) times attention on (b)");
        m.put("e", "(e) Att detection: patches whose attention reaches t");
        m.put("f", "(f) sparse-inversion detection: patches whose attention on (b) reaches t");
        m.put("g", "(g) ground truth: the key patches");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Writes the panels of the first {@code limit} truly positive bags (those Att predicts positive
     * first).
     *
     * @param dir the folder to write
     * @param att Att's detections on the test bags
     * @param attThreshold the threshold of (e)
     * @param sparse Att+sparse's detections at its chosen lambda on the same bags, or null
     * @param sparseThreshold the threshold of (f)
     * @param lambda the lambda of {@code sparse} (NaN when none)
     * @param limit the most bags
     * @return the bags drawn
     */
    public static int write(Path dir, List<Detection> att, double attThreshold, List<Detection> sparse,
            double sparseThreshold, double lambda, int limit) throws IOException {
        Map<String, Detection> sparseById = new LinkedHashMap<>();
        if (sparse != null) {
            sparse.forEach(d -> sparseById.put(d.bag().id(), d));
        }
        List<Detection> chosen = positiveFirst(att, limit);
        JsonArray bags = new JsonArray();
        for (Detection a : chosen) {
            Bag b = a.bag();
            Detection s = sparseById.get(b.id());
            Map<String, BufferedImage> panels = new LinkedHashMap<>();
            panels.put("a", Mosaic.render(b));
            if (s != null && s.refined() != null) {
                panels.put("b", Mosaic.render(b, s.refined(), null));
            }
            panels.put("c", Mosaic.render(b, b.pixels(), a.after()));
            if (s != null) {
                panels.put("d", Mosaic.render(b, b.pixels(), s.after()));
            }
            panels.put("e", Mosaic.render(b, b.pixels(), keys(a, attThreshold)));
            if (s != null) {
                panels.put("f", Mosaic.render(b, b.pixels(), keys(s, sparseThreshold)));
            }
            if (b.hasInstanceLabels()) {
                panels.put("g", Mosaic.render(b, b.pixels(), truth(b)));
            }
            JsonObject files = new JsonObject();
            for (Map.Entry<String, BufferedImage> e : panels.entrySet()) {
                String name = SafeNames.fileName(b.id()) + "-" + e.getKey() + ".png";
                writeScaled(e.getValue(), b, dir.resolve(name));
                files.addProperty(e.getKey(), name);
            }
            JsonObject o = new JsonObject();
            o.addProperty("bag", b.id());
            o.addProperty("instances", b.size());
            o.addProperty("keyInstances", b.positiveInstances());
            o.addProperty("probability", a.probability());
            o.addProperty("attThreshold", attThreshold);
            o.addProperty("attDetected", count(a, attThreshold));
            if (s != null) {
                o.addProperty("sparseThreshold", sparseThreshold);
                o.addProperty("sparseDetected", count(s, sparseThreshold));
                o.addProperty("lambda", lambda);
            }
            o.add("panels", files);
            bags.add(o);
        }
        JsonObject index = new JsonObject();
        index.add("bags", bags);
        Json.write(dir.resolve("index.json"), index);
        return chosen.size();
    }

    /**
     * The index.json of the panels, as the report reads it.
     *
     * @param bags the bags drawn, in order
     */
    record Index(List<Entry> bags) {
        static Index read(Path file) throws IOException {
            return Json.read(file, Index.class);
        }
    }

    /**
     * One bag of the index.
     *
     * @param bag the bag's id
     * @param instances its instances
     * @param keyInstances its key instances
     * @param probability Att's bag probability
     * @param attThreshold the threshold Att's keys are marked at
     * @param attDetected how many instances Att marks
     * @param sparseThreshold the threshold of Att+sparse (null when it did not run)
     * @param sparseDetected how many instances Att+sparse marks (null when it did not run)
     * @param lambda the lambda of Att+sparse (null when it did not run)
     * @param panels the PNG file of every panel, by its letter
     */
    record Entry(String bag, int instances, int keyInstances, double probability, double attThreshold,
            int attDetected, Double sparseThreshold, Integer sparseDetected, Double lambda,
            Map<String, String> panels) {
    }

    /**
     * The pictures of one method's detection on a bag, as {@code milkid detect} writes them, by file
     * suffix: {@code a-bag} (the bag), {@code b-refined} (the refined bag, when the method made one),
     * {@code heatmap} (every patch times its normalised score), {@code detected} (the patches marked
     * key at {@code t}) and {@code truth} (the key patches, when the bag has instance labels).
     */
    public static Map<String, BufferedImage> ofDetection(Detection d, double t) {
        Bag b = d.bag();
        Map<String, BufferedImage> m = new LinkedHashMap<>();
        m.put("a-bag", Mosaic.render(b));
        if (d.refined() != null) {
            m.put("b-refined", Mosaic.render(b, d.refined(), null));
        }
        m.put("heatmap", Mosaic.render(b, b.pixels(), d.after()));
        m.put("detected", Mosaic.render(b, b.pixels(), keys(d, t)));
        if (b.hasInstanceLabels()) {
            m.put("truth", Mosaic.render(b, b.pixels(), truth(b)));
        }
        return m;
    }

    /**
     * Writes a picture of bag {@code b} scaled up by the integer factor that makes its longer side
     * at least {@link #MIN_SIDE}, as an 8-bit grey PNG when the bag is grey.
     */
    public static void writeScaled(BufferedImage img, Bag b, Path file) throws IOException {
        int side = Math.max(b.layout().imageWidth(), b.layout().imageHeight());
        int scale = Math.max(1, (int) Math.ceil((double) MIN_SIDE / side));
        AtomicFiles.writePng(compact(Mosaic.scale(img, scale), b.channels()), file);
    }

    /** The first {@code limit} truly positive bags, those predicted positive first, each in the given order. */
    static List<Detection> positiveFirst(List<Detection> detections, int limit) {
        List<Detection> chosen = new ArrayList<>();
        for (boolean predictedPositive : new boolean[] {true, false}) {
            for (Detection d : detections) {
                if (chosen.size() < limit && d.bag().label() == 1 && (d.predictedLabel() == 1) == predictedPositive) {
                    chosen.add(d);
                }
            }
        }
        return chosen;
    }

    private static float[] truth(Bag b) {
        float[] truth = new float[b.size()];
        for (int k = 0; k < truth.length; k++) {
            truth[k] = b.instanceLabels()[k];
        }
        return truth;
    }

    private static float[] keys(Detection d, double t) {
        float[] w = new float[d.bag().size()];
        for (int k = 0; k < w.length; k++) {
            w[k] = d.isKey(k, t) ? 1f : 0f;
        }
        return w;
    }

    private static int count(Detection d, double t) {
        int n = 0;
        for (int k = 0; k < d.bag().size(); k++) {
            n += d.isKey(k, t) ? 1 : 0;
        }
        return n;
    }

    /** Grey bags as 8-bit grey images: the same picture in a third of the bytes. */
    private static BufferedImage compact(BufferedImage rgb, int channels) {
        if (channels != 1) {
            return rgb;
        }
        BufferedImage grey = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        java.awt.image.WritableRaster r = grey.getRaster();
        for (int y = 0; y < rgb.getHeight(); y++) {
            for (int x = 0; x < rgb.getWidth(); x++) {
                r.setSample(x, y, 0, rgb.getRGB(x, y) & 0xFF);
            }
        }
        return grey;
    }
}
