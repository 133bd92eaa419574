package io.tributary.events.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.FeatureEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against a scripted registry on the loopback interface (no outside network): checks the exact
 * requests it sends, its caching and its errors. Runs against a real registry too: point {@code newClient} at one.
 */
class SchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FEATURE_EVENT = FeatureEvent.getClassSchema().toString();

  record Request(String method, String path, String contentType, String authorization, String body) {}

  record Response(int status, String body) {}

  private HttpServer server;
  private ExecutorService executor;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    executor = Executors.newCachedThreadPool(); // a hanging handler must not block the dispatcher
    server.setExecutor(executor);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange x) throws IOException {
    Request r = new Request(x.getRequestMethod(), x.getRequestURI().getRawPath(),
        x.getRequestHeaders().getFirst("Content-Type"), x.getRequestHeaders().getFirst("Authorization"),
        new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(r);
    Function<Request, Response> route = routes.get(r.method() + " " + r.path());
    Response resp = route == null ? new Response(404, "{\"error_code\":40401,\"message\":\"no route\"}") : route.apply(r);
    byte[] body = resp.body().getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    x.sendResponseHeaders(resp.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) x.getResponseBody().write(body);
    x.close();
  }

  private void route(String methodAndPath, int status, String body) {
    routes.put(methodAndPath, r -> new Response(status, body));
  }

  private static String schemaJson(String schema) {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  @Test
  void registerPostsTheSchemaAndCachesBothWays() throws IOException {
    route("POST /apis/ccompat/v7/subjects/features-value/versions", 200, "{\"id\":7}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base + "/")) {
      assertEquals(7, c.register("features-value", FeatureEvent.getClassSchema()));
      assertEquals(7, c.register("features-value", FeatureEvent.getClassSchema()));
      assertEquals(FeatureEvent.getClassSchema(), c.getById(7));
    }
    assertEquals(1, requests.size(), "second register and getById come from the caches");
    Request r = requests.get(0);
    assertEquals("application/vnd.schemaregistry.v1+json", r.contentType());
    assertEquals(FeatureEvent.getClassSchema(), new Schema.Parser().parse(JSON.readTree(r.body()).get("schema").asText()));
  }

  @Test
  void getByIdFetchesOnceAndParses() {
    route("GET /apis/ccompat/v7/schemas/ids/12", 200, schemaJson(FEATURE_EVENT));
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      assertEquals(FeatureEvent.getClassSchema(), c.getById(12));
      assertEquals(FeatureEvent.getClassSchema(), c.getById(12));
    }
    assertEquals(1, requests.size());
  }

  @Test
  void lookupSubjectsAndLatest() {
    route("POST /apis/ccompat/v7/subjects/features-value", 200,
        "{\"subject\":\"features-value\",\"version\":3,\"id\":5,\"schema\":" + JSON.valueToTree(FEATURE_EVENT) + "}");
    route("GET /apis/ccompat/v7/subjects", 200, "[\"features-value\",\"predictions-value\"]");
    route("GET /apis/ccompat/v7/subjects/features-value/versions/latest", 200,
        "{\"subject\":\"features-value\",\"version\":3,\"id\":5,\"schema\":" + JSON.valueToTree(FEATURE_EVENT) + "}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      assertEquals(5, c.lookup("features-value", FeatureEvent.getClassSchema()));
      assertEquals(List.of("features-value", "predictions-value"), c.subjects());
      SchemaRegistryClient.RegisteredSchema latest = c.latest("features-value");
      assertEquals(new SchemaRegistryClient.RegisteredSchema("features-value", 3, 5, FeatureEvent.getClassSchema()),
          latest);
    }
  }

  @Test
  void subjectsAreUrlEncoded() {
    route("POST /apis/ccompat/v7/subjects/odd%20subject%2Fx/versions", 200, "{\"id\":1}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      assertEquals(1, c.register("odd subject/x", FeatureEvent.getClassSchema()));
    }
  }

  @Test
  void httpErrorsCarryStatusCodeAndBody() {
    route("POST /apis/ccompat/v7/subjects/features-value/versions", 409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
          () -> c.register("features-value", FeatureEvent.getClassSchema()));
      assertEquals(409, e.status());
      assertEquals(409, e.errorCode());
      assertFalse(e.isRetriable());
      assertTrue(e.getMessage().startsWith("schema registry: register schema io.tributary.events.FeatureEvent under "
          + "subject 'features-value' failed: HTTP 409 from POST " + base + "/subjects/features-value/versions: "
          + "{\"error_code\":409,\"message\":\"Schema being registered is incompatible"), e.getMessage());
    }
  }

  @Test
  void notFoundBecomesUnknownSchemaIdInTheDeserializer() {
    route("GET /apis/ccompat/v7/schemas/ids/42", 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> c.getById(42));
      assertTrue(e.isNotFound());
      assertEquals(40403, e.errorCode());
      EventDecodingException d = assertThrows(EventDecodingException.class,
          () -> new AvroDeserializer<>(FeatureEvent.class, c).deserialize("t", ConfluentWireFormat.frame(42, new byte[1])));
      assertEquals(Reason.UNKNOWN_SCHEMA_ID, d.reason());
    }
  }

  @Test
  void nonAvroSchemasAreRefused() {
    route("GET /apis/ccompat/v7/schemas/ids/3", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> c.getById(3));
      assertEquals("schema registry: schema id 3 is a PROTOBUF schema; Tributary reads Avro only", e.getMessage());
      EventDecodingException d = assertThrows(EventDecodingException.class,
          () -> new AvroDeserializer<>(FeatureEvent.class, c).deserialize("t", ConfluentWireFormat.frame(3, new byte[1])));
      assertEquals(Reason.UNKNOWN_SCHEMA_ID, d.reason());
    }
  }

  @Test
  void serverErrorsAreRetriableAndPropagateFromTheDeserializer() {
    route("GET /apis/ccompat/v7/schemas/ids/1", 500, "<html>oops</html>");
    try (SchemaRegistryClient c = new SchemaRegistryClient(base)) {
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
          () -> new AvroDeserializer<>(FeatureEvent.class, c).deserialize("t", ConfluentWireFormat.frame(1, new byte[1])));
      assertEquals(500, e.status());
      assertEquals(0, e.errorCode());
      assertEquals("<html>oops</html>", e.body());
      assertTrue(e.isRetriable());
    }
  }

  @Test
  void timesOut() {
    CountDownLatch release = new CountDownLatch(1);
    routes.put("GET /apis/ccompat/v7/schemas/ids/1", r -> {
      try {
        release.await(10, TimeUnit.SECONDS); // a registry that hangs until the client has given up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Response(200, schemaJson(FEATURE_EVENT));
    });
    try (SchemaRegistryClient c = new SchemaRegistryClient(base, Duration.ofMillis(200))) {
      long start = System.nanoTime();
      SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> c.getById(1));
      release.countDown();
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "gave up after the timeout");
      assertEquals(0, e.status());
      assertTrue(e.isRetriable());
      assertTrue(e.getMessage().contains("no response from " + base + " within 200 ms"), e.getMessage());
    }
  }

  @Test
  void failsOverToTheNextUrl() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    route("GET /apis/ccompat/v7/schemas/ids/1", 200, schemaJson(FEATURE_EVENT));
    try (SchemaRegistryClient c = new SchemaRegistryClient("http://127.0.0.1:" + deadPort + "/apis/ccompat/v7, " + base)) {
      assertEquals(FeatureEvent.getClassSchema(), c.getById(1));
    }
  }

  @Test
  void fromConfigSendsBasicAuth() {
    route("GET /apis/ccompat/v7/subjects", 200, "[]");
    try (SchemaRegistryClient c = SchemaRegistryClient.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, base,
        AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "user:secret",
        AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"))) {
      assertEquals(List.of(), c.subjects());
    }
    assertEquals("Basic dXNlcjpzZWNyZXQ=", requests.get(0).authorization());
  }

  @Test
  void badConfiguration() {
    ConfigException missing = assertThrows(ConfigException.class, () -> SchemaRegistryClient.fromConfig(Map.of()));
    assertTrue(missing.getMessage().startsWith("Avro needs a schema registry: set schema.registry.url"));
    assertThrows(ConfigException.class,
        () -> SchemaRegistryClient.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "localhost:8081")));
    assertThrows(ConfigException.class, () -> SchemaRegistryClient.fromConfig(Map.of(
        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, base, AvroSerdeConfig.REQUEST_TIMEOUT_MS_CONFIG, "soon")));
    assertThrows(IllegalArgumentException.class, () -> new SchemaRegistryClient(" , "));
  }

  @Test
  void endToEndThroughTheSerdes() {
    // A toy registry behind the routes: enough to run serializer and deserializer over real HTTP.
    routes.put("POST /apis/ccompat/v7/subjects/features-value/versions", r -> new Response(200, "{\"id\":21}"));
    route("GET /apis/ccompat/v7/schemas/ids/21", 200, schemaJson(FEATURE_EVENT));
    FeatureEvent e = AvroBinaryTest.fullEvent();
    byte[] bytes;
    try (SchemaRegistryClient producerSide = new SchemaRegistryClient(base)) {
      bytes = new AvroSerializer<FeatureEvent>(producerSide).serialize("features", e);
    }
    try (SchemaRegistryClient consumerSide = new SchemaRegistryClient(base)) {
      assertEquals(e, new AvroDeserializer<>(FeatureEvent.class, consumerSide).deserialize("features", bytes));
    }
    assertEquals(List.of("POST", "GET"), requests.stream().map(Request::method).toList());
  }
}
