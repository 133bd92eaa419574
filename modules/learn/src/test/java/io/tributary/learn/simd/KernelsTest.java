package io.tributary.learn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelsTest {

    private static final double REL_TOL = 1e-5;

    private final Kernels scalar = Kernels.scalar();

    /** The build always adds the module, so its absence is a broken build, not a reason to skip. */
    private static Kernels vector() {
        assertTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not in the boot layer: the test JVM must run"
                + " with --add-modules jdk.incubator.vector (set by the parent POM's test.jvm.args)");
        return Kernels.vector();
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-2, 2);
        }
        return a;
    }

    @Test
    void vectorKernelsAreTheSimdImplementation() {
        Kernels v = vector();
        assertEquals("io.tributary.learn.simd.VectorKernels", v.getClass().getName());
        assertTrue(v.name().startsWith("vector("), v.name());
        assertEquals("scalar", scalar.name());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 65, 100, 1000})
    void dotAgreesToFloatRounding(int n) {
        Kernels v = vector();
        SplittableRandom r = new SplittableRandom(n);
        float[] w = random(r, n);
        float[] x = random(r, n);
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) w[i] * x[i];
            magnitude += Math.abs((double) w[i] * x[i]);
        }
        float s = scalar.dot(w, x, n);
        float vv = v.dot(w, x, n);
        // Relative to the sum of magnitudes: cancellation can make the result itself arbitrarily small.
        double tol = REL_TOL * magnitude + 1e-30;
        assertEquals(exact, s, tol, "scalar dot vs exact, n=" + n);
        assertEquals(exact, vv, tol, "vector dot vs exact, n=" + n);
        assertEquals(s, vv, tol, "vector vs scalar dot, n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 15, 16, 17, 100, 1000})
    void elementwiseKernelsAgree(int n) {
        Kernels v = vector();
        SplittableRandom r = new SplittableRandom(1000 + n);
        float[] x = random(r, n);
        float[] y = random(r, n);
        float[] acc0 = new float[n];
        for (int i = 0; i < n; i++) {
            acc0[i] = (float) r.nextDouble(0, 3);
        }

        float[] ys = y.clone();
        float[] yv = y.clone();
        scalar.axpy(0.37f, x, ys, n);
        v.axpy(0.37f, x, yv, n);
        assertClose(ys, yv, "axpy");
        for (int i = 0; i < n; i++) {
            assertEquals(y[i] + 0.37f * x[i], ys[i], 1e-5 * (1 + Math.abs(ys[i])), "axpy math");
        }

        float[] xs = x.clone();
        float[] xv = x.clone();
        scalar.scale(-1.5f, xs, n);
        v.scale(-1.5f, xv, n);
        assertClose(xs, xv, "scale");
        for (int i = 0; i < n; i++) {
            assertEquals(-1.5f * x[i], xs[i], 0f, "scale math");
        }

        float[] ws = y.clone();
        float[] wv = y.clone();
        scalar.sgdStep(ws, x, 0.8f, 0.1f, 0.01f, n);
        v.sgdStep(wv, x, 0.8f, 0.1f, 0.01f, n);
        assertClose(ws, wv, "sgdStep");
        for (int i = 0; i < n; i++) {
            double expected = y[i] - 0.1 * (0.8 * x[i] + 0.01 * y[i]);
            assertEquals(expected, ws[i], 1e-5 * (1 + Math.abs(expected)), "sgdStep math");
        }

        float[] was = y.clone();
        float[] wav = y.clone();
        float[] accS = acc0.clone();
        float[] accV = acc0.clone();
        scalar.adagradStep(was, accS, x, -0.6f, 0.05f, 0.02f, 1e-8f, n);
        v.adagradStep(wav, accV, x, -0.6f, 0.05f, 0.02f, 1e-8f, n);
        assertClose(was, wav, "adagradStep weights");
        assertClose(accS, accV, "adagradStep accumulators");
        for (int i = 0; i < n; i++) {
            double grad = -0.6 * x[i] + 0.02 * y[i];
            double acc = acc0[i] + grad * grad;
            double expected = y[i] - 0.05 * grad / (Math.sqrt(acc) + 1e-8);
            assertEquals(acc, accS[i], 1e-5 * (1 + acc), "adagrad accumulator math");
            assertEquals(expected, was[i], 1e-5 * (1 + Math.abs(expected)), "adagradStep math");
        }
    }

    /** Within the brief's relative tolerance, and in fact bit-identical: both paths do the same IEEE operations. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], REL_TOL * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
        assertArrayEquals(expected, actual, what + ": element-wise kernels should be bit-identical");
    }

    @Test
    void kernelsOnlyTouchTheFirstNEntries() {
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            float[] w = new float[40];
            float[] x = new float[40];
            java.util.Arrays.fill(w, 1f);
            java.util.Arrays.fill(x, 1f);
            k.sgdStep(w, x, 1f, 0.5f, 0f, 21);
            assertEquals(0.5f, w[20], k.name());
            assertEquals(1f, w[21], k.name() + " wrote past n");
            assertEquals(21f, k.dot(x, x, 21), k.name());
        }
    }

    @Test
    void lengthsBeyondTheArraysAreRejected() {
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            assertThrows(IndexOutOfBoundsException.class, () -> k.dot(new float[4], new float[3], 4), k.name());
            assertThrows(IndexOutOfBoundsException.class, () -> k.axpy(1f, new float[40], new float[39], 40));
            assertThrows(IndexOutOfBoundsException.class,
                    () -> k.adagradStep(new float[20], new float[19], new float[20], 1f, 1f, 0f, 1f, 20));
            assertThrows(IndexOutOfBoundsException.class, () -> k.scale(1f, new float[2], -1));
        }
    }

    @Test
    void sparseKernelsMatchDenseOnTheActiveCoordinates() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 50;
        float[] w = random(r, n);
        int[] idx = {3, 17, 42, 49};
        float[] val = {0.5f, -1.25f, 2f, 0.75f};
        float[] dense = new float[n];
        for (int k = 0; k < idx.length; k++) {
            dense[idx[k]] = val[k];
        }
        assertEquals(scalar.dot(w, dense, n), scalar.dotSparse(w, idx, val, idx.length), 1e-6);

        // Without L2 the dense step leaves zero coordinates alone, so both must agree everywhere.
        float[] wd = w.clone();
        float[] ws = w.clone();
        scalar.sgdStep(wd, dense, 0.3f, 0.1f, 0f, n);
        scalar.sgdStepSparse(ws, idx, val, idx.length, 0.3f, 0.1f, 0f);
        assertArrayEquals(wd, ws);

        float[] wad = w.clone();
        float[] was = w.clone();
        float[] accD = new float[n];
        float[] accS = new float[n];
        scalar.adagradStep(wad, accD, dense, 0.3f, 0.1f, 0f, 1e-8f, n);
        scalar.adagradStepSparse(was, accS, idx, val, idx.length, 0.3f, 0.1f, 0f, 1e-8f);
        assertArrayEquals(wad, was);
        assertArrayEquals(accD, accS);

        // With L2 only the active coordinates are regularised.
        float[] wl = w.clone();
        scalar.sgdStepSparse(wl, idx, val, idx.length, 0f, 0.1f, 0.5f);
        assertEquals(w[0], wl[0], 0f, "inactive coordinate must not decay");
        assertEquals(w[3] * (1 - 0.05f), wl[3], 1e-6f);
    }

    @Test
    void selectionRule() {
        assertSame(ScalarKernels.INSTANCE, KernelSelection.choose(false, null));
        assertSame(ScalarKernels.INSTANCE, KernelSelection.choose(false, "vector"));
        assertSame(ScalarKernels.INSTANCE, KernelSelection.choose(true, "scalar"));
        assertSame(ScalarKernels.INSTANCE, KernelSelection.choose(true, " Scalar "));
        assertEquals("io.tributary.learn.simd.VectorKernels", KernelSelection.choose(true, null).getClass().getName());
        assertEquals("io.tributary.learn.simd.VectorKernels",
                KernelSelection.choose(true, "anything-else").getClass().getName());
        // This JVM has the module and no override, so the default must be the SIMD one.
        if (System.getProperty(Kernels.SIMD_PROPERTY) == null) {
            assertSame(vector(), Kernels.preferred());
        }
    }
}
