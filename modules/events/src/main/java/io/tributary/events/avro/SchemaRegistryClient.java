package io.tributary.events.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;

/**
 * A small client for the Confluent Schema Registry REST API, enough for the Avro serdes: register, look up and
 * fetch Avro schemas. Works against Confluent Schema Registry and against Apicurio Registry's Confluent-compatible
 * API (base URL {@code http://host:8080/apis/ccompat/v7}).
 *
 * <p>Written by hand because Confluent's client is not on Maven Central and drags in a large dependency tree;
 * the three calls needed here are plain JSON over HTTP ({@link HttpClient} + Jackson).
 *
 * <p>Both directions are cached for the life of the client: (subject, schema) to id after the first register or
 * lookup, and id to schema after the first fetch (schemas under an id never change in a registry). The serdes
 * therefore make one HTTP call per schema, not per record. Several comma-separated base URLs give fail-over:
 * a request that gets no response moves on to the next URL. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

  /** Content type of request bodies, as the Confluent API specifies. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
  private static final int MAX_BODY_IN_MESSAGE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A schema as registered under a subject. */
  public record RegisteredSchema(String subject, int version, int id, Schema schema) {}

  private record SubjectSchema(String subject, Schema schema) {}

  private final List<URI> baseUrls;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final HttpClient http;
  private final ConcurrentHashMap<SubjectSchema, Integer> idCache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Schema> schemaCache = new ConcurrentHashMap<>();
  private volatile int preferredUrl; // the URL that answered last; tried first next time

  /** A client for one or more comma-separated base URLs, with the default timeout of 10 s. */
  public SchemaRegistryClient(String baseUrls) {
    this(baseUrls, AvroSerdeConfig.DEFAULT_REQUEST_TIMEOUT);
  }

  /** A client for one or more comma-separated base URLs with the given connect and request timeout. */
  public SchemaRegistryClient(String baseUrls, Duration timeout) {
    this(parseUrls(baseUrls), timeout, Map.of());
  }

  /**
   * A client for the given base URLs (tried in order when one gives no response), with a connect and per-request
   * timeout and extra headers sent with every request (e.g. {@code Authorization}).
   */
  public SchemaRegistryClient(List<URI> baseUrls, Duration timeout, Map<String, String> headers) {
    if (baseUrls == null || baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    List<URI> clean = new ArrayList<>();
    for (URI u : baseUrls) {
      String scheme = u.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new IllegalArgumentException("schema registry URL must be http(s)://host[:port][/path], got '" + u + "'");
      }
      // Paths below are appended to the base, so a trailing slash would produce "//subjects".
      String s = u.toString();
      clean.add(URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s));
    }
    this.baseUrls = List.copyOf(clean);
    this.timeout = timeout;
    this.headers = Map.copyOf(headers);
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        // HTTP/1.1: the default (HTTP/2 with an h2c upgrade on plain http) is not what registries expect.
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * A client from Kafka-style configuration: {@value AvroSerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} (required),
   * {@value AvroSerdeConfig#BASIC_AUTH_USER_INFO_CONFIG} and {@value AvroSerdeConfig#REQUEST_TIMEOUT_MS_CONFIG}.
   *
   * @throws ConfigException if the URL is missing or malformed
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    String url = AvroSerdeConfig.registryUrl(configs);
    if (url == null) {
      throw new ConfigException("Avro needs a schema registry: set " + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
          + " (e.g. http://localhost:8081, or http://localhost:8080/apis/ccompat/v7 for Apicurio)");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Object userInfo = configs.get(AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG);
    if (userInfo != null && !userInfo.toString().isBlank()) {
      headers.put("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(userInfo.toString().getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return new SchemaRegistryClient(parseUrls(url), AvroSerdeConfig.requestTimeout(configs), headers);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url, e.getMessage());
    }
  }

  /** The base URLs this client talks to, without trailing slashes. */
  public List<URI> baseUrls() {
    return baseUrls;
  }

  /**
   * {@code POST /subjects/{subject}/versions} with {@code {"schema": "<schema json>"}}. Idempotent on the
   * registry side; cached here.
   */
  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idCache.get(key);
    if (cached != null) return cached;
    JsonNode r = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
        "register schema " + schema.getFullName() + " under subject '" + subject + "'");
    int id = requireInt(r, "id", "register under subject '" + subject + "'");
    idCache.putIfAbsent(key, id);
    schemaCache.putIfAbsent(id, schema); // a reader in this process then needs no round trip
    return id;
  }

  /** {@code POST /subjects/{subject}} with the schema: finds its id without registering it. Cached. */
  @Override
  public int lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idCache.get(key);
    if (cached != null) return cached;
    JsonNode r = send("POST", "/subjects/" + encode(subject), schemaBody(schema),
        "look up schema " + schema.getFullName() + " under subject '" + subject + "'");
    int id = requireInt(r, "id", "look up under subject '" + subject + "'");
    idCache.putIfAbsent(key, id);
    schemaCache.putIfAbsent(id, schema);
    return id;
  }

  /** {@code GET /schemas/ids/{id}}; cached forever (a registry never changes the schema behind an id). */
  @Override
  public Schema getById(int id) {
    Schema cached = schemaCache.get(id);
    if (cached != null) return cached;
    JsonNode r = send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
    Schema schema = parseAvro(r, "schema id " + id);
    Schema raced = schemaCache.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  /** {@code GET /subjects}: every subject in the registry. Not cached (meant for tools and tests). */
  public List<String> subjects() {
    JsonNode r = send("GET", "/subjects", null, "list subjects");
    if (!r.isArray()) throw unexpected("list subjects", r);
    List<String> out = new ArrayList<>();
    r.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** {@code GET /subjects/{subject}/versions/latest}. Not cached (meant for tools and tests). */
  public RegisteredSchema latest(String subject) {
    String what = "fetch latest version of subject '" + subject + "'";
    JsonNode r = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, what);
    int id = requireInt(r, "id", what);
    int version = requireInt(r, "version", what);
    Schema schema = parseAvro(r, "latest version of subject '" + subject + "'");
    schemaCache.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, version, id, schema);
  }

  /** Shuts the HTTP client down. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "SchemaRegistryClient" + baseUrls;
  }

  // ---------------------------------------------------------------- HTTP

  private JsonNode send(String method, String path, String body, String what) {
    Exception last = null;
    int n = baseUrls.size();
    int start = preferredUrl;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      URI uri = URI.create(baseUrls.get(i) + path);
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT);
      headers.forEach(b::header);
      if (body != null) {
        b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        last = e; // no response (refused, reset, timeout): the next URL may answer
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("schema registry: " + what + " was interrupted", 0, 0, "", e);
      }
      preferredUrl = i;
      int status = response.statusCode();
      String text = response.body() == null ? "" : response.body();
      if (status / 100 != 2) {
        throw new SchemaRegistryException("schema registry: " + what + " failed: HTTP " + status + " from "
            + method + " " + uri + ": " + truncate(text), status, errorCode(text), truncate(text), null);
      }
      try {
        return JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new SchemaRegistryException("schema registry: " + what + ": HTTP " + status + " from " + method + " "
            + uri + " with a body that is not JSON: " + truncate(text), status, 0, truncate(text), e);
      }
    }
    String message = last == null ? "no response" : last.toString();
    throw new SchemaRegistryException("schema registry: " + what + " failed: no response from "
        + (n == 1 ? baseUrls.get(0) : baseUrls) + " within " + timeout.toMillis() + " ms: " + message, 0, 0, "", last);
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  /**
   * The Avro schema in a registry response. A schema of another type (PROTOBUF, JSON), one with references, or
   * one that does not parse is reported with the (successful) HTTP status: the request worked, the content is
   * unusable, and retrying will not help.
   */
  private static Schema parseAvro(JsonNode r, String what) {
    String type = r.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException("schema registry: " + what + " is a " + type
          + " schema; Tributary reads Avro only", 200, 0, "", null);
    }
    if (r.path("references").isArray() && !r.path("references").isEmpty()) {
      throw new SchemaRegistryException("schema registry: " + what
          + " uses schema references, which Tributary does not support; register it self-contained", 200, 0, "", null);
    }
    JsonNode text = r.get("schema");
    if (text == null || !text.isTextual()) throw unexpected(what, r);
    try {
      // Fresh parser per schema (parsers accumulate names); lenient about defaults in schemas other tools wrote.
      return new Schema.Parser().setValidateDefaults(false).parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("schema registry: " + what + " does not parse as Avro: " + e.getMessage(),
          200, 0, truncate(text.asText()), e);
    }
  }

  private static int requireInt(JsonNode r, String field, String what) {
    JsonNode v = r.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) throw unexpected(what, r);
    return v.intValue();
  }

  private static SchemaRegistryException unexpected(String what, JsonNode r) {
    return new SchemaRegistryException("schema registry: unexpected response to " + what + ": "
        + truncate(r.toString()), 200, 0, truncate(r.toString()), null);
  }

  private static int errorCode(String body) {
    try {
      return JSON.readTree(body).path("error_code").asInt(0);
    } catch (JsonProcessingException | RuntimeException e) {
      return 0; // error bodies from proxies are often HTML
    }
  }

  private static String truncate(String s) {
    return s.length() <= MAX_BODY_IN_MESSAGE ? s : s.substring(0, MAX_BODY_IN_MESSAGE) + "…";
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<URI> parseUrls(String urls) {
    if (urls == null || urls.isBlank()) {
      throw new IllegalArgumentException("schema registry URL is empty");
    }
    return Arrays.stream(urls.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> {
          try {
            return URI.create(s);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema registry URL '" + s + "' is not a valid URI: " + e.getMessage());
          }
        })
        .toList();
  }
}
