package io.tributary.learn.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Eigenvalues against closed forms and against matrices built from a known spectrum. */
class SymmetricEigenTest {

    private final SymmetricEigen eigen = new SymmetricEigen();

    private static double[] descending(double... values) {
        double[] s = values.clone();
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return s;
    }

    @Test
    void smallCasesByHand() {
        assertArrayEquals(new double[0], eigen.eigenvalues(new double[0], 0));
        assertArrayEquals(new double[] {-4}, eigen.eigenvalues(new double[] {-4}, 1));
        // [[2, 1], [1, 2]]: 2 +- 1.
        assertArrayEquals(new double[] {3, 1}, eigen.eigenvalues(new double[] {2, 1, 1, 2}, 2), 1e-14);
        // [[0, 1], [1, 0]] (already tridiagonal, zero diagonal): +-1.
        assertArrayEquals(new double[] {1, -1}, eigen.eigenvalues(new double[] {0, 1, 1, 0}, 2), 1e-14);
        // A diagonal matrix is its own spectrum, including zero and negative values.
        double[] d = new double[16];
        double[] values = {5, -2, 0, 3};
        for (int i = 0; i < 4; i++) {
            d[i * 4 + i] = values[i];
        }
        assertArrayEquals(descending(values), eigen.eigenvalues(d, 4), 1e-14);
        // The identity.
        double[] id = new double[49];
        for (int i = 0; i < 7; i++) {
            id[i * 7 + i] = 1;
        }
        double[] ones = new double[7];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, eigen.eigenvalues(id, 7), 1e-14);
    }

    /** The second-difference matrix tridiag(-1, 2, -1) has eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10, 33, 64})
    void secondDifferenceMatrixMatchesItsClosedForm(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 2;
            if (i > 0) {
                a[i * n + i - 1] = -1;
                a[(i - 1) * n + i] = -1;
            }
        }
        double[] expected = new double[n];
        for (int k = 1; k <= n; k++) {
            expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
        }
        assertArrayEquals(descending(expected), eigen.eigenvalues(a, n), 1e-12);
    }

    /**
     * {@code A = Q diag(lambda) Q^T} with {@code Q} a product of random Householder reflections and a spectrum with
     * repeated values, zeros and negatives: the eigenvalues come back, and their sum and sum of squares equal the
     * trace and the squared Frobenius norm.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 16, 32, 64})
    void recoversAKnownSpectrum(int n) {
        SplittableRandom r = new SplittableRandom(n);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = switch (i % 4) {
                case 0 -> r.nextDouble(-5, 5);
                case 1 -> 2.5;
                case 2 -> 0;
                default -> r.nextDouble(0, 1e-3);
            };
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = lambda[i];
        }
        for (int h = 0; h < 3; h++) {
            reflect(a, n, r);
        }
        double trace = 0;
        double frobenius2 = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
            for (int j = 0; j < n; j++) {
                frobenius2 += a[i * n + j] * a[i * n + j];
            }
        }
        double[] before = a.clone();
        double[] got = eigen.eigenvalues(a, n);
        assertArrayEquals(before, a, "the input is not modified");
        assertArrayEquals(descending(lambda), got, 1e-12 * n * 5);
        assertEquals(trace, Arrays.stream(got).sum(), 1e-10);
        assertEquals(frobenius2, Arrays.stream(got).map(x -> x * x).sum(), 1e-9 * frobenius2);
    }

    /** {@code A <- H A H} with {@code H = I - 2 u u^T / u^T u} for a random {@code u}. */
    private static void reflect(double[] a, int n, SplittableRandom r) {
        double[] u = new double[n];
        double uu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = r.nextGaussian();
            uu += u[i] * u[i];
        }
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu;
            }
        }
        double[] t = multiply(h, a, n);
        System.arraycopy(multiply(t, h, n), 0, a, 0, n * n);
        // Exact symmetry, as a real Gram matrix would have.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[j * n + i] = a[i * n + j];
            }
        }
    }

    private static double[] multiply(double[] x, double[] y, int n) {
        double[] z = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    z[i * n + j] += x[i * n + k] * y[k * n + j];
                }
            }
        }
        return z;
    }

    @Test
    void aRankOneMatrixHasOneNonZeroEigenvalue() {
        int n = 20;
        double[] u = new double[n];
        double uu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = Math.sin(i + 1);
            uu += u[i] * u[i];
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = u[i] * u[j];
            }
        }
        double[] got = eigen.eigenvalues(a, n);
        assertEquals(uu, got[0], 1e-12 * uu);
        for (int i = 1; i < n; i++) {
            assertEquals(0, got[i], 1e-13 * uu);
        }
    }

    @Test
    void readsOnlyTheLowerTriangleAndRejectsBadInput() {
        double[] a = {2, 999, 1, 2};
        assertArrayEquals(new double[] {3, 1}, eigen.eigenvalues(a, 2), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> eigen.eigenvalues(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> eigen.eigenvalues(new double[] {1, 0, Double.NaN, 1}, 2));
    }
}
