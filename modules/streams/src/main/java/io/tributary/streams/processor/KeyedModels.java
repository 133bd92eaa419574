package io.tributary.streams.processor;

import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.metrics.PrequentialTracker;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.model.ModelInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyed replicas of one model in one stream task: one learner per record key, created on first sight (or
 * restored from the model store, where each has its own entry "name/key"), kept in least-recently-used order so the
 * cap evicts the model unused for longest, and dropped after an idle timeout. They share the task's input rules and
 * prequential tracker, so the model's metrics cover all its keys.
 */
final class KeyedModels {

    final ModelDefinition definition;
    final ModelInput input;
    final ProcessorMetrics.ModelMetrics metrics;
    final PrequentialTracker prequential;
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<String, LiveModel> live = new LinkedHashMap<>(16, 0.75f, true);
    long predictions;
    long predictionsAtLastEmit = -1;

    KeyedModels(ModelDefinition definition, ProcessorMetrics.ModelMetrics metrics) {
        this.definition = definition;
        this.input = new ModelInput(definition);
        this.metrics = metrics;
        this.prequential = metrics.newReplica();
    }

    String name() {
        return definition.name();
    }

    /** The store key of the model for {@code key}. Model names cannot contain '/', so the first '/' separates. */
    String storeKey(String key) {
        return definition.name() + "/" + key;
    }

    /** The live replica for the key (marking it most recently used), or null. */
    LiveModel get(String key) {
        return live.get(key);
    }

    void put(String key, LiveModel replica) {
        live.put(key, replica);
        metrics.keyedModelAdded();
    }

    /** Replicas over the cap, least recently used first; removed from this set. */
    List<LiveModel> overCap() {
        List<LiveModel> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, LiveModel>> it = live.entrySet().iterator();
        while (live.size() - evicted.size() > definition.scope().maxModels() && it.hasNext()) {
            evicted.add(remove(it));
        }
        return evicted;
    }

    /** Replicas that have served nothing since {@code cutoffMs}; removed from this set. */
    List<LiveModel> idleSince(long cutoffMs) {
        List<LiveModel> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, LiveModel>> it = live.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, LiveModel> e = it.next();
            if (e.getValue().lastSeenMs >= cutoffMs) {
                break; // access order: everything after this one was used more recently
            }
            evicted.add(remove(e, it));
        }
        return evicted;
    }

    private LiveModel remove(Iterator<Map.Entry<String, LiveModel>> it) {
        return remove(it.next(), it);
    }

    private LiveModel remove(Map.Entry<String, LiveModel> e, Iterator<Map.Entry<String, LiveModel>> it) {
        it.remove();
        if (e.getValue().forecastMetrics != null) {
            metrics.untrackForecasts(e.getValue().forecastMetrics);
        }
        metrics.keyedModelRemoved(e.getValue().lastSnapshotBytes);
        return e.getValue();
    }

    /** A replica's snapshot size changed (it is measured when the replica is encoded, at commit). */
    void resized(LiveModel replica, int bytes) {
        metrics.keyedModelResized(bytes - replica.lastSnapshotBytes);
    }

    /** Visits the live replicas, most recently used first. */
    void forEachRecentFirst(java.util.function.BiConsumer<String, LiveModel> visit) {
        List<Map.Entry<String, LiveModel>> entries = new ArrayList<>(live.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            visit.accept(entries.get(i).getKey(), entries.get(i).getValue());
        }
    }

    /** Some live replica (the most recently used), or null when there is none. */
    LiveModel anyReplica() {
        return live.isEmpty() ? null : live.lastEntry().getValue();
    }

    int size() {
        return live.size();
    }

    /** The highest version among the live replicas, for the task's model-metrics record. */
    long maxVersion() {
        long max = 0;
        for (LiveModel m : live.values()) {
            max = Math.max(max, m.version());
        }
        return max;
    }

    /** The task is closing: its replicas leave the instance's gauges. */
    void close() {
        for (LiveModel m : live.values()) {
            metrics.keyedModelRemoved(m.lastSnapshotBytes);
            if (m.forecastMetrics != null) {
                metrics.untrackForecasts(m.forecastMetrics);
            }
        }
        live.clear();
        metrics.removeReplica(prequential);
    }
}
