package org.milkid.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.milkid.util.BadInputException;

/** TileScores refuses inconsistent slides, naming the slide. */
class TileScoresTest {
    private static final String ID = "TCGA-XY-1234";

    private static TileScores slide(int[] x, int tileSize, float[] after, float[] attention, double p, int[] truth) {
        int n = x.length;
        return new TileScores(ID, x, new int[n], tileSize, new float[n], after, attention, p, new boolean[n], truth);
    }

    private static void refused(Runnable make, String problem) {
        assertThatThrownBy(make::run).isInstanceOf(BadInputException.class).hasMessageContaining(ID)
                .hasMessageContaining(problem);
    }

    @Test
    void aConsistentSlideIsAccepted() {
        TileScores s = slide(new int[] {0, 256}, 256, new float[] {0f, 1f}, null, 0.5, null);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void arraysOfDifferentLengthsAreRefused() {
        refused(() -> slide(new int[] {0, 256}, 256, new float[] {0f}, null, 0.5, null), "different lengths");
        refused(() -> slide(new int[] {0, 256}, 256, new float[2], new float[3], 0.5, null), "different lengths");
        refused(() -> slide(new int[] {0, 256}, 256, new float[2], null, 0.5, new int[1]), "different lengths");
        refused(() -> new TileScores(ID, new int[2], new int[1], 256, new float[2], new float[2], null, 0.5,
                new boolean[2], null), "different lengths");
        refused(() -> new TileScores(ID, new int[2], new int[2], 256, new float[2], new float[2], null, 0.5,
                new boolean[3], null), "different lengths");
    }

    @Test
    void anEmptySlideIsRefused() {
        refused(() -> slide(new int[0], 256, new float[0], null, 0.5, null), "no tiles");
    }

    @Test
    void aTileSizeThatIsNotPositiveIsRefused() {
        refused(() -> slide(new int[1], 0, new float[1], null, 0.5, null), "tile size 0");
        refused(() -> slide(new int[1], -256, new float[1], null, 0.5, null), "tile size -256");
    }

    @Test
    void nonFiniteScoresAreRefused() {
        refused(() -> slide(new int[2], 256, new float[] {0f, Float.NaN}, null, 0.5, null), "tile 1");
        refused(() -> slide(new int[2], 256, new float[2], new float[] {Float.NaN, 0f}, 0.5, null), "attention");
        refused(() -> new TileScores(ID, new int[1], new int[1], 256, new float[] {Float.POSITIVE_INFINITY},
                new float[1], null, 0.5, new boolean[1], null), "before refinement");
        refused(() -> slide(new int[1], 256, new float[1], null, Double.NaN, null), "bag probability");
    }

    @Test
    void truthOtherThanZeroOrOneIsRefused() {
        refused(() -> slide(new int[2], 256, new float[2], null, 0.5, new int[] {0, 2}), "true key label 2");
    }

    @Test
    void missingArraysAreRefused() {
        refused(() -> new TileScores(ID, new int[1], new int[1], 256, new float[1], null, null, 0.5, new boolean[1],
                null), "required");
    }
}
