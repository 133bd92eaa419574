package io.tributary.learn;

/**
 * A model that learns one instance at a time, in the spirit of River's {@code learn_one}/{@code predict_one}.
 * Subtypes add the typed {@code predictOne}/{@code learnOne} pair ({@link Regressor}, {@link Classifier}).
 *
 * <p>Learners are not thread-safe: one thread owns a learner (the stream task that holds it).
 */
public interface OnlineLearner {

    Task task();

    /** The input dimension the learner was built for; inputs of another dimension are rejected. */
    int dimension();

    /** How many {@code learnOne} calls this learner has absorbed (its natural version number). */
    long updates();

    /** The algorithm's stable name as used in configs and snapshots, e.g. {@code logistic_regression}. */
    String algorithm();
}
