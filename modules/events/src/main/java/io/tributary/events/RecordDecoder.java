package io.tributary.events;

import io.tributary.events.avro.SchemaRegistry;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a value of any Tributary schema as JSON or as Confluent-framed Avro, told apart per record by
 * {@link FeatureEventDecoder#detect} as on the features topic: what the models and labels topics use. Throws with the
 * reason when the value is neither, or is Avro and no registry was given.
 *
 * @param <T> the generated class of the schema
 */
public final class RecordDecoder<T extends SpecificRecord> implements Function<byte[], T> {

    private final Deserializer<T> json;
    private final Deserializer<T> avro;

    /** @param registry for Avro values; null to accept JSON only */
    public RecordDecoder(Class<T> type, SchemaRegistry registry) {
        this.json = EventSerdes.json(type).deserializer();
        this.avro = registry == null ? null : EventSerdes.avro(type, registry, false).deserializer();
    }

    @Override
    public T apply(byte[] value) {
        if (FeatureEventDecoder.detect(value) == EventFormat.AVRO) {
            if (avro == null) {
                throw new IllegalArgumentException("an Avro (Confluent wire format) record needs processor.schema.registry.url");
            }
            return avro.deserialize(null, value);
        }
        return json.deserialize(null, value);
    }
}
