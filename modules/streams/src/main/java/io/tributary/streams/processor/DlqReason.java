package io.tributary.streams.processor;

import java.util.Locale;

/**
 * Why a record went to the dead-letter topic. The code is the {@code reason} label of
 * {@code tributary_dlq_records_total} and the value of the {@code tributary.dlq.reason} header,
 * so it must stay a small, fixed set (it is a metric label).
 */
public enum DlqReason {
    /** Bytes that are neither JSON nor Confluent-framed Avro, or that fail to decode as FeatureEvent. */
    UNDECODABLE,
    /** A feature vector whose dimension differs from the model's. */
    WRONG_DIMENSION,
    /** A NaN or infinite feature or label value. */
    NON_FINITE,
    /** No dense, sparse or named features the model can read. */
    MISSING_FEATURES,
    /** A named feature the model does not declare (likely a typo upstream). */
    UNKNOWN_FEATURE,
    /** A label that does not fit the task: a string for regression, an out-of-range class, an unknown class name. */
    BAD_LABEL,
    /** The event names a model that this processor does not serve. */
    UNKNOWN_MODEL,
    /** The learner itself failed on this record; the model keeps its previous state. */
    MODEL_ERROR,
    /** A keyed model (one model per record key) got a record without a key. */
    MISSING_KEY,
    /** A delayed label whose prediction expired before it arrived (later than labels.window.ms). */
    LATE_LABEL,
    /** A delayed label for an event that no model predicted within labels.window.ms. */
    UNKNOWN_EVENT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
