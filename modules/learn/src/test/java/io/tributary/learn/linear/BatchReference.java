package io.tributary.learn.linear;

/**
 * Batch solutions of the objectives the online learners minimise, written independently of the learners (plain
 * double loops, no kernels), to check what the learners converge to.
 */
final class BatchReference {

    private BatchReference() {
    }

    /**
     * Elastic net by cyclic coordinate descent: minimises
     * {@code (1/n) sum (w.x_i + b - y_i)^2 / 2 + l1 |w|_1 + (l2/2) |w|^2}, intercept unpenalised.
     * With {@code l1 = l2 = 0} this is ordinary least squares.
     *
     * @return {@code d} weights followed by the intercept
     */
    static double[] elasticNet(double[][] x, double[] y, double l1, double l2) {
        int n = x.length;
        int d = x[0].length;
        double[] w = new double[d];
        double b = mean(y);
        double[] residual = new double[n]; // y - (w.x + b)
        for (int i = 0; i < n; i++) {
            residual[i] = y[i] - b;
        }
        double[] squares = new double[d];
        for (int j = 0; j < d; j++) {
            for (double[] row : x) {
                squares[j] += row[j] * row[j] / n;
            }
        }
        for (int sweep = 0; sweep < 10_000; sweep++) {
            double change = 0;
            for (int j = 0; j < d; j++) {
                double rho = 0;
                for (int i = 0; i < n; i++) {
                    rho += x[i][j] * (residual[i] + w[j] * x[i][j]);
                }
                rho /= n;
                double updated = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / (squares[j] + l2);
                double delta = updated - w[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        residual[i] -= delta * x[i][j];
                    }
                    w[j] = updated;
                    change = Math.max(change, Math.abs(delta));
                }
            }
            double shift = mean(residual);
            b += shift;
            for (int i = 0; i < n; i++) {
                residual[i] -= shift;
            }
            change = Math.max(change, Math.abs(shift));
            if (change < 1e-12) {
                break;
            }
        }
        double[] out = new double[d + 1];
        System.arraycopy(w, 0, out, 0, d);
        out[d] = b;
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e;
        }
        return s / v.length;
    }
}
