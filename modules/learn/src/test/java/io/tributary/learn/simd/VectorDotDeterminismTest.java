package io.tributary.learn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector dot product must give the same bits whether it runs interpreted or JIT-compiled: a model restored from a
 * snapshot is expected to predict exactly like the original, whatever each JVM's JIT state.
 */
class VectorDotDeterminismTest {

    @Test
    void theDotProductDoesNotChangeAsTheJitWarmsUp() {
        Kernels vector = Kernels.vector();
        SplittableRandom random = new SplittableRandom(17);
        for (int n : new int[] {16, 100, 1000}) {
            float[] w = new float[n];
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) (random.nextDouble() * 2 - 1) * 1e3f;
                x[i] = (float) (random.nextDouble() * 2 - 1) * 1e-3f;
            }
            int cold = Float.floatToRawIntBits(vector.dot(w, x, n));
            for (int call = 0; call < 60_000; call++) { // enough calls for C1, then C2, to compile dot
                int warm = Float.floatToRawIntBits(vector.dot(w, x, n));
                if (warm != cold) {
                    assertEquals(Float.intBitsToFloat(cold), Float.intBitsToFloat(warm), 0f, "n=" + n + ", call " + call);
                }
            }
        }
    }
}
