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
}
