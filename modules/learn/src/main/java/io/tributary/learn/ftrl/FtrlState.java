package io.tributary.learn.ftrl;

import java.util.Objects;

/**
 * The learned state of an FTRL-Proximal learner: per coordinate the paper's {@code z_i} (accumulated adjusted
 * gradient) and {@code n_i} (accumulated squared gradient), the same pair for the intercept, and the running class
 * counts for balanced class weights. Weights are not stored: they are a function of {@code z} and {@code n}.
 *
 * <p>A plain data carrier; {@link FtrlModel#state()} hands out copies and {@code restore} copies what it gets.
 *
 * @param updates     number of {@code learnOne} calls absorbed
 * @param z           one per coordinate
 * @param n           one per coordinate, {@code >= 0}
 * @param interceptZ  the intercept's z
 * @param interceptN  the intercept's n, {@code >= 0}
 * @param classCounts instances per class for balanced class weights, {@code null} otherwise
 */
public record FtrlState(long updates, float[] z, float[] n, double interceptZ, double interceptN, long[] classCounts) {

    public FtrlState {
        Objects.requireNonNull(z, "z");
        Objects.requireNonNull(n, "n");
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be >= 0, got " + updates);
        }
        if (z.length != n.length || z.length == 0) {
            throw new IllegalArgumentException("z and n must have the same, positive length; got " + z.length
                    + " and " + n.length);
        }
        for (int i = 0; i < z.length; i++) {
            if (!(n[i] >= 0) || !Float.isFinite(n[i]) || !Float.isFinite(z[i])) {
                throw new IllegalArgumentException("coordinate " + i + " has z = " + z[i] + ", n = " + n[i]
                        + "; z must be finite and n finite and >= 0");
            }
        }
        if (!(interceptN >= 0) || !Double.isFinite(interceptN) || !Double.isFinite(interceptZ)) {
            throw new IllegalArgumentException("intercept state must be finite with n >= 0");
        }
        if (classCounts != null) {
            for (long c : classCounts) {
                if (c < 0) {
                    throw new IllegalArgumentException("class counts must be >= 0, got " + c);
                }
            }
        }
    }

    public int dimension() {
        return z.length;
    }
}
