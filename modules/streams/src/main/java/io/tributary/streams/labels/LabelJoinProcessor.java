package io.tributary.streams.labels;

import io.tributary.events.EventSerdes;
import io.tributary.events.LabelEvent;
import io.tributary.events.PendingPrediction;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.processor.DeadLetters;
import io.tributary.streams.processor.DlqReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Delayed labels: joins labels (keyed by event id) with the pending predictions of unlabelled events (re-keyed by
 * event id by the processor that made them), within a window of processing time, and sends each joined prediction
 * back to the partition of the task that holds the model, which then scores and learns.
 *
 * <p>Either side may come first. A pending prediction waits up to the window for its label; when it expires the event
 * id is remembered for one more window, so that a label arriving then is told apart as late. A label with no pending
 * prediction waits up to the window too (the prediction may still be on its way); if none comes it is an unknown
 * event. Late and unknown labels go to the DLQ with their original bytes and are counted; nothing is dropped.
 */
public final class LabelJoinProcessor implements Processor<byte[], byte[], Object, Object> {

    public static final String PENDING_STORE = "tributary-label-pending";
    public static final String EARLY_LABELS_STORE = "tributary-label-early";
    public static final String EXPIRED_STORE = "tributary-label-expired";
    public static final String JOINS_SINK = "label-joins-sink";
    public static final String DLQ_SINK = "label-dlq-sink";

    private static final Deserializer<PendingPrediction> PENDING = EventSerdes.json(PendingPrediction.class).deserializer();
    private static final StringSerializer KEYS = new StringSerializer();
    private static final char SEPARATOR = '\u0000'; // between event id and model name in the pending store's keys

    private final String pendingTopic;
    private final long windowMs;
    private final Function<byte[], LabelEvent> labelDecoder;
    private final ProcessorMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, byte[]> early;
    private KeyValueStore<String, byte[]> expired;

    public LabelJoinProcessor(String pendingTopic, long windowMs, Function<byte[], LabelEvent> labelDecoder, ProcessorMetrics metrics) {
        this.pendingTopic = pendingTopic;
        this.windowMs = windowMs;
        this.labelDecoder = labelDecoder;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        pending = context.getStateStore(PENDING_STORE);
        early = context.getStateStore(EARLY_LABELS_STORE);
        expired = context.getStateStore(EXPIRED_STORE);
        long every = Math.max(50, Math.min(windowMs / 10, 10_000));
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        boolean fromPending = context.recordMetadata().map(m -> m.topic().equals(pendingTopic)).orElse(false);
        if (fromPending) {
            onPending(record);
        } else {
            onLabel(record);
        }
    }

    private void onPending(Record<byte[], byte[]> record) {
        PendingPrediction p = PENDING.deserialize(null, record.value()); // written by our own processor
        byte[] waiting = early.get(p.getEventId());
        if (waiting != null) {
            LabelEvent label = labelDecoder.apply(payload(waiting));
            if (label.getModel() == null || label.getModel().equals(p.getModel())) {
                join(p, label, record.timestamp());
                if (label.getModel() != null) {
                    early.delete(p.getEventId()); // a label for every model waits for the others until it expires
                }
                return;
            }
        }
        pending.put(p.getEventId() + SEPARATOR + p.getModel(), record.value());
    }

    private void onLabel(Record<byte[], byte[]> record) {
        LabelEvent label;
        try {
            label = labelDecoder.apply(record.value());
        } catch (RuntimeException e) {
            deadLetter(record, DlqReason.UNDECODABLE, "not a LabelEvent: " + e.getMessage());
            return;
        }
        List<KeyValue<String, byte[]>> matches = new ArrayList<>();
        if (label.getModel() != null) {
            byte[] one = pending.get(label.getEventId() + SEPARATOR + label.getModel());
            if (one != null) {
                matches.add(KeyValue.pair(label.getEventId() + SEPARATOR + label.getModel(), one));
            }
        } else {
            try (KeyValueIterator<String, byte[]> it = pending.prefixScan(label.getEventId() + SEPARATOR, KEYS)) {
                it.forEachRemaining(matches::add);
            }
        }
        for (KeyValue<String, byte[]> match : matches) {
            pending.delete(match.key);
            join(PENDING.deserialize(null, match.value), label, record.timestamp());
        }
        if (!matches.isEmpty() && label.getModel() != null) {
            return;
        }
        if (matches.isEmpty() && expired.get(label.getEventId()) != null) {
            deadLetter(record, DlqReason.LATE_LABEL, "the prediction of event '" + label.getEventId()
                    + "' waited labels.window.ms (" + windowMs + " ms) for its label and expired");
            metrics.delayedLabel("late");
            return;
        }
        // No prediction yet (it may be on its way), or a label for all models that may still meet others: wait.
        early.put(label.getEventId(), withTime(context.currentSystemTimeMs(), record.value(), !matches.isEmpty()));
    }

    private void join(PendingPrediction p, LabelEvent label, long timestamp) {
        p.setLabel(label.getLabel());
        p.setLabelledAt(label.getLabelledAt() != null ? label.getLabelledAt() : Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<Object, Object>(p.getKey(), p, timestamp), JOINS_SINK);
        metrics.delayedLabel("joined");
    }

    /** Expires pending predictions and waiting labels older than the window, and forgets expired event ids after another. */
    private void expire(long now) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                PendingPrediction p = PENDING.deserialize(null, e.value);
                if (p.getPredictedAt().toEpochMilli() + windowMs < now) {
                    gone.add(e.key);
                    expired.put(p.getEventId(), ByteBuffer.allocate(8).putLong(now + windowMs).array());
                }
            }
        }
        gone.forEach(pending::delete);
        if (!gone.isEmpty()) {
            metrics.delayedLabel("expired_unlabelled", gone.size());
        }
        gone.clear();
        try (KeyValueIterator<String, byte[]> it = early.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                ByteBuffer b = ByteBuffer.wrap(e.value);
                long since = b.getLong();
                boolean matchedSome = b.get() == 1;
                if (since + windowMs < now) {
                    gone.add(e.key);
                    if (!matchedSome) {
                        Record<byte[], byte[]> original = new Record<>(e.key.getBytes(StandardCharsets.UTF_8), payload(e.value), now);
                        deadLetter(original, DlqReason.UNKNOWN_EVENT, "no model predicted event '" + e.key
                                + "' within labels.window.ms (" + windowMs + " ms) of its label");
                        metrics.delayedLabel("unknown");
                    }
                }
            }
        }
        gone.forEach(early::delete);
        gone.clear();
        try (KeyValueIterator<String, byte[]> it = expired.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (ByteBuffer.wrap(e.value).getLong() < now) {
                    gone.add(e.key);
                }
            }
        }
        gone.forEach(expired::delete);
    }

    private static byte[] withTime(long time, byte[] value, boolean matchedSome) {
        return ByteBuffer.allocate(9 + value.length).putLong(time).put((byte) (matchedSome ? 1 : 0)).put(value).array();
    }

    private static byte[] payload(byte[] stored) {
        byte[] out = new byte[stored.length - 9];
        System.arraycopy(stored, 9, out, 0, out.length);
        return out;
    }

    private void deadLetter(Record<byte[], byte[]> record, DlqReason reason, String message) {
        context.forward(DeadLetters.record(record, reason, message, null, context), DLQ_SINK);
        metrics.deadLettered(reason);
    }
}
