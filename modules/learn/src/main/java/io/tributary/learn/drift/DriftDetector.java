package io.tributary.learn.drift;

/**
 * Watches a stream of numbers, typically a model's per-instance loss or 0/1 error, and says when its distribution
 * has changed: the signal to reset, retrain or replace the model.
 *
 * <p>The shape follows River's {@code drift} module: feed each value with {@link #update(double)}, then read
 * {@link #driftDetected()} (River's {@code drift_detected}) and, for detectors with a warning zone,
 * {@link #warningDetected()} ({@code warning_detected}). Both flags describe the <em>latest</em> update only: a
 * drift is signalled once, on the update that detects it. What happens next depends on the detector, as in River:
 * {@link Adwin} drops the stale part of its window and keeps going, while {@link PageHinkley} and {@link Ddm}
 * restart their statistics on the update after a drift, so that the new regime becomes the reference.
 *
 * <p>Detectors reject NaN and infinite values with an {@link IllegalArgumentException}: one of them would poison
 * the running statistics for good. Detectors are not thread-safe.
 */
public interface DriftDetector {

    /**
     * Feeds one value.
     *
     * @return {@link #driftDetected()} after this value
     */
    boolean update(double value);

    /** True when the latest {@link #update} detected a change. */
    boolean driftDetected();

    /**
     * True when the latest {@link #update} put the detector in its warning zone: a change is suspected but not yet
     * confirmed. Detectors without a warning zone always answer false.
     */
    default boolean warningDetected() {
        return false;
    }

    /** Back to the freshly built state: statistics, {@link #count()} and {@link #detections()} are cleared. */
    void reset();

    /** Values fed since construction or the last {@link #reset()}. */
    long count();

    /** Drifts signalled since construction or the last {@link #reset()}. */
    long detections();

    /** A short stable name, e.g. {@code adwin}. */
    String name();

    /** Rejects NaN and infinity; shared by the implementations. */
    static double requireFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("drift detectors need finite values, got " + value);
        }
        return value;
    }
}
