package io.tributary.learn.simd;

/**
 * The float exponential that the activation kernels use, written out as plain float operations so that the scalar
 * and the SIMD kernels compute it with the same IEEE operations and agree bit for bit.
 *
 * <p>Why not {@link Math#exp}: the Vector API's lane-wise {@code EXP} is a different implementation (SVML when
 * JIT-compiled, a scalar fallback when interpreted), so a network could predict a hair differently depending on
 * which kernels it runs on and on JIT timing; a restored model must continue exactly like the original.
 *
 * <p>Method (Cody and Waite, "Software Manual for the Elementary Functions", 1980): clamp {@code x} to
 * {@code [-87, 88]} (beyond that {@code e^x} is below the normal floats or within a factor 2 of overflow, which no
 * activation needs), write {@code x = n ln 2 + r} with {@code n} the nearest integer to {@code x / ln 2} and
 * {@code |r| <= ln(2)/2}, evaluate {@code e^r} by its Taylor polynomial of degree 7 (truncation error below
 * {@code 0.347^8 / 8! = 5e-9}, under a tenth of a float ulp), and scale by {@code 2^n} through the exponent bits.
 * The rounding to an integer adds {@code 1.5 * 2^23} so that the float sum's rounding does it. Relative error
 * against the exact value: a few float ulps (the tests check it against {@link Math#exp}).
 */
public final class Exponential {

    /** Inputs are clamped to [MIN, MAX] so that 2^n stays a normal float: n in [-126, 127]. */
    static final float MIN = -87f;
    static final float MAX = 88f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
    static final float SHIFTER = 12582912f;
    static final int SHIFTER_BITS = Float.floatToRawIntBits(SHIFTER);
    /** ln 2 split into a part with few mantissa bits (n * LN2_HI is exact) and the remainder. */
    static final float NEG_LN2_HI = -0.693359375f;
    static final float NEG_LN2_LO = 2.12194440e-4f;
    /** 1/k! for k = 7 down to 2 (the two unit coefficients are written inline). */
    static final float C7 = 1f / 5040f;
    static final float C6 = 1f / 720f;
    static final float C5 = 1f / 120f;
    static final float C4 = 1f / 24f;
    static final float C3 = 1f / 6f;
    static final float C2 = 0.5f;

    private Exponential() {
    }

    /** {@code e^x} for {@code x} in {@code [-87, 88]}, clamped outside; NaN stays NaN. */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, MIN), MAX);
        float t = Math.fma(c, LOG2E, SHIFTER);
        float n = t - SHIFTER;
        float r = Math.fma(n, NEG_LN2_HI, c);
        r = Math.fma(n, NEG_LN2_LO, r);
        float p = C7;
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int e = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        return p * Float.intBitsToFloat((e + 127) << 23);
    }

    /** The logistic function {@code 1 / (1 + e^-z)}, as the kernels compute it. */
    public static float sigmoid(float z) {
        return 1f / (1f + exp(-z));
    }
}
