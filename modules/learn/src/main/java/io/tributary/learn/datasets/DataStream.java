package io.tributary.learn.datasets;

import io.tributary.learn.Task;

/** An endless, deterministic (given its seed) source of labelled instances. Not thread-safe. */
public interface DataStream {

    /** The next instance; each call advances the stream. */
    LabelledInstance next();

    int dimension();

    Task task();

    /** 1 for regression streams, the number of classes otherwise. */
    int numClasses();
}
