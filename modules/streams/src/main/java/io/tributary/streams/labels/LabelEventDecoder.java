package io.tributary.streams.labels;

import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.LabelEvent;
import io.tributary.events.avro.SchemaRegistry;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a labels-topic value as JSON or Confluent-framed Avro (told apart by the first byte); throws with the reason. */
public final class LabelEventDecoder implements Function<byte[], LabelEvent> {

    private final Deserializer<LabelEvent> json = EventSerdes.json(LabelEvent.class).deserializer();
    private final Deserializer<LabelEvent> avro;

    /** @param registry for Avro values; null to accept JSON only */
    public LabelEventDecoder(SchemaRegistry registry) {
        this.avro = registry == null ? null : EventSerdes.avro(LabelEvent.class, registry, false).deserializer();
    }

    @Override
    public LabelEvent apply(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty value");
        }
        if (value[0] == 0) {
            if (avro == null) {
                throw new IllegalArgumentException("an Avro (Confluent wire format) label needs processor.schema.registry.url");
            }
            return avro.deserialize(null, value);
        }
        if (value[0] == '{') {
            return json.deserialize(null, value);
        }
        throw new IllegalArgumentException("neither JSON nor Confluent-framed Avro (first byte " + (value[0] & 0xff) + ")");
    }
}
