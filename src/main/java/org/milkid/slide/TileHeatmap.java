package org.milkid.slide;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import org.milkid.util.AtomicFiles;
import org.milkid.util.BadInputException;

/**
 * A slide's tiles on their grid, one square cell per tile, coloured by the KID score after
 * refinement on a viridis-like scale; predicted key tiles have a 1-pixel {@link #OUTLINE} on the
 * cell's border, labelled key tiles (when the slide has truth) a {@link #TRUTH} square in the
 * cell's top-left corner. Grid cells without a tile are {@link #BACKGROUND}. Above the map a title
 * with slide id and bag probability, below it a colour bar and a legend of the marks.
 *
 * <p>A tile at level-0 (x, y) is in column (x - min x) / tileSize and row (y - min y) / tileSize;
 * tiles sharing a cell (coordinates off the tile grid) are drawn in increasing score, so the
 * highest shows. A cell is 1600 / (the grid's longer side) pixels, at least 3 (so a key tile's
 * outline leaves its colour visible) and at most 32.
 */
public final class TileHeatmap {
    /** A grid cell without a tile. */
    public static final Color BACKGROUND = new Color(0xE6, 0xE6, 0xE6);
    /** The outline of a predicted key tile. */
    public static final Color OUTLINE = new Color(0xFF, 0x00, 0xFF);
    /** The corner mark of a labelled key tile. */
    public static final Color TRUTH = new Color(0x00, 0xFF, 0xFF);
    /** The longer side of the map aimed at, in pixels. */
    public static final int MAX_SIDE = 1600;
    private static final int MIN_CELL = 3;
    private static final int MAX_CELL = 32;
    private static final long MAX_CELLS = 4_000_000;
    private static final int MARGIN = 16;
    private static final int TITLE_H = 30;
    private static final int LEGEND_GAP = 16;
    private static final int LEGEND_H = 64;
    private static final int LEGEND_W = 470;
    private static final int BAR_W = 256;
    private static final int BAR_H = 14;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    /** Viridis sampled at 0, 1/8, ..., 1 (RGB), interpolated linearly in between. */
    private static final int[][] SCALE = {{68, 1, 84}, {71, 45, 123}, {59, 82, 139}, {44, 114, 142}, {33, 145, 140},
        {40, 174, 128}, {94, 201, 98}, {173, 220, 48}, {253, 231, 37}};

    private TileHeatmap() {
    }

    /**
     * Where a slide's tiles go in the image.
     *
     * @param minX the smallest level-0 x of the slide's tiles
     * @param minY the smallest level-0 y
     * @param tileSize a tile's side in level-0 pixels
     * @param columns the grid's number of columns
     * @param rows the grid's number of rows
     * @param cell a cell's side in image pixels
     * @param left the image x of the grid's left edge
     * @param top the image y of the grid's top edge
     */
    public record Grid(int minX, int minY, int tileSize, int columns, int rows, int cell, int left, int top) {
        /** The image x of the left edge of the cell of a tile at level-0 x. */
        public int pixelX(int x) {
            return left + (int) (((long) x - minX) / tileSize) * cell;
        }

        /** The image y of the top edge of the cell of a tile at level-0 y. */
        public int pixelY(int y) {
            return top + (int) (((long) y - minY) / tileSize) * cell;
        }
    }

    /**
     * The slide's grid; a grid of more than 4,000,000 cells (a tile size that does not fit the
     * coordinates) is refused, naming the slide.
     */
    public static Grid grid(TileScores s) {
        int minX = Arrays.stream(s.x()).min().orElseThrow();
        int minY = Arrays.stream(s.y()).min().orElseThrow();
        long cols = ((long) Arrays.stream(s.x()).max().orElseThrow() - minX) / s.tileSize() + 1;
        long rows = ((long) Arrays.stream(s.y()).max().orElseThrow() - minY) / s.tileSize() + 1;
        if (cols * rows > MAX_CELLS) {
            throw new BadInputException("slide " + s.slideId() + ": its tiles span a grid of " + cols + " x " + rows
                    + " tiles of " + s.tileSize() + " pixels, more than " + MAX_CELLS + "; is the tile size right?");
        }
        int cell = (int) Math.max(MIN_CELL, Math.min(MAX_CELL, MAX_SIDE / Math.max(cols, rows)));
        return new Grid(minX, minY, s.tileSize(), (int) cols, (int) rows, cell, MARGIN, MARGIN + TITLE_H);
    }

    /** The colour of a score on the scale (clamped to [0,1]), as 0xRRGGBB. */
    public static int rgb(double score) {
        double t = Math.max(0, Math.min(1, score)) * (SCALE.length - 1);
        int i = Math.min((int) t, SCALE.length - 2);
        double f = t - i;
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
            rgb = (rgb << 8) | (int) Math.round(SCALE[i][c] + f * (SCALE[i + 1][c] - SCALE[i][c]));
        }
        return rgb;
    }

    /** Writes the heatmap as a PNG, whole or not at all. */
    public static void writePng(TileScores s, Path file) throws IOException {
        AtomicFiles.writePng(render(s), file);
    }

    /** The heatmap with its title and legend. */
    public static BufferedImage render(TileScores s) {
        Grid grid = grid(s);
        String title = String.format(Locale.ROOT, "%s - bag probability %.3f", s.slideId(), s.bagProbability());
        int titleW = (int) Math.ceil(TITLE.getStringBounds(title, new FontRenderContext(null, true, true)).getWidth());
        int mapW = grid.columns() * grid.cell();
        int mapH = grid.rows() * grid.cell();
        int width = 2 * MARGIN + Math.max(mapW, Math.max(LEGEND_W, titleW));
        int height = grid.top() + mapH + LEGEND_GAP + LEGEND_H + MARGIN;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(INK);
        g.setFont(TITLE);
        g.drawString(title, MARGIN, MARGIN + 16);
        g.setColor(BACKGROUND);
        g.fillRect(grid.left(), grid.top(), mapW, mapH);
        tiles(g, s, grid);
        legend(g, grid.top() + mapH + LEGEND_GAP, s.truth() != null);
        g.dispose();
        return img;
    }

    /** The cells in increasing score, then the outlines of key tiles, then the marks of labelled ones. */
    private static void tiles(Graphics2D g, TileScores s, Grid grid) {
        Integer[] order = new Integer[s.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> s.after()[i]));
        int c = grid.cell();
        for (int i : order) {
            g.setColor(new Color(rgb(s.after()[i])));
            g.fillRect(grid.pixelX(s.x()[i]), grid.pixelY(s.y()[i]), c, c);
        }
        g.setColor(OUTLINE);
        for (int i = 0; i < s.size(); i++) {
            if (s.key()[i]) {
                g.drawRect(grid.pixelX(s.x()[i]), grid.pixelY(s.y()[i]), c - 1, c - 1);
            }
        }
        if (s.truth() != null) {
            g.setColor(TRUTH);
            for (int i = 0; i < s.size(); i++) {
                if (s.truth()[i] == 1) {
                    g.fillRect(grid.pixelX(s.x()[i]), grid.pixelY(s.y()[i]), markSize(c), markSize(c));
                }
            }
        }
    }

    /** The side of the corner mark: a third of the cell, so it never reaches the cell's centre. */
    private static int markSize(int cell) {
        return Math.max(1, cell / 3);
    }

    /** The colour bar with ticks and caption, and the swatches of the marks to its right. */
    private static void legend(Graphics2D g, int top, boolean truth) {
        for (int i = 0; i < BAR_W; i++) {
            g.setColor(new Color(rgb(i / (BAR_W - 1.0))));
            g.fillRect(MARGIN + i, top, 1, BAR_H);
        }
        g.setColor(INK);
        g.drawRect(MARGIN - 1, top - 1, BAR_W + 1, BAR_H + 1);
        g.setFont(SMALL);
        for (int k = 0; k <= 4; k++) {
            int x = MARGIN + Math.round(k * (BAR_W - 1) / 4f);
            g.drawLine(x, top + BAR_H + 1, x, top + BAR_H + 4);
            String label = String.format(Locale.ROOT, "%.2f", k / 4.0);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + BAR_H + 17);
        }
        g.drawString("KID score after refinement", MARGIN, top + BAR_H + 36);
        int x = MARGIN + BAR_W + 32;
        swatch(g, x, top, "predicted key tile", OUTLINE, null);
        if (truth) {
            swatch(g, x, top + 20, "labelled key tile", null, TRUTH);
        }
        swatch(g, x, top + (truth ? 40 : 20), "no tile", null, null);
    }

    /** A 14-pixel cell (mid-scale colour, or background when it has no mark) and its label. */
    private static void swatch(Graphics2D g, int x, int y, String label, Color outline, Color mark) {
        g.setColor(outline == null && mark == null ? BACKGROUND : new Color(rgb(0.5)));
        g.fillRect(x, y, BAR_H, BAR_H);
        if (outline != null) {
            g.setColor(outline);
            g.drawRect(x, y, BAR_H - 1, BAR_H - 1);
        }
        if (mark != null) {
            g.setColor(mark);
            g.fillRect(x, y, markSize(BAR_H), markSize(BAR_H));
        }
        g.setColor(INK);
        g.drawString(label, x + BAR_H + 8, y + BAR_H - 2);
    }
}
