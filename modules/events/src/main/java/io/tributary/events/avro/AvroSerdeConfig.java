package io.tributary.events.avro;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration keys read by {@link AvroSerializer#configure}, {@link AvroDeserializer#configure},
 * {@link SchemaRegistryClient#fromConfig} and {@link io.tributary.events.FeatureEventDecoder#configure}. The
 * names are Confluent's, so an existing producer/consumer/Streams configuration works unchanged.
 */
public final class AvroSerdeConfig {
  private AvroSerdeConfig() {}

  /**
   * Base URL(s) of the schema registry, comma-separated for fail-over, e.g. {@code http://localhost:8081} for
   * Confluent Schema Registry or {@code http://localhost:8080/apis/ccompat/v7} for Apicurio Registry.
   * Required for Avro.
   */
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

  /**
   * {@code user:password} for HTTP basic authentication against the registry (Confluent's key; sent as an
   * {@code Authorization: Basic} header). Optional.
   */
  public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";

  /**
   * Whether the serializer registers the record's schema under the subject ({@code true}, the default) or only
   * looks up an id that an operator registered beforehand ({@code false}; for registries where producers may not
   * write).
   */
  public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";

  /** Timeout in milliseconds for connecting to the registry and for each request. Default 10000. */
  public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";

  /** Default for {@link #REQUEST_TIMEOUT_MS_CONFIG}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The registry URL from a Kafka client configuration, or null when absent or blank. */
  static String registryUrl(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL_CONFIG);
    if (url == null) return null;
    String s = url instanceof java.util.List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
        : url.toString();
    return s.isBlank() ? null : s.trim();
  }

  static boolean autoRegister(Map<String, ?> configs) {
    Object v = configs.get(AUTO_REGISTER_SCHEMAS_CONFIG);
    if (v == null) return true;
    if (v instanceof Boolean b) return b;
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true")) return true;
    if (s.equalsIgnoreCase("false")) return false;
    throw new ConfigException(AUTO_REGISTER_SCHEMAS_CONFIG, v, "expected true or false");
  }

  static Duration requestTimeout(Map<String, ?> configs) {
    Object v = configs.get(REQUEST_TIMEOUT_MS_CONFIG);
    if (v == null) return DEFAULT_REQUEST_TIMEOUT;
    try {
      long ms = v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
      if (ms <= 0) throw new NumberFormatException();
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new ConfigException(REQUEST_TIMEOUT_MS_CONFIG, v, "expected a positive number of milliseconds");
    }
  }
}
