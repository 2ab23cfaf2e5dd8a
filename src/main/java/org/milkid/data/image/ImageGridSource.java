package org.milkid.data.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.milkid.bag.Bag;
import org.milkid.bag.PooledBagSource;

/**
 * Bags from a user's own images: every image listed in a CSV file is cut into a grid of
 * patches by {@link PatchGrid} (same grid, white filter and mask rules as BREAST CANCER).
 *
 * <p><b>Files.</b> A folder holding the images and {@value #LABELS_FILE}. The CSV's first line
 * is the header: the columns {@code image} and {@code label}, optionally {@code mask}, in any
 * order (names case-insensitive). Each further non-blank line gives an image file name
 * (relative to the folder), its bag label {@code 0} or {@code 1}, and optionally the name of a
 * mask image of the same size (an empty cell means no mask). Fields are separated by commas and
 * trimmed; quoting is not supported, so names must not contain commas. Any image format
 * {@link RgbImage} reads works (PNG, TIFF, BMP, JPEG). A bad file is refused with an
 * IOException naming the file and line: missing header columns, an unknown column, a wrong
 * number of fields, a label other than 0/1, a listed file that does not exist, an image listed
 * twice.
 *
 * <p><b>Bags.</b> One bag per CSV line, in file order, id = the {@code image} cell; instances
 * {@code [K, 3, P, P]}. An image with no patch left is skipped, and a mask whose patch labels
 * disagree with the bag label is ignored (instance labels {@code null}); both are listed in
 * {@link #warnings()}. Images without a mask have no instance labels.
 *
 * <p>One pool of bags: {@link #testBags()} is empty and cross-validation splits
 * {@link #trainBags()}.
 */
public final class ImageGridSource extends PooledBagSource {
    /** The name of the CSV file in the data folder. */
    public static final String LABELS_FILE = "labels.csv";

    private final PatchGrid.Options grid;

    private ImageGridSource(PatchGrid.Options grid, List<Bag> bags, List<String> warnings, List<String> empty,
            String fingerprint) {
        super(bags, warnings, empty, fingerprint);
        this.grid = grid;
    }

    /**
     * Reads {@code dir/labels.csv} and every image and mask it lists.
     *
     * @param dir the data folder
     * @param grid patch size, white filter and mask fraction
     * @throws IOException for a missing or malformed CSV (message names the file and line) or
     *     an unreadable image (message names the image)
     */
    public static ImageGridSource load(Path dir, PatchGrid.Options grid) throws IOException {
        Path csv = dir.resolve(LABELS_FILE);
        if (!Files.isRegularFile(csv)) {
            throw new IOException(csv + ": not found (expected a CSV with the header image,label[,mask])");
        }
        FileDigest digest = new FileDigest(dir);
        List<Row> rows = parse(csv, new String(digest.read(csv), StandardCharsets.UTF_8), dir);
        PatchGrid cutter = new PatchGrid(grid);
        List<Bag> bags = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (Row row : rows) {
            RgbImage image = RgbImage.decode(digest.read(row.image()), row.image().toString());
            RgbImage mask = null;
            if (row.mask() != null) {
                mask = RgbImage.decode(digest.read(row.mask()), row.mask().toString());
                PatchGrid.requireSameSize(image, mask, row.mask().toString());
            }
            PatchGrid.Cut cut = cutter.cut(image, mask);
            cut.toBag(row.id(), row.label(), warnings).ifPresentOrElse(bags::add,
                    () -> empty.add(row.image() + ": " + cut.emptyReason()));
        }
        return new ImageGridSource(grid, bags, warnings, empty, digest.hex());
    }

    /** {@code image-grid}. */
    @Override
    public String name() {
        return "image-grid";
    }

    /** The grid settings the bags were made with. */
    public PatchGrid.Options grid() {
        return grid;
    }





    private record Row(String id, Path image, int label, Path mask) {
    }

    private static List<Row> parse(Path csv, String text, Path dir) throws IOException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int imageCol = -1;
        int labelCol = -1;
        int maskCol = -1;
        int columns = 0;
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            for (int f = 0; f < fields.length; f++) {
                fields[f] = fields[f].trim();
            }
            if (columns == 0) {
                columns = fields.length;
                for (int f = 0; f < fields.length; f++) {
                    String name = fields[f].toLowerCase(Locale.ROOT);
                    int previous = switch (name) {
                        case "image" -> imageCol;
                        case "label" -> labelCol;
                        case "mask" -> maskCol;
                        default -> throw new IOException(at(csv, lineNo) + "unknown column '" + fields[f]
                                + "' in the header (expected image,label and optionally mask)");
                    };
                    if (previous >= 0) {
                        throw new IOException(at(csv, lineNo) + "column '" + fields[f] + "' appears twice in the header");
                    }
                    switch (name) {
                        case "image" -> imageCol = f;
                        case "label" -> labelCol = f;
                        default -> maskCol = f;
                    }
                }
                if (imageCol < 0 || labelCol < 0) {
                    throw new IOException(at(csv, lineNo) + "the header must name the columns image and label"
                            + " (optionally mask), got '" + line.trim() + "'");
                }
                continue;
            }
            if (fields.length != columns) {
                throw new IOException(at(csv, lineNo) + "expected " + columns + " fields as in the header, got "
                        + fields.length);
            }
            String imageName = fields[imageCol];
            if (imageName.isEmpty()) {
                throw new IOException(at(csv, lineNo) + "empty image name");
            }
            int label = switch (fields[labelCol]) {
                case "0" -> 0;
                case "1" -> 1;
                default -> throw new IOException(at(csv, lineNo) + "label must be 0 or 1, got '" + fields[labelCol] + "'");
            };
            if (!seen.add(imageName)) {
                throw new IOException(at(csv, lineNo) + "image '" + imageName + "' is listed twice");
            }
            Path image = existing(csv, lineNo, dir, imageName, "image");
            Path mask = maskCol >= 0 && !fields[maskCol].isEmpty()
                    ? existing(csv, lineNo, dir, fields[maskCol], "mask")
                    : null;
            rows.add(new Row(imageName, image, label, mask));
        }
        if (columns == 0) {
            throw new IOException(csv + ": empty file (expected the header image,label[,mask])");
        }
        if (rows.isEmpty()) {
            throw new IOException(csv + ": no images listed below the header");
        }
        return rows;
    }

    private static Path existing(Path csv, int lineNo, Path dir, String name, String what) throws IOException {
        Path file = dir.resolve(name);
        if (!file.normalize().startsWith(dir.normalize())) {
            throw new IOException(at(csv, lineNo) + what + " file '" + name + "' is outside the data folder " + dir);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(at(csv, lineNo) + what + " file '" + name + "' not found in " + dir);
        }
        return file;
    }

    private static String at(Path csv, int lineNo) {
        return csv + " line " + lineNo + ": ";
    }
}
