package org.milkid.detect;

import org.milkid.util.BadInputException;

/**
 * An L2-regularised logistic regression on instance embeddings, fitted in double by full-batch
 * gradient descent from zero on standardised inputs: deterministic, no random draws, the same
 * result for the same data on any machine up to the rounding of the inputs. The classes are
 * weighted to equal total weight, so a handful of positives among thousands of negatives still
 * counts. Used by {@link SelfTrainingDetector}.
 */
public final class InstanceLogistic {
    private final double[] mean;
    private final double[] scale;
    private final double[] w;
    private final double b;

    private InstanceLogistic(double[] mean, double[] scale, double[] w, double b) {
        this.mean = mean;
        this.scale = scale;
        this.w = w;
        this.b = b;
    }

    /**
     * Fits the classifier.
     *
     * @param x the instances' embeddings {@code [N][D]}
     * @param y their labels, 0 or 1, both present
     * @param l2 the ridge penalty on the weights (not the bias), at least 0
     * @param iterations the number of gradient steps, at least 1
     */
    public static InstanceLogistic fit(float[][] x, int[] y, double l2, int iterations) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException(n + " instances for " + y.length + " labels");
        }
        if (!(l2 >= 0) || iterations < 1) {
            throw new BadInputException("self-training: l2 must be >= 0 and iterations >= 1, got " + l2 + ", "
                    + iterations);
        }
        int d = x[0].length;
        int pos = 0;
        for (int v : y) {
            pos += v;
        }
        if (pos == 0 || pos == n) {
            throw new IllegalArgumentException("a logistic regression needs both labels, got " + pos + " of " + n);
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-12 ? 1 / sd : 0; // a constant feature carries nothing
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) * scale[j];
            }
        }
        double wPos = 0.5 / pos;
        double wNeg = 0.5 / (n - pos);
        double[] w = new double[d];
        double b = 0;
        // gradient steps with backtracking: halve the step until the weighted loss does not rise,
        // grow it by half after every accepted step
        double step = 1.0;
        double loss = loss(z, y, w, b, wPos, wNeg, l2);
        double[] g = new double[d];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(g, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(w, z[i]) + b);
                double r = (p - y[i]) * (y[i] == 1 ? wPos : wNeg);
                for (int j = 0; j < d; j++) {
                    g[j] += r * z[i][j];
                }
                gb += r;
            }
            for (int j = 0; j < d; j++) {
                g[j] += l2 * w[j];
            }
            double[] nw = new double[d];
            double nb;
            double nl;
            while (true) {
                for (int j = 0; j < d; j++) {
                    nw[j] = w[j] - step * g[j];
                }
                nb = b - step * gb;
                nl = loss(z, y, nw, nb, wPos, wNeg, l2);
                if (nl <= loss || step < 1e-8) {
                    break;
                }
                step /= 2;
            }
            w = nw;
            b = nb;
            loss = nl;
            step *= 1.5;
        }
        return new InstanceLogistic(mean, scale, w, b);
    }

    /** The logit of one instance's embedding. */
    public double logit(float[] x) {
        double s = b;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * (x[j] - mean[j]) * scale[j];
        }
        return s;
    }

    private static double loss(double[][] z, int[] y, double[] w, double b, double wPos, double wNeg, double l2) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double t = dot(w, z[i]) + b;
            // -log sigmoid(t) for y = 1, -log(1 - sigmoid(t)) for y = 0, stably
            double m = y[i] == 1 ? -t : t;
            s += (y[i] == 1 ? wPos : wNeg) * (Math.max(m, 0) + Math.log1p(Math.exp(-Math.abs(m))));
        }
        double r = 0;
        for (double v : w) {
            r += v * v;
        }
        return s + 0.5 * l2 * r;
    }

    private static double dot(double[] w, double[] z) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * z[j];
        }
        return s;
    }

    private static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }
}
