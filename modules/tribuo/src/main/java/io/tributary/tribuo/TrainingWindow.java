package io.tributary.tribuo;

import java.util.List;

/**
 * The bounded set of labelled events the next model is trained on. Owned by the learner's thread: not thread-safe.
 * The trainer thread only ever sees {@link #snapshot()}s.
 */
sealed interface TrainingWindow permits SlidingWindow, ReservoirWindow {

    /**
     * Offers one event; O(1).
     *
     * @return the event that is no longer in the window because of this call (the evicted one, or for a reservoir
     *         possibly {@code row} itself when it was not sampled), or null when nothing left
     */
    Row add(Row row);

    /** Events in the window now, at most {@link #capacity()}. */
    int size();

    int capacity();

    /** Events offered so far (over the window's whole life, restored ones included). */
    long seen();

    /** An immutable copy of the window's events: oldest first for a sliding window, slot order for a reservoir. */
    List<Row> snapshot();

    /** The event in position {@code i} of {@link #snapshot()}'s order. */
    Row get(int i);
}
