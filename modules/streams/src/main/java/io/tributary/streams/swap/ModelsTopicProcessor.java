package io.tributary.streams.swap;

import io.tributary.events.ModelSnapshot;
import io.tributary.streams.metrics.ProcessorMetrics;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the models topic on the global thread: each record that decodes into a {@link ModelSnapshot} whose model
 * matches its key is kept in the global store (so a task started later finds it) and posted on the
 * {@link SnapshotBoard} (so running tasks apply it at their next record). Whether a snapshot fits a model is for the
 * task to decide; here only the framing is checked.
 *
 * <p>It never throws: an exception on the global thread would stop the whole instance, and a bad record on a topic
 * that anyone with write access can publish to must not do that. A record that does not decode is logged and
 * counted ({@code tributary_model_swaps_total{outcome="undecodable"}}), and the live models keep serving.
 */
public final class ModelsTopicProcessor implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsTopicProcessor.class);

    private final String storeName;
    private final Function<byte[], ModelSnapshot> decoder;
    private final SnapshotBoard board;
    private final ProcessorMetrics metrics;
    private KeyValueStore<String, byte[]> store;

    public ModelsTopicProcessor(String storeName, Function<byte[], ModelSnapshot> decoder, SnapshotBoard board,
            ProcessorMetrics metrics) {
        this.storeName = storeName;
        this.decoder = decoder;
        this.board = board;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null) {
                store.delete(key); // a tombstone: compaction will drop the model's snapshots; live models are kept
            }
            return;
        }
        ModelSnapshot snapshot;
        try {
            snapshot = decoder.apply(record.value());
        } catch (RuntimeException e) {
            LOG.warn("Models topic: a record keyed '{}' is not a ModelSnapshot ({}); ignored, live models keep serving", key, e.getMessage());
            metrics.swapOutcome(key, SwapOutcome.UNDECODABLE);
            return;
        }
        if (key != null && !key.equals(snapshot.getModel())) {
            LOG.warn("Models topic: a snapshot of model '{}' is keyed '{}'; ignored (the key must be the model name, for compaction)",
                    snapshot.getModel(), key);
            metrics.swapOutcome(snapshot.getModel(), SwapOutcome.UNDECODABLE);
            return;
        }
        store.put(snapshot.getModel(), record.value());
        board.post(snapshot);
    }
}
