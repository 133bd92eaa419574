package io.tributary.streams.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which events a model replica learns from: {@code partition} (the default: one replica per input partition, fed by
 * every event of that partition) or {@code keyed} (one model per record key — an entity, a sensor, a series —
 * created on first sight and kept in the processor's state, with a cap on their number and an idle timeout).
 *
 * <pre>{@code
 * scope: keyed
 * keyed: {max_models: 10000, idle_timeout_ms: 3600000}
 * }</pre>
 *
 * @param kind          partition or keyed
 * @param maxModels     keyed: the most models one task keeps; the least recently used one is evicted beyond it
 * @param idleTimeoutMs keyed: a model that has seen no event for this long (wall clock) is evicted; 0 for never
 */
public record ScopeSpec(Kind kind, int maxModels, long idleTimeoutMs) {

    public enum Kind { PARTITION, KEYED }

    public static final int DEFAULT_MAX_MODELS = 100_000;
    public static final ScopeSpec PARTITION = new ScopeSpec(Kind.PARTITION, 0, 0);
    private static final Set<String> KEYED_KEYS = Set.of("max_models", "idle_timeout_ms");

    public ScopeSpec {
        if (kind == Kind.KEYED && maxModels <= 0) {
            throw new IllegalArgumentException("keyed.max_models: must be positive, got " + maxModels);
        }
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("keyed.idle_timeout_ms: must be >= 0 (0: never), got " + idleTimeoutMs);
        }
    }

    public boolean keyed() {
        return kind == Kind.KEYED;
    }

    /** Parses {@code scope:} and the optional {@code keyed:} block of a model. */
    public static ScopeSpec parse(Object scope, Map<String, Object> keyedBlock) {
        String s = scope == null ? "partition" : String.valueOf(scope).trim().toLowerCase(Locale.ROOT);
        Kind kind = switch (s) {
            case "partition" -> Kind.PARTITION;
            case "keyed" -> Kind.KEYED;
            default -> throw new IllegalArgumentException("scope: '" + s + "' is not one of keyed, partition");
        };
        if (kind == Kind.PARTITION) {
            if (keyedBlock != null) {
                throw new IllegalArgumentException("keyed: only a model with scope: keyed takes a keyed block");
            }
            return PARTITION;
        }
        Map<String, Object> block = keyedBlock == null ? Map.of() : keyedBlock;
        for (String key : block.keySet()) {
            if (!KEYED_KEYS.contains(key)) {
                throw new IllegalArgumentException("keyed: unknown key '" + key + "'; allowed: " + new TreeSet<>(KEYED_KEYS));
            }
        }
        return new ScopeSpec(kind, (int) whole(block, "max_models", DEFAULT_MAX_MODELS), whole(block, "idle_timeout_ms", 0));
    }

    private static long whole(Map<String, Object> block, String key, long fallback) {
        Object v = block.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException("keyed." + key + ": must be a whole number, got '" + v + "'");
    }
}
