package org.milkid.data.colon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.milkid.bag.Bag;
import org.milkid.bag.InstanceLayout;
import org.milkid.bag.PooledBagSource;
import org.milkid.data.image.FileDigest;
import org.milkid.data.image.RgbImage;
import org.milkid.util.BadInputException;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

/**
 * COLON CANCER (CRCHistoPhenotypes, Sirinukunwattana et al. 2016) as bags of nucleus patches.
 *
 * <p><b>Files.</b> {@code DIR/Classification/imgN/imgN.bmp} (H&amp;E, 500x500 RGB) with up to
 * four MATLAB v5 files {@code imgN_epithelial.mat}, {@code imgN_fibroblast.mat},
 * {@code imgN_inflammatory.mat}, {@code imgN_others.mat} beside it. {@code DIR} may also be the
 * {@code Classification} folder itself. Folders whose name is not {@code img} + a number are
 * ignored. Each .mat holds a variable {@code detection}, an {@code N x 2} numeric array of
 * nucleus centres {@code (x = column, y = row)}, 1-based. A missing .mat file means no nuclei
 * of that class; an empty {@code detection} ({@code 0 x 0} or {@code 0 x 2}) likewise. A .mat
 * file without {@code detection}, with another column count or with a centre outside the image
 * is an error (IOException naming the file).
 *
 * <p><b>Bags.</b> One bag per image, id {@code "imgN"}, in the order of N. One instance per
 * nucleus: the RGB patch {@code [3, P, P]} (P = 27 by default, values in [0,1]) around the
 * centre, so a bag is {@code [K, 3, 27, 27]} for K nuclei. Instances are ordered by their
 * centre, row first then column (then class order epithelial, fibroblast, inflammatory,
 * others), so that the instance order does not reveal the class. Instance label 1 iff the
 * nucleus is epithelial; bag label 1 iff the image has an epithelial nucleus. An image
 * without any nucleus is skipped (a bag needs an instance) and listed in {@link #warnings()}.
 *
 * <p><b>Centres and the border.</b> A centre {@code (x, y)} is rounded to the nearest integer
 * (halves up) and made 0-based: {@code col = round(x) - 1}, {@code row = round(y) - 1}; it must
 * satisfy {@code 0 <= row < H}, {@code 0 <= col < W}. The patch's top-left corner is
 * {@code top = clamp(row - P/2, 0, H - P)}, {@code left = clamp(col - P/2, 0, W - P)}
 * ({@code P/2} = 13 for P = 27): the patch is centred on the nucleus where it fits and is
 * otherwise shifted to lie wholly inside the image, so every patch is real image content
 * (no padding) and a nucleus near the border is off-centre in its patch. The layout records
 * these corners and the image size.
 *
 * <p>The data set is one pool of images: {@link #testBags()} is empty and cross-validation
 * splits {@link #trainBags()}.
 */
public final class ColonCancerSource extends PooledBagSource {
    /** The four nucleus classes, in file-name spelling; the first is the positive class. */
    public static final List<String> CLASSES = List.of("epithelial", "fibroblast", "inflammatory", "others");

    private static final Pattern IMAGE_FOLDER = Pattern.compile("img(\\d+)");

    /**
     * Settings.
     *
     * @param patchSize P, the side of the square patch around a nucleus; odd (so the nucleus
     *     can be its centre pixel) and {@code >= 1}
     */
    public record Options(int patchSize) {
        /** The paper's patch size, 27. */
        public static final int DEFAULT_PATCH_SIZE = 27;

        public Options {
            if (patchSize < 1 || patchSize % 2 == 0) {
                throw new BadInputException("patchSize must be odd and >= 1, got " + patchSize);
            }
        }

        /** As in the paper: 27x27 patches. */
        public static Options defaults() {
            return new Options(DEFAULT_PATCH_SIZE);
        }
    }

    private final Options options;

    private ColonCancerSource(Options options, List<Bag> bags, List<String> warnings, List<String> empty,
            String fingerprint) {
        super(bags, warnings, empty, fingerprint);
        this.options = options;
    }

    /** Reads the data set with the paper's settings; see {@link #load(Path, Options)}. */
    public static ColonCancerSource load(Path dir) throws IOException {
        return load(dir, Options.defaults());
    }

    /**
     * Reads every image and its nuclei.
     *
     * @param dir the data set folder (holding {@code Classification}) or the
     *     {@code Classification} folder
     * @throws IOException when a file is unreadable or malformed (the message names it), or no
     *     image folder is found
     */
    public static ColonCancerSource load(Path dir, Options options) throws IOException {
        Path classification = classificationFolder(dir);
        List<Path> folders = imageFolders(classification);
        if (folders.isEmpty()) {
            throw new IOException(classification + ": no image folders (img1, img2, ...) found");
        }
        FileDigest digest = new FileDigest(classification);
        List<Bag> bags = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Path folder : folders) {
            Bag bag = readImage(folder, options.patchSize(), digest);
            if (bag == null) {
                warnings.add(folder.getFileName() + ": no nuclei in any class; image skipped");
                empty.add(folder + ": no nucleus in any class's .mat file");
            } else {
                bags.add(bag);
            }
        }
        if (bags.isEmpty()) {
            throw new IOException(classification + ": no image has any nucleus");
        }
        return new ColonCancerSource(options, bags, warnings, empty, digest.hex());
    }

    /** {@code colon-cancer}. */
    @Override
    public String name() {
        return "colon-cancer";
    }

    /** The settings the bags were made with. */
    public Options options() {
        return options;
    }





    private static Path classificationFolder(Path dir) throws IOException {
        Path inside = dir.resolve("Classification");
        if (Files.isDirectory(inside)) {
            return inside;
        }
        Path name = dir.getFileName();
        if (name != null && name.toString().equals("Classification") && Files.isDirectory(dir)) {
            return dir;
        }
        throw new IOException(dir + ": no Classification folder (expected DIR/Classification/imgN/imgN.bmp)");
    }

    private static List<Path> imageFolders(Path classification) throws IOException {
        try (Stream<Path> s = Files.list(classification)) {
            return s.filter(Files::isDirectory)
                    .filter(p -> IMAGE_FOLDER.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(ColonCancerSource::imageNumber)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static long imageNumber(Path folder) {
        Matcher m = IMAGE_FOLDER.matcher(folder.getFileName().toString());
        if (!m.matches()) {
            return Long.MAX_VALUE;
        }
        String digits = m.group(1);
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** The bag of one image folder, or null when it has no nuclei. */
    private static Bag readImage(Path folder, int p, FileDigest digest) throws IOException {
        String id = folder.getFileName().toString();
        Path bmp = folder.resolve(id + ".bmp");
        if (!Files.isRegularFile(bmp)) {
            throw new IOException(bmp + ": image file not found");
        }
        RgbImage image = RgbImage.decode(digest.read(bmp), bmp.toString());
        int h = image.height();
        int w = image.width();
        if (h < p || w < p) {
            throw new IOException(bmp + ": image is " + h + "x" + w + ", smaller than a " + p + "x" + p + " patch");
        }
        List<int[]> nuclei = new ArrayList<>(); // {row, col, class}
        for (int c = 0; c < CLASSES.size(); c++) {
            Path mat = folder.resolve(id + "_" + CLASSES.get(c) + ".mat");
            if (Files.isRegularFile(mat)) {
                for (int[] rc : readDetections(mat, digest.read(mat), h, w)) {
                    nuclei.add(new int[] {rc[0], rc[1], c});
                }
            }
        }
        if (nuclei.isEmpty()) {
            return null;
        }
        nuclei.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[1])
                .thenComparingInt(a -> a[2]));
        int k = nuclei.size();
        int per = 3 * p * p;
        float[] pixels = new float[k * per];
        int[] labels = new int[k];
        int[] tops = new int[k];
        int[] lefts = new int[k];
        int label = 0;
        for (int i = 0; i < k; i++) {
            int[] n = nuclei.get(i);
            tops[i] = clamp(n[0] - p / 2, 0, h - p);
            lefts[i] = clamp(n[1] - p / 2, 0, w - p);
            image.copyPatch(tops[i], lefts[i], p, pixels, i * per);
            labels[i] = n[2] == 0 ? 1 : 0;
            label |= labels[i];
        }
        return new Bag(id, label, 3, p, p, pixels, labels, new InstanceLayout(tops, lefts, h, w));
    }

    /** The 0-based {row, col} of every centre in a .mat file, checked against an h x w image. */
    private static List<int[]> readDetections(Path file, byte[] bytes, int h, int w) throws IOException {
        Mat5File mat;
        try {
            mat = Mat5.newReader(Sources.wrap(bytes)).readMat();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a readable MATLAB v5 .mat file: " + e.getMessage(), e);
        }
        try (mat) {
            boolean found = false;
            for (MatFile.Entry e : mat.getEntries()) {
                found |= e.getName().equals("detection");
            }
            if (!found) {
                throw new IOException(file + ": no variable 'detection' in this .mat file");
            }
            Array array = mat.getArray("detection");
            if (!(array instanceof Matrix matrix) || matrix.isComplex()) {
                throw new IOException(file + ": 'detection' must be a real numeric array, got " + array.getType());
            }
            if (matrix.getNumElements() == 0) {
                return List.of();
            }
            if (matrix.getNumDimensions() != 2 || matrix.getNumCols() != 2) {
                throw new IOException(file + ": 'detection' must be N x 2 (x = column, y = row), got "
                        + dims(matrix.getDimensions()));
            }
            int rows = matrix.getNumRows();
            List<int[]> centres = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                double x = matrix.getDouble(i, 0);
                double y = matrix.getDouble(i, 1);
                long col = Math.round(x) - 1;
                long row = Math.round(y) - 1;
                if (!Double.isFinite(x) || !Double.isFinite(y) || row < 0 || row >= h || col < 0 || col >= w) {
                    throw new IOException(file + ": row " + (i + 1) + " of 'detection', (x = " + x + ", y = " + y
                            + "), is outside the image of width " + w + " and height " + h
                            + " (1-based: x in [1, " + w + "], y in [1, " + h + "])");
                }
                centres.add(new int[] {(int) row, (int) col});
            }
            return centres;
        }
    }

    private static String dims(int[] d) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < d.length; i++) {
            s.append(i == 0 ? "" : " x ").append(d[i]);
        }
        return s.toString();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
