package io.tributary.learn;

import io.tributary.learn.simd.Kernels;
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
        return Kernels.preferred().allFinite(values, values.length);
    }
}
