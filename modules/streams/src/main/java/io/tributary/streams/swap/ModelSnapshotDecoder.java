package io.tributary.streams.swap;

import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.avro.SchemaRegistry;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a models-topic value as JSON or as Confluent-framed Avro, told apart by the first byte as on the features
 * topic. Throws with the reason when it is neither.
 */
public final class ModelSnapshotDecoder implements Function<byte[], ModelSnapshot> {

    private final Deserializer<ModelSnapshot> json = EventSerdes.modelSnapshotsJson().deserializer();
    private final Deserializer<ModelSnapshot> avro;

    /** @param registry for Avro values; null to accept JSON only */
    public ModelSnapshotDecoder(SchemaRegistry registry) {
        this.avro = registry == null ? null : EventSerdes.modelSnapshots(EventFormat.AVRO, registry).deserializer();
    }

    @Override
    public ModelSnapshot apply(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty value");
        }
        if (value[0] == 0) {
            if (avro == null) {
                throw new IllegalArgumentException("an Avro (Confluent wire format) snapshot needs processor.schema.registry.url");
            }
            return avro.deserialize(null, value);
        }
        if (value[0] == '{') {
            return json.deserialize(null, value);
        }
        throw new IllegalArgumentException("neither JSON nor Confluent-framed Avro (first byte " + (value[0] & 0xff) + ")");
    }
}
