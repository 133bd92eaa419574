package io.tributary.events;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value could not be turned into an event. Thrown by the JSON codec, the Avro deserializer and the
 * auto-detecting {@link FeatureEventDecoder}.
 *
 * <p>It carries a machine-friendly {@link #reason()} (the processor puts {@code reason().name()} into the DLQ
 * headers and uses it as a metric label), the offending {@link #field()} when there is one, and a human message
 * that says what was wrong and what was expected.
 *
 * <p>It extends Kafka's {@link SerializationException} so that Kafka clients and Kafka Streams treat it as the
 * deserialization failure it is (for example a {@code DeserializationExceptionHandler} sees it). It is only ever
 * thrown for problems of the record itself: infrastructure failures such as an unreachable schema registry are
 * reported as {@link io.tributary.events.avro.SchemaRegistryException} instead, because dead-lettering a good
 * record during a registry outage would lose data.
 */
public final class EventDecodingException extends SerializationException {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. The names are stable: they appear in DLQ headers and metric labels. */
  public enum Reason {
    /** The bytes are not syntactically valid JSON (or have content after the JSON value). */
    MALFORMED_JSON,
    /** A JSON object has a field the schema does not define (typos must not silently drop features). */
    UNKNOWN_FIELD,
    /** A JSON object has the same field twice; one of the two values would be silently lost. */
    DUPLICATE_FIELD,
    /** A field has the wrong JSON type, e.g. a string where a number is expected. */
    WRONG_TYPE,
    /** A field has the right JSON type but an unacceptable value (bad timestamp, unknown enum symbol, out of range). */
    INVALID_VALUE,
    /** A required field is absent (Prediction, ModelSnapshot, SparseFeatures). */
    MISSING_FIELD,
    /** A FeatureEvent has none of dense, sparse or named features. */
    MISSING_FEATURES,
    /** A FeatureEvent has more than one of dense, sparse or named features. */
    MULTIPLE_FEATURES,
    /** The value claims to be Confluent wire format but is too short or has the wrong magic byte. */
    BAD_WIRE_FORMAT,
    /** The schema id in the frame is not known to the registry (or names a schema that is not usable Avro). */
    UNKNOWN_SCHEMA_ID,
    /** The Avro body does not decode with the writer schema, or does not resolve to the reader schema. */
    AVRO_DECODE_ERROR,
    /** The value is Confluent Avro but no schema registry is configured to look its schema up. */
    AVRO_WITHOUT_REGISTRY,
    /** The value is neither Confluent Avro (first byte 0) nor a JSON object (first non-blank byte '{'). */
    UNDECODABLE
  }

  private final Reason reason;
  private final String field;

  /**
   * @param reason why decoding failed
   * @param field the offending field as a path (e.g. {@code sparse.indices[3]}), or null when none applies
   * @param message a human message saying what was wrong and what was expected
   */
  public EventDecodingException(Reason reason, String field, String message) {
    this(reason, field, message, null);
  }

  /** As {@link #EventDecodingException(Reason, String, String)}, with the underlying cause. */
  public EventDecodingException(Reason reason, String field, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
  }

  /** The machine-friendly reason code. */
  public Reason reason() {
    return reason;
  }

  /** The offending field path, e.g. {@code dense[2]} or {@code named.age}; null when the error is not about one field. */
  public String field() {
    return field;
  }

  @Override
  public String toString() {
    return "EventDecodingException[" + reason + "]: " + getMessage();
  }
}
