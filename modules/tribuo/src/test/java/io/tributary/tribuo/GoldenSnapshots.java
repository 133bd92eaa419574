package io.tributary.tribuo;

import io.tributary.tribuo.TestStreams.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden format-version-1 snapshots under {@code src/test/resources/golden/} (run once, by hand, when
 * the format is introduced; the files are then kept as they are):
 * {@code java -cp ... io.tributary.tribuo.GoldenSnapshots modules/tribuo/src/test/resources/golden}.
 */
final class GoldenSnapshots {

    static final String PRIOR = "trbt-v1-prior.bin";
    static final String CART = "trbt-v1-cart.bin";
    /** The CART learner: trained once at event 25 of {@code xor(30, 5)}, then 5 more events learned. */
    static final int CART_EVENTS = 30;
    static final int CART_TRAINED_ON = 25;

    private GoldenSnapshots() {
    }

    static TribuoClassifier cartLearner(List<Event> events) {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 40, "min_train", CART_TRAINED_ON,
                "retrain_every", 1000, "eval_events", 10, "max_depth", 4);
        for (Event e : events) {
            c.learnOne(e.x(), e.label());
        }
        return c;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.write(dir.resolve(PRIOR), TribuoCodec.encode(TribuoCodecTest.smallLearner()));
        Files.write(dir.resolve(CART), TribuoCodec.encode(cartLearner(TestStreams.xor(CART_EVENTS, 5))));
    }
}
