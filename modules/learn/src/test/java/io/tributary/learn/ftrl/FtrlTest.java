package io.tributary.learn.ftrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.SparseVector;
import io.tributary.learn.linear.ClassWeights;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FtrlTest {

    private static final int D = 1 << 20;

    @Test
    void matchesAHandComputedUpdate() {
        // alpha = 0.5, beta = 1, l1 = 0.1, l2 = 0.2; x = {0: 1, 2: 2}, y = 1.
        FtrlClassifier model = new FtrlClassifier(new FtrlConfig(3, 2, 0.5, 1.0, 0.1, 0.2, ClassWeights.uniform()));
        SparseVector x = new SparseVector(3, new int[] {0, 2}, new float[] {1f, 2f});
        // Step 1: all z = n = 0, so every weight is 0, p = 0.5, g = p - y = -0.5.
        assertEquals(0.5, model.predictPositive(x), 0.0);
        model.learnOne(x, 1);
        // g_0 = -0.5: sigma = (sqrt(0.25) - 0) / 0.5 = 1, z_0 = -0.5 - 1 * 0 = -0.5, n_0 = 0.25.
        // g_2 = -1.0: sigma = (1 - 0) / 0.5 = 2,        z_2 = -1.0,             n_2 = 1.
        // intercept g = -0.5: z_b = -0.5, n_b = 0.25.
        FtrlState s = model.state();
        assertArrayEquals(new float[] {-0.5f, 0f, -1f}, s.z());
        assertArrayEquals(new float[] {0.25f, 0f, 1f}, s.n());
        assertEquals(-0.5, s.interceptZ(), 0.0);
        assertEquals(0.25, s.interceptN(), 0.0);
        // Weights: w_i = -(z_i - sign(z_i) l1) / ((beta + sqrt(n_i)) / alpha + l2).
        double w0 = 0.4 / ((1 + 0.5) / 0.5 + 0.2);   // 0.4 / 3.2 = 0.125
        double w2 = 0.9 / ((1 + 1.0) / 0.5 + 0.2);   // 0.9 / 4.2
        double b = 0.5 / ((1 + 0.5) / 0.5);          // 0.5 / 3, intercept unpenalised
        assertEquals(0.125, w0, 1e-15);
        assertEquals(w0, model.weight(0), 1e-7);
        assertEquals(0.0, model.weight(1), 0.0);
        assertEquals(w2, model.weight(2), 1e-7);
        assertEquals(b, model.intercept(), 1e-7);
        double margin = w0 * 1 + w2 * 2 + b;
        double p = 1 / (1 + Math.exp(-margin));
        assertEquals(p, model.predictPositive(x), 1e-7);
        // Step 2 with y = 0: g = p.
        model.learnOne(x, 0);
        double g0 = p * 1;
        double g2 = p * 2;
        double z0 = -0.5 + g0 - (Math.sqrt(0.25 + g0 * g0) - Math.sqrt(0.25)) / 0.5 * w0;
        double z2 = -1.0 + g2 - (Math.sqrt(1 + g2 * g2) - 1) / 0.5 * w2;
        double zb = -0.5 + p - (Math.sqrt(0.25 + p * p) - 0.5) / 0.5 * b;
        s = model.state();
        assertEquals(z0, s.z()[0], 1e-6);
        assertEquals(z2, s.z()[2], 1e-6);
        assertEquals(0.25 + g0 * g0, s.n()[0], 1e-6);
        assertEquals(1 + g2 * g2, s.n()[2], 1e-6);
        assertEquals(zb, s.interceptZ(), 1e-7);
        assertEquals(2, model.updates());
    }

    @Test
    void weightIsExactlyZeroWhileZStaysWithinL1() {
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(64).withL1(10.0).withAlpha(0.3));
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 3000; t++) {
            int[] idx = {r.nextInt(64), r.nextInt(64), r.nextInt(64)};
            float[] val = {1f, (float) r.nextDouble(-1, 1), 0.5f};
            model.learnOne(new SparseVector(64, idx, val), idx[0] < 20 ? 1 : r.nextInt(2));
        }
        FtrlState s = model.state();
        int zeros = 0;
        for (int i = 0; i < 64; i++) {
            boolean inside = Math.abs(s.z()[i]) <= 10.0;
            assertEquals(inside, model.weight(i) == 0.0, "coordinate " + i + ": z = " + s.z()[i]);
            zeros += inside ? 1 : 0;
        }
        assertTrue(zeros > 10 && zeros < 60, "l1 = 10 should zero some but not all coordinates: " + zeros);
        assertEquals(64 - zeros, model.nonZeroWeights());
    }

    @Test
    void strongL1KeepsEveryWeightAtExactlyZero() {
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(D).withL1(1e4));
        SparseStream stream = new SparseStream(9);
        for (int t = 0; t < 5000; t++) {
            stream.next();
            model.learnOne(stream.x, stream.y);
        }
        assertEquals(0, model.nonZeroWeights());
        float[] w = model.weights();
        for (float v : w) {
            assertEquals(0, Float.floatToIntBits(v));
        }
        // Only the intercept moved: towards the base rate.
        assertTrue(model.touchedCoordinates() > 1000);
        double base = stream.positives / 5000.0;
        assertEquals(base, 1 / (1 + Math.exp(-model.intercept())), 0.05);
    }

    /**
     * Sparse logistic target over 2^20 coordinates: each instance activates 10 of 5000 feature ids scattered over
     * the space; 40 of those ids carry a weight of +-2, the rest none; labels are drawn from the true probability.
     */
    private static final class SparseStream {
        final SplittableRandom r;
        final int[] ids = new int[5000];
        final double[] truth = new double[D];
        SparseVector x;
        int y;
        double p;
        int positives;

        SparseStream(long seed) {
            r = new SplittableRandom(seed);
            for (int k = 0; k < ids.length; k++) {
                ids[k] = r.nextInt(D);
            }
            for (int k = 0; k < 40; k++) {
                truth[ids[k]] = k % 2 == 0 ? 2.0 : -2.0;
            }
        }

        void next() {
            int[] idx = new int[10];
            float[] val = new float[10];
            double margin = -0.5;
            for (int k = 0; k < 10; k++) {
                // Relevant ids are drawn more often, as frequent features are in click logs.
                idx[k] = ids[r.nextDouble() < 0.3 ? r.nextInt(40) : r.nextInt(ids.length)];
                val[k] = 1f;
                margin += truth[idx[k]];
            }
            x = new SparseVector(D, idx, val);
            p = 1 / (1 + Math.exp(-margin));
            y = r.nextDouble() < p ? 1 : 0;
            positives += y;
        }
    }

    @Test
    void learnsASparseLogisticTargetWithExactZerosOnIrrelevantFeatures() {
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(D).withAlpha(0.1).withL1(8.0).withL2(1.0));
        assertEquals(D, model.state().z().length, "two float arrays of the full dimension: 8 bytes a coordinate");
        SparseStream stream = new SparseStream(11);
        int n = 60_000;
        double logLoss = 0;
        double bayesLogLoss = 0;
        int correct = 0;
        int bayesCorrect = 0;
        int window = 0;
        for (int t = 0; t < n; t++) {
            stream.next();
            double p = model.predictPositive(stream.x);
            if (t >= n - 20_000) {
                window++;
                correct += (p > 0.5 ? 1 : 0) == stream.y ? 1 : 0;
                bayesCorrect += (stream.p > 0.5 ? 1 : 0) == stream.y ? 1 : 0;
                logLoss -= Math.log(Math.max(1e-15, stream.y == 1 ? p : 1 - p));
                bayesLogLoss -= Math.log(stream.y == 1 ? stream.p : 1 - stream.p);
            }
            model.learnOne(stream.x, stream.y);
        }
        double accuracy = (double) correct / window;
        double bayes = (double) bayesCorrect / window;
        System.out.printf("ftrl sparse logistic: accuracy %.4f (Bayes %.4f), log loss %.4f (Bayes %.4f),"
                + " non-zero weights %d of %d touched%n", accuracy, bayes, logLoss / window, bayesLogLoss / window,
                model.nonZeroWeights(), model.touchedCoordinates());
        assertTrue(accuracy > bayes - 0.02, "accuracy " + accuracy + " vs Bayes " + bayes);
        assertTrue(logLoss / window < bayesLogLoss / window + 0.03, "log loss");
        // The relevant weights have the right sign; most of the thousands of irrelevant ones are exactly zero.
        int irrelevantNonZero = 0;
        int irrelevant = 0;
        for (int k = 0; k < stream.ids.length; k++) {
            int i = stream.ids[k];
            if (stream.truth[i] != 0) {
                assertEquals(Math.signum(stream.truth[i]), Math.signum(model.weight(i)), "relevant id " + i);
            } else {
                irrelevant++;
                irrelevantNonZero += model.weight(i) != 0 ? 1 : 0;
            }
        }
        assertTrue(irrelevantNonZero < 0.05 * irrelevant,
                irrelevantNonZero + " of " + irrelevant + " irrelevant weights are non-zero");
    }

    @Test
    void regressionRecoversASparseLinearTarget() {
        FtrlRegressor model = new FtrlRegressor(FtrlConfig.regression(1000).withAlpha(0.5).withL2(0));
        SplittableRandom r = new SplittableRandom(2);
        for (int t = 0; t < 30_000; t++) {
            int[] idx = {r.nextInt(10), 10 + r.nextInt(990)};
            float[] val = {(float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1)};
            double y = 3.0 * (idx[0] == 3 ? val[0] : 0) - 1.0 * (idx[0] == 7 ? val[0] : 0) + 0.5;
            model.learnOne(new SparseVector(1000, idx, val), y);
        }
        assertEquals(3.0, model.weight(3), 0.05);
        assertEquals(-1.0, model.weight(7), 0.05);
        assertEquals(0.0, model.weight(4), 0.05);
        assertEquals(0.5, model.intercept(), 0.05);
        assertEquals(0.5 + 3 * 0.4, model.predictOne(new SparseVector(1000, new int[] {3}, new float[] {0.4f})), 0.05);
    }

    @Test
    void repeatedIndicesAreMergedAndDenseInputMatchesSparse() {
        FtrlClassifier merged = new FtrlClassifier(FtrlConfig.binary(50).withL1(0.1));
        FtrlClassifier repeated = new FtrlClassifier(FtrlConfig.binary(50).withL1(0.1));
        FtrlClassifier dense = new FtrlClassifier(FtrlConfig.binary(50).withL1(0.1));
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 500; t++) {
            int a = r.nextInt(50);
            int b = r.nextInt(50);
            float va = (float) r.nextDouble(-1, 1);
            float vb = (float) r.nextDouble(-1, 1);
            int y = r.nextInt(2);
            // Unsorted, with index a twice: must equal {a: 2 va, b: vb} (or {a: 2 va + vb} when a == b).
            repeated.learnOne(new SparseVector(50, new int[] {b, a, a}, new float[] {vb, va, va}), y);
            float[] x = new float[50];
            x[a] += 2 * va;
            x[b] += vb;
            dense.learnOne(DenseVector.of(x), y);
            int[] idx = a == b ? new int[] {a} : a < b ? new int[] {a, b} : new int[] {b, a};
            float[] val = a == b ? new float[] {2 * va + vb} : a < b ? new float[] {2 * va, vb}
                    : new float[] {vb, 2 * va};
            merged.learnOne(new SparseVector(50, idx, val), y);
        }
        assertArrayEquals(merged.state().z(), dense.state().z(), 1e-6f);
        assertArrayEquals(merged.state().n(), dense.state().n(), 1e-6f);
        assertArrayEquals(merged.state().z(), repeated.state().z(), 1e-6f);
        assertArrayEquals(merged.state().n(), repeated.state().n(), 1e-6f);
    }

    @Test
    void rejectsBadInputAndConfigs() {
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(8));
        assertEquals("expected dimension 8, got 9", assertThrows(IllegalArgumentException.class,
                () -> model.learnOne(new SparseVector(9, new int[] {1}, new float[] {1f}), 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.learnOne(DenseVector.of(new float[8]), 2));
        assertThrows(IllegalArgumentException.class,
                () -> model.learnOne(new SparseVector(8, new int[] {1}, new float[] {Float.NaN}), 1));
        assertEquals(0, model.updates());
        FtrlRegressor reg = new FtrlRegressor(FtrlConfig.regression(8));
        assertThrows(IllegalArgumentException.class, () -> reg.learnOne(DenseVector.of(new float[8]), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> FtrlConfig.binary(8).withAlpha(0));
        assertThrows(IllegalArgumentException.class, () -> FtrlConfig.binary(8).withL1(-1));
        assertThrows(IllegalArgumentException.class, () -> FtrlConfig.binary(0));
        assertThrows(IllegalArgumentException.class,
                () -> FtrlConfig.regression(8).withClassWeights(ClassWeights.balanced()));
        assertThrows(IllegalArgumentException.class, () -> new FtrlRegressor(FtrlConfig.binary(8)));
        assertThrows(IllegalArgumentException.class, () -> FtrlClassifier.restore(FtrlConfig.binary(8),
                new FtrlState(0, new float[7], new float[7], 0, 0, null)));
        assertThrows(IllegalArgumentException.class,
                () -> new FtrlState(0, new float[2], new float[] {0f, -1f}, 0, 0, null));
    }

    @Test
    void stateIsACopyAndRestoreContinuesIdentically() {
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(100).withL1(0.2)
                .withClassWeights(ClassWeights.balanced()));
        SplittableRandom r = new SplittableRandom(6);
        for (int t = 0; t < 300; t++) {
            model.learnOne(new SparseVector(100, new int[] {r.nextInt(100)}, new float[] {1f}), r.nextInt(4) == 0 ? 1 : 0);
        }
        FtrlState s = model.state();
        s.z()[0] = 1234f;
        assertTrue(model.state().z()[0] != 1234f);
        FtrlClassifier restored = FtrlClassifier.restore(model.config(), model.state());
        for (int t = 0; t < 100; t++) {
            SparseVector x = new SparseVector(100, new int[] {r.nextInt(100), r.nextInt(100)}, new float[] {1f, -1f});
            int y = r.nextInt(2);
            model.learnOne(x, y);
            restored.learnOne(x, y);
        }
        assertArrayEquals(model.state().z(), restored.state().z());
        assertArrayEquals(model.state().n(), restored.state().n());
        assertArrayEquals(model.state().classCounts(), restored.state().classCounts());
        assertEquals(Arrays.stream(model.state().classCounts()).sum(), model.updates());
    }
}
