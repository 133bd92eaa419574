package io.tributary.learn.simd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllFiniteTest {

    @Test
    void bothKernelSetsFindANonFiniteValueAtAnyPositionAndAcceptFiniteExtremes() {
        for (Kernels kernels : List.of(Kernels.scalar(), Kernels.vector())) {
            for (int n = 0; n <= 70; n++) {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = switch (i % 4) { // finite extremes: x * 0 must still be 0 for them
                        case 0 -> Float.MAX_VALUE;
                        case 1 -> -Float.MAX_VALUE;
                        case 2 -> Float.MIN_VALUE;
                        default -> -0.0f;
                    };
                }
                assertTrue(kernels.allFinite(x, n), kernels.name() + " n=" + n);
                for (int bad = 0; bad < n; bad++) {
                    for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                        float[] y = Arrays.copyOf(x, n);
                        y[bad] = v;
                        assertFalse(kernels.allFinite(y, n), kernels.name() + " n=" + n + " bad=" + bad + " " + v);
                    }
                }
            }
        }
        assertFalse(DenseVector.of(1, Float.NaN).isFinite());
        assertTrue(DenseVector.of(1, 2).isFinite());
    }

    /**
     * The learners skip their finiteness pass when the margin is finite (LinearModel.trainingMargin), which is sound
     * only if a NaN or infinite input never yields a finite dot product: at any position, in the vector main loop or
     * the tail, next to a zero weight (0 * inf = NaN) or a non-zero one, and alongside an infinity of the other sign.
     */
    @Test
    void aNonFiniteInputNeverGivesAFiniteDotProduct() {
        for (Kernels kernels : List.of(Kernels.scalar(), Kernels.vector())) {
            for (int n = 1; n <= 70; n++) {
                float[] x = new float[n];
                float[] w = new float[n];
                int[] indices = new int[n];
                for (int i = 0; i < n; i++) {
                    x[i] = 1f + i;
                    w[i] = i % 3 == 0 ? 0f : (i % 2 == 0 ? 0.5f : -0.25f); // zeros and both signs
                    indices[i] = i;
                }
                assertTrue(Float.isFinite(kernels.dot(w, x, n)), kernels.name() + " n=" + n);
                for (int bad = 0; bad < n; bad++) {
                    for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                        float[] y = Arrays.copyOf(x, n);
                        y[bad] = v;
                        String where = kernels.name() + " n=" + n + " bad=" + bad + " " + v + " w=" + w[bad];
                        assertFalse(Float.isFinite(kernels.dot(w, y, n)), where);
                        assertFalse(Float.isFinite(kernels.dotSparse(w, indices, y, n)), "sparse " + where);
                        // An infinity of the other sign elsewhere cannot cancel it out: inf - inf is NaN.
                        y[(bad + n / 2) % n] = -v;
                        if (n > 1) {
                            assertFalse(Float.isFinite(kernels.dot(w, y, n)), "opposite infinities, " + where);
                        }
                    }
                }
            }
        }
    }
}
