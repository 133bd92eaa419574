package io.tributary.learn;

/**
 * One instance's features. Dense input is a plain float array; sparse input (hashed or very
 * high-dimensional features) carries only its non-zero coordinates.
 *
 * <p>Learners accept both forms; a dense learner treats a sparse vector's absent coordinates as zero.
 */
public sealed interface FeatureVector permits DenseVector, SparseVector {

    /** Number of coordinates of the space this vector lives in. */
    int dimension();

    /** True when every stored value is finite (no NaN, no infinity). */
    boolean isFinite();
}
