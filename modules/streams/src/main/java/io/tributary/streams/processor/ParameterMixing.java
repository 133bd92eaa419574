package io.tributary.streams.processor;

import io.tributary.events.EventSerdes;
import io.tributary.events.ParameterUpdate;
import io.tributary.learn.mixing.Aggregator;
import io.tributary.learn.mixing.Mixable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Parameter mixing for one replica of a global model (scope: global). The replica learns from its partition; every
 * {@code sync_every} labelled events it posts its parameters, with the number of events it learned from since its
 * previous post as their weight, to the mixing topic, then averages in every post of the other replicas it has not
 * mixed yet (read from the global store that mirrors the topic) with {@link Aggregator#fedAvg()}, the same
 * aggregation federated learning uses. Posts go out inside the task's transaction; the peers' posts are read as they
 * arrive, so mixing is asynchronous: a replica mixes what its peers have committed so far. All replicas converge to
 * one model because each keeps pulling towards the weighted mean of the others.
 */
public final class ParameterMixing {

    /** The global store mirroring the mixing topic: key "model/partition", value a ParameterUpdate (JSON). */
    public static final String STORE_NAME = "tributary-mixing";

    private static final Deserializer<ParameterUpdate> DECODER = EventSerdes.json(ParameterUpdate.class).deserializer();
    private static final StringSerializer KEYS = new StringSerializer();

    private final String model;
    private final int partition;
    private final int syncEvery;
    private long sinceSync;
    private long lastSequence;
    /** The newest sequence mixed in from each peer partition, so each post counts once. */
    private final Map<Integer, Long> mixed = new HashMap<>();

    ParameterMixing(String model, int partition, int syncEvery) {
        this.model = model;
        this.partition = partition;
        this.syncEvery = syncEvery;
    }

    /** Counts one labelled event learned from; true when it is time to mix. */
    boolean learned() {
        return ++sinceSync >= syncEvery;
    }

    String key() {
        return model + "/" + partition;
    }

    /**
     * This replica's post for the mixing topic, before it mixes. The sequence grows across restarts (it starts from the
     * wall clock) so that peers never mistake a restarted replica's posts for ones they have mixed.
     */
    ParameterUpdate post(Mixable learner, long updates, long nowMs) {
        lastSequence = Math.max(lastSequence + 1, nowMs);
        return ParameterUpdate.newBuilder()
                .setModel(model)
                .setPartition(partition)
                .setSequence(lastSequence)
                .setWeight(sinceSync)
                .setUpdates(updates)
                .setParameters(encode(learner.parameters()))
                .build();
    }

    /**
     * Averages this replica's parameters (weighted by its events since the last mix) with every peer post not mixed in
     * yet, and loads the result. Returns the number of peers mixed in (0: nothing changed).
     */
    int mix(Mixable learner, KeyValueStore<String, byte[]> posts) {
        float[] own = learner.parameters();
        List<float[]> parameters = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        parameters.add(own);
        weights.add(sinceSync);
        sinceSync = 0;
        try (KeyValueIterator<String, byte[]> it = posts.prefixScan(model + "/", KEYS)) {
            while (it.hasNext()) {
                var entry = it.next();
                ParameterUpdate peer;
                try {
                    peer = DECODER.deserialize(null, entry.value);
                } catch (RuntimeException e) {
                    continue; // not ours to judge here: a foreign record on an internal topic
                }
                if (peer.getPartition() == partition || !peer.getModel().equals(model)
                        || peer.getSequence() <= mixed.getOrDefault(peer.getPartition(), Long.MIN_VALUE)) {
                    continue;
                }
                float[] p = decode(peer.getParameters());
                if (p.length != own.length) {
                    continue; // a replica of an older config: not the same model
                }
                mixed.put(peer.getPartition(), peer.getSequence());
                parameters.add(p);
                weights.add(peer.getWeight());
            }
        }
        if (parameters.size() == 1) {
            return 0;
        }
        float[] average = Aggregator.fedAvg().aggregate(parameters, weights.stream().mapToLong(Long::longValue).toArray());
        if (average != null) {
            learner.loadParameters(average);
        }
        return parameters.size() - 1;
    }

    static ByteBuffer encode(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf;
    }

    static float[] decode(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[buf.remaining() / Float.BYTES];
        buf.asFloatBuffer().get(out);
        return out;
    }

    /** Mirrors the mixing topic into the global store, on the global thread. */
    public static final class Mirror implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE_NAME);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
        }
    }
}
