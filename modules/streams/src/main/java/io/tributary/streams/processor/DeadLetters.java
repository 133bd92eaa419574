package io.tributary.streams.processor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The dead-letter record of a rejected input: its original key, bytes and headers, plus {@code tributary.dlq.*}
 * headers with the reason, a message, the model (when one is concerned) and where the record came from.
 */
public final class DeadLetters {

    public static final String HEADER_REASON = "tributary.dlq.reason";
    public static final String HEADER_MESSAGE = "tributary.dlq.message";
    public static final String HEADER_MODEL = "tributary.dlq.model";
    public static final String HEADER_SOURCE_TOPIC = "tributary.dlq.source.topic";
    public static final String HEADER_SOURCE_PARTITION = "tributary.dlq.source.partition";
    public static final String HEADER_SOURCE_OFFSET = "tributary.dlq.source.offset";

    private DeadLetters() {
    }

    /** The DLQ record for {@code record}; the source headers are there when the context has record metadata. */
    public static Record<Object, Object> record(Record<byte[], byte[]> record, DlqReason reason, String message, String model,
            ProcessorContext<?, ?> context) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_REASON, utf8(reason.code()));
        headers.add(HEADER_MESSAGE, utf8(message));
        if (model != null) {
            headers.add(HEADER_MODEL, utf8(model));
        }
        // During a punctuation (a label that waited in vain) there is no source record: no source headers then.
        context.recordMetadata().filter(m -> m.topic() != null).ifPresent(m -> {
            headers.add(HEADER_SOURCE_TOPIC, utf8(m.topic()));
            headers.add(HEADER_SOURCE_PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(HEADER_SOURCE_OFFSET, utf8(Long.toString(m.offset())));
        });
        return new Record<>(record.key(), record.value(), record.timestamp(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
