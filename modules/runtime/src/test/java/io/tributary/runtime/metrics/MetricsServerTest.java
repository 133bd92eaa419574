package io.tributary.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesCountersInPrometheusTextFormat() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Counter events = Counter.builder()
                .name("tributary_test_events_total")
                .help("events seen by the test")
                .labelNames("topic")
                .register(registry);
        try (MetricsServer server = MetricsServer.builder().port(0).registry(registry).start()) {
            assertTrue(server.port() > 0);
            events.labelValues("features").inc(3);

            HttpResponse<String> response = get(server.metricsUrl());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    response.headers().toString());
            assertTrue(response.body().contains("tributary_test_events_total{topic=\"features\"} 3.0"), response.body());

            events.labelValues("features").inc();
            assertTrue(get(server.metricsUrl()).body().contains("tributary_test_events_total{topic=\"features\"} 4.0"));
        }
    }

    @Test
    void healthFollowsTheSupplier() throws Exception {
        AtomicReference<HealthStatus> health = new AtomicReference<>(HealthStatus.ok());
        try (MetricsServer server = MetricsServer.builder()
                .registry(new PrometheusRegistry())
                .health(health::get)
                .start()) {
            HttpResponse<String> ok = get(server.healthUrl());
            assertEquals(200, ok.statusCode());
            assertEquals("ok", ok.body().strip());

            health.set(HealthStatus.unhealthy("streams state is ERROR"));
            HttpResponse<String> down = get(server.healthUrl());
            assertEquals(503, down.statusCode());
            assertEquals("streams state is ERROR", down.body().strip());

            health.set(null);
            assertEquals(503, get(server.healthUrl()).statusCode(), "a broken check is unhealthy, not a 500");

            health.set(HealthStatus.ok());
            assertEquals(200, get(server.healthUrl()).statusCode());
            assertEquals(404, get(server.url() + "/nope").statusCode());
        }
    }

    @Test
    void jvmMetricsOnRequest() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (MetricsServer server = MetricsServer.builder().registry(registry).jvmMetrics(true).start()) {
            String body = get(server.metricsUrl()).body();
            assertTrue(body.contains("jvm_memory_used_bytes"), body);
            assertTrue(body.contains("jvm_threads_current"), body);
        }
    }
}
