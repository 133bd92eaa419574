package io.tributary.streams.state;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link ModelStateStore} over an in-memory key-value store with a compacted changelog. Caching cannot be
 * turned on: the model store collapses a commit's updates itself.
 */
public final class ModelStoreBuilder implements StoreBuilder<ModelStateStore> {

    /**
     * The largest model snapshot the changelog takes, bytes: 64 MiB. Kafka's default (1 MiB) is less than a Tribuo
     * forest with its window or a dense model of 250 000 coordinates; the producer's max.request.size is raised to
     * match (see TributaryProcessor).
     */
    public static final int MAX_SNAPSHOT_BYTES = 64 << 20;

    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

    public ModelStoreBuilder(String name) {
        this.inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(MAX_SNAPSHOT_BYTES),
                        // Every commit appends a whole snapshot; compaction only cleans closed segments, so roll them
                        // often and clean eagerly, or a restore reads hours of superseded snapshots.
                        "segment.ms", "600000", "min.cleanable.dirty.ratio", "0.1"));
    }

    @Override
    public StoreBuilder<ModelStateStore> withCachingEnabled() {
        throw new UnsupportedOperationException("the model store collapses updates per commit itself; no record cache");
    }

    @Override
    public StoreBuilder<ModelStateStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<ModelStateStore> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<ModelStateStore> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public ModelStateStore build() {
        return new ModelStateStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
