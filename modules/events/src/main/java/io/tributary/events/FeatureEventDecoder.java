package io.tributary.events;

import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.avro.AvroDeserializer;
import io.tributary.events.avro.AvroSerdeConfig;
import io.tributary.events.avro.ConfluentWireFormat;
import io.tributary.events.avro.SchemaRegistry;
import io.tributary.events.json.JsonCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes FeatureEvents in either format, detected per record, so one topic can take JSON from kcat and Avro from
 * Confluent producers at the same time:
 *
 * <ul>
 *   <li>first byte {@code 0x00}: Confluent-wire-format Avro (needs a schema registry, else
 *       {@code AVRO_WITHOUT_REGISTRY});
 *   <li>first non-blank byte {@code '{'} (after an optional UTF-8 byte-order mark): JSON;
 *   <li>anything else, or an empty value: {@code UNDECODABLE}.
 * </ul>
 *
 * <p>The test is unambiguous because a JSON text never starts with a NUL byte. Both paths end with the same
 * {@link FeatureEvents#checkStructure} checks. Thread-safe.
 *
 * <p>As a Kafka {@link Deserializer} it returns null for a null value (a tombstone), per Kafka convention;
 * {@link #decode(byte[])} instead rejects null, so a processor that must not drop anything can call it directly.
 */
public final class FeatureEventDecoder implements Deserializer<FeatureEvent> {
  private final JsonCodec json = new JsonCodec();
  private AvroDeserializer<FeatureEvent> avro;

  /** A JSON-only decoder; Avro records fail with {@code AVRO_WITHOUT_REGISTRY} unless {@link #configure} sets a registry. */
  public FeatureEventDecoder() {}

  /** A decoder for both formats; {@code registry} may be null for JSON only. The caller keeps and closes it. */
  public FeatureEventDecoder(SchemaRegistry registry) {
    this.avro = registry == null ? null : new AvroDeserializer<>(FeatureEvent.class, registry);
  }

  /** If no registry was given and {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} is set, enables Avro. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object url = configs.get(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
    if (avro == null && url != null && !url.toString().isBlank()) {
      AvroDeserializer<FeatureEvent> d = new AvroDeserializer<>(FeatureEvent.class);
      d.configure(configs, isKey);
      avro = d;
    }
  }

  /** Whether Avro records can be decoded (a registry is configured). */
  public boolean supportsAvro() {
    return avro != null;
  }

  /**
   * The format of a value by its first bytes, without decoding it.
   *
   * @throws EventDecodingException with reason {@code UNDECODABLE} if it is neither
   */
  public static EventFormat detect(byte[] value) {
    if (value == null || value.length == 0) {
      throw new EventDecodingException(Reason.UNDECODABLE, null, "the record value is empty");
    }
    if (value[0] == ConfluentWireFormat.MAGIC_BYTE) {
      return EventFormat.AVRO;
    }
    int i = 0;
    if (value.length >= 3 && (value[0] & 0xff) == 0xEF && (value[1] & 0xff) == 0xBB && (value[2] & 0xff) == 0xBF) {
      i = 3; // UTF-8 byte-order mark, as some Windows tools write it
    }
    while (i < value.length && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r')) {
      i++;
    }
    if (i == value.length) {
      throw new EventDecodingException(Reason.UNDECODABLE, null, "the record value is only whitespace");
    }
    if (value[i] == '{') {
      return EventFormat.JSON;
    }
    int b = value[i] & 0xff;
    String shown = b >= 0x20 && b < 0x7f ? String.format("0x%02x ('%c')", b, (char) b) : String.format("0x%02x", b);
    throw new EventDecodingException(Reason.UNDECODABLE, null, "cannot tell the format: the value starts with "
        + shown + ", expected 0x00 (Confluent wire-format Avro) or '{' (a JSON object)");
  }

  /**
   * Decodes a value in whichever format it is in.
   *
   * @throws EventDecodingException for any problem of the record (see {@link EventDecodingException.Reason})
   * @throws io.tributary.events.avro.SchemaRegistryException if the registry could not be asked (not the
   *     record's fault: do not dead-letter it)
   */
  public FeatureEvent decode(byte[] value) {
    if (detect(value) == EventFormat.JSON) {
      return json.decodeFeatureEvent(value);
    }
    AvroDeserializer<FeatureEvent> a = avro;
    if (a == null) {
      String id = value.length >= ConfluentWireFormat.HEADER_SIZE
          ? " with schema id " + ConfluentWireFormat.readSchemaId(value) : "";
      throw new EventDecodingException(Reason.AVRO_WITHOUT_REGISTRY, null, "the record is Confluent wire-format Avro"
          + id + " but no schema registry is configured; set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
    }
    return FeatureEvents.checkStructure(a.decode(value));
  }

  /** Null for null (a tombstone), otherwise {@link #decode(byte[])}. */
  @Override
  public FeatureEvent deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  /** Closes the registry client if {@link #configure} created it. */
  @Override
  public void close() {
    if (avro != null) avro.close();
  }
}
