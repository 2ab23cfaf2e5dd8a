package org.milkid.slide;

import org.milkid.bag.Bag;
import org.milkid.detect.Detection;
import org.milkid.util.BadInputException;

/**
 * The key instance detection of one whole slide, one entry per tile. The arrays are not copied.
 *
 * @param slideId the slide's name
 * @param x per tile the level-0 x of its top-left pixel
 * @param y per tile the level-0 y of its top-left pixel (y grows downwards)
 * @param tileSize a tile's side in level-0 pixels, &gt; 0
 * @param before per tile the KID score before refinement, in [0,1] after min-max scaling
 * @param after per tile the KID score after refinement (may be {@code before} itself)
 * @param attention per tile the model's attention weight, or null
 * @param bagProbability the slide's predicted probability of being positive
 * @param key per tile whether it is a predicted key tile
 * @param truth per tile 1 for a labelled key tile and 0 otherwise, or null when unlabelled
 */
public record TileScores(String slideId, int[] x, int[] y, int tileSize, float[] before, float[] after,
        float[] attention, double bagProbability, boolean[] key, int[] truth) {

    /**
     * Refuses, naming the slide, a slide without tiles, arrays of different lengths, a tile size
     * &lt;= 0, non-finite scores or bag probability, and truth values other than 0 and 1.
     */
    public TileScores {
        if (slideId == null || x == null || y == null || before == null || after == null || key == null) {
            throw new BadInputException("slide " + slideId + ": id, coordinates, scores and key flags are required");
        }
        int n = x.length;
        if (n == 0) {
            throw new BadInputException("slide " + slideId + ": no tiles");
        }
        if (y.length != n || before.length != n || after.length != n || key.length != n
                || (attention != null && attention.length != n) || (truth != null && truth.length != n)) {
            throw new BadInputException("slide " + slideId + ": per-tile arrays of different lengths (" + n
                    + " x coordinates)");
        }
        if (tileSize <= 0) {
            throw new BadInputException("slide " + slideId + ": tile size " + tileSize + " is not positive");
        }
        if (!Double.isFinite(bagProbability)) {
            throw new BadInputException("slide " + slideId + ": bag probability is " + bagProbability);
        }
        requireFinite(slideId, "score before refinement", before);
        requireFinite(slideId, "score after refinement", after);
        if (attention != null) {
            requireFinite(slideId, "attention weight", attention);
        }
        if (truth != null) {
            requireBinary(slideId, truth);
        }
    }

    /** The number of tiles. */
    public int size() {
        return x.length;
    }

    private static void requireFinite(String slideId, String what, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new BadInputException("slide " + slideId + ": tile " + i + " has " + what + " " + v[i]);
            }
        }
    }

    private static void requireBinary(String slideId, int[] truth) {
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0 && truth[i] != 1) {
                throw new BadInputException("slide " + slideId + ": tile " + i + " has true key label " + truth[i]
                        + " (0 or 1 expected)");
            }
        }
    }

    /**
     * The tile scores of a detection on a feature bag: coordinates and tile size from the bag's layout,
     * key tiles at threshold {@code t} on the score after refinement.
     *
     * @param attention the model's attention weights of the bag's tiles, or null
     */
    public static TileScores of(Detection d, double t, float[] attention) {
        Bag b = d.bag();
        int n = b.size();
        int[] x = new int[n];
        int[] y = new int[n];
        boolean[] key = new boolean[n];
        for (int k = 0; k < n; k++) {
            x[k] = b.layout().col(k);
            y[k] = b.layout().row(k);
            key[k] = d.isKey(k, t);
        }
        return new TileScores(b.id(), x, y, b.layout().tileSize(), d.before(), d.after(), attention, d.probability(),
                key, b.instanceLabels());
    }
}
