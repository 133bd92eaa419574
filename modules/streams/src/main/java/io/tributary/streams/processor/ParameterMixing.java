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
 * {@code sync_every} labelled events it posts its parameters to the mixing topic and replaces them with the average
 * of its own and the latest post of every other replica, each weighted by the labelled events that replica has
 * learned from ({@link Aggregator#fedAvg()}, the aggregation federated learning uses too). Posts go out inside the
 * task's transaction; the peers' posts are read from a global store that mirrors the topic, as they arrive, so mixing
 * is asynchronous. A replica that has stopped learning still mixes on a timer when its peers post something new, and
 * posts the result, so that after the stream pauses every replica converges to one model (repeated weighted
 * averaging of the same set of replicas reaches consensus).
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
    /** The newest sequence seen from each peer partition, to tell whether a peer has posted since the last mix. */
    private final Map<Integer, Long> seen = new HashMap<>();

    ParameterMixing(String model, int partition, int syncEvery) {
        this.model = model;
        this.partition = partition;
        this.syncEvery = syncEvery;
    }

    /** Counts one labelled event learned from; true when it is time to mix. */
    boolean learned() {
        if (++sinceSync >= syncEvery) {
            sinceSync = 0;
            return true;
        }
        return false;
    }

    String key() {
        return model + "/" + partition;
    }

    /**
     * This replica's post for the mixing topic. Its weight is the events the replica has learned from in total. The
     * sequence grows across restarts (it starts from the wall clock), so peers can tell a new post from one they saw.
     */
    ParameterUpdate post(Mixable learner, long updates, long nowMs) {
        lastSequence = Math.max(lastSequence + 1, nowMs);
        return ParameterUpdate.newBuilder()
                .setModel(model)
                .setPartition(partition)
                .setSequence(lastSequence)
                .setWeight(updates)
                .setUpdates(updates)
                .setParameters(encode(learner.parameters()))
                .build();
    }

    /** Whether a peer has posted since this replica last mixed. */
    boolean peersPosted(KeyValueStore<String, byte[]> posts) {
        for (ParameterUpdate peer : peers(posts, -1)) {
            if (peer.getSequence() > seen.getOrDefault(peer.getPartition(), Long.MIN_VALUE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces this replica's parameters with the weighted average of its own (weight: {@code updates}) and the latest
     * post of every peer (weight: the peer's events). Returns the number of peers averaged in (0: nothing changed).
     */
    int mix(Mixable learner, long updates, KeyValueStore<String, byte[]> posts) {
        float[] own = learner.parameters();
        List<float[]> parameters = new ArrayList<>();
        List<Long> weights = new ArrayList<>();
        parameters.add(own);
        weights.add(updates);
        for (ParameterUpdate peer : peers(posts, own.length)) {
            seen.put(peer.getPartition(), peer.getSequence());
            parameters.add(decode(peer.getParameters()));
            weights.add(peer.getWeight());
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

    /** The latest post of every other replica of this model (of {@code length} parameters, unless -1). */
    private List<ParameterUpdate> peers(KeyValueStore<String, byte[]> posts, int length) {
        List<ParameterUpdate> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = posts.prefixScan(model + "/", KEYS)) {
            while (it.hasNext()) {
                ParameterUpdate peer;
                try {
                    peer = DECODER.deserialize(null, it.next().value);
                } catch (RuntimeException e) {
                    continue; // a foreign record on an internal topic: not a replica of this model
                }
                if (peer.getPartition() != partition && peer.getModel().equals(model)
                        && (length < 0 || peer.getParameters().remaining() == length * Float.BYTES)) {
                    out.add(peer);
                }
            }
        }
        return out;
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
