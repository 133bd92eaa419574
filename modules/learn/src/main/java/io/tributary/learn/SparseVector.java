package io.tributary.learn;

import java.util.Objects;

/**
 * A sparse feature vector: {@code values[k]} is the value of coordinate {@code indices[k]}.
 * Indices must be in {@code [0, dimension)}; they need not be sorted, and a repeated index adds up.
 */
public record SparseVector(int dimension, int[] indices, float[] values) implements FeatureVector {

    public SparseVector {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(values, "values");
        if (dimension <= 0) {
            throw new IllegalArgumentException("sparse vector dimension must be positive, got " + dimension);
        }
        if (indices.length != values.length) {
            throw new IllegalArgumentException(
                    "sparse vector has " + indices.length + " indices but " + values.length + " values");
        }
        for (int index : indices) {
            if (index < 0 || index >= dimension) {
                throw new IllegalArgumentException(
                        "sparse index " + index + " is outside [0, " + dimension + ")");
            }
        }
    }

    @Override
    public boolean isFinite() {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
