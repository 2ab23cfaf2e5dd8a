package org.milkid.slide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.milkid.util.BadInputException;

/** The heatmap puts every tile in its grid cell, coloured by its score, with the key marks. */
class TileHeatmapTest {

    private static int pixel(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    private static double luminance(int rgb) {
        return 0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF);
    }

    @Test
    void theScaleRunsFromDarkPurpleToYellowGettingLighter() {
        assertThat(TileHeatmap.rgb(0)).isEqualTo(0x440154);
        assertThat(TileHeatmap.rgb(1)).isEqualTo(0xFDE725);
        assertThat(TileHeatmap.rgb(-3)).isEqualTo(TileHeatmap.rgb(0));
        assertThat(TileHeatmap.rgb(7)).isEqualTo(TileHeatmap.rgb(1));
        for (int k = 1; k <= 100; k++) {
            assertThat(luminance(TileHeatmap.rgb(k / 100.0))).isGreaterThan(luminance(TileHeatmap.rgb((k - 1) / 100.0)));
        }
    }

    @Test
    void cellsHaveTheirScoreColourKeyOutlineTruthMarkAndBackground() {
        TileScores s = Slides.small();
        TileHeatmap.Grid grid = TileHeatmap.grid(s);
        assertThat(grid.columns()).isEqualTo(3);
        assertThat(grid.rows()).isEqualTo(2);
        int c = grid.cell();
        assertThat(c).isEqualTo(32);
        BufferedImage img = TileHeatmap.render(s);

        int kx = grid.pixelX(s.x()[1]);
        int ky = grid.pixelY(s.y()[1]);
        assertThat(kx).isEqualTo(grid.left() + c);
        assertThat(ky).isEqualTo(grid.top());
        assertThat(pixel(img, kx + c / 2, ky + c / 2)).isEqualTo(TileHeatmap.rgb(s.after()[1]));
        int outline = TileHeatmap.OUTLINE.getRGB() & 0xFFFFFF;
        assertThat(pixel(img, kx + c - 1, ky + c / 2)).isEqualTo(outline);
        assertThat(pixel(img, kx + c / 2, ky + c - 1)).isEqualTo(outline);
        assertThat(pixel(img, kx + c, ky + c / 2)).isEqualTo(TileHeatmap.rgb(s.after()[2]));
        int truth = TileHeatmap.TRUTH.getRGB() & 0xFFFFFF;
        assertThat(pixel(img, kx, ky)).isEqualTo(truth);

        // tile 2: labelled but not predicted: corner mark, no outline
        int tx = grid.pixelX(s.x()[2]);
        assertThat(pixel(img, tx, ky)).isEqualTo(truth);
        assertThat(pixel(img, tx + c - 1, ky + c / 2)).isEqualTo(TileHeatmap.rgb(s.after()[2]));
        // tile 0: neither
        assertThat(pixel(img, grid.left(), grid.top())).isEqualTo(TileHeatmap.rgb(s.after()[0]));

        int background = TileHeatmap.BACKGROUND.getRGB() & 0xFFFFFF;
        assertThat(pixel(img, grid.left() + c + c / 2, grid.top() + c + c / 2)).isEqualTo(background);
        assertThat(pixel(img, grid.left() + 2 * c + c / 2, grid.top() + c + c / 2)).isEqualTo(background);
        assertThat(pixel(img, grid.left() + c / 2, grid.top() + c + c / 2)).isEqualTo(TileHeatmap.rgb(s.after()[3]));
        // the map ends with the grid
        assertThat(pixel(img, grid.left() + c / 2, grid.top() + 2 * c + 4)).isEqualTo(0xFFFFFF);
    }

    @Test
    void theImageSizeFollowsTheGrid() {
        TileScores wide = Slides.grid("wide", 100, 100, 512);
        TileScores taller = Slides.grid("wider", 300, 100, 512);
        TileHeatmap.Grid g = TileHeatmap.grid(wide);
        assertThat(g.columns()).isEqualTo(100);
        assertThat(g.rows()).isEqualTo(1);
        assertThat(g.cell()).isEqualTo(TileHeatmap.MAX_SIDE / 100);
        BufferedImage a = TileHeatmap.render(wide);
        BufferedImage b = TileHeatmap.render(taller);
        assertThat(a.getWidth()).isEqualTo(2 * g.left() + 100 * g.cell());
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight() - a.getHeight()).isEqualTo(2 * g.cell());
    }

    @Test
    void tilesSharingACellShowTheHighestScore() {
        TileScores s = new TileScores("overlap", new int[] {0, 100, 0}, new int[] {0, 0, 512}, 256,
                new float[3], new float[] {0.2f, 0.9f, 0.5f}, null, 0.5, new boolean[3], null);
        TileHeatmap.Grid g = TileHeatmap.grid(s);
        assertThat(g.columns()).isEqualTo(1);
        assertThat(g.rows()).isEqualTo(3);
        BufferedImage img = TileHeatmap.render(s);
        assertThat(pixel(img, g.left() + g.cell() / 2, g.top() + g.cell() / 2)).isEqualTo(TileHeatmap.rgb(0.9f));
    }

    @Test
    void aGridFarTooLargeForTheTileSizeIsRefused() {
        TileScores s = new TileScores("stray", new int[] {0, 1_000_000_000}, new int[] {0, 1_000_000}, 1,
                new float[2], new float[2], null, 0.5, new boolean[2], null);
        assertThatThrownBy(() -> TileHeatmap.render(s)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("stray").hasMessageContaining("tile size");
    }

    @Test
    void aSlideOfFiftyThousandTilesRendersAndWritesAPng(@TempDir Path dir) throws Exception {
        TileScores s = Slides.grid("big", 50_000, 250, 224);
        TileHeatmap.Grid g = TileHeatmap.grid(s);
        assertThat(g.columns()).isEqualTo(250);
        assertThat(g.rows()).isEqualTo(200);
        assertThat(g.cell()).isEqualTo(6);
        Path file = dir.resolve("big.png");
        TileHeatmap.writePng(s, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back).isNotNull();
        assertThat(back.getWidth()).isEqualTo(2 * g.left() + 250 * 6);
        int last = s.size() - 1;
        int x = g.pixelX(s.x()[last]) + 3;
        int y = g.pixelY(s.y()[last]) + 3;
        assertThat(back.getRGB(x, y) & 0xFFFFFF).isEqualTo(TileHeatmap.rgb(s.after()[last]));
    }
}
