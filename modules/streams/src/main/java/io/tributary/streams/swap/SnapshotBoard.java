package io.tributary.streams.swap;

import io.tributary.events.ModelSnapshot;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest snapshot of each model read from the models topic, shared by the global thread that reads the topic and
 * the stream tasks that apply it. A task checks {@link #generation()} (one volatile read) on every record and looks
 * at the board only when it moved, so a published snapshot reaches the next prediction of every task without a
 * per-record store lookup.
 */
public final class SnapshotBoard {

    private final Map<String, ModelSnapshot> latest = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** Posts a snapshot read from the topic; a lower or equal version than the one posted for the model is ignored. */
    public void post(ModelSnapshot snapshot) {
        ModelSnapshot kept = latest.merge(snapshot.getModel(), snapshot,
                (old, fresh) -> fresh.getVersion() > old.getVersion() ? fresh : old);
        if (kept == snapshot) {
            generation.incrementAndGet();
        }
    }

    /** Changes whenever a newer snapshot is posted. */
    public long generation() {
        return generation.get();
    }

    /** The newest snapshot posted for the model, or null. */
    public ModelSnapshot latest(String model) {
        return latest.get(model);
    }
}
