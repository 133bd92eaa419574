package io.tributary.events.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for Avro-generated records in Confluent wire format (magic byte, 4-byte schema id, Avro
 * binary), interoperable with Confluent's {@code KafkaAvroSerializer}.
 *
 * <p>The record's schema is registered (or, with {@code auto.register.schemas=false}, looked up) under the subject
 * {@code <topic>-value}, or {@code <topic>-key} for keys — Confluent's default TopicNameStrategy — once per topic;
 * after that the id comes from a per-topic cache checked by schema identity, so the hot path makes no registry
 * call and no hash of the schema. Encoders and output buffers are reused per thread, because a Kafka producer
 * calls its serializer from every thread that sends.
 *
 * <p>Use the constructors with a {@link SchemaRegistry}, or the no-argument constructor plus
 * {@link #configure(Map, boolean)} with {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} (as Kafka does when
 * the class is named in {@code value.serializer}).
 *
 * @param <T> the generated record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  /** Buffers above this size are not kept per thread, so one big model snapshot does not pin memory forever. */
  private static final int MAX_RETAINED_BUFFER = 1 << 20;

  private record SchemaId(Schema schema, int id) {}

  private record WriterFor(Schema schema, DatumWriter<Object> writer) {}

  private static final class Scratch {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }

  private SchemaRegistry registry;
  private boolean ownsRegistry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final ConcurrentHashMap<String, SchemaId> ids = new ConcurrentHashMap<>();
  private volatile WriterFor lastWriter;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  /** For Kafka's reflective construction; {@link #configure(Map, boolean)} must be called before use. */
  public AvroSerializer() {}

  /** A value serializer that registers schemas in {@code registry} (which the caller keeps and closes). */
  public AvroSerializer(SchemaRegistry registry) {
    this(registry, false, true);
  }

  /**
   * @param registry where schemas are registered or looked up; the caller keeps and closes it
   * @param isKey true to serialize keys (subject {@code <topic>-key})
   * @param autoRegister true to register the schema, false to only look up an existing registration
   */
  public AvroSerializer(SchemaRegistry registry, boolean isKey, boolean autoRegister) {
    this.registry = registry;
    this.isKey = isKey;
    this.autoRegister = autoRegister;
  }

  /**
   * Reads {@value AvroSerdeConfig#AUTO_REGISTER_SCHEMAS_CONFIG} and, unless a registry was given to the
   * constructor, creates a client from {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} (closed by
   * {@link #close()}).
   */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = AvroSerdeConfig.autoRegister(configs);
    if (registry == null) {
      registry = SchemaRegistryClient.fromConfig(configs);
      ownsRegistry = true;
    }
  }

  /** The subject a schema for {@code topic} is registered under: {@code <topic>-value} or {@code <topic>-key}. */
  public String subject(String topic) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) return null; // Kafka convention: null stays null (tombstones on compacted topics)
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer has no schema registry: pass one to the constructor or set "
          + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " and call configure()");
    }
    Schema schema = data.getSchema();
    int id = schemaId(topic, schema);
    Scratch s = scratch.get();
    try {
      s.out.reset();
      s.out.write(ConfluentWireFormat.header(id));
      s.encoder = EncoderFactory.get().binaryEncoder(s.out, s.encoder);
      writer(schema).write(data, s.encoder);
      s.encoder.flush();
      return s.out.toByteArray();
    } catch (IOException | RuntimeException e) {
      // e.g. a required field left null, or a label that is neither Double nor String
      throw new SerializationException("could not serialize " + schema.getFullName() + " for topic '" + topic
          + "' as Avro: " + e, e);
    } finally {
      if (s.out.size() > MAX_RETAINED_BUFFER) scratch.remove();
    }
  }

  private int schemaId(String topic, Schema schema) {
    SchemaId cached = ids.get(topic);
    if (cached != null && cached.schema() == schema) return cached.id();
    String subject = subject(topic);
    int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    ids.put(topic, new SchemaId(schema, id));
    return id;
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(Schema schema) {
    WriterFor w = lastWriter;
    if (w != null && w.schema() == schema) return w.writer();
    // getForSchema finds the generated class's SpecificData, which carries its logical-type conversions
    // (java.time.Instant for timestamp-millis).
    DatumWriter<Object> writer = new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    lastWriter = new WriterFor(schema, writer);
    return writer;
  }

  /** Closes the registry client if this serializer created it from configuration. */
  @Override
  public void close() {
    if (ownsRegistry && registry != null) {
      registry.close();
    }
  }
}
