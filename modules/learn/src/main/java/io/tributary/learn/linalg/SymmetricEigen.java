package io.tributary.learn.linalg;

import java.util.Arrays;

/**
 * Eigenvalues of a real symmetric matrix, in double, by the textbook two-phase method (Golub and Van Loan, "Matrix
 * Computations", 4th ed., §8.3): Householder reduction to tridiagonal form (Algorithm 8.3.1), then implicit
 * symmetric QR steps with Wilkinson's shift (Algorithm 8.3.2) until every off-diagonal entry is negligible. The
 * cost is about {@code n^3} multiply-adds for the reduction and {@code O(n^2)} for the QR phase: some tens of
 * microseconds at {@code n = 64}, which is what the dimensionality tracker needs of it. Eigenvectors are not
 * computed.
 *
 * <p>The matrix is first scaled to unit Frobenius norm, and entries below machine epsilon of that norm count as
 * zero, so the eigenvalues are accurate to about {@code 1e-16 ||A||_F} in absolute terms (the method is normwise
 * backward stable); eigenvalues much smaller than that come out as noise of that size.
 *
 * <p>An instance owns its workspace for matrices up to a size and grows it on demand, so repeated calls allocate
 * nothing; not thread-safe.
 */
public final class SymmetricEigen {

    /** Off-diagonal entries below this relative size are set to zero (deflation). */
    private static final double EPS = Math.ulp(1.0);
    /** QR sweeps allowed per eigenvalue before giving up; convergence is cubic, so a handful are used. */
    private static final int MAX_SWEEPS_PER_EIGENVALUE = 30;

    private double[] work = new double[0];
    private double[] diag = new double[0];
    private double[] off = new double[0];
    private double[] v = new double[0];
    private double[] p = new double[0];

    /**
     * The eigenvalues of the symmetric {@code n x n} matrix stored row-major in {@code a[0, n*n)}, in descending
     * order. Only the lower triangle is read; {@code a} is not modified.
     *
     * @throws IllegalArgumentException when {@code a} is shorter than {@code n*n} or holds a non-finite value
     */
    public double[] eigenvalues(double[] a, int n) {
        double[] out = new double[n];
        eigenvalues(a, n, out);
        return out;
    }

    /** As {@link #eigenvalues(double[], int)}, into {@code out[0, n)}. */
    public void eigenvalues(double[] a, int n, double[] out) {
        if (n < 0 || (long) n * n > a.length || out.length < n) {
            throw new IllegalArgumentException("a " + n + " x " + n + " matrix does not fit " + a.length
                    + " entries, or " + out.length + " outputs");
        }
        if (n == 0) {
            return;
        }
        ensure(n);
        double largest = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = a[i * n + j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is " + x);
                }
                largest = Math.max(largest, Math.abs(x));
            }
        }
        if (largest == 0) {
            Arrays.fill(out, 0, n, 0.0);
            return;
        }
        // Symmetrise from the lower triangle into the workspace, scaled to unit Frobenius norm: then "negligible"
        // can be an absolute epsilon, and squares of tiny entries cannot underflow into a division by zero.
        double frobenius2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = a[i * n + j] / largest;
                frobenius2 += i == j ? x * x : 2 * x * x;
            }
        }
        double scale = largest * Math.sqrt(frobenius2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = a[i * n + j] / scale;
                work[i * n + j] = x;
                work[j * n + i] = x;
            }
        }
        tridiagonalise(n);
        diagonalise(n);
        for (int i = 0; i < n; i++) {
            out[i] = diag[i] * scale;
        }
        Arrays.sort(out, 0, n);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            double t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
    }

    private void ensure(int n) {
        if (work.length < n * n) {
            work = new double[n * n];
        }
        if (diag.length < n) {
            diag = new double[n];
            off = new double[n];
            v = new double[n];
            p = new double[n];
        }
    }

    /**
     * Householder reduction: for each column k, the reflection {@code H = I - beta v v^T} that maps the part of
     * column k below the diagonal to {@code alpha e_1} is applied from both sides to the trailing block, as
     * {@code A22 - v w^T - w v^T} with {@code p = beta A22 v}, {@code w = p - (beta/2)(v^T p) v}. Leaves the
     * diagonal in {@code diag} and the sub-diagonal in {@code off}.
     */
    private void tridiagonalise(int n) {
        double[] a = work;
        for (int k = 0; k < n - 2; k++) {
            int m = n - k - 1;
            int base = k + 1;
            double tail = 0;
            for (int i = 1; i < m; i++) {
                double x = a[(base + i) * n + k];
                tail += x * x;
            }
            diag[k] = a[k * n + k];
            double x0 = a[base * n + k];
            // Nothing left to annihilate below the first entry (to working precision of the unit-norm matrix): the
            // column is already in tridiagonal form. Dropping a remainder below EPS perturbs the matrix by less than
            // EPS in norm, which the reflections themselves do anyway.
            if (tail <= EPS * EPS) {
                off[k] = x0;
                continue;
            }
            double norm2 = tail + x0 * x0;
            // alpha has the opposite sign of x0, so v0 = x0 - alpha adds magnitudes instead of cancelling.
            double alpha = -Math.copySign(Math.sqrt(norm2), x0);
            v[0] = x0 - alpha;
            for (int i = 1; i < m; i++) {
                v[i] = a[(base + i) * n + k];
            }
            double vtv = tail + v[0] * v[0];
            double beta = 2 / vtv;
            // p = beta A22 v, four rows at a time: four independent sums instead of one latency-bound chain.
            int i = 0;
            for (; i + 3 < m; i += 4) {
                int r0 = (base + i) * n + base;
                int r1 = r0 + n;
                int r2 = r1 + n;
                int r3 = r2 + n;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < m; j++) {
                    double vj = v[j];
                    s0 += a[r0 + j] * vj;
                    s1 += a[r1 + j] * vj;
                    s2 += a[r2 + j] * vj;
                    s3 += a[r3 + j] * vj;
                }
                p[i] = beta * s0;
                p[i + 1] = beta * s1;
                p[i + 2] = beta * s2;
                p[i + 3] = beta * s3;
            }
            for (; i < m; i++) {
                int row = (base + i) * n + base;
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += a[row + j] * v[j];
                }
                p[i] = beta * s;
            }
            double vtp = 0;
            for (int j = 0; j < m; j++) {
                vtp += v[j] * p[j];
            }
            double half = 0.5 * beta * vtp;
            for (int j = 0; j < m; j++) {
                p[j] -= half * v[j]; // p becomes w
            }
            for (int r = 0; r < m; r++) {
                int row = (base + r) * n + base;
                double vr = v[r];
                double wr = p[r];
                for (int j = 0; j < m; j++) {
                    a[row + j] -= vr * p[j] + wr * v[j];
                }
            }
            off[k] = alpha;
        }
        if (n >= 2) {
            diag[n - 2] = a[(n - 2) * n + n - 2];
            off[n - 2] = a[(n - 1) * n + n - 2];
        }
        diag[n - 1] = a[(n - 1) * n + n - 1];
    }

    /**
     * Implicit symmetric QR on the tridiagonal {@code (diag, off)}: repeatedly deflate negligible off-diagonal
     * entries, find the trailing unreduced block {@code [lo, hi]} and chase one Wilkinson-shifted QR step through
     * it, until all of {@code off} is zero; {@code diag} then holds the eigenvalues.
     */
    private void diagonalise(int n) {
        int budget = MAX_SWEEPS_PER_EIGENVALUE * n;
        int hi = n - 1;
        while (hi > 0) {
            if (negligible(hi - 1)) {
                off[hi - 1] = 0;
                hi--;
                continue;
            }
            int lo = hi - 1;
            while (lo > 0 && !negligible(lo - 1)) {
                lo--;
            }
            if (budget-- == 0) {
                throw new IllegalStateException("symmetric QR did not converge");
            }
            qrStep(lo, hi);
        }
    }

    /**
     * Relative to its neighbours on the diagonal (which keeps small eigenvalues accurate when they are), or to the
     * unit norm of the scaled matrix (which ends the iteration on blocks that are zero to working precision).
     */
    private boolean negligible(int i) {
        double e = Math.abs(off[i]);
        return e <= EPS || e <= EPS * (Math.abs(diag[i]) + Math.abs(diag[i + 1]));
    }

    /**
     * One implicit QR step on the unreduced block {@code [lo, hi]}. The shift mu is the eigenvalue of the trailing
     * 2 x 2 block closer to its last diagonal entry. A rotation {@code G} in the plane {@code (k, k+1)} with
     * {@code G = [[c, s], [-s, c]]} there is applied as {@code G T G^T}; the first one is chosen from
     * {@code (d_lo - mu, e_lo)} (the first column of {@code T - mu I}), each later one annihilates the bulge the
     * previous one created at {@code (k+1, k-1)}.
     */
    private void qrStep(int lo, int hi) {
        double[] d = diag;
        double[] e = off;
        double delta = (d[hi - 1] - d[hi]) / 2;
        double b = e[hi - 1];
        // sqrt rather than Math.hypot (several times slower): the matrix has unit norm, so no square overflows, and
        // an underflowing square only concerns entries far below the deflation threshold.
        double mu = d[hi] - b * b / (delta + Math.copySign(Math.sqrt(delta * delta + b * b), delta));
        double x = d[lo] - mu;
        double z = e[lo];
        for (int k = lo; k < hi; k++) {
            double r = Math.sqrt(x * x + z * z);
            double inv = r == 0 ? 0 : 1 / r;
            double c = r == 0 ? 1 : x * inv;
            double s = z * inv;
            if (k > lo) {
                e[k - 1] = r;
            }
            double a0 = d[k];
            double b0 = e[k];
            double c0 = d[k + 1];
            double cs = c * s;
            d[k] = c * c * a0 + 2 * cs * b0 + s * s * c0;
            d[k + 1] = s * s * a0 - 2 * cs * b0 + c * c * c0;
            e[k] = cs * (c0 - a0) + (c * c - s * s) * b0;
            if (k < hi - 1) {
                x = e[k];
                z = s * e[k + 1];
                e[k + 1] = c * e[k + 1];
            }
        }
    }
}
