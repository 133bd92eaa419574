package io.tributary.events.avro;

import org.apache.kafka.common.KafkaException;

/**
 * A schema-registry request failed. Carries the HTTP status and response body, and Confluent's
 * {@code error_code} when the body has one, so the cause is visible in a log line.
 *
 * <p>Callers decide from {@link #isNotFound()} and {@link #isRetriable()} whether the record is at fault
 * (unknown schema id: dead-letter it) or the infrastructure is (registry down: fail or retry, never drop data).
 */
public class SchemaRegistryException extends KafkaException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;
  private final String body;

  /**
   * @param message what was attempted and what went wrong
   * @param status the HTTP status, or 0 when no response arrived (connection refused, timeout)
   * @param errorCode Confluent's {@code error_code} from the body (e.g. 40403 "schema not found"), or 0
   * @param body the response body (possibly truncated), or "" when there was none
   * @param cause the underlying exception, or null
   */
  public SchemaRegistryException(String message, int status, int errorCode, String body, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.body = body == null ? "" : body;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** Confluent's {@code error_code} from the response body, or 0 when there was none. */
  public int errorCode() {
    return errorCode;
  }

  /** The response body (truncated to a few hundred characters), or "". */
  public String body() {
    return body;
  }

  /** The subject, version or schema id does not exist (HTTP 404). */
  public boolean isNotFound() {
    return status == 404;
  }

  /**
   * Trying again later may succeed: no response at all, a timeout (408), rate limiting (429) or a server-side
   * error (5xx).
   */
  public boolean isRetriable() {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }
}
