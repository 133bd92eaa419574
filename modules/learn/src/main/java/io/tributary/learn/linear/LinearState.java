package io.tributary.learn.linear;

import java.util.Objects;

/**
 * The learned state of a linear learner: one row of weights and one intercept per output (1 for regression and
 * binary logistic regression, K for softmax regression), plus AdaGrad's squared-gradient accumulators.
 *
 * <p>A plain data carrier for snapshots: {@link LinearModel#state()} hands out copies, and the restore
 * factories copy what they are given, so no array is ever shared with a live learner.
 *
 * @param updates             number of {@code learnOne} calls absorbed
 * @param weights             {@code rows x dimension}
 * @param intercepts          one per row
 * @param weightAccumulators  same shape as {@code weights} for AdaGrad, {@code null} for SGD
 * @param interceptAccumulators one per row for AdaGrad, {@code null} for SGD
 */
public record LinearState(
        long updates,
        float[][] weights,
        float[] intercepts,
        float[][] weightAccumulators,
        float[] interceptAccumulators) {

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
        if ((weightAccumulators == null) != (interceptAccumulators == null)) {
            throw new IllegalArgumentException("weight and intercept accumulators must both be present or absent");
        }
        if (weightAccumulators != null) {
            if (weightAccumulators.length != weights.length || interceptAccumulators.length != weights.length) {
                throw new IllegalArgumentException("accumulators must have one row per weight row");
            }
            for (float[] row : weightAccumulators) {
                if (row.length != dimension) {
                    throw new IllegalArgumentException("accumulator rows must match the weight dimension");
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
}
