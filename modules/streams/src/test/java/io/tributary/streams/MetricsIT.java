package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.ModelMetrics;
import io.tributary.runtime.metrics.MetricsServer;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.TributaryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /metrics scraped during a real run: valid exposition format (checked by promtool) and counters that move. */
@ExtendWith(SharedInfrastructure.class)
class MetricsIT {

    @Test
    void metricsParseAndCountersMoveDuringARun() throws Exception {
        TributaryConfig config = ItSupport.config("spine-metrics", "metrics.emit.interval.ms: 300", ItSupport.HYPERPLANE_MODEL);
        PrometheusRegistry registry = new PrometheusRegistry();
        String topic = config.processor().featuresTopic();
        try (TributaryProcessor processor = ItSupport.start(config, registry);
                MetricsServer server = MetricsServer.builder().port(0).registry(registry).health(processor::health).start();
                KafkaProducer<String, FeatureEvent> producer = ItSupport.producer(EventSerdes.featureEventsJson().serializer())) {
            HyperplaneEvents events = new HyperplaneEvents(3, 10);
            String before = scrape(server.metricsUrl());
            for (int i = 0; i < 3000; i++) {
                producer.send(new ProducerRecord<>(topic, events.key(), events.next()));
            }
            producer.flush();
            producer.send(new ProducerRecord<>(topic, "bad", null)).get(); // a tombstone: dead-lettered
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (processor.metrics().consumedCount() < 3001 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String after = scrape(server.metricsUrl());

            assertEquals(0.0, value(before, "tributary_events_consumed_total\\{topic=\"" + Pattern.quote(topic) + "\"\\}"), 0.0);
            assertEquals(3001.0, value(after, "tributary_events_consumed_total\\{topic=\"" + Pattern.quote(topic) + "\"\\}"), 0.0);
            assertEquals(3000.0, value(after, "tributary_predictions_total\\{model=\"hyperplane\"\\}"), 0.0);
            assertEquals(3000.0, value(after, "tributary_learn_updates_total\\{model=\"hyperplane\"\\}"), 0.0);
            assertEquals(1.0, value(after, "tributary_dlq_records_total\\{reason=\"undecodable\"\\}"), 0.0);
            assertEquals(3000.0, value(after, "tributary_predict_latency_seconds_count\\{model=\"hyperplane\"\\}"), 0.0);
            double accuracy = value(after, "tributary_prequential_accuracy\\{model=\"hyperplane\"\\}");
            assertTrue(accuracy > 0.6 && accuracy <= 1.0, "accuracy gauge " + accuracy);
            assertTrue(value(after, "tributary_model_version\\{model=\"hyperplane\"\\}") >= 1000, "version gauge grows");
            assertTrue(after.contains("tributary_event_to_prediction_latency_seconds_bucket"));

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.healthUrl())).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            // model-metrics: each partition's replica publishes its window; the latest record per partition covers
            // every labelled event between them.
            Thread.sleep(1000);
            var records = ItSupport.drain(config.processor().modelMetricsTopic(), ItSupport.strings(),
                    EventSerdes.json(ModelMetrics.class).deserializer(), 1, Duration.ofSeconds(30));
            java.util.Map<Integer, ModelMetrics> latest = new java.util.TreeMap<>();
            for (var r : records) {
                assertEquals("hyperplane", r.key());
                latest.merge(r.value().getPartition(), r.value(), (a, b) -> b.getEmittedAt().isAfter(a.getEmittedAt()) ? b : a);
            }
            assertEquals(3000L, latest.values().stream().mapToLong(ModelMetrics::getLabelled).sum(), latest.toString());
            assertTrue(latest.values().stream().allMatch(m -> m.getAccuracy() != null && m.getAccuracy() > 0.5), latest.toString());

            promtoolCheck(after);
        }
    }

    static String scrape(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([-+0-9.eENaInf]+)").matcher(exposition);
        assertTrue(m.find(), "series " + series + " missing from /metrics");
        return Double.parseDouble(m.group(1));
    }

    /** The exposition must pass Prometheus' own linter. promtool comes from Debian's prometheus package (.ci/run installs it). */
    static void promtoolCheck(String exposition) throws Exception {
        boolean available = Files.isExecutable(Path.of("/usr/bin/promtool"));
        Assumptions.assumeTrue(available, "promtool is not installed (apt-get install prometheus); skipping the promtool lint step");
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // promtool exits 1 for lint problems (e.g. a counter without _total) and 0 when the exposition is clean.
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + output);
    }
}
