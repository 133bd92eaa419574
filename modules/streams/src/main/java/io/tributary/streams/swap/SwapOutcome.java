package io.tributary.streams.swap;

/** What became of a snapshot on the models topic, as counted in {@code tributary_model_swaps_total{outcome}}. */
public enum SwapOutcome {
    /** The replica's learner was replaced by the snapshot's. */
    APPLIED("applied"),
    /** Not a ModelSnapshot (JSON or Avro), or keyed by another name than its model's. */
    UNDECODABLE("undecodable"),
    /** A payload format this processor does not read. */
    UNKNOWN_FORMAT("unknown_format"),
    /** The payload is not a valid learner snapshot (bad magic, checksum, truncated). */
    BAD_PAYLOAD("bad_payload"),
    /** A valid learner that does not fit the declared model (task, dimension, algorithm, pipeline, candidates). */
    INCOMPATIBLE("incompatible"),
    /** A version not above the one the replica already applied (e.g. an older snapshot published late). */
    STALE("stale");

    private final String label;

    SwapOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
