package org.milkid.detect;

import java.util.List;

/**
 * Weighted linear least squares with an intercept and a tiny ridge penalty on the slopes, in double:
 * minimise {@code sum_s w_s (y_s - b - x_s . c)^2 + lambda |c|^2} over b and c, for binary rows x_s
 * (coalition masks). The intercept is not penalised: rows and targets are centred on their weighted
 * means, scaled by sqrt(w_s), and the slopes solve the normal equations by Cholesky, in the primal form
 * {@code (A^T A + lambda I) c = A^T y} when there are no more columns than rows, else in the dual
 * form {@code c = A^T (A A^T + lambda I)^-1 y} (the same solution, on the smaller matrix), as
 * scikit-learn's {@code Ridge} does.
 */
final class WeightedRidge {
    private WeightedRidge() {
    }

    /**
     * The slopes c.
     *
     * @param rows m masks of n booleans
     * @param y m targets
     * @param w m positive weights
     * @param ridge lambda
     */
    static double[] fit(List<boolean[]> rows, double[] y, double[] w, double ridge) {
        int m = rows.size();
        int n = rows.get(0).length;
        double sw = 0;
        double ybar = 0;
        double[] xbar = new double[n];
        for (int s = 0; s < m; s++) {
            sw += w[s];
            ybar += w[s] * y[s];
            boolean[] x = rows.get(s);
            for (int j = 0; j < n; j++) {
                if (x[j]) {
                    xbar[j] += w[s];
                }
            }
        }
        ybar /= sw;
        for (int j = 0; j < n; j++) {
            xbar[j] /= sw;
        }
        double[][] a = new double[m][n];
        double[] c = new double[m];
        for (int s = 0; s < m; s++) {
            double r = Math.sqrt(w[s]);
            boolean[] x = rows.get(s);
            for (int j = 0; j < n; j++) {
                a[s][j] = r * ((x[j] ? 1 : 0) - xbar[j]);
            }
            c[s] = r * (y[s] - ybar);
        }
        if (n <= m) {
            double[][] g = new double[n][n];
            double[] rhs = new double[n];
            for (int s = 0; s < m; s++) {
                double[] as = a[s];
                for (int i = 0; i < n; i++) {
                    double v = as[i];
                    rhs[i] += v * c[s];
                    double[] gi = g[i];
                    for (int j = 0; j <= i; j++) {
                        gi[j] += v * as[j];
                    }
                }
            }
            return solve(g, rhs, ridge);
        }
        double[][] k = new double[m][m];
        for (int s = 0; s < m; s++) {
            for (int t = 0; t <= s; t++) {
                double v = 0;
                double[] as = a[s];
                double[] at = a[t];
                for (int j = 0; j < n; j++) {
                    v += as[j] * at[j];
                }
                k[s][t] = v;
            }
        }
        double[] dual = solve(k, c, ridge);
        double[] out = new double[n];
        for (int s = 0; s < m; s++) {
            double d = dual[s];
            double[] as = a[s];
            for (int j = 0; j < n; j++) {
                out[j] += d * as[j];
            }
        }
        return out;
    }

    /**
     * Solves (g + lambda I) x = b for symmetric positive semi-definite g, given by its lower triangle.
     * Should rounding leave a pivot of the Cholesky factorisation non-positive (g singular to within
     * rounding error, which lambda = 1e-10 does not always cover), lambda grows tenfold and the
     * factorisation starts again.
     */
    private static double[] solve(double[][] g, double[] b, double ridge) {
        int n = b.length;
        double[][] l = null;
        for (double lambda = ridge; l == null; lambda *= 10) {
            if (!(lambda < Double.MAX_VALUE)) {
                throw new IllegalStateException("weighted least squares: the normal equations are not finite");
            }
            l = cholesky(g, lambda);
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double v = b[i];
            for (int p = 0; p < i; p++) {
                v -= l[i][p] * z[p];
            }
            z[i] = v / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double v = z[i];
            for (int p = i + 1; p < n; p++) {
                v -= l[p][i] * x[p];
            }
            x[i] = v / l[i][i];
        }
        return x;
    }

    /** The lower Cholesky factor of g + lambda I, or null when a pivot is not positive. */
    private static double[][] cholesky(double[][] g, double lambda) {
        int n = g.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double v = g[i][j] + (i == j ? lambda : 0);
                double[] lj = l[j];
                for (int p = 0; p < j; p++) {
                    v -= li[p] * lj[p];
                }
                if (i == j) {
                    if (!(v > 0)) {
                        return null;
                    }
                    li[i] = Math.sqrt(v);
                } else {
                    li[j] = v / lj[j];
                }
            }
        }
        return l;
    }
}
