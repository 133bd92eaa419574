package io.tributary.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestTopics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tributary serve` as a user runs it: the shaded jar in its own JVM against a real broker, fed and read by kcat
 * (Debian's librdkafka client, an outside client that shares none of our code), then stopped with SIGTERM.
 */
@ExtendWith(SharedInfrastructure.class)
class ServeCommandIT {

    static final Path JAR = Path.of("target/tributary.jar");
    static final Path KCAT = Path.of("/usr/bin/kcat");

    @Test
    void serveRunsTheProcessorFromTheJarAndAnOutsideClientGetsPredictions(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar is built in the package phase, before integration tests");
        Assumptions.assumeTrue(Files.isExecutable(KCAT), "kcat is not installed (apt-get install kcat): this test needs it as the outside client");
        String id = TestTopics.unique("serve");
        Path config = dir.resolve("models.yaml");
        Files.writeString(config, """
                processor:
                  application.id: %1$s
                  topic.features: %1$s.features
                  topic.predictions: %1$s.predictions
                  topics.partitions: 2
                  state.dir: "%2$s"
                models:
                  - name: pairs
                    task: multiclass_classification
                    algorithm: softmax_regression
                    classes: [low, mid, high]
                    features: {layout: named, names: [a, b]}
                """.formatted(id, dir.resolve("state").toString()));
        String bootstrap = SharedInfrastructure.bootstrapServers();
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", JAR.toString(),
                "serve", "--config", config.toString(), "--bootstrap", bootstrap, "--metrics-port", "0")
                .redirectErrorStream(true).start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> metricsUrl = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                Pattern url = Pattern.compile("metrics at (http://\\S+/metrics)");
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = url.matcher(line);
                    if (m.find()) {
                        metricsUrl.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            String metrics = metricsUrl.get(90, TimeUnit.SECONDS);
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                String label = List.of("low", "mid", "high").get(i % 3);
                events.append("k").append(i % 4).append('|').append("{\"eventId\":\"ev-").append(i)
                        .append("\",\"named\":{\"a\":").append(i % 3).append(",\"b\":1.5},\"label\":\"").append(label).append("\"}\n");
            }
            kcat(events.toString(), "-b", bootstrap, "-t", id + ".features", "-P", "-K", "|");

            List<JsonNode> predictions = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (predictions.size() < 30 && System.nanoTime() < deadline) {
                predictions.clear();
                for (String line : kcat("", "-b", bootstrap, "-t", id + ".predictions", "-C", "-o", "beginning", "-e", "-u",
                        "-X", "isolation.level=read_committed").lines().toList()) {
                    if (line.startsWith("{")) {
                        predictions.add(json.readTree(line));
                    }
                }
                Thread.sleep(500);
            }
            assertEquals(30, predictions.size(), "one prediction per event, read by kcat\n" + String.join("\n", output));
            for (JsonNode p : predictions) {
                assertEquals("pairs", p.get("model").asText());
                assertEquals(3, p.get("scores").size());
                assertTrue(List.of("low", "mid", "high").contains(p.get("predictedClass").asText()));
            }
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metrics)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(scrape.body().contains("tributary_predictions_total{model=\"pairs\"} 30.0"), scrape.body());
            assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "serve exports JVM metrics too");
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams cleanly
            boolean exited = serve.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                serve.destroyForcibly();
            }
            reader.join(5_000);
            assertTrue(exited, "serve stops within 60 s of SIGTERM\n" + String.join("\n", output));
        }
        assertTrue(output.stream().noneMatch(l -> l.contains("Exception")), String.join("\n", output));
    }

    static String kcat(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(KCAT.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kcat finished");
        assertEquals(0, p.exitValue(), "kcat " + command);
        return out;
    }
}
