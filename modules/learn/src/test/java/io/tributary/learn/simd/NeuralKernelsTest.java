package io.tributary.learn.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The neural-network kernels (matrix products, activations) and the exponential under them: SIMD and scalar agree
 * bit for bit, and both match the textbook formulas computed in double.
 */
class NeuralKernelsTest {

    private final Kernels scalar = Kernels.scalar();

    private static Kernels vector() {
        assertTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not in the boot layer: the test JVM must run"
                + " with --add-modules jdk.incubator.vector");
        return Kernels.vector();
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble(-2, 2);
        }
        return a;
    }

    /** Shapes around the lane count (16 with AVX-512, 8 with AVX2) and the network's own (batch x 5, 64, 1). */
    @ParameterizedTest
    @CsvSource({"1,1,1", "1,5,64", "2,64,64", "3,64,1", "7,5,17", "32,64,64", "5,33,3", "4,16,65", "9,3,130",
            "6,64,96", "0,3,4", "3,0,4", "3,4,0"})
    void matrixProductsAgreeAndMatchDouble(int rows, int inner, int cols) {
        SplittableRandom r = new SplittableRandom(rows * 10_000L + inner * 100L + cols);
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        float[] a = random(r, aOff + rows * inner + 2);
        float[] b = random(r, bOff + inner * cols + 2);
        float[] c = random(r, cOff + rows * cols + 2);

        float[] cs = c.clone();
        float[] cv = c.clone();
        scalar.matMulAdd(a, aOff, b, bOff, cs, cOff, rows, inner, cols);
        vector().matMulAdd(a, aOff, b, bOff, cv, cOff, rows, inner, cols);
        // Whole arrays: the padding around C must be untouched too.
        assertArrayEquals(cs, cv, "matMulAdd: SIMD and scalar must be bit-identical");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double exact = c[cOff + i * cols + j];
                double magnitude = Math.abs(exact);
                for (int k = 0; k < inner; k++) {
                    double p = (double) a[aOff + i * inner + k] * b[bOff + k * cols + j];
                    exact += p;
                    magnitude += Math.abs(p);
                }
                assertEquals(exact, cs[cOff + i * cols + j], 1e-6 * magnitude + 1e-30, "matMulAdd at " + i + "," + j);
            }
        }
        assertPaddingUntouched(c, cs, cOff, rows * cols);

        // A^T B: the same A array read as inner x rows.
        float[] at = random(r, aOff + inner * rows + 2);
        float[] ts = c.clone();
        float[] tv = c.clone();
        scalar.transposedMatMulAdd(at, aOff, b, bOff, ts, cOff, rows, inner, cols);
        vector().transposedMatMulAdd(at, aOff, b, bOff, tv, cOff, rows, inner, cols);
        assertArrayEquals(ts, tv, "transposedMatMulAdd: SIMD and scalar must be bit-identical");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double exact = c[cOff + i * cols + j];
                double magnitude = Math.abs(exact);
                for (int k = 0; k < inner; k++) {
                    double p = (double) at[aOff + k * rows + i] * b[bOff + k * cols + j];
                    exact += p;
                    magnitude += Math.abs(p);
                }
                assertEquals(exact, ts[cOff + i * cols + j], 1e-6 * magnitude + 1e-30,
                        "transposedMatMulAdd at " + i + "," + j);
            }
        }
        assertPaddingUntouched(c, ts, cOff, rows * cols);
    }

    private static void assertPaddingUntouched(float[] before, float[] after, int off, int size) {
        for (int i = 0; i < before.length; i++) {
            if (i < off || i >= off + size) {
                assertEquals(before[i], after[i], 0f, "wrote outside C at " + i);
            }
        }
    }

    @Test
    void matrixKernelsRejectShapesThatDoNotFit() {
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            float[] m = new float[12];
            assertThrows(IndexOutOfBoundsException.class, () -> k.matMulAdd(m, 0, m, 0, new float[12], 1, 3, 4, 4),
                    k.name() + ": C of 3x4 from offset 1 exceeds 12");
            assertThrows(IndexOutOfBoundsException.class, () -> k.matMulAdd(m, 1, new float[16], 0, new float[12], 0,
                    3, 4, 4), k.name() + ": A");
            assertThrows(IndexOutOfBoundsException.class, () -> k.transposedMatMulAdd(m, 0, new float[11], 0,
                    new float[16], 0, 4, 3, 4), k.name() + ": B of 3x4 in 11");
            assertThrows(IndexOutOfBoundsException.class, () -> k.matMulAdd(m, -1, m, 0, new float[12], 0, 1, 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> k.matMulAdd(m, 0, m, 0, new float[12], 0, -1, 1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> k.silu(new float[8], new float[7], 0, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> k.relu(new float[8], new float[8], 1, 8));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 15, 16, 17, 64, 100})
    void activationsAgreeAndMatchTheirFormulas(int n) {
        SplittableRandom r = new SplittableRandom(500 + n);
        int off = 3;
        float[] z = new float[off + n + 2];
        for (int i = 0; i < z.length; i++) {
            // Mostly moderate values, some large ones to reach the saturated regions.
            z[i] = (float) (r.nextInt(10) == 0 ? r.nextDouble(-60, 60) : r.nextDouble(-6, 6));
        }
        z[off] = n > 0 ? 0f : z[off];

        float[][] vs = run(scalar, z, off, n);
        float[][] vv = run(vector(), z, off, n);
        for (int f = 0; f < 3; f++) {
            assertArrayEquals(vs[2 * f], vv[2 * f], "activation " + f + " values: SIMD and scalar must agree");
            assertArrayEquals(vs[2 * f + 1], vv[2 * f + 1], "activation " + f + " derivatives");
        }
        for (int i = off; i < off + n; i++) {
            double x = z[i];
            double s = 1 / (1 + Math.exp(-x));
            assertEquals(x * s, vs[0][i], 1e-6 * (1 + Math.abs(x)), "silu(" + x + ")");
            assertEquals(s * (1 + x * (1 - s)), vs[1][i], 1e-6, "silu'(" + x + ")");
            double t = Math.tanh(x);
            assertEquals(t, vs[2][i], 1e-7, "tanh(" + x + ")");
            assertEquals(1 - t * t, vs[3][i], 2e-7, "tanh'(" + x + ")");
            assertEquals(Math.max(x, 0), vs[4][i], 0.0, "relu(" + x + ")");
            assertEquals(x > 0 ? 1.0 : 0.0, vs[5][i], 0.0, "relu'(" + x + ")");
        }
        // Outside [off, off + n) nothing changes.
        for (int f = 0; f < 3; f++) {
            for (int i = 0; i < z.length; i++) {
                if (i < off || i >= off + n) {
                    assertEquals(z[i], vs[2 * f][i], 0f);
                    assertEquals(-1f, vs[2 * f + 1][i], 0f);
                }
            }
        }
    }

    /** {silu values, silu derivatives, tanh values, tanh derivatives, relu values, relu derivatives}. */
    private static float[][] run(Kernels k, float[] z, int off, int n) {
        float[][] out = new float[6][];
        for (int f = 0; f < 3; f++) {
            float[] v = z.clone();
            float[] d = new float[z.length];
            java.util.Arrays.fill(d, -1f);
            switch (f) {
                case 0 -> k.silu(v, d, off, n);
                case 1 -> k.tanh(v, d, off, n);
                default -> k.relu(v, d, off, n);
            }
            out[2 * f] = v;
            out[2 * f + 1] = d;
        }
        return out;
    }

    @Test
    void activationsPropagateNaNAndSaturate() {
        for (Kernels k : new Kernels[] {scalar, vector()}) {
            float[] v = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 200f, -200f};
            float[] d = new float[v.length];
            float[] silu = v.clone();
            k.silu(silu, d, 0, v.length);
            assertTrue(Float.isNaN(silu[0]), k.name());
            assertEquals(Float.POSITIVE_INFINITY, silu[1], k.name());
            assertEquals(200f, silu[4], k.name());
            assertEquals(0f, silu[5], 1e-30f, k.name());
            float[] tanh = v.clone();
            k.tanh(tanh, d, 0, v.length);
            assertTrue(Float.isNaN(tanh[0]), k.name());
            assertEquals(1f, tanh[1], k.name());
            assertEquals(-1f, tanh[2], k.name());
            assertEquals(0f, tanh[3], k.name());
            assertEquals(0f, d[1], k.name() + ": tanh' saturates to 0");
            float[] relu = v.clone();
            k.relu(relu, d, 0, v.length);
            assertTrue(Float.isNaN(relu[0]), k.name() + ": relu keeps NaN (Math.max)");
            assertEquals(Float.POSITIVE_INFINITY, relu[1]);
            assertEquals(0f, relu[2]);
            assertEquals(0f, d[3], "relu'(-0) is 0");
        }
    }

    /** A few float ulps from the exact value over the whole clamped range; exactly 1 at 0; clamped outside. */
    @Test
    void exponentialIsAccurateToAFewUlps() {
        double worst = 0;
        for (int i = 0; i <= 1_000_000; i++) {
            float x = (float) (-87 + 175.0 * i / 1_000_000);
            double exact = Math.exp(x);
            double rel = Math.abs(Exponential.exp(x) - exact) / exact;
            worst = Math.max(worst, rel);
        }
        // One float ulp is 2^-23 = 1.19e-7 relative at most; allow three.
        assertTrue(worst < 3.6e-7, "worst relative error " + worst);
        assertEquals(1f, Exponential.exp(0f), 0f);
        assertEquals(Exponential.exp(88f), Exponential.exp(1000f), 0f);
        assertEquals(Exponential.exp(-87f), Exponential.exp(-1000f), 0f);
        assertTrue(Exponential.exp(-1000f) > 0f && Float.isFinite(Exponential.exp(1000f)));
        assertTrue(Float.isNaN(Exponential.exp(Float.NaN)));
        assertEquals(1 / (1 + Math.exp(-1.5)), Exponential.sigmoid(1.5f), 1e-7);
    }
}
