package io.tributary.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestClients;
import io.tributary.runtime.testing.TestTopics;
import io.tributary.streams.TributaryProcessor;
import io.tributary.streams.config.TributaryConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot swap end to end, the way a user does it: a "teacher" processor learns a concept; {@code tributary model export}
 * copies its committed model to a file and {@code tributary model publish} sends it to the models topic of another
 * application, two instances of which serve a barely-learning model on the same concept while events stream. Both
 * instances (all partitions) must switch to the published model: from some point on every prediction carries the
 * published version (and counts up from it), the accuracy jumps, and no event is lost or predicted twice. A
 * malformed record published first is rejected and counted, and serving goes on.
 */
@ExtendWith(SharedInfrastructure.class)
class HotSwapIT {

    static final long VERSION = 1_000_000;
    static final int EVENTS = 12_000;

    static String event(Random random, int i) {
        double a = random.nextGaussian();
        double b = random.nextGaussian();
        int y = a - 0.5 * b > 0 ? 1 : 0;
        return "{\"eventId\":\"e" + i + "\",\"dense\":[" + a + "," + b + ",1],\"label\":" + y + "}";
    }

    static TributaryConfig config(String id, int partitions, Path stateDir, double learningRate) {
        String yaml = """
                processor:
                  application.id: %1$s
                  bootstrap.servers: "%2$s"
                  topic.features: %1$s.features
                  topic.predictions: %1$s.predictions
                  topic.models: %1$s.models
                  topics.partitions: %3$d
                  state.dir: "%4$s"
                streams:
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1500
                models:
                  - name: concept
                    task: binary_classification
                    algorithm: logistic_regression
                    features: {layout: dense, dimension: 3}
                    hyperparameters: {optimizer: sgd, learning_rate: %5$s}
                """.formatted(id, SharedInfrastructure.bootstrapServers(), partitions, stateDir.toString().replace('\\', '/'),
                learningRate);
        return TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), id, Map.of());
    }

    static TributaryProcessor start(TributaryConfig config) throws InterruptedException {
        TributaryProcessor p = new TributaryProcessor(config, new PrometheusRegistry()).start();
        assertTrue(p.awaitRunning(Duration.ofSeconds(60)), "processor running");
        return p;
    }

    @Test
    void aModelExportedFromOneApplicationAndPublishedIsSwappedInByEveryInstanceOfAnother(@TempDir Path dir) throws Exception {
        String bootstrap = SharedInfrastructure.bootstrapServers();
        // 1. The teacher learns the concept and its model is exported.
        String teacher = TestTopics.unique("teacher");
        try (TributaryProcessor p = start(config(teacher, 1, dir.resolve("teacher"), 0.2))) {
            Random random = new Random(1);
            Map<String, String> events = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 4000; i++) {
                events.put("t" + i, event(random, i));
            }
            TestClients.produce(bootstrap, teacher + ".features", events);
            assertEquals(4000, TestClients.consume(bootstrap, teacher + ".predictions", 4000, Duration.ofSeconds(60)).size());
        }
        Path file = dir.resolve("concept.trbl");
        assertEquals(0, TributaryCommand.commandLine().execute("model", "export", "--bootstrap", bootstrap,
                "--application-id", teacher, "--model", "concept", "--out", file.toString()));

        // 2. Two instances of the target application serve a model that barely learns.
        String target = TestTopics.unique("target");
        List<TributaryProcessor> instances = new ArrayList<>();
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        try {
            instances.add(start(config(target, 2, dir.resolve("a"), 1e-7)));
            instances.add(start(config(target, 2, dir.resolve("b"), 1e-7)));
            Thread feed = Thread.ofPlatform().name("swap-feed").start(() -> {
                Random random = new Random(2);
                try (KafkaProducer<String, String> producer = TestClients.stringProducer(bootstrap)) {
                    for (int i = 0; i < EVENTS; i++) {
                        producer.send(new ProducerRecord<>(target + ".features", "k" + (i % 10), event(random, i)));
                        if (i % 200 == 199) {
                            Thread.sleep(100);
                        }
                    }
                    producer.flush();
                } catch (Throwable t) {
                    feedFailure.set(t);
                }
            });
            Thread.sleep(2500);
            TestClients.produce(bootstrap, target + ".models", Map.of("concept", "{\"not\": \"a snapshot\"}"));
            assertEquals(0, TributaryCommand.commandLine().execute("model", "publish", "--bootstrap", bootstrap,
                    "--topic", target + ".models", "--model", "concept", "--version", Long.toString(VERSION),
                    "--file", file.toString()));
            feed.join(Duration.ofMinutes(2));
            assertEquals(null, feedFailure.get());

            List<ConsumerRecord<String, String>> out = TestClients.consume(bootstrap, target + ".predictions", EVENTS,
                    Duration.ofSeconds(120));
            ObjectMapper json = new ObjectMapper();
            Set<String> ids = new HashSet<>();
            Map<Integer, Long> lastVersion = new HashMap<>();
            Map<Integer, Boolean> swapped = new HashMap<>();
            int before = 0;
            double beforeConfidence = 0;
            int after = 0;
            int afterCorrect = 0;
            double afterConfidence = 0;
            for (ConsumerRecord<String, String> r : out) {
                JsonNode p = json.readTree(r.value());
                assertTrue(ids.add(p.get("eventId").asText()), "duplicate " + p.get("eventId"));
                long v = p.get("modelVersion").asLong();
                Long previous = lastVersion.put(r.partition(), v);
                boolean correct = p.get("prediction").asDouble() == p.get("label").asDouble();
                double confidence = Math.abs(p.get("scores").get(1).asDouble() - 0.5);
                if (v >= VERSION) {
                    swapped.put(r.partition(), true);
                    assertTrue(previous == null || previous < v || previous < VERSION, "versions count up from the snapshot");
                    after++;
                    afterCorrect += correct ? 1 : 0;
                    afterConfidence += confidence;
                } else {
                    assertTrue(!swapped.getOrDefault(r.partition(), false), "once swapped, a partition never goes back: " + v);
                    before++;
                    beforeConfidence += confidence;
                }
            }
            assertEquals(EVENTS, ids.size(), "every event predicted exactly once across the swap");
            assertEquals(Map.of(0, true, 1, true), swapped, "both partitions (both instances) swapped the model in");
            // Before, the barely-learning model says ~0.5 to everything (its weights point the right way, but are
            // tiny); after, the teacher's model is confident, and right.
            assertTrue(before > 0 && after > 0, before + " predictions before the swap, " + after + " after");
            double accuracyAfter = (double) afterCorrect / after;
            assertTrue(beforeConfidence / before < 0.01, "mean |p - 0.5| before the swap: " + beforeConfidence / before);
            assertTrue(afterConfidence / after > 0.2, "mean |p - 0.5| after the swap: " + afterConfidence / after);
            assertTrue(accuracyAfter > 0.9, "accuracy after the swap " + accuracyAfter);
            assertEquals(2.0, count(instances, "applied"), "one swap per replica");
            assertEquals(2.0, count(instances, "undecodable"), "each instance read and refused the malformed record");
        } finally {
            for (TributaryProcessor p : instances) {
                p.close();
            }
        }
    }

    private static double count(List<TributaryProcessor> instances, String outcome) {
        double total = 0;
        for (TributaryProcessor p : instances) {
            total += p.metrics().model("concept").swapCount(io.tributary.streams.swap.SwapOutcome.valueOf(outcome.toUpperCase()));
        }
        return total;
    }
}
