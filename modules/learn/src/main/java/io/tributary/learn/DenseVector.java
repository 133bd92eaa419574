package io.tributary.learn;

import java.util.Objects;

/** A dense feature vector. The array is used as is (not copied): callers must not mutate it afterwards. */
public record DenseVector(float[] values) implements FeatureVector {

    public DenseVector {
        Objects.requireNonNull(values, "values");
    }

    public static DenseVector of(float... values) {
        return new DenseVector(values);
    }

    @Override
    public int dimension() {
        return values.length;
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
