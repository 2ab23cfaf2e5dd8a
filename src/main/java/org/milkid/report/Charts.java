package org.milkid.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Plain Java2D charts for the report, drawn at twice their display size so they stay sharp:
 * bars with standard-error whiskers (the paper's Fig. 2) and lines with whiskers (F1 against
 * lambda or threshold). Values are assumed to lie in [0, 1] (F1, precision, recall).
 */
public final class Charts {
    /** Display width of a chart in CSS pixels (the image is twice as wide). */
    public static final int WIDTH = 900;
    /** Display height of a chart in CSS pixels. */
    public static final int HEIGHT = 420;
    private static final int SCALE = 2;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    /** A colour-blind-safe palette (Okabe and Ito), then greys. */
    public static final List<Color> PALETTE = List.of(new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00),
            new Color(0x00, 0x9E, 0x73), new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7),
            new Color(0x56, 0xB4, 0xE9), new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00),
            new Color(0x88, 0x88, 0x88), new Color(0x44, 0x44, 0x88), new Color(0x88, 0x44, 0x44),
            new Color(0x44, 0x88, 0x44));

    private Charts() {
    }

    /**
     * One bar.
     *
     * @param label the name under the bar
     * @param mean its height (NaN: drawn as "n/a")
     * @param sem the half-length of its whisker (0: none)
     * @param color its fill
     */
    public record Bar(String label, double mean, double sem, Color color) {
    }

    /**
     * One line.
     *
     * @param name the legend's name
     * @param x the x values
     * @param y the y values (NaN: a gap)
     * @param err the half-length of each point's whisker
     */
    public record Series(String name, double[] x, double[] y, double[] err) {
    }

    /**
     * A legend entry.
     *
     * @param label its text
     * @param color its colour
     */
    public record Key(String label, Color color) {
    }

    /** A bar chart with whiskers, y from 0 to 1 (or more when a whisker reaches above). */
    public static BufferedImage bars(String title, String yLabel, List<Bar> bars, List<Key> legend) {
        BufferedImage img = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double top = 1;
        for (Bar b : bars) {
            if (!Double.isNaN(b.mean())) {
                top = Math.max(top, b.mean() + b.sem());
            }
        }
        top = Math.ceil(top * 5) / 5;
        Rectangle2D.Double plot = new Rectangle2D.Double(70, 50, WIDTH - 90, HEIGHT - 50 - 120);
        frame(g, title, yLabel, plot, top);
        int n = Math.max(1, bars.size());
        double slot = plot.width / n;
        double barW = Math.min(60, slot * 0.6);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double cx = plot.x + slot * (i + 0.5);
            g.setFont(small);
            if (Double.isNaN(b.mean())) {
                g.setColor(INK);
                centred(g, "n/a", cx, plot.y + plot.height - 6);
            } else {
                double y = yOf(b.mean(), plot, top);
                g.setColor(b.color());
                g.fill(new Rectangle2D.Double(cx - barW / 2, y, barW, plot.y + plot.height - y));
                g.setColor(INK);
                double hi = yOf(b.mean() + b.sem(), plot, top);
                if (b.sem() > 0) {
                    double lo = yOf(Math.max(0, b.mean() - b.sem()), plot, top);
                    g.setStroke(new BasicStroke(1.5f));
                    g.draw(new Line2D.Double(cx, lo, cx, hi));
                    g.draw(new Line2D.Double(cx - 6, lo, cx + 6, lo));
                    g.draw(new Line2D.Double(cx - 6, hi, cx + 6, hi));
                }
                centred(g, String.format(Locale.ROOT, "%.3f", b.mean()), cx, Math.min(y, hi) - 5);
            }
            g.setColor(INK);
            AffineTransform keep = g.getTransform();
            g.translate(cx + 4, plot.y + plot.height + 12);
            g.rotate(Math.toRadians(-35));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(b.label(), -fm.stringWidth(b.label()), fm.getAscent() / 2);
            g.setTransform(keep);
        }
        legend(g, legend, plot);
        g.dispose();
        return img;
    }

    /** A line chart with whiskers over numeric x values, y from 0 to 1. */
    public static BufferedImage lines(String title, String xLabel, String yLabel, List<Series> series) {
        BufferedImage img = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        double top = 1;
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        java.util.TreeSet<Double> ticks = new java.util.TreeSet<>();
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xmin = Math.min(xmin, s.x()[i]);
                xmax = Math.max(xmax, s.x()[i]);
                ticks.add(s.x()[i]);
                if (!Double.isNaN(s.y()[i])) {
                    top = Math.max(top, s.y()[i] + s.err()[i]);
                }
            }
        }
        top = Math.ceil(top * 5) / 5;
        Rectangle2D.Double plot = new Rectangle2D.Double(70, 50, WIDTH - 90 - 190, HEIGHT - 50 - 70);
        frame(g, title, yLabel, plot, top);
        if (series.isEmpty() || xmin > xmax) {
            g.dispose();
            return img;
        }
        double pad = xmax > xmin ? (xmax - xmin) * 0.05 : 1;
        double x0 = xmin - pad;
        double x1 = xmax + pad;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(INK);
        for (double t : ticks.size() <= 12 ? ticks : java.util.Set.of(xmin, xmax)) {
            double x = plot.x + (t - x0) / (x1 - x0) * plot.width;
            g.draw(new Line2D.Double(x, plot.y + plot.height, x, plot.y + plot.height + 5));
            centred(g, tick(t), x, plot.y + plot.height + 20);
        }
        centred(g, xLabel, plot.x + plot.width / 2, plot.y + plot.height + 45);
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            Color c = PALETTE.get(si % PALETTE.size());
            g.setColor(c);
            double px = Double.NaN;
            double py = Double.NaN;
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isNaN(s.y()[i])) {
                    px = Double.NaN;
                    continue;
                }
                double x = plot.x + (s.x()[i] - x0) / (x1 - x0) * plot.width;
                double y = yOf(s.y()[i], plot, top);
                g.setStroke(new BasicStroke(2f));
                if (!Double.isNaN(px)) {
                    g.draw(new Line2D.Double(px, py, x, y));
                }
                g.setStroke(new BasicStroke(1.2f));
                if (s.err()[i] > 0) {
                    double hi = yOf(s.y()[i] + s.err()[i], plot, top);
                    double lo = yOf(Math.max(0, s.y()[i] - s.err()[i]), plot, top);
                    g.draw(new Line2D.Double(x, lo, x, hi));
                    g.draw(new Line2D.Double(x - 4, lo, x + 4, lo));
                    g.draw(new Line2D.Double(x - 4, hi, x + 4, hi));
                }
                g.fill(new java.awt.geom.Ellipse2D.Double(x - 4, y - 4, 8, 8));
                px = x;
                py = y;
            }
        }
        java.util.List<Key> keys = new java.util.ArrayList<>();
        for (int si = 0; si < series.size(); si++) {
            keys.add(new Key(series.get(si).name(), PALETTE.get(si % PALETTE.size())));
        }
        legendRight(g, keys, plot);
        g.dispose();
        return img;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.scale(SCALE, SCALE);
        return g;
    }

    /** Title, y axis with grid lines every 0.2, and the plot's border. */
    private static void frame(Graphics2D g, String title, String yLabel, Rectangle2D.Double plot, double top) {
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, (float) plot.x, 28f);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= top + 1e-9; v += 0.2) {
            double y = yOf(v, plot, top);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(plot.x, y, plot.x + plot.width, y));
            g.setColor(INK);
            String s = String.format(Locale.ROOT, "%.1f", v);
            g.drawString(s, (float) (plot.x - 8 - fm.stringWidth(s)), (float) (y + fm.getAscent() / 2.0 - 1));
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(new Line2D.Double(plot.x, plot.y, plot.x, plot.y + plot.height));
        g.draw(new Line2D.Double(plot.x, plot.y + plot.height, plot.x + plot.width, plot.y + plot.height));
        AffineTransform keep = g.getTransform();
        g.translate(plot.x - 48, plot.y + plot.height / 2);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -fm.stringWidth(yLabel) / 2f, 0f);
        g.setTransform(keep);
    }

    private static void legend(Graphics2D g, List<Key> keys, Rectangle2D.Double plot) {
        if (keys == null || keys.isEmpty()) {
            return;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        double x = plot.x + plot.width;
        for (int i = keys.size() - 1; i >= 0; i--) {
            Key k = keys.get(i);
            x -= fm.stringWidth(k.label()) + 30;
            g.setColor(k.color());
            g.fill(new Rectangle2D.Double(x, 34, 12, 12));
            g.setColor(INK);
            g.drawString(k.label(), (float) (x + 16), 45f);
        }
    }

    private static void legendRight(Graphics2D g, List<Key> keys, Rectangle2D.Double plot) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double x = plot.x + plot.width + 20;
        double y = plot.y + 10;
        for (Key k : keys) {
            g.setColor(k.color());
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(x, y, x + 20, y));
            g.fill(new java.awt.geom.Ellipse2D.Double(x + 6, y - 4, 8, 8));
            g.setColor(INK);
            g.drawString(k.label(), (float) (x + 28), (float) (y + 4));
            y += 20;
        }
    }

    private static double yOf(double v, Rectangle2D.Double plot, double top) {
        return plot.y + plot.height - v / top * plot.height;
    }

    private static void centred(Graphics2D g, String s, double cx, double baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, (float) (cx - fm.stringWidth(s) / 2.0), (float) baseline);
    }

    private static String tick(double v) {
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return s;
    }
}
