package io.tributary.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestClients;
import io.tributary.runtime.testing.TestTopics;
import io.tributary.streams.TributaryProcessor;
import io.tributary.streams.config.TributaryConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Tribuo models on the real broker: a random forest retrained in the background keeps its window across a restart
 * on a fresh state directory (restored from the changelog), and its Tribuo model, exported as protobuf and published
 * to another application's models topic, is swapped in there under load without losing a prediction.
 */
@ExtendWith(SharedInfrastructure.class)
class TribuoIT {

    static String event(Random random, int i) {
        double a = random.nextGaussian();
        double b = random.nextGaussian();
        int y = (a > 0) != (b > 0) ? 1 : 0;
        return "{\"eventId\":\"e" + i + "\",\"dense\":[" + a + "," + b + "],\"label\":" + y + "}";
    }

    static TributaryConfig config(String id, Path state, String hyper) {
        return config(id, state, hyper, "");
    }

    /** @param extraModels more models (YAML list items) served beside the forest on the same events */
    static TributaryConfig config(String id, Path state, String hyper, String extraModels) {
        String yaml = """
                processor:
                  application.id: %1$s
                  bootstrap.servers: "%2$s"
                  topic.features: %1$s.features
                  topic.predictions: %1$s.predictions
                  topic.models: %1$s.models
                  topic.model.metrics: %1$s.model-metrics
                  topics.partitions: 1
                  state.dir: "%3$s"
                streams:
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1500
                models:
                  - name: forest
                    task: binary_classification
                    algorithm: tribuo
                    features: {layout: dense, dimension: 2}
                    hyperparameters: %4$s
                %5$s
                """.formatted(id, SharedInfrastructure.bootstrapServers(), state.toString().replace('\\', '/'), hyper,
                extraModels.indent(2).stripTrailing());
        return TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), id, Map.of());
    }

    static TributaryProcessor start(TributaryConfig config, PrometheusRegistry registry) throws InterruptedException {
        TributaryProcessor p = new TributaryProcessor(config, registry).start();
        assertTrue(p.awaitRunning(Duration.ofSeconds(60)), "running");
        return p;
    }

    @Test
    void theWindowSurvivesARestartAndTheModelSwapsIntoAnotherApplicationUnderLoad(@TempDir Path dir) throws Exception {
        String bootstrap = SharedInfrastructure.bootstrapServers();
        String a = TestTopics.unique("forest-a");
        String hyper = "{trainer: random_forest, num_trees: 20, window: 2000, retrain_every: 500, seed: 1}";
        Random random = new Random(1);
        Map<String, String> first = new LinkedHashMap<>();
        for (int i = 0; i < 3000; i++) {
            first.put("k" + i, event(random, i));
        }
        String logistic = """
                - name: logit
                  task: binary_classification
                  algorithm: logistic_regression
                  features: {layout: dense, dimension: 2}
                  hyperparameters: {optimizer: sgd, learning_rate: 0.1}
                """;
        PrometheusRegistry firstRegistry = new PrometheusRegistry();
        try (TributaryProcessor p = start(config(a, dir.resolve("a1"), hyper, logistic), firstRegistry)) {
            TestClients.produce(bootstrap, a + ".features", first);
            assertEquals(6000, TestClients.consume(bootstrap, a + ".predictions", 6000, Duration.ofSeconds(60)).size(),
                    "two predictions per event: the forest's and the logistic model's");
            // Retrains run in the background and may lag a burst: wait for one, then score both models on held-out events.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (learnerMetric(firstRegistry, "retrains") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Map<String, String> probes = new LinkedHashMap<>();
            Map<String, Integer> truth = new java.util.HashMap<>();
            Random held = new Random(99);
            for (int i = 0; i < 500; i++) {
                double x = held.nextGaussian();
                double y = held.nextGaussian();
                truth.put("p" + i, (x > 0) != (y > 0) ? 1 : 0);
                probes.put("p" + i, "{\"eventId\":\"p" + i + "\",\"dense\":[" + x + "," + y + "]}"); // unlabelled
            }
            TestClients.produce(bootstrap, a + ".features", probes);
            List<ConsumerRecord<String, String>> all = TestClients.consume(bootstrap, a + ".predictions", 7000, Duration.ofSeconds(60));
            ObjectMapper json = new ObjectMapper();
            Map<String, int[]> correct = new java.util.HashMap<>();
            for (ConsumerRecord<String, String> r : all) {
                JsonNode pr = json.readTree(r.value());
                Integer t = truth.get(pr.get("eventId").asText());
                if (t != null) {
                    int[] c = correct.computeIfAbsent(pr.get("model").asText(), m -> new int[2]);
                    c[0] += pr.get("prediction").asInt() == t ? 1 : 0;
                    c[1]++;
                }
            }
            double forest = (double) correct.get("forest")[0] / correct.get("forest")[1];
            double logit = (double) correct.get("logit")[0] / correct.get("logit")[1];
            System.out.println("held-out accuracy on XOR (500 events): forest " + forest + ", logistic " + logit);
            assertEquals(500, correct.get("forest")[1]);
            assertTrue(forest > 0.85 && forest > logit + 0.25, "forest " + forest + " vs logistic " + logit);
        }
        // A new instance with an empty state directory: the window and the model come back from the changelog.
        PrometheusRegistry registry = new PrometheusRegistry();
        try (TributaryProcessor p = start(config(a, dir.resolve("a2"), hyper, logistic), registry)) {
            Map<String, String> probe = Map.of("probe", "{\"eventId\":\"probe\",\"dense\":[1,-1],\"model\":\"forest\"}"); // unlabelled
            TestClients.produce(bootstrap, a + ".features", probe);
            List<ConsumerRecord<String, String>> out = TestClients.consume(bootstrap, a + ".predictions", 7001, Duration.ofSeconds(60));
            JsonNode last = new ObjectMapper().readTree(out.getLast().value());
            assertEquals("probe", last.get("eventId").asText());
            // Retrains run in the background and coalesce, so how many finished before the stop varies; at least one did.
            assertTrue(last.get("modelVersion").asLong() >= 1, "the restored forest serves at once: version " + last.get("modelVersion"));
            assertTrue(last.get("scores").get(1).asDouble() > 0.5, "and knows XOR: (1, -1) is class 1, p = " + last.get("scores"));
            assertEquals(2000.0, learnerMetric(registry, "window_size"), "the window was restored full");
        }
        Path protobuf = dir.resolve("forest.pb");
        assertEquals(0, TributaryCommand.commandLine().execute("model", "export", "--bootstrap", bootstrap, "--application-id", a,
                "--model", "forest", "--tribuo-protobuf", "--out", protobuf.toString()));

        // Application B serves a forest that has not trained yet (min_train is out of reach): it predicts the prior.
        String b = TestTopics.unique("forest-b");
        int n = 6000;
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        try (TributaryProcessor p = start(config(b, dir.resolve("b"), "{trainer: random_forest, num_trees: 5, min_train: 1000000, window: 100}"),
                new PrometheusRegistry())) {
            Thread feed = Thread.ofPlatform().start(() -> {
                Random r = new Random(2);
                try (KafkaProducer<String, String> producer = TestClients.stringProducer(bootstrap)) {
                    for (int i = 0; i < n; i++) {
                        producer.send(new ProducerRecord<>(b + ".features", "k" + i, event(r, i)));
                        if (i % 200 == 199) {
                            Thread.sleep(100);
                        }
                    }
                    producer.flush();
                } catch (Throwable t) {
                    feedFailure.set(t);
                }
            });
            Thread.sleep(1500);
            assertEquals(0, TributaryCommand.commandLine().execute("model", "publish", "--bootstrap", bootstrap,
                    "--topic", b + ".models", "--model", "forest", "--version", "777", "--file", protobuf.toString()));
            feed.join(Duration.ofMinutes(2));
            assertEquals(null, feedFailure.get());
            List<ConsumerRecord<String, String>> out = TestClients.consume(bootstrap, b + ".predictions", n, Duration.ofSeconds(90));
            ObjectMapper json = new ObjectMapper();
            Set<String> ids = new HashSet<>();
            int before = 0;
            int after = 0;
            int afterCorrect = 0;
            for (ConsumerRecord<String, String> r : out) {
                JsonNode pr = json.readTree(r.value());
                assertTrue(ids.add(pr.get("eventId").asText()), "duplicate " + pr.get("eventId"));
                if (pr.get("modelVersion").asLong() >= 777) {
                    after++;
                    afterCorrect += pr.get("prediction").asDouble() == pr.get("label").asDouble() ? 1 : 0;
                } else {
                    assertEquals(0, after, "once swapped, never back");
                    before++;
                }
            }
            assertEquals(n, ids.size(), "no prediction lost or doubled across the swap");
            assertTrue(before > 0 && after > 0, before + " predictions before the swap, " + after + " after");
            assertTrue((double) afterCorrect / after > 0.85, "the swapped-in forest knows XOR: " + (double) afterCorrect / after);
        }
    }

    private static double learnerMetric(PrometheusRegistry registry, String metric) {
        for (MetricSnapshot s : registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("tributary_learner_metric")) {
                for (var p : ((GaugeSnapshot) s).getDataPoints()) {
                    if (p.getLabels().get("metric").equals(metric)) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no learner metric " + metric);
    }
}
