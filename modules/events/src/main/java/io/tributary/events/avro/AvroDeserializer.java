package io.tributary.events.avro;

import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent-wire-format Avro into generated record classes.
 *
 * <p>For each record it reads the schema id from the header, fetches the writer's schema from the registry (once
 * per id: cached here and in the client), and decodes with {@code SpecificDatumReader(writerSchema,
 * readerSchema)}, so records written with an older or newer version of the schema resolve to the reader's
 * version (added fields get their defaults, removed ones are skipped). Writer schemas that cannot resolve are
 * found once per id with Avro's compatibility check and reported with its explanation.
 *
 * <p>The reader schema is that of the class given to the constructor; without one (Kafka's reflective
 * construction) the class is found from the writer schema's full name, as Confluent's {@code
 * specific.avro.reader=true} does. Decoders are reused per thread.
 *
 * <p>Problems of the record (bad header, unknown schema id, undecodable body, trailing bytes) throw
 * {@link EventDecodingException}. A registry that cannot be reached throws {@link SchemaRegistryException}: the
 * record may be fine, so it must not be dead-lettered.
 *
 * @param <T> the generated record class
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  /** A reader for one writer schema id, or why that writer schema cannot be read. */
  private record ReaderFor<T>(Schema writer, DatumReader<T> reader, String incompatibility) {}

  private final Class<T> type;
  private final Schema readerSchema;
  private SchemaRegistry registry;
  private boolean ownsRegistry;
  private final ConcurrentHashMap<Integer, ReaderFor<T>> readers = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  /**
   * For Kafka's reflective construction: the record class is taken from each writer schema's name, and
   * {@link #configure(Map, boolean)} must be called to set the registry.
   */
  public AvroDeserializer() {
    this(null, null);
  }

  /** Reads into {@code type}; the registry comes from {@link #configure(Map, boolean)}. */
  public AvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** Reads into {@code type} (null: from the writer schema's name), fetching schemas from {@code registry}. */
  public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
    this.type = type;
    this.readerSchema = type == null ? null : SpecificData.get().getSchema(type);
    this.registry = registry;
  }

  /** Unless a registry was given, creates a client from {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG}. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = SchemaRegistryClient.fromConfig(configs);
      ownsRegistry = true;
    }
  }

  /** Returns null for null (Kafka convention for tombstones), otherwise {@link #decode(byte[])}. */
  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  /**
   * Decodes one framed value.
   *
   * @throws EventDecodingException with {@code BAD_WIRE_FORMAT}, {@code UNKNOWN_SCHEMA_ID} or
   *     {@code AVRO_DECODE_ERROR}
   * @throws SchemaRegistryException if the registry could not be asked
   */
  public T decode(byte[] data) {
    int id = ConfluentWireFormat.readSchemaId(data);
    ReaderFor<T> r = readerFor(id);
    if (r.incompatibility() != null) {
      throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, null, r.incompatibility());
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
        data, ConfluentWireFormat.HEADER_SIZE, data.length - ConfluentWireFormat.HEADER_SIZE, decoders.get());
    decoders.set(decoder);
    T value;
    boolean complete;
    try {
      value = r.reader().read(null, decoder);
      complete = decoder.isEnd();
    } catch (IOException | RuntimeException e) {
      // EOFException for truncated bodies, AvroRuntimeException / IndexOutOfBounds for corrupt ones.
      throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, null, "cannot decode Avro body written with schema id "
          + id + " (" + r.writer().getFullName() + "): " + e, e);
    }
    if (!complete) {
      // Leftover bytes mean the body was not written with this schema: better an error than a wrong record.
      throw new EventDecodingException(Reason.AVRO_DECODE_ERROR, null, "Avro body written with schema id " + id
          + " (" + r.writer().getFullName() + ") has bytes left over after the record; it was not written with that schema");
    }
    return value;
  }

  private ReaderFor<T> readerFor(int id) {
    ReaderFor<T> r = readers.get(id);
    if (r != null) return r;
    if (registry == null) {
      throw new IllegalStateException("AvroDeserializer has no schema registry: pass one to the constructor or set "
          + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " and call configure()");
    }
    Schema writer;
    try {
      writer = registry.getById(id);
    } catch (SchemaRegistryException e) {
      // 404, or a 2xx whose schema is unusable (not Avro, references, does not parse): the record's fault.
      if (e.isNotFound() || (e.status() >= 200 && e.status() < 300)) {
        throw new EventDecodingException(Reason.UNKNOWN_SCHEMA_ID, null,
            "schema id " + id + " in the record header cannot be used: " + e.getMessage(), e);
      }
      throw e; // registry unreachable or failing: not the record's fault
    }
    r = newReader(writer);
    ReaderFor<T> raced = readers.putIfAbsent(id, r);
    return raced != null ? raced : r;
  }

  private ReaderFor<T> newReader(Schema writer) {
    Schema reader = readerSchema;
    if (reader == null) {
      Class<?> generated = SpecificData.get().getClass(writer);
      if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
        return new ReaderFor<>(writer, null, "no generated class for " + writer.getFullName()
            + " on the classpath to read it into");
      }
      reader = SpecificData.get().getSchema(generated);
    }
    SchemaCompatibility.SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return new ReaderFor<>(writer, null, "records written with " + writer.getFullName()
          + " cannot be read as " + reader.getFullName() + ": " + c.getResult().getIncompatibilities());
    }
    // getForSchema picks the generated class's SpecificData, which has its logical-type conversions.
    return new ReaderFor<>(writer, new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader)), null);
  }

  /** Closes the registry client if this deserializer created it from configuration. */
  @Override
  public void close() {
    if (ownsRegistry && registry != null) {
      registry.close();
    }
  }
}
