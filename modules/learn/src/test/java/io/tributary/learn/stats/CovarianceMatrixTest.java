package io.tributary.learn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.SparseVector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CovarianceMatrixTest {

    private static final int D = 4;

    /** Correlated features with large, different offsets: x1 = z1, x2 = 0.8 z1 + 0.6 z2, x3 = -x1 + noise, x4 = z4. */
    private static double[][] data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            double z1 = r.nextGaussian();
            double z2 = r.nextGaussian();
            x[t] = new double[] {1e8 + z1, -5e6 + 2 * (0.8 * z1 + 0.6 * z2), 3e7 - z1 + 0.1 * r.nextGaussian(),
                    1e3 * r.nextGaussian()};
        }
        return x;
    }

    /** Two passes: means, then the averaged products of deviations. */
    private static double[][] twoPassCovariance(double[][] x) {
        int n = x.length;
        double[] mean = new double[D];
        for (double[] row : x) {
            for (int i = 0; i < D; i++) {
                mean[i] += row[i] / n;
            }
        }
        double[][] cov = new double[D][D];
        for (double[] row : x) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    cov[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / n;
                }
            }
        }
        return cov;
    }

    @Test
    void matchesTwoPassCovarianceAndCorrelation() {
        double[][] x = data(20_000, 1);
        CovarianceMatrix c = new CovarianceMatrix(D);
        for (double[] row : x) {
            c.add(row);
        }
        double[][] expected = twoPassCovariance(x);
        double[][] cov = c.covarianceMatrix();
        double[][] corr = c.correlationMatrix();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double scale = Math.sqrt(expected[i][i] * expected[j][j]);
                assertEquals(expected[i][j], cov[i][j], 1e-8 * scale, "cov " + i + "," + j);
                assertEquals(expected[i][j] / scale, corr[i][j], 1e-8, "corr " + i + "," + j);
                assertEquals(cov[i][j], cov[j][i], 0.0, "symmetric");
                assertEquals(expected[i][j] * x.length / (x.length - 1), c.sampleCovariance(i, j), 1e-8 * scale);
            }
        }
        // The construction's population correlations, as a sanity check on the reference itself.
        assertEquals(0.8, corr[0][1], 0.02);
        assertEquals(-0.995, corr[0][2], 0.01);
        assertEquals(0.0, corr[0][3], 0.03);
        assertEquals(1.0, corr[2][2]);
        assertEquals(1e8, c.mean(0), 0.05);
        assertEquals(20_000, c.count());
    }

    @Test
    void mergeOfPartitionsEqualsTheWhole() {
        double[][] x = data(3000, 2);
        CovarianceMatrix whole = new CovarianceMatrix(D);
        CovarianceMatrix[] parts = {new CovarianceMatrix(D), new CovarianceMatrix(D), new CovarianceMatrix(D)};
        for (int t = 0; t < x.length; t++) {
            whole.add(x[t]);
            parts[t < 100 ? 0 : t < 2000 ? 1 : 2].add(x[t]);
        }
        CovarianceMatrix merged = new CovarianceMatrix(D);
        merged.merge(new CovarianceMatrix(D));
        for (CovarianceMatrix p : parts) {
            merged.merge(p);
        }
        double[][] expected = twoPassCovariance(x);
        for (int i = 0; i < D; i++) {
            assertEquals(whole.mean(i), merged.mean(i), 1e-9 * Math.abs(whole.mean(i)) + 1e-9);
            for (int j = 0; j < D; j++) {
                double scale = Math.sqrt(expected[i][i] * expected[j][j]);
                assertEquals(expected[i][j], merged.covariance(i, j), 1e-8 * scale);
            }
        }
        assertEquals(x.length, merged.count());
        assertThrows(IllegalArgumentException.class, () -> merged.merge(new CovarianceMatrix(D + 1)));
    }

    @Test
    void weightsAreFrequencies() {
        double[][] x = data(200, 3);
        SplittableRandom r = new SplittableRandom(4);
        CovarianceMatrix weighted = new CovarianceMatrix(D);
        CovarianceMatrix repeated = new CovarianceMatrix(D);
        for (double[] row : x) {
            int w = r.nextInt(4); // 0 included: ignored
            weighted.add(row, w);
            for (int k = 0; k < w; k++) {
                repeated.add(row);
            }
        }
        assertEquals(repeated.weight(), weighted.weight());
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double scale = Math.sqrt(repeated.covariance(i, i) * repeated.covariance(j, j));
                assertEquals(repeated.covariance(i, j), weighted.covariance(i, j), 1e-7 * scale);
            }
        }
    }

    @Test
    void featureVectorsSparseAndDense() {
        CovarianceMatrix dense = new CovarianceMatrix(3);
        CovarianceMatrix sparse = new CovarianceMatrix(3);
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 100; t++) {
            float a = (float) r.nextGaussian();
            float b = (float) r.nextGaussian();
            dense.add(DenseVector.of(a, 0f, b));
            sparse.add(new SparseVector(3, new int[] {2, 0}, new float[] {b, a}));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(dense.comoment(i, j), sparse.comoment(i, j), 1e-12);
            }
        }
        assertTrue(Double.isNaN(dense.correlation(0, 1)), "a constant feature has no correlation");
        assertEquals(0.0, dense.covariance(1, 1));
    }

    @Test
    void validation() {
        CovarianceMatrix c = new CovarianceMatrix(2);
        assertTrue(Double.isNaN(c.covariance(0, 1)));
        assertTrue(Double.isNaN(c.mean(0)));
        assertThrows(IllegalArgumentException.class, () -> new CovarianceMatrix(0));
        assertThrows(IllegalArgumentException.class, () -> c.add(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> c.add(new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> c.add(new double[] {1, 2}, -1));
        assertEquals(0, c.count());
        c.add(new double[] {1, 2});
        assertTrue(Double.isNaN(c.sampleCovariance(0, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> c.covariance(2, 0));
    }
}
