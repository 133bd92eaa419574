package io.tributary.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestTopics;

@ExtendWith(SharedInfrastructure.class)
class ApicurioRegistryTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    @Test
    void theBuildProvidesTheDistribution() {
        // The POM unpacks the distribution and points this property at it, so the registry
        // test runs on every build instead of skipping quietly.
        assertNotNull(System.getProperty(ApicurioRegistry.DIR_PROPERTY),
                "surefire should set -D" + ApicurioRegistry.DIR_PROPERTY);
        assertTrue(ApicurioRegistry.findRunner(ApicurioRegistry.locateDistribution()).isPresent());
    }

    @Test
    void registersAndFetchesAnAvroSchemaThroughTheConfluentApi() throws Exception {
        ApicurioRegistry registry = SharedInfrastructure.registry();
        String subject = TestTopics.unique("features") + "-value";
        String schema = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"io.tributary.test\","
                + "\"fields\":[{\"name\":\"x\",\"type\":\"double\"}]}";
        String body = "{\"schema\":" + jsonString(schema) + "}";

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, registered.statusCode(), registered.body());
            int id = intField(registered.body(), "id");

            // Registering the same schema again is a no-op that returns the same id, as
            // Confluent serializers with auto.register.schemas expect.
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(
                            URI.create(registry.ccompatUrl() + "/subjects/" + subject + "/versions"))
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(id, intField(again.body(), "id"));

            HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(
                    URI.create(registry.ccompatUrl() + "/schemas/ids/" + id)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fetched.statusCode(), fetched.body());
            assertTrue(fetched.body().contains("Reading") && fetched.body().contains("io.tributary.test"),
                    fetched.body());

            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(
                    URI.create(registry.ccompatUrl() + "/subjects")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(subjects.body().contains(subject), subjects.body());
        }
    }

    @Test
    void aDirectoryWithoutTheDistributionIsRejectedClearly(@TempDir Path empty) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApicurioRegistry.start(empty));
        assertTrue(e.getMessage().contains("quarkus-run.jar"), e.getMessage());
    }

    private static int intField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
