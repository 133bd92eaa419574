package io.tributary.learn.datasets;

import io.tributary.learn.DenseVector;
import java.util.Objects;

/**
 * One instance of a synthetic stream: dense features and a target (a class index stored as a double for
 * classification streams).
 */
public record LabelledInstance(float[] x, double y) {

    public LabelledInstance {
        Objects.requireNonNull(x, "x");
    }

    /** The features as a learner input (shares the array). */
    public DenseVector features() {
        return new DenseVector(x);
    }

    /** The target as a class index. */
    public int label() {
        return (int) y;
    }
}
