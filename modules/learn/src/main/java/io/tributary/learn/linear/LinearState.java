package io.tributary.learn.linear;

import java.util.Objects;

/**
 * The learned state of a linear learner: one row of weights and one intercept per output (1 for regression and
 * binary logistic regression, K for softmax regression), plus the optimizer's per-coordinate state and, with
 * balanced class weights, the running class counts.
 *
 * <p>A plain data carrier for snapshots: {@link LinearModel#state()} hands out copies, and the restore
 * factories copy what they are given, so no array is ever shared with a live learner.
 *
 * @param updates               number of {@code learnOne} calls absorbed
 * @param weights               {@code rows x dimension}
 * @param intercepts            one per row
 * @param weightAccumulators    same shape as {@code weights}: AdaGrad's sums of squared gradients, or Adam's
 *                              second-moment estimates {@code v}; {@code null} for SGD
 * @param interceptAccumulators one per row, as {@code weightAccumulators}; {@code null} for SGD
 * @param weightMoments         same shape as {@code weights}: Adam's first-moment estimates {@code m};
 *                              {@code null} for SGD and AdaGrad
 * @param interceptMoments      one per row for Adam, {@code null} otherwise
 * @param classCounts           instances seen per class, for balanced class weights; {@code null} otherwise
 */
public record LinearState(
        long updates,
        float[][] weights,
        float[] intercepts,
        float[][] weightAccumulators,
        float[] interceptAccumulators,
        float[][] weightMoments,
        float[] interceptMoments,
        long[] classCounts) {

    public LinearState {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(intercepts, "intercepts");
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be >= 0, got " + updates);
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("state needs at least one row of weights");
        }
        if (intercepts.length != weights.length) {
            throw new IllegalArgumentException(
                    weights.length + " weight rows but " + intercepts.length + " intercepts");
        }
        int dimension = weights[0].length;
        for (float[] row : weights) {
            if (row.length != dimension) {
                throw new IllegalArgumentException("weight rows have different lengths");
            }
        }
        checkPair(weightAccumulators, interceptAccumulators, weights.length, dimension, "accumulators");
        checkPair(weightMoments, interceptMoments, weights.length, dimension, "moments");
        if (weightMoments != null && weightAccumulators == null) {
            throw new IllegalArgumentException("Adam moments need the second-moment accumulators too");
        }
        if (classCounts != null) {
            for (long c : classCounts) {
                if (c < 0) {
                    throw new IllegalArgumentException("class counts must be >= 0, got " + c);
                }
            }
        }
    }

    /** The state of format version 1 and earlier code: SGD or AdaGrad, no class counts. */
    public LinearState(long updates, float[][] weights, float[] intercepts, float[][] weightAccumulators,
            float[] interceptAccumulators) {
        this(updates, weights, intercepts, weightAccumulators, interceptAccumulators, null, null, null);
    }

    private static void checkPair(float[][] rows, float[] intercepts, int expectedRows, int dimension, String what) {
        if ((rows == null) != (intercepts == null)) {
            throw new IllegalArgumentException("weight and intercept " + what + " must both be present or absent");
        }
        if (rows != null) {
            if (rows.length != expectedRows || intercepts.length != expectedRows) {
                throw new IllegalArgumentException(what + " must have one row per weight row");
            }
            for (float[] row : rows) {
                if (row.length != dimension) {
                    throw new IllegalArgumentException(what + " rows must match the weight dimension");
                }
            }
        }
    }

    public int rows() {
        return weights.length;
    }

    public int dimension() {
        return weights[0].length;
    }

    public boolean hasAccumulators() {
        return weightAccumulators != null;
    }

    /** Whether Adam's first moments are present. */
    public boolean hasMoments() {
        return weightMoments != null;
    }

    public boolean hasClassCounts() {
        return classCounts != null;
    }
}
