package org.milkid.data.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.milkid.bag.Bag;
import org.milkid.bag.InstanceLayout;
import org.milkid.bag.PooledBagSource;
import org.milkid.data.image.FileDigest;
import org.milkid.util.BadInputException;

/**
 * Whole slides as feature bags, in CLAM's layout: a folder with {@value #H5_DIR}{@code /<slide_id>.h5}
 * (one {@link FeatureFile} per slide) and a CSV of slides and labels ({@link SlideTable}; by default
 * {@value #SLIDES_FILE} in the folder). One bag per CSV row, in file order, id = the slide id, one
 * instance per tile ({@link Bag#features}), with the tiles' coordinates and size as its layout.
 *
 * <p>A slide in the CSV without its file, files whose feature lengths differ, or a file that
 * {@link FeatureFile} refuses stop the reading with an IOException naming the file; a feature
 * file without a CSV row is left out with a warning. Instance labels ({@code instance_labels})
 * that disagree with the slide's label are dropped with a warning (the slide stays, without them).
 *
 * <p>One pool of bags: {@link #testBags()} is empty and cross-validation or a hold-out splits
 * {@link #trainBags()}. The fingerprint is the {@link FileDigest} of the CSV and every feature file read
 * (each file is read once, and parsed from memory).
 *
 * <p>The bags are reloadable ({@link Bag#features(String, int, int, float[], int[], InstanceLayout,
 * Bag.Reload)}): when the JVM runs short of heap it drops the features of some slides, and they are read
 * again from their file when next needed, after checking that the file's SHA-256 is still the one read
 * at the start (a file changed or removed since stops milkid with a line naming it). A cohort larger
 * than the heap thus trains, re-reading slides, instead of running out of memory.
 */
public final class FeatureBagSource extends PooledBagSource {
    /** The folder of feature files inside the data folder. */
    public static final String H5_DIR = "h5_files";
    /** The default slide CSV inside the data folder. */
    public static final String SLIDES_FILE = "slides.csv";

    private FeatureBagSource(List<Bag> bags, List<String> warnings, String fingerprint) {
        super(bags, warnings, List.of(), fingerprint);
    }

    /** Reads the slide CSV and every feature file it lists. */
    public static FeatureBagSource load(Path dir, FeatureBagsConfig config) throws IOException {
        Path csv = config.labels() != null ? config.labels() : dir.resolve(SLIDES_FILE);
        if (!Files.isRegularFile(csv)) {
            throw new IOException(csv + ": not found (expected a CSV with the columns slide_id,label"
                    + (config.labels() == null ? "; or name it with --labels FILE" : "") + ")");
        }
        Path h5Dir = dir.resolve(H5_DIR);
        if (!Files.isDirectory(h5Dir)) {
            throw new IOException(h5Dir + ": not found (expected one <slide_id>.h5 per slide, as CLAM writes them)");
        }
        FileDigest digest = new FileDigest(dir);
        SlideTable table = SlideTable.parse(csv.toString(), new String(digest.read(csv), StandardCharsets.UTF_8),
                config.positiveLabel());
        List<Bag> bags = new ArrayList<>();
        List<String> warnings = new ArrayList<>(unlisted(h5Dir, table));
        int dim = 0;
        Path first = null;
        for (SlideTable.Slide s : table.slides()) {
            Path file = h5Dir.resolve(s.id() + ".h5");
            if (!file.normalize().startsWith(h5Dir.normalize())) {
                throw new IOException(csv + " line " + s.line() + ": slide id '" + s.id() + "' leads outside " + h5Dir);
            }
            if (!Files.isRegularFile(file)) {
                throw new IOException(csv + " line " + s.line() + ": slide '" + s.id() + "' has no feature file " + file);
            }
            FeatureFile f = FeatureFile.read(file, digest.read(file));
            if (first == null) {
                dim = f.dim();
                first = file;
            } else if (f.dim() != dim) {
                throw new IOException(file + ": features of length " + f.dim() + ", but " + first + " has " + dim
                        + " (all slides must come from the same encoder)");
            }
            bags.add(toBag(s, f, config.tileSize(), warnings, reload(file, digest.digestOf(file))));
        }
        return new FeatureBagSource(bags, warnings, digest.hex());
    }

    /** {@code features}. */
    @Override
    public String name() {
        return "features";
    }

    /** Reads a slide's features again, from a file that must not have changed since {@code sha256}. */
    static Bag.Reload reload(Path file, byte[] sha256) {
        return () -> {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (!Arrays.equals(FileDigest.sha256(bytes), sha256)) {
                    throw new BadInputException(file + ": changed since milkid first read it (its features were"
                            + " dropped from memory and read again); leave the cohort's files alone while milkid runs");
                }
                return FeatureFile.read(file, bytes).features();
            } catch (NoSuchFileException e) {
                throw new BadInputException(file + ": removed since milkid first read it (its features were dropped"
                        + " from memory and must be read again); leave the cohort's files alone while milkid runs");
            } catch (IOException e) {
                throw new BadInputException(e.getMessage() + " (reading it again; leave the cohort's files alone while"
                        + " milkid runs)");
            }
        };
    }

    private static Bag toBag(SlideTable.Slide s, FeatureFile f, int tileOption, List<String> warnings,
            Bag.Reload reload) {
        int tile = tileOption > 0 ? tileOption : f.tileSize() > 0 ? f.tileSize() : FeatureBagsConfig.DEFAULT_TILE_SIZE;
        int[] labels = f.instanceLabels();
        if (labels != null) {
            boolean any = false;
            for (int l : labels) {
                any |= l == 1;
            }
            if (any != (s.label() == 1)) {
                warnings.add(s.id() + ": instance labels dropped (" + (any ? "key tiles in a negative slide"
                        : "no key tile in a positive slide") + ")");
                labels = null;
            }
        }
        return Bag.features(s.id(), s.label(), f.dim(), f.features(), labels, InstanceLayout.tiles(f.y(), f.x(), tile),
                reload);
    }

    /** A warning for every feature file that no CSV row names. */
    private static List<String> unlisted(Path h5Dir, SlideTable table) throws IOException {
        Set<String> listed = new HashSet<>();
        table.slides().forEach(s -> listed.add(s.id()));
        Set<String> extra = new TreeSet<>();
        try (Stream<Path> files = Files.list(h5Dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".h5"))
                    .map(n -> n.substring(0, n.length() - 3)).filter(id -> !listed.contains(id)).forEach(extra::add);
        }
        return extra.stream().map(id -> h5Dir.resolve(id + ".h5") + ": no row in the slide CSV, left out").toList();
    }
}
