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

    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

    public ModelStoreBuilder(String name) {
        this.inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of("cleanup.policy", "compact"));
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
