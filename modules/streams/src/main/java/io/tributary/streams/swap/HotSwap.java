package io.tributary.streams.swap;

import io.tributary.events.ModelSnapshot;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A stream task's view of the models topic: the {@link SnapshotBoard} the global thread posts to, and the global
 * store it keeps, which a task reads at start-up for snapshots published while it was not running.
 */
public final class HotSwap {

    /** The payload format of a learner snapshot ({@link io.tributary.learn.snapshot.LearnerCodec}'s bytes). */
    public static final String FORMAT = "tributary-learner/1";
    /** Name of the global store that mirrors the models topic. */
    public static final String STORE_NAME = "tributary-models-topic";

    private final SnapshotBoard board;
    private final Function<byte[], ModelSnapshot> decoder;
    private KeyValueStore<String, byte[]> store;

    public HotSwap(SnapshotBoard board, Function<byte[], ModelSnapshot> decoder) {
        this.board = board;
        this.decoder = decoder;
    }

    public void init(ProcessorContext<?, ?> context) {
        store = context.getStateStore(STORE_NAME);
    }

    public SnapshotBoard board() {
        return board;
    }

    /** The newest snapshot of the model: the board's, else the global store's (decoded; what it holds decoded once). */
    public ModelSnapshot latest(String model) {
        ModelSnapshot posted = board.latest(model);
        if (posted != null) {
            return posted;
        }
        byte[] bytes = store == null ? null : store.get(model);
        if (bytes == null) {
            return null;
        }
        try {
            ModelSnapshot snapshot = decoder.apply(bytes);
            board.post(snapshot); // restored into the store without passing the global processor: post it once
            return snapshot;
        } catch (RuntimeException e) {
            return null; // the global processor logged and counted it when it read it
        }
    }
}
