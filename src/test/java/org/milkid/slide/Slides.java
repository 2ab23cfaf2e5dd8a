package org.milkid.slide;

import java.util.Random;

/** Synthetic slides for the tests. */
final class Slides {
    static final int TILE = 256;

    private Slides() {
    }

    /**
     * Four tiles on a 3 x 2 grid whose last two cells of the bottom row are empty: tile 1 is a
     * predicted key tile, tiles 1 and 2 are labelled key tiles.
     */
    static TileScores small() {
        return new TileScores("slide-A", new int[] {1024, 1280, 1536, 1024}, new int[] {512, 512, 512, 768}, TILE,
                new float[] {0.1f, 0.9f, 0.35f, 0f}, new float[] {0.2f, 0.95f, 0.3f, 0.05f},
                new float[] {0.125f, 0.6f, 0.2f, 0.075f}, 0.8125, new boolean[] {false, true, false, false},
                new int[] {0, 1, 1, 0});
    }

    /** {@code n} tiles filling a grid of {@code cols} columns row by row, random scores, 1% key tiles. */
    static TileScores grid(String id, int n, int cols, int tile) {
        Random r = new Random(7);
        int[] x = new int[n];
        int[] y = new int[n];
        float[] before = new float[n];
        float[] after = new float[n];
        boolean[] key = new boolean[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3000 + (i % cols) * tile;
            y[i] = 500 + (i / cols) * tile;
            before[i] = r.nextFloat();
            after[i] = r.nextFloat();
            key[i] = after[i] > 0.99f;
            truth[i] = r.nextInt(50) == 0 ? 1 : 0;
        }
        return new TileScores(id, x, y, tile, before, after, null, 0.5, key, truth);
    }
}
