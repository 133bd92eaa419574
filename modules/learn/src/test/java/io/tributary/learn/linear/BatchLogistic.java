package io.tributary.learn.linear;

/**
 * Batch L2-regularised logistic regression, the independent reference for the online learners: minimises
 * {@code (1/n) sum_i CE(softmax(W x_i + b), y_i) + (l2/2) |W|^2} (intercepts unpenalised) by damped Newton steps
 * to a gradient below 1e-10. Binary problems use one row ({@code sigmoid(w.x + b)}), as {@link LogisticRegression}
 * does; K classes use K rows, as {@link SoftmaxRegression} does. Plain double arithmetic, no learner code.
 */
final class BatchLogistic {

    final int rows;
    final int d;
    /** rows x (d + 1): weights, then the intercept. */
    final double[][] theta;
    final double gradientNorm;
    final int iterations;

    private BatchLogistic(int rows, int d, double[][] theta, double gradientNorm, int iterations) {
        this.rows = rows;
        this.d = d;
        this.theta = theta;
        this.gradientNorm = gradientNorm;
        this.iterations = iterations;
    }

    static BatchLogistic fit(double[][] x, int[] y, int numClasses, double l2) {
        int rows = numClasses == 2 ? 1 : numClasses;
        int d = x[0].length;
        int p = rows * (d + 1);
        double[] theta = new double[p];
        double gradientNorm = Double.POSITIVE_INFINITY;
        int iteration = 0;
        for (; iteration < 200; iteration++) {
            double[] g = new double[p];
            double[][] h = new double[p][p];
            gradientAndHessian(x, y, rows, d, l2, theta, g, h);
            gradientNorm = 0;
            for (double v : g) {
                gradientNorm = Math.max(gradientNorm, Math.abs(v));
            }
            if (gradientNorm < 1e-10) {
                break;
            }
            // The intercepts of a K-row softmax can all shift together without changing anything: a tiny ridge keeps
            // the system solvable, and the gradient has no component along that direction anyway.
            for (int i = 0; i < p; i++) {
                h[i][i] += 1e-12;
            }
            double[] step = solve(h, g);
            double f0 = objective(x, y, rows, d, l2, theta);
            double t = 1;
            double slope = 0;
            for (int i = 0; i < p; i++) {
                slope += g[i] * step[i];
            }
            double[] candidate = new double[p];
            while (true) {
                for (int i = 0; i < p; i++) {
                    candidate[i] = theta[i] - t * step[i];
                }
                if (objective(x, y, rows, d, l2, candidate) <= f0 - 1e-4 * t * slope || t < 1e-10) {
                    break;
                }
                t /= 2;
            }
            theta = candidate.clone();
        }
        double[][] out = new double[rows][d + 1];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(theta, r * (d + 1), out[r], 0, d + 1);
        }
        return new BatchLogistic(rows, d, out, gradientNorm, iteration);
    }

    /** Class probabilities. */
    double[] proba(double[] x) {
        double[] z = new double[rows];
        for (int r = 0; r < rows; r++) {
            z[r] = theta[r][d];
            for (int j = 0; j < d; j++) {
                z[r] += theta[r][j] * x[j];
            }
        }
        return probabilities(z);
    }

    int predict(double[] x) {
        double[] pr = proba(x);
        int best = 0;
        for (int k = 1; k < pr.length; k++) {
            if (pr[k] > pr[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double[] probabilities(double[] z) {
        if (z.length == 1) {
            double p1 = 1 / (1 + Math.exp(-z[0]));
            return new double[] {1 - p1, p1};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            e[k] = Math.exp(z[k] - max);
            sum += e[k];
        }
        for (int k = 0; k < z.length; k++) {
            e[k] /= sum;
        }
        return e;
    }

    private static double[] margins(double[] x, int rows, int d, double[] theta) {
        double[] z = new double[rows];
        for (int r = 0; r < rows; r++) {
            int o = r * (d + 1);
            z[r] = theta[o + d];
            for (int j = 0; j < d; j++) {
                z[r] += theta[o + j] * x[j];
            }
        }
        return z;
    }

    static double objective(double[][] x, int[] y, int rows, int d, double l2, double[] theta) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            double[] pr = probabilities(margins(x[i], rows, d, theta));
            loss -= Math.log(Math.max(pr[y[i]], 1e-300));
        }
        loss /= x.length;
        double penalty = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                double w = theta[r * (d + 1) + j];
                penalty += w * w;
            }
        }
        return loss + l2 / 2 * penalty;
    }

    private static void gradientAndHessian(double[][] x, int[] y, int rows, int d, double l2, double[] theta,
            double[] g, double[][] h) {
        int n = x.length;
        double[] xe = new double[d + 1];
        xe[d] = 1;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, xe, 0, d);
            double[] pr = probabilities(margins(x[i], rows, d, theta));
            // Binary: one row, derivative p1 - y, curvature p1 (1 - p1). Softmax: p_k - [y = k], p_k ([k = l] - p_l).
            for (int k = 0; k < rows; k++) {
                double pk = rows == 1 ? pr[1] : pr[k];
                double target = rows == 1 ? y[i] : (y[i] == k ? 1 : 0);
                double r = (pk - target) / n;
                for (int a = 0; a <= d; a++) {
                    g[k * (d + 1) + a] += r * xe[a];
                }
                for (int l = 0; l < rows; l++) {
                    double pl = rows == 1 ? pr[1] : pr[l];
                    double c = (rows == 1 ? pk * (1 - pk) : pk * ((k == l ? 1 : 0) - pl)) / n;
                    if (c == 0) {
                        continue;
                    }
                    for (int a = 0; a <= d; a++) {
                        double ca = c * xe[a];
                        double[] hr = h[k * (d + 1) + a];
                        int o = l * (d + 1);
                        for (int b = 0; b <= d; b++) {
                            hr[o + b] += ca * xe[b];
                        }
                    }
                }
            }
        }
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < d; j++) {
                int idx = k * (d + 1) + j;
                g[idx] += l2 * theta[idx];
                h[idx][idx] += l2;
            }
        }
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                if (f != 0) {
                    for (int k = c; k <= n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[] out = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * out[k];
            }
            out[r] = s / m[r][r];
        }
        return out;
    }
}
