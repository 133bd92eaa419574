package io.tributary.learn.transform;

import io.tributary.learn.FeatureVector;

/**
 * A feature transformation that can sit in front of any learner (River's {@code transform_one} /
 * {@code learn_one}), possibly with statistics of its own, learned from the stream.
 *
 * <p><b>Transform with what has been seen, then update.</b> {@link #transform} is pure: it maps {@code x} with the
 * statistics learned so far and changes nothing. {@link #learnOne} updates the statistics with {@code x}. A caller
 * that does both for an instance (a {@link Pipeline} learning) transforms first and learns afterwards, so the
 * output for instance {@code t} depends only on instances {@code 0..t-1} and on {@code x_t} itself: the value a
 * learner is trained on is exactly the value it would have been asked to predict from, which keeps prequential
 * evaluation honest. (River updates some transformers before transforming during {@code learn_one}; here the order
 * is always transform, then learn.)
 *
 * <p>Every built-in transform reads the input densely (a sparse vector's absent coordinates are 0) and returns a
 * fresh {@link io.tributary.learn.DenseVector} of {@link #outputDimension()} coordinates. Transforms that replace
 * values (scaling, differencing) keep the dimension; transforms that add features (lags, rolling statistics,
 * Fourier terms, one-hot) keep the input's coordinates where they are and append theirs after them, so indices of
 * earlier features stay valid down the chain. {@link Select} keeps or drops coordinates.
 *
 * <p>An input of the wrong dimension is rejected ({@code expected dimension 4, got 3}); {@code learnOne} also
 * rejects NaN and infinity in the coordinates the transform reads, since they would poison its statistics.
 * Transforms are not thread-safe.
 */
public interface Transform {

    /** The stable type name used in specs and snapshots, e.g. {@code standard_scaler}. */
    String type();

    int inputDimension();

    int outputDimension();

    /** The transformed instance, with the statistics learned so far; does not change the transform. */
    FeatureVector transform(FeatureVector x);

    /** Updates the statistics with {@code x} (a no-op for stateless transforms, which only validate). */
    void learnOne(FeatureVector x);

    /** Number of instances learned so far. */
    long seen();
}
