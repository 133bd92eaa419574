package io.tributary.app;

import io.tributary.events.FeatureEvent;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled feature events from River's rotating-hyperplane stream: a binary concept that drifts slowly, so an
 * online model must keep learning to stay accurate. Keys cycle over a fixed set of entities so that events spread
 * over partitions and each key's events stay in order.
 */
final class SyntheticFeed {

    private final Hyperplane stream;
    private final int keys;
    private long sequence;

    SyntheticFeed(int dimension, long seed, int keys) {
        // 4 of the features drift by 0.001 per event (direction flips with p=0.1), and 5% of labels are noise.
        this.stream = new Hyperplane(dimension, Math.min(4, dimension), 0.001, 0.05, 0.1, seed);
        this.keys = keys;
    }

    String nextKey() {
        return "entity-" + (sequence % keys);
    }

    FeatureEvent next() {
        LabelledInstance instance = stream.next();
        List<Float> dense = new ArrayList<>(instance.x().length);
        for (float v : instance.x()) {
            dense.add(v);
        }
        long n = sequence++;
        return FeatureEvent.newBuilder()
                .setEventId("synthetic-" + n)
                .setEventTime(Instant.now())
                .setDense(dense)
                .setLabel(instance.y())
                .build();
    }
}
