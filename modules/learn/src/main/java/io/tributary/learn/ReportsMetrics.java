package io.tributary.learn;

import java.util.Map;

/**
 * A learner that reports numbers about itself beyond {@link OnlineLearner#updates()}: how often it retrained, how
 * long that took, how its latest model scored on held-out events. The processor exports each entry as a gauge.
 *
 * <p>Names are lower-case snake case (e.g. {@code retrains}, {@code tribuo_accuracy}) and stable: a dashboard
 * keys on them. A metric that has no value yet (no model evaluated so far) is absent rather than NaN.
 * Implementations must make this safe to call from any thread, since gauges are read by the metrics exporter's.
 */
public interface ReportsMetrics {

    /** The current values, an unmodifiable snapshot (later changes do not show in it), in a stable order. */
    Map<String, Double> learnerMetrics();
}
