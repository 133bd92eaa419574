package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import java.util.Arrays;
import java.util.Objects;

/** Shared input handling of the built-in transforms. */
final class Features {

    private Features() {
    }

    /** The input as a fresh dense array, after checking its dimension. */
    static float[] dense(FeatureVector x, int dimension) {
        checkDimension(x, dimension);
        return switch (x) {
            case DenseVector d -> d.values().clone();
            case SparseVector s -> {
                float[] out = new float[dimension];
                for (int k = 0; k < s.indices().length; k++) {
                    out[s.indices()[k]] += s.values()[k];
                }
                yield out;
            }
        };
    }

    static void checkDimension(FeatureVector x, int dimension) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
    }

    /** Rejects a non-finite value at any of {@code indices} of {@code values}. */
    static void requireFinite(float[] values, int[] indices) {
        for (int i : indices) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("feature " + i + " is " + values[i]
                        + "; refusing to learn from NaN or infinity");
            }
        }
    }

    /** {@code 0..dimension-1}. */
    static int[] all(int dimension) {
        int[] out = new int[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = i;
        }
        return out;
    }

    static void checkDimensionArg(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
    }

    /**
     * A copy of {@code features}, checked: each in {@code [0, dimension)}, no repeats, at least one. Null means all.
     */
    static int[] selection(String what, int[] features, int dimension) {
        checkDimensionArg(dimension);
        if (features == null) {
            return all(dimension);
        }
        if (features.length == 0) {
            throw new IllegalArgumentException(what + " must name at least one feature");
        }
        boolean[] seen = new boolean[dimension];
        for (int f : features) {
            if (f < 0 || f >= dimension) {
                throw new IllegalArgumentException(
                        what + ": feature index " + f + " is outside [0, " + dimension + ")");
            }
            if (seen[f]) {
                throw new IllegalArgumentException(what + ": feature index " + f + " is repeated");
            }
            seen[f] = true;
        }
        return features.clone();
    }

    static String describe(int[] features) {
        return Arrays.toString(features);
    }
}
