package io.tributary.runtime.metrics;

import java.util.Objects;

/**
 * The answer of a health check: {@code /health} returns 200 when {@link #healthy()} and 503
 * otherwise, with {@link #detail()} as the body so an operator sees why.
 */
public record HealthStatus(boolean healthy, String detail) {

    private static final HealthStatus OK = new HealthStatus(true, "ok");

    public HealthStatus {
        Objects.requireNonNull(detail, "detail");
    }

    public static HealthStatus ok() {
        return OK;
    }

    public static HealthStatus ok(String detail) {
        return new HealthStatus(true, detail);
    }

    public static HealthStatus unhealthy(String reason) {
        return new HealthStatus(false, reason);
    }
}
