package io.tributary.learn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The L1 (proximal) and Adam kernels: SIMD and scalar agree bit for bit, and both match the formulas in double. */
class ProximalAndAdamKernelsTest {

    private final Kernels scalar = Kernels.scalar();

    private static Kernels vector() {
        assertTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not in the boot layer: the test JVM must run"
                + " with --add-modules jdk.incubator.vector");
        return Kernels.vector();
    }

    private static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(lo, hi);
        }
        return a;
    }

    /** Soft-thresholding in double, the textbook way. */
    private static double softThreshold(double u, double th) {
        return Math.signum(u) * Math.max(Math.abs(u) - th, 0);
    }

    private static void assertClose(double expected, float actual, String what) {
        assertEquals(expected, actual, 2e-5 * (1 + Math.abs(expected)), what);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 31, 33, 100, 1000})
    void proximalSgdAgreesAndMatchesTheFormula(int n) {
        SplittableRandom r = new SplittableRandom(3000 + n);
        float[] x = random(r, n, -2, 2);
        float[] w = random(r, n, -0.3, 0.3);
        float g = 0.7f;
        float lr = 0.1f;
        float l1 = 0.8f;
        float l2 = 0.05f;
        float[] ws = w.clone();
        float[] wv = w.clone();
        scalar.proximalSgdStep(ws, x, g, lr, l1, l2, n);
        vector().proximalSgdStep(wv, x, g, lr, l1, l2, n);
        assertArrayEquals(ws, wv, "proximal SGD: SIMD and scalar must be bit-identical");
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            double u = w[i] - (double) lr * (g * x[i] + l2 * w[i]);
            double expected = softThreshold(u, (double) lr * l1);
            assertClose(expected, ws[i], "proximal SGD at " + i);
            if (Math.abs(u) < lr * l1 * 0.999) {
                assertEquals(0f, ws[i], 0f, "inside the threshold the weight must be exactly zero, at " + i);
                zeros++;
            }
        }
        if (n >= 100) {
            assertTrue(zeros > n / 10, "the chosen l1 should zero a fair share of weights: " + zeros + "/" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 31, 33, 100, 1000})
    void proximalAdagradAgreesAndMatchesTheFormula(int n) {
        SplittableRandom r = new SplittableRandom(4000 + n);
        float[] x = random(r, n, -2, 2);
        float[] w = random(r, n, -0.3, 0.3);
        float[] acc = random(r, n, 0, 3);
        float g = -0.6f;
        float lr = 0.2f;
        float l1 = 0.5f;
        float l2 = 0.02f;
        float eps = 1e-8f;
        float[] ws = w.clone();
        float[] wv = w.clone();
        float[] accS = acc.clone();
        float[] accV = acc.clone();
        scalar.proximalAdagradStep(ws, accS, x, g, lr, l1, l2, eps, n);
        vector().proximalAdagradStep(wv, accV, x, g, lr, l1, l2, eps, n);
        assertArrayEquals(ws, wv, "proximal AdaGrad weights: SIMD and scalar must be bit-identical");
        assertArrayEquals(accS, accV, "proximal AdaGrad accumulators: SIMD and scalar must be bit-identical");
        for (int i = 0; i < n; i++) {
            double grad = (double) g * x[i] + (double) l2 * w[i];
            double a = acc[i] + grad * grad;
            double eta = lr / (Math.sqrt(a) + eps);
            assertClose(a, accS[i], "accumulator at " + i);
            assertClose(softThreshold(w[i] - eta * grad, eta * l1), ws[i], "proximal AdaGrad at " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 31, 33, 100, 1000})
    void adamAgreesAndMatchesTheFormula(int n) {
        for (float l1 : new float[] {0f, 0.3f}) {
            SplittableRandom r = new SplittableRandom(5000 + n);
            float[] x = random(r, n, -2, 2);
            float[] w = random(r, n, -0.5, 0.5);
            float[] m = random(r, n, -0.2, 0.2);
            float[] v = random(r, n, 0, 0.5);
            float g = 0.45f;
            float lr = 0.01f;
            float l2 = 0.01f;
            float beta1 = 0.9f;
            float beta2 = 0.999f;
            float eps = 1e-8f;
            int t = 7;
            float bc1 = (float) (1 - Math.pow(beta1, t));
            float bc2 = (float) (1 - Math.pow(beta2, t));
            float[] ws = w.clone();
            float[] wv = w.clone();
            float[] ms = m.clone();
            float[] mv = m.clone();
            float[] vs = v.clone();
            float[] vv = v.clone();
            scalar.adamStep(ws, ms, vs, x, g, lr, l1, l2, beta1, beta2, eps, bc1, bc2, n);
            vector().adamStep(wv, mv, vv, x, g, lr, l1, l2, beta1, beta2, eps, bc1, bc2, n);
            assertArrayEquals(ws, wv, "Adam weights: SIMD and scalar must be bit-identical, l1=" + l1);
            assertArrayEquals(ms, mv, "Adam first moments must be bit-identical");
            assertArrayEquals(vs, vv, "Adam second moments must be bit-identical");
            for (int i = 0; i < n; i++) {
                double grad = (double) g * x[i] + (double) l2 * w[i];
                double mi = beta1 * (double) m[i] + (1 - (double) beta1) * grad;
                double vi = beta2 * (double) v[i] + (1 - (double) beta2) * grad * grad;
                double eta = lr / (Math.sqrt(vi / bc2) + eps);
                double expected = softThreshold(w[i] - eta * mi / bc1, eta * l1);
                assertClose(mi, ms[i], "m at " + i);
                assertClose(vi, vs[i], "v at " + i);
                assertEquals(expected, ws[i], 1e-5 * (1 + Math.abs(expected)), "Adam weight at " + i + ", l1=" + l1);
            }
        }
    }

    @Test
    void withoutL1TheProximalStepsAreThePlainSteps() {
        SplittableRandom r = new SplittableRandom(6);
        int n = 77;
        float[] x = random(r, n, -1, 1);
        float[] w = random(r, n, -1, 1);
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            float[] a = w.clone();
            float[] b = w.clone();
            k.sgdStep(a, x, 0.3f, 0.1f, 0.01f, n);
            k.proximalSgdStep(b, x, 0.3f, 0.1f, 0f, 0.01f, n);
            assertArrayEquals(a, b, k.name() + ": proximal SGD with l1 = 0");
            float[] accA = new float[n];
            float[] accB = new float[n];
            a = w.clone();
            b = w.clone();
            k.adagradStep(a, accA, x, 0.3f, 0.1f, 0.01f, 1e-8f, n);
            k.proximalAdagradStep(b, accB, x, 0.3f, 0.1f, 0f, 0.01f, 1e-8f, n);
            assertArrayEquals(a, b, k.name() + ": proximal AdaGrad with l1 = 0");
            assertArrayEquals(accA, accB);
        }
    }

    @Test
    void firstBiasCorrectedAdamStepMovesEachWeightByTheLearningRate() {
        // With m = v = 0 and t = 1: m_hat = grad, v_hat = grad^2, so the step is lr * grad / (|grad| + eps), i.e.
        // lr * sign(grad), whatever the gradient's scale. Without bias correction it would be
        // lr * (1 - beta1) / sqrt(1 - beta2) = 3.16 lr.
        int n = 40;
        SplittableRandom r = new SplittableRandom(8);
        float[] x = random(r, n, -3, 3);
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            float[] w = new float[n];
            k.adamStep(w, new float[n], new float[n], x, 0.25f, 0.01f, 0f, 0f, 0.9f, 0.999f, 1e-8f,
                    1f - 0.9f, 1f - 0.999f, n);
            for (int i = 0; i < n; i++) {
                assertEquals(-0.01 * Math.signum(x[i]), w[i], 1e-6, k.name() + " at " + i);
            }
        }
    }

    @Test
    void sparseVariantsMatchDenseOnActiveCoordinatesAndLeaveTheRestAlone() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 50;
        float[] w = random(r, n, -0.5, 0.5);
        int[] idx = {3, 17, 42, 49};
        float[] val = {0.5f, -1.25f, 2f, 0.75f};
        float[] dense = new float[n];
        for (int k = 0; k < idx.length; k++) {
            dense[idx[k]] = val[k];
        }
        float[] wd = w.clone();
        float[] ws = w.clone();
        scalar.proximalSgdStep(wd, dense, 0.3f, 0.1f, 0.2f, 0.01f, n);
        scalar.proximalSgdStepSparse(ws, idx, val, idx.length, 0.3f, 0.1f, 0.2f, 0.01f);
        assertActiveEqualInactiveUntouched(w, wd, ws, idx, "proximal SGD");

        wd = w.clone();
        ws = w.clone();
        float[] accD = new float[n];
        float[] accS = new float[n];
        scalar.proximalAdagradStep(wd, accD, dense, 0.3f, 0.1f, 0.2f, 0.01f, 1e-8f, n);
        scalar.proximalAdagradStepSparse(ws, accS, idx, val, idx.length, 0.3f, 0.1f, 0.2f, 0.01f, 1e-8f);
        assertActiveEqualInactiveUntouched(w, wd, ws, idx, "proximal AdaGrad");

        wd = w.clone();
        ws = w.clone();
        float[] md = new float[n];
        float[] vd = new float[n];
        float[] ms = new float[n];
        float[] vs = new float[n];
        scalar.adamStep(wd, md, vd, dense, 0.3f, 0.01f, 0.1f, 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f, n);
        scalar.adamStepSparse(ws, ms, vs, idx, val, idx.length, 0.3f, 0.01f, 0.1f, 0.01f, 0.9f, 0.999f, 1e-8f,
                0.1f, 0.001f);
        assertActiveEqualInactiveUntouched(w, wd, ws, idx, "Adam");
        for (int j : idx) {
            assertEquals(md[j], ms[j], 0f);
            assertEquals(vd[j], vs[j], 0f);
        }
    }

    private static void assertActiveEqualInactiveUntouched(float[] before, float[] dense, float[] sparse, int[] idx,
            String what) {
        java.util.Set<Integer> active = new java.util.HashSet<>();
        for (int j : idx) {
            active.add(j);
            assertEquals(dense[j], sparse[j], 0f, what + ": active coordinate " + j);
        }
        for (int j = 0; j < before.length; j++) {
            if (!active.contains(j)) {
                assertEquals(before[j], sparse[j], 0f, what + ": sparse step touched inactive coordinate " + j);
            }
        }
    }

    @Test
    void lengthsBeyondTheArraysAreRejected() {
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            assertThrows(IndexOutOfBoundsException.class,
                    () -> k.proximalSgdStep(new float[4], new float[3], 1f, 1f, 1f, 0f, 4), k.name());
            assertThrows(IndexOutOfBoundsException.class,
                    () -> k.proximalAdagradStep(new float[20], new float[19], new float[20], 1f, 1f, 1f, 0f, 1f, 20));
            assertThrows(IndexOutOfBoundsException.class, () -> k.adamStep(new float[20], new float[20],
                    new float[19], new float[20], 1f, 1f, 0f, 0f, 0.9f, 0.99f, 1e-8f, 0.1f, 0.01f, 20));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> scalar.adamStepSparse(new float[10], new float[9],
                new float[10], new int[] {1}, new float[] {1f}, 1, 1f, 1f, 0f, 0f, 0.9f, 0.99f, 1e-8f, 0.1f, 0.01f));
    }

    @Test
    void shrinkIsTheSoftThreshold() {
        assertEquals(0f, Kernels.shrink(0.3f, 0.5f), 0f);
        assertEquals(0f, Kernels.shrink(-0.5f, 0.5f), 0f);
        assertEquals(0.25f, Kernels.shrink(0.75f, 0.5f), 0f);
        assertEquals(-0.25f, Kernels.shrink(-0.75f, 0.5f), 0f);
        assertEquals(1.5f, Kernels.shrink(1.5f, 0f), 0f);
        // Exactly +0.0, not -0.0, when the threshold swallows the value.
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Kernels.shrink(-0.1f, 0.5f)));
    }
}
