package io.tributary.learn.selection;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): a Weyl
 * sequence {@code s += 0x9E3779B97F4A7C15} (the golden-ratio increment) passed through a 64-bit mixing function,
 * here Stafford's "Mix13" finaliser, as in Vigna's reference {@code splitmix64.c} and the JDK's
 * {@code SplittableRandom}, so its longs and doubles are those of {@code new SplittableRandom(seed)}. Its whole
 * state is one long, which is why the ε-greedy selector uses it rather than {@link java.util.SplittableRandom}:
 * {@link #state()} can be stored in a snapshot and a generator rebuilt from it continues the exact same sequence.
 *
 * <p>Not splittable (nothing here needs it) and not cryptographic. Period 2^64; every seed, zero included, is
 * valid.
 */
final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static final long LOW_32 = 0xFFFF_FFFFL;

    private long state;

    /** The generator whose {@link #state()} is {@code state}; a seed is a state. */
    SplitMix64(long state) {
        this.state = state;
    }

    /** Everything needed to continue the sequence: {@code new SplitMix64(g.state())} draws what {@code g} draws. */
    long state() {
        return state;
    }

    /** Uniform over all 2^64 longs. */
    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1): the top 53 bits of a draw, scaled, so every value is a multiple of 2^-53. */
    double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * Exactly uniform in [0, bound), by Lemire's multiply-and-reject method ("Fast random integer generation in an
     * interval", ACM TOMACS 29(1), 2019). With r the top 32 bits of a draw, {@code r * bound} spans
     * {@code bound * 2^32}; its high word is the result. Taking it as is would favour some results by one part in
     * {@code 2^32 / bound}; rejecting the products whose low word is below {@code 2^32 mod bound} removes that bias
     * exactly. The rejection costs a division only when the low word is below {@code bound} (probability
     * {@code bound / 2^32}), and a redraw with probability {@code (2^32 mod bound) / 2^32}, both negligible for
     * the handful of candidates a selector draws among. Unlike {@code draw % bound}, no result is favoured at all.
     *
     * @throws IllegalArgumentException when {@code bound <= 0}
     */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long product = (nextLong() >>> 32) * bound;
        long low = product & LOW_32;
        if (low < bound) {
            long threshold = (1L << 32) % bound;
            while (low < threshold) {
                product = (nextLong() >>> 32) * bound;
                low = product & LOW_32;
            }
        }
        return (int) (product >>> 32);
    }
}
