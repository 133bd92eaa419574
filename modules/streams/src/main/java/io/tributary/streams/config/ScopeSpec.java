package io.tributary.streams.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which events a model replica learns from: {@code partition} (the default: one replica per input partition, fed by
 * every event of that partition), {@code keyed} (one model per record key — an entity, a sensor, a series —
 * created on first sight and kept in the processor's state, with a cap on their number and an idle timeout) or
 * {@code global} (one logical model fed by all partitions: each partition's replica learns locally and the replicas
 * average their parameters every {@code sync_every} labelled events through the mixing topic).
 *
 * <pre>{@code
 * scope: keyed
 * keyed: {max_models: 10000, idle_timeout_ms: 3600000}
 *
 * scope: global
 * global: {sync_every: 500, sync_interval_ms: 1000}
 * }</pre>
 *
 * @param kind          partition, keyed or global
 * @param maxModels     keyed: the most models one task keeps; the least recently used one is evicted beyond it
 * @param idleTimeoutMs keyed: a model that has seen no event for this long (wall clock) is evicted; 0 for never
 * @param syncEvery     global: labelled events a replica learns from between two parameter mixes
 * @param syncIntervalMs global: how often (wall clock) a replica checks for new peer posts and mixes them in even
 *                       without new events of its own, so that replicas converge when the stream pauses
 */
public record ScopeSpec(Kind kind, int maxModels, long idleTimeoutMs, int syncEvery, long syncIntervalMs) {

    public enum Kind { PARTITION, KEYED, GLOBAL }

    public static final int DEFAULT_SYNC_EVERY = 1000;
    public static final long DEFAULT_SYNC_INTERVAL_MS = 1000;
    private static final Set<String> GLOBAL_KEYS = Set.of("sync_every", "sync_interval_ms");

    public static final int DEFAULT_MAX_MODELS = 100_000;
    public static final ScopeSpec PARTITION = new ScopeSpec(Kind.PARTITION, 0, 0, 0, 0);
    private static final Set<String> KEYED_KEYS = Set.of("max_models", "idle_timeout_ms");

    public ScopeSpec {
        if (kind == Kind.KEYED && maxModels <= 0) {
            throw new IllegalArgumentException("keyed.max_models: must be positive, got " + maxModels);
        }
        if (kind == Kind.GLOBAL && syncEvery <= 0) {
            throw new IllegalArgumentException("global.sync_every: must be positive, got " + syncEvery);
        }
        if (kind == Kind.GLOBAL && syncIntervalMs <= 0) {
            throw new IllegalArgumentException("global.sync_interval_ms: must be positive, got " + syncIntervalMs);
        }
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("keyed.idle_timeout_ms: must be >= 0 (0: never), got " + idleTimeoutMs);
        }
    }

    public boolean keyed() {
        return kind == Kind.KEYED;
    }

    public boolean global() {
        return kind == Kind.GLOBAL;
    }

    /** Parses {@code scope:} and the optional {@code keyed:} and {@code global:} blocks of a model. */
    public static ScopeSpec parse(Object scope, Map<String, Object> keyedBlock, Map<String, Object> globalBlock) {
        String s = scope == null ? "partition" : String.valueOf(scope).trim().toLowerCase(Locale.ROOT);
        Kind kind = switch (s) {
            case "partition" -> Kind.PARTITION;
            case "keyed" -> Kind.KEYED;
            case "global" -> Kind.GLOBAL;
            default -> throw new IllegalArgumentException("scope: '" + s + "' is not one of global, keyed, partition");
        };
        if (keyedBlock != null && kind != Kind.KEYED) {
            throw new IllegalArgumentException("keyed: only a model with scope: keyed takes a keyed block");
        }
        if (globalBlock != null && kind != Kind.GLOBAL) {
            throw new IllegalArgumentException("global: only a model with scope: global takes a global block");
        }
        if (kind == Kind.PARTITION) {
            return PARTITION;
        }
        if (kind == Kind.GLOBAL) {
            Map<String, Object> block = globalBlock == null ? Map.of() : globalBlock;
            for (String key : block.keySet()) {
                if (!GLOBAL_KEYS.contains(key)) {
                    throw new IllegalArgumentException("global: unknown key '" + key + "'; allowed: " + new TreeSet<>(GLOBAL_KEYS));
                }
            }
            return new ScopeSpec(kind, 0, 0, (int) whole(block, "global.", "sync_every", DEFAULT_SYNC_EVERY),
                    whole(block, "global.", "sync_interval_ms", DEFAULT_SYNC_INTERVAL_MS));
        }
        Map<String, Object> block = keyedBlock == null ? Map.of() : keyedBlock;
        for (String key : block.keySet()) {
            if (!KEYED_KEYS.contains(key)) {
                throw new IllegalArgumentException("keyed: unknown key '" + key + "'; allowed: " + new TreeSet<>(KEYED_KEYS));
            }
        }
        return new ScopeSpec(kind, (int) whole(block, "keyed.", "max_models", DEFAULT_MAX_MODELS),
                whole(block, "keyed.", "idle_timeout_ms", 0), 0, 0);
    }

    private static long whole(Map<String, Object> block, String prefix, String key, long fallback) {
        Object v = block.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new IllegalArgumentException(prefix + key + ": must be a whole number, got '" + v + "'");
    }
}
