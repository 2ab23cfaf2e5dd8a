package org.milkid.data.breast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.milkid.bag.Bag;
import org.milkid.bag.PooledBagSource;
import org.milkid.data.image.FileDigest;
import org.milkid.data.image.PatchGrid;
import org.milkid.data.image.RgbImage;

/**
 * BREAST CANCER (UCSB bio-segmentation benchmark, Gelasca et al. 2008) as bags of grid patches.
 *
 * <p><b>Files.</b> A folder of H&amp;E TIFF images ({@code *.tif} or {@code *.tiff}, 896x768 in
 * the benchmark), e.g. {@code ytma10_010704_benign1_ccd.tif}. The bag label comes from the
 * name, case-insensitively: containing {@code malignant} gives 1, {@code benign} gives 0;
 * neither or both is an error (IOException naming the file). Files named {@code *_mask.*} are
 * masks, not images.
 *
 * <p><b>Bags.</b> One bag per image, id = the file name without extension, in name order.
 * Instances are the patches of {@link PatchGrid} with {@link #DEFAULT_GRID} (32x32
 * non-overlapping patches, border remainder dropped, a patch dropped when at least 75% of its
 * pixels have all channels {@code >= 200}), so a bag is {@code [K, 3, 32, 32]} with
 * {@code K <= 28 * 24 = 672}. An image with no patch left is skipped with a warning.
 *
 * <p><b>Instance labels (optional).</b> For image {@code X.tif} a mask {@code X_mask.png},
 * {@code X_mask.tif} or {@code X_mask.tiff} in the same folder (at most one of them, same size
 * as the image) marks cancer with any non-black pixel; a kept patch is positive when at least
 * 10% of its pixels are marked ({@link PatchGrid.Options#maskFraction()}). Without a mask the
 * bag's instance labels are {@code null}. When the mask's labels disagree with the name (a
 * malignant image whose mask marks no kept patch, or a benign one whose mask marks some), the
 * bag keeps the label from the name, loses its instance labels, and {@link #warnings()} says
 * so.
 *
 * <p>The data set is one pool of images: {@link #testBags()} is empty and cross-validation
 * splits {@link #trainBags()}.
 */
public final class BreastCancerSource extends PooledBagSource {
    /** The paper's grid: 32x32 patches, white level 200, white fraction 0.75, mask fraction 0.10. */
    public static final PatchGrid.Options DEFAULT_GRID = PatchGrid.Options.breast();

    private static final List<String> MASK_SUFFIXES = List.of("_mask.png", "_mask.tif", "_mask.tiff");

    private final PatchGrid.Options grid;

    private BreastCancerSource(PatchGrid.Options grid, List<Bag> bags, List<String> warnings, List<String> empty,
            String fingerprint) {
        super(bags, warnings, empty, fingerprint);
        this.grid = grid;
    }

    /** Reads the folder with the paper's grid, {@link #DEFAULT_GRID}. */
    public static BreastCancerSource load(Path dir) throws IOException {
        return load(dir, DEFAULT_GRID);
    }

    /**
     * Reads every image (and mask) of the folder.
     *
     * @throws IOException when the folder has no image, a name carries no label, or a file is
     *     unreadable or of the wrong size (the message names the file)
     */
    public static BreastCancerSource load(Path dir, PatchGrid.Options grid) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        List<Path> images;
        try (Stream<Path> s = Files.list(dir)) {
            images = s.filter(Files::isRegularFile).filter(BreastCancerSource::isImageName)
                    .sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException(dir + ": no .tif/.tiff images");
        }
        PatchGrid cutter = new PatchGrid(grid);
        FileDigest digest = new FileDigest(dir);
        List<Bag> bags = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Path file : images) {
            String name = file.getFileName().toString();
            int label = labelFromName(file);
            String id = name.substring(0, name.lastIndexOf('.'));
            RgbImage image = RgbImage.decode(digest.read(file), file.toString());
            Path maskFile = findMask(file, id);
            RgbImage mask = null;
            if (maskFile != null) {
                mask = RgbImage.decode(digest.read(maskFile), maskFile.toString());
                PatchGrid.requireSameSize(image, mask, maskFile.toString());
            }
            PatchGrid.Cut cut = cutter.cut(image, mask);
            cut.toBag(id, label, warnings).ifPresentOrElse(bags::add,
                    () -> empty.add(file + ": " + cut.emptyReason()));
        }
        return new BreastCancerSource(grid, bags, warnings, empty, digest.hex());
    }

    /**
     * The bag label a file name carries: 1 when it contains {@code malignant}, 0 when it
     * contains {@code benign} (case-insensitive).
     *
     * @throws IOException naming the file when it contains neither or both
     */
    public static int labelFromName(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean malignant = name.contains("malignant");
        boolean benign = name.contains("benign");
        if (malignant == benign) {
            throw new IOException(file + ": the name must contain either 'malignant' or 'benign' to give the bag label"
                    + (malignant ? " (it contains both)" : ""));
        }
        return malignant ? 1 : 0;
    }

    /** {@code breast-cancer}. */
    @Override
    public String name() {
        return "breast-cancer";
    }

    /** The grid settings the bags were made with. */
    public PatchGrid.Options grid() {
        return grid;
    }





    private static boolean isImageName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".tif") || n.endsWith(".tiff")) && !n.startsWith(".")
                && !n.substring(0, n.lastIndexOf('.')).endsWith("_mask");
    }

    private static Path findMask(Path image, String id) throws IOException {
        Path found = null;
        for (String suffix : MASK_SUFFIXES) {
            Path candidate = image.resolveSibling(id + suffix);
            if (Files.isRegularFile(candidate)) {
                if (found != null) {
                    throw new IOException(image + ": two masks, " + found.getFileName() + " and "
                            + candidate.getFileName() + "; keep one");
                }
                found = candidate;
            }
        }
        return found;
    }
}
