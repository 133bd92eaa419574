package io.tributary.streams.config;

/** How a model reads an event's features. */
public enum FeatureLayout {
    /** A float array of a fixed dimension ({@code dense} in the event; a sparse event of that dimension is accepted too). */
    DENSE,
    /** Indices and values in a fixed (usually hashed, large) dimension ({@code sparse} in the event). */
    SPARSE,
    /** A map of feature name to value, laid out in the declared order of {@code names}; absent names count as 0. */
    NAMED,
    /**
     * Any named features, hashed (signed MurmurHash3) into a fixed power-of-two space; a categorical value is sent as
     * a name such as {@code "country=fr"} with value 1. Sparse events of the same dimension (hashed upstream) go
     * straight in.
     */
    HASHED
}
