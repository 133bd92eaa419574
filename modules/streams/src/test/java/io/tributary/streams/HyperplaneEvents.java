package io.tributary.streams;

import io.tributary.events.FeatureEvent;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import java.util.ArrayList;
import java.util.List;

/** The labelled drifting-hyperplane stream as FeatureEvents with ids e-0, e-1, … and keys spread over entities. */
final class HyperplaneEvents {

    private final Hyperplane stream;
    private final int keys;
    private int n;

    HyperplaneEvents(long seed, int keys) {
        this.stream = new Hyperplane(16, 4, 0.001, 0.05, 0.1, seed); // the demo's drifting stream: max accuracy ~0.95
        this.keys = keys;
    }

    String key() {
        return "entity-" + (n % keys);
    }

    FeatureEvent next() {
        LabelledInstance instance = stream.next();
        List<Float> dense = new ArrayList<>(16);
        for (float v : instance.x()) {
            dense.add(v);
        }
        return FeatureEvent.newBuilder().setEventId("e-" + n++).setDense(dense).setLabel(instance.y()).build();
    }

    static int sequenceOf(String eventId) {
        return Integer.parseInt(eventId.substring(2));
    }
}
