package io.tributary.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The processor's model store: live models stay objects in the processor's memory, and their snapshots are encoded
 * once per commit rather than once per record.
 *
 * <p>A learning update only marks its model dirty ({@link #markDirty}: a map put). While Kafka Streams prepares a
 * commit, before it commits the task's transaction (exactly-once) or its offsets (at-least-once), it flushes the
 * record caches of the task's stores ({@link #flushCache()}); there each dirty model is encoded once and written to
 * the inner store, whose logging layer sends it to the changelog topic through the task's producer, so the snapshot
 * belongs to the same transaction as the outputs and the input offsets it reflects. ({@link #flush()} comes only
 * after the commit, to checkpoint, which is why this store takes part as a cache: {@code CachedStateStore} is
 * Kafka Streams' internal interface for exactly this hook, and the restore and kill tests guard against it changing.) A crash before the commit aborts the
 * transaction, snapshot included, and the restarted task restores the previous committed snapshot and reprocesses
 * the same input from the committed offsets: the restored model is the model of exactly the committed input.
 *
 * <p>The cost per labelled record is constant whatever the model's size; the encode cost moves to the commit, once
 * per dirty model (see the state-persistence benchmark). The inner store is an in-memory key-value store with
 * logging on and caching off (this store already collapses a commit's updates into one write). It restores from the
 * changelog by itself; {@link #get} reads what it holds.
 */
public final class ModelStateStore implements StateStore, CachedStateStore<Bytes, byte[]> {

    private final KeyValueStore<Bytes, byte[]> inner;
    private final Map<String, Supplier<byte[]>> dirty = new LinkedHashMap<>();
    private long snapshotsWritten;
    private long snapshotNanos;

    /** Over {@code inner}, a key-value store with logging on (normally built by {@link ModelStoreBuilder}). */
    public ModelStateStore(KeyValueStore<Bytes, byte[]> inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The last snapshot written for {@code key} (committed or written by this task since), or null. */
    public byte[] get(String key) {
        Supplier<byte[]> pending = dirty.get(key);
        return pending != null ? pending.get() : inner.get(bytes(key));
    }

    /**
     * Records that {@code key}'s model changed; {@code snapshot} is called at the next flush (commit) to encode it.
     * The supplier must read the model's state at flush time (not capture a copy), so the snapshot is the model as
     * of the commit.
     */
    public void markDirty(String key, Supplier<byte[]> snapshot) {
        dirty.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(snapshot, "snapshot"));
    }

    /** Deletes the key's snapshot (a tombstone in the changelog, in the current transaction), dropping any pending one. */
    public void delete(String key) {
        dirty.remove(key);
        inner.delete(bytes(key));
    }

    /** Writes a snapshot now (e.g. a replaced model), replacing any pending one for the key. */
    public void put(String key, byte[] snapshot) {
        dirty.remove(key);
        inner.put(bytes(key), snapshot);
    }

    /** Encodes and writes every dirty model: called by Kafka Streams before each commit. */
    @Override
    public void flushCache() {
        if (dirty.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        for (Map.Entry<String, Supplier<byte[]>> e : dirty.entrySet()) {
            inner.put(bytes(e.getKey()), e.getValue().get());
            snapshotsWritten++;
        }
        dirty.clear();
        snapshotNanos += System.nanoTime() - start;
    }

    /**
     * Drops pending snapshots: Kafka Streams calls this when a transaction is aborted, and then re-initialises the
     * task from the changelog, so the live models that made them are discarded too.
     */
    @Override
    public void clearCache() {
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
        return false; // nothing downstream reads this store's changes
    }

    @Override
    public void flush() {
        flushCache(); // normally empty here: the commit has already flushed it
        inner.flush();
    }

    /** Snapshots encoded and written at flushes since this store was opened. */
    public long snapshotsWritten() {
        return snapshotsWritten;
    }

    /** Time spent encoding and writing those snapshots, in nanoseconds. */
    public long snapshotNanos() {
        return snapshotNanos;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Registered under this store as the root, so Kafka Streams flushes and hands out this store, not the inner one.
        inner.init(context, root);
    }

    @Override
    public void close() {
        // Uncommitted changes are not written on close: a commit (which flushes) precedes every clean close, and a
        // close without one (a task that failed) must not persist state its outputs do not reflect.
        dirty.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    private static Bytes bytes(String key) {
        return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
    }
}
