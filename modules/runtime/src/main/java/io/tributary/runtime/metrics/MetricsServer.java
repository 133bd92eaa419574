package io.tributary.runtime.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link PrometheusRegistry} in the Prometheus text format at {@code /metrics} and a
 * health check at {@code /health} (200 {@code ok}, or 503 with the reason).
 *
 * <p>Built on client_java's own {@link HTTPServer} (content negotiation, gzip, the OpenMetrics
 * and protobuf formats come with it); {@code /health} is served through its default handler,
 * which receives every path the exporter does not claim itself.
 *
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.builder().port(9400).jvmMetrics(true)
 *         .health(() -> streams.state().isRunningOrRebalancing()
 *                 ? HealthStatus.ok() : HealthStatus.unhealthy("streams " + streams.state()))
 *         .start()) { ... }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HTTPServer server;
    private final int port;

    private MetricsServer(HTTPServer server) {
        this.server = server;
        this.port = server.getPort();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Default registry, always healthy, no JVM metrics; port 0 picks a free port. */
    public static MetricsServer start(int port) {
        return builder().port(port).start();
    }

    public int port() {
        return port;
    }

    /** Base URL, {@code http://localhost:<port>}. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** {@code http://localhost:<port>/metrics}, the URL Prometheus scrapes. */
    public String metricsUrl() {
        return url() + "/metrics";
    }

    /** {@code http://localhost:<port>/health}. */
    public String healthUrl() {
        return url() + "/health";
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "MetricsServer[" + metricsUrl() + "]";
    }

    /** Answers {@code /health} and {@code /}; anything else is 404. */
    private record RootHandler(Supplier<HealthStatus> health) implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                drain(exchange);
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/health") || path.equals("/health/")) {
                    HealthStatus status;
                    try {
                        status = Objects.requireNonNull(health.get(), "health supplier returned null");
                    } catch (RuntimeException e) {
                        // A failing check is an unhealthy service, not a 500 from the server.
                        status = HealthStatus.unhealthy("health check failed: " + e);
                    }
                    respond(exchange, status.healthy() ? 200 : 503, status.detail());
                } else if (path.equals("/")) {
                    respond(exchange, 200, "Tributary: /metrics (Prometheus), /health\n");
                } else {
                    respond(exchange, 404, "not found: " + path + "\n");
                }
            }
        }

        private static void drain(HttpExchange exchange) throws IOException {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        }

        private static void respond(HttpExchange exchange, int code, String body) throws IOException {
            String text = body.endsWith("\n") ? body : body + "\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Options for {@link MetricsServer}. */
    public static final class Builder {
        private int port;
        private String hostname;
        private PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
        private Supplier<HealthStatus> health = HealthStatus::ok;
        private boolean jvmMetrics;

        private Builder() {
        }

        /** TCP port; 0 (default) picks a free one, see {@link MetricsServer#port()}. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port out of range: " + value);
            }
            this.port = value;
            return this;
        }

        /** Interface to bind; default all interfaces, so a Prometheus container can scrape it. */
        public Builder hostname(String value) {
            this.hostname = value;
            return this;
        }

        /** Registry to serve; default {@link PrometheusRegistry#defaultRegistry}. */
        public Builder registry(PrometheusRegistry value) {
            this.registry = Objects.requireNonNull(value);
            return this;
        }

        /** Health check behind {@code /health}; default always healthy. Called per request. */
        public Builder health(Supplier<HealthStatus> value) {
            this.health = Objects.requireNonNull(value);
            return this;
        }

        /** Also register the standard JVM metrics (memory, GC, threads...) in the registry. */
        public Builder jvmMetrics(boolean value) {
            this.jvmMetrics = value;
            return this;
        }

        public MetricsServer start() {
            if (jvmMetrics) {
                // JvmMetrics remembers which registries it has filled, so this is idempotent.
                JvmMetrics.builder().register(registry);
            }
            HTTPServer.Builder b = HTTPServer.builder()
                    .port(port)
                    .registry(registry)
                    .defaultHandler(new RootHandler(health));
            if (hostname != null) {
                b.hostname(hostname);
            }
            try {
                MetricsServer server = new MetricsServer(b.buildAndStart());
                LOG.info("Metrics at {} and health at {}", server.metricsUrl(), server.healthUrl());
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the metrics server on port " + port, e);
            }
        }
    }
}
