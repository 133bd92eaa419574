package io.tributary.learn.snapshot;

import java.util.Arrays;

/**
 * Symmetric int8 quantisation of one row of weights with one float scale: {@code w ~ q * s}, {@code q} in
 * {@code [-127, 127]}, {@code s = max|w| / 127}, {@code q = round(w / s)} to the nearest integer (ties to even).
 *
 * <p>Every weight then comes back within {@code s / 2} of its original value (plus the float rounding of the
 * product {@code q * s}, at most {@code 127 s 2^-24}), zero comes back as exactly zero, and the largest magnitude
 * comes back as {@code +-127 s}. The code {@code -128} is never produced, so the range is symmetric and negating a
 * row negates its codes.
 */
final class Int8Rows {

    /** The largest code magnitude: codes lie in {@code [-MAX_CODE, MAX_CODE]}. */
    static final int MAX_CODE = 127;

    private Int8Rows() {
    }

    /**
     * The scale of a row, {@code max|w| / 127} rounded up to the next float when the division is inexact, so that
     * {@code |w| / s <= 127} holds for every weight even when {@code s} is subnormal and the quotient's rounding
     * error is large; 0 for an all-zero row.
     *
     * @throws IllegalArgumentException when a weight is NaN or infinite (no scale can represent it)
     */
    static float scale(float[] row) {
        float max = 0f;
        for (int i = 0; i < row.length; i++) {
            float a = Math.abs(row[i]);
            if (!Float.isFinite(a)) {
                throw new IllegalArgumentException("cannot quantise weight " + i + " = " + row[i]
                        + ": only finite weights have an int8 code");
            }
            max = Math.max(max, a);
        }
        float s = (float) (max / (double) MAX_CODE);
        // s * 127 is exact in double (24 + 7 bits), so this comparison is exact.
        if ((double) s * MAX_CODE < max) {
            s = Math.nextUp(s);
        }
        return s;
    }

    /** Writes the codes of {@code row} under {@code scale} (from {@link #scale}) into {@code codes}. */
    static void quantize(float[] row, float scale, byte[] codes) {
        if (scale == 0f) {
            Arrays.fill(codes, 0, row.length, (byte) 0);
            return;
        }
        for (int i = 0; i < row.length; i++) {
            // The quotient of two floats in double is within half an ulp of the true one, far below the 0.5 that
            // rounding allows; the clamp is a safeguard only, since the rounded-up scale keeps |w / s| <= 127.
            long q = (long) Math.rint(row[i] / (double) scale);
            codes[i] = (byte) Math.clamp(q, -MAX_CODE, MAX_CODE);
        }
    }

    /** {@code q * scale}, computed exactly in double (7 + 24 bits) and rounded once to float. */
    static float dequantize(byte code, float scale) {
        return (float) (code * (double) scale);
    }
}
