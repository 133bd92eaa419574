package io.tributary.learn.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitMix64Test {

    /**
     * The JDK's SplittableRandom is an independent implementation of the same published generator (same increment,
     * same Mix13 finaliser, the seed as the initial state), so its longs and doubles are the reference.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 5, -1, 0x9E3779B97F4A7C15L, Long.MIN_VALUE})
    void longsAndDoublesAreThoseOfTheReferenceImplementation(long seed) {
        SplitMix64 g = new SplitMix64(seed);
        SplittableRandom reference = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            assertEquals(reference.nextLong(), g.nextLong(), "draw " + i);
        }
        g = new SplitMix64(seed);
        reference = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            double d = g.nextDouble();
            assertEquals(reference.nextDouble(), d, 0.0, "draw " + i);
            assertTrue(d >= 0 && d < 1);
        }
    }

    @Test
    void theStateIsTheWholeGenerator() {
        SplitMix64 g = new SplitMix64(42);
        for (int i = 0; i < 17; i++) {
            g.nextLong();
        }
        g.nextInt(3);
        g.nextDouble();
        SplitMix64 copy = new SplitMix64(g.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(g.nextLong(), copy.nextLong());
            assertEquals(g.nextInt(7), copy.nextInt(7));
            assertEquals(g.nextDouble(), copy.nextDouble(), 0.0);
        }
        assertEquals(g.state(), copy.state());
    }

    /**
     * For a power-of-two bound 2^b, 2^32 mod 2^b = 0 so nothing is ever rejected, and the result is the top b bits
     * of the 32-bit draw, i.e. of the long: a closed form computed here from the reference longs.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 1024, 1 << 30})
    void aPowerOfTwoBoundTakesTheTopBits(int bound) {
        int bits = Integer.numberOfTrailingZeros(bound);
        SplitMix64 g = new SplitMix64(7);
        SplittableRandom reference = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            long expected = bits == 0 ? 0 : reference.nextLong() >>> (64 - bits);
            if (bits == 0) {
                reference.nextLong();
            }
            assertEquals(expected, g.nextInt(bound), "draw " + i);
        }
    }

    /**
     * Pearson's chi-squared statistic of 120 000 draws against the uniform distribution. With a fixed seed the test
     * is deterministic; the bounds are the 99.9th percentiles of chi-squared with bound - 1 degrees of freedom.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 5, 7, 10})
    void smallBoundsAreUniform(int bound) {
        double[] chi2Quantile999 = {0, 0, 13.82, 0, 18.47, 0, 22.46, 0, 0, 27.88};
        int n = 120_000;
        long[] counts = new long[bound];
        SplitMix64 g = new SplitMix64(bound);
        for (int i = 0; i < n; i++) {
            int v = g.nextInt(bound);
            assertTrue(v >= 0 && v < bound, "out of range: " + v);
            counts[v]++;
        }
        double expected = (double) n / bound;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < chi2Quantile999[bound - 1], "chi2 " + chi2 + " for bound " + bound);
    }

    /**
     * Bound 3 * 2^29: 2^32 mod bound = 2^30, so a quarter of the products are rejected, and without the rejection
     * the results with two preimages among the 2^32 draws and those with three would alternate. The rejected
     * products are redrawn, so a run of the same seed consumes more longs than draws: checked by comparing the
     * state with the reference's position.
     */
    @Test
    void aLargeBoundRejectsAndRedraws() {
        int bound = 3 << 29;
        long threshold = (1L << 32) % bound;
        assertEquals(1L << 30, threshold);
        SplitMix64 g = new SplitMix64(11);
        SplittableRandom reference = new SplittableRandom(11);
        int rejected = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            // The reference's draws that the rejection rule accepts, each mapped to its high word: computed here
            // from the paper's definition with the reference's longs.
            long product;
            while (true) {
                product = (reference.nextLong() >>> 32) * bound;
                if ((product & 0xFFFF_FFFFL) >= threshold) {
                    break;
                }
                rejected++;
            }
            assertEquals((int) (product >>> 32), g.nextInt(bound), "draw " + i);
        }
        // A quarter of the products fall below the threshold: about n / 3 rejections for n accepted.
        assertEquals(n / 3.0, rejected, 4 * Math.sqrt(n / 3.0));
        assertEquals(reference.nextLong(), g.nextLong(), "both consumed the same number of longs");
    }

    @Test
    void aNonPositiveBoundIsRejected() {
        SplitMix64 g = new SplitMix64(1);
        assertThrows(IllegalArgumentException.class, () -> g.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> g.nextInt(-3));
    }
}
