package io.tributary.events;

import io.tributary.events.avro.AvroDeserializer;
import io.tributary.events.avro.AvroSerdeConfig;
import io.tributary.events.avro.AvroSerializer;
import io.tributary.events.avro.SchemaRegistry;
import io.tributary.events.avro.SchemaRegistryClient;
import io.tributary.events.json.JsonCodec;
import io.tributary.events.json.SchemaJson;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes for Tributary's event types, in either {@link EventFormat}.
 *
 * <p>Avro serdes register the value schema under {@code <topic>-value} and need a schema registry: pass a
 * {@link SchemaRegistry} you own (share one per process; its caches then serve every serde), or a URL, in which
 * case the serde creates a client and closes it when the serde is closed. JSON serdes ignore the registry.
 *
 * <p>Every FeatureEvent deserializer, JSON or Avro, applies {@link FeatureEvents#checkStructure}. All
 * deserializers return null for null values (tombstones) and throw {@link EventDecodingException} for bad ones.
 */
public final class EventSerdes {
  private EventSerdes() {}

  private static final JsonCodec JSON = new JsonCodec();

  // ------------------------------------------------------------------ FeatureEvent

  /** FeatureEvent serde in {@code format}; {@code registryUrl} is required for Avro, ignored for JSON. */
  public static Serde<FeatureEvent> featureEvents(EventFormat format, String registryUrl) {
    return withClient(format, registryUrl, r -> featureEvents(format, r));
  }

  /** FeatureEvent serde in {@code format}; {@code registry} is required for Avro (may be null for JSON). */
  public static Serde<FeatureEvent> featureEvents(EventFormat format, SchemaRegistry registry) {
    if (format == EventFormat.JSON) return featureEventsJson();
    AvroDeserializer<FeatureEvent> d = new AvroDeserializer<>(FeatureEvent.class, requireRegistry(registry));
    return new EventSerde<>(new AvroSerializer<>(registry),
        (topic, data) -> data == null ? null : FeatureEvents.checkStructure(d.decode(data)), null);
  }

  /** FeatureEvent serde writing natural JSON. */
  public static Serde<FeatureEvent> featureEventsJson() {
    return new EventSerde<>(jsonSerializer(JSON::encodeFeatureEvent),
        (topic, data) -> data == null ? null : JSON.decodeFeatureEvent(data), null);
  }

  /**
   * FeatureEvent serde that writes {@code writeFormat} but reads both formats, detected per record
   * ({@link FeatureEventDecoder}); {@code registry} may be null, then Avro records fail with
   * {@code AVRO_WITHOUT_REGISTRY} (and writing Avro is refused).
   */
  public static Serde<FeatureEvent> featureEventsAutoDetect(EventFormat writeFormat, SchemaRegistry registry) {
    Serializer<FeatureEvent> serializer = writeFormat == EventFormat.JSON
        ? jsonSerializer(JSON::encodeFeatureEvent) : new AvroSerializer<>(requireRegistry(registry));
    return new EventSerde<>(serializer, new FeatureEventDecoder(registry), null);
  }

  // ------------------------------------------------------------------ Prediction

  /** Prediction serde in {@code format}; {@code registryUrl} is required for Avro, ignored for JSON. */
  public static Serde<Prediction> predictions(EventFormat format, String registryUrl) {
    return withClient(format, registryUrl, r -> predictions(format, r));
  }

  /** Prediction serde in {@code format}; {@code registry} is required for Avro (may be null for JSON). */
  public static Serde<Prediction> predictions(EventFormat format, SchemaRegistry registry) {
    return format == EventFormat.JSON ? predictionsJson() : avro(Prediction.class, requireRegistry(registry), false);
  }

  /** Prediction serde writing natural JSON. */
  public static Serde<Prediction> predictionsJson() {
    return new EventSerde<>(jsonSerializer(JSON::encodePrediction),
        (topic, data) -> data == null ? null : JSON.decodePrediction(data), null);
  }

  // ------------------------------------------------------------------ ModelSnapshot

  /** ModelSnapshot serde in {@code format}; {@code registryUrl} is required for Avro, ignored for JSON. */
  public static Serde<ModelSnapshot> modelSnapshots(EventFormat format, String registryUrl) {
    return withClient(format, registryUrl, r -> modelSnapshots(format, r));
  }

  /** ModelSnapshot serde in {@code format}; {@code registry} is required for Avro (may be null for JSON). */
  public static Serde<ModelSnapshot> modelSnapshots(EventFormat format, SchemaRegistry registry) {
    return format == EventFormat.JSON ? modelSnapshotsJson()
        : avro(ModelSnapshot.class, requireRegistry(registry), false);
  }

  /** ModelSnapshot serde writing JSON (payload in base64). */
  public static Serde<ModelSnapshot> modelSnapshotsJson() {
    return new EventSerde<>(jsonSerializer(JSON::encodeModelSnapshot),
        (topic, data) -> data == null ? null : JSON.decodeModelSnapshot(data), null);
  }

  // ------------------------------------------------------------------ ModelMetrics

  /** ModelMetrics serde in {@code format}; {@code registry} is required for Avro (may be null for JSON). */
  public static Serde<ModelMetrics> modelMetrics(EventFormat format, SchemaRegistry registry) {
    return format == EventFormat.JSON ? json(ModelMetrics.class) : avro(ModelMetrics.class, requireRegistry(registry), false);
  }

  // ------------------------------------------------------------------ any generated record

  /**
   * Natural-JSON serde for any generated record, through {@link SchemaJson} (a tree model: for low-volume topics;
   * the per-event types have faster dedicated serdes above).
   */
  public static <T extends SpecificRecord> Serde<T> json(Class<T> type) {
    return new EventSerde<>(jsonSerializer(SchemaJson::encode),
        (topic, data) -> data == null ? null : SchemaJson.decode(data, type), null);
  }

  /**
   * Confluent-wire-format Avro serde for any generated record class, e.g. for keys ({@code isKey = true}: subject
   * {@code <topic>-key}) or for schemas added later.
   */
  public static <T extends SpecificRecord> Serde<T> avro(Class<T> type, SchemaRegistry registry, boolean isKey) {
    return new EventSerde<>(new AvroSerializer<>(requireRegistry(registry), isKey, true),
        new AvroDeserializer<>(type, registry), null);
  }

  // ------------------------------------------------------------------ plumbing

  private static SchemaRegistry requireRegistry(SchemaRegistry registry) {
    if (registry == null) {
      throw new ConfigException("the Avro format needs a schema registry: set "
          + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
          + " (e.g. http://localhost:8081, or http://localhost:8080/apis/ccompat/v7 for Apicurio), or use JSON");
    }
    return registry;
  }

  /** Builds the serde with a client for {@code url} that the serde owns (closes); JSON needs none. */
  private static <T> Serde<T> withClient(EventFormat format, String url, Function<SchemaRegistry, Serde<T>> make) {
    if (format == EventFormat.JSON) return make.apply(null);
    if (url == null || url.isBlank()) requireRegistry(null);
    SchemaRegistryClient client = SchemaRegistryClient.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url));
    Serde<T> inner = make.apply(client);
    return new EventSerde<>(inner.serializer(), inner.deserializer(), client);
  }

  private static <T> Serializer<T> jsonSerializer(Function<T, byte[]> encode) {
    return (topic, data) -> {
      if (data == null) return null;
      try {
        return encode.apply(data);
      } catch (IllegalArgumentException e) {
        throw new SerializationException("could not serialize " + data.getClass().getSimpleName()
            + " for topic '" + topic + "' as JSON: " + e.getMessage(), e);
      }
    };
  }

  /** A serde that also closes a registry client it owns. */
  private static final class EventSerde<T> implements Serde<T> {
    private final Serde<T> inner;
    private final SchemaRegistry owned;

    EventSerde(Serializer<T> serializer, Deserializer<T> deserializer, SchemaRegistry owned) {
      this.inner = Serdes.serdeFrom(serializer, deserializer);
      this.owned = owned;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      inner.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
      return inner.serializer();
    }

    @Override
    public Deserializer<T> deserializer() {
      return inner.deserializer();
    }

    @Override
    public void close() {
      inner.close();
      if (owned != null) owned.close();
    }
  }
}
