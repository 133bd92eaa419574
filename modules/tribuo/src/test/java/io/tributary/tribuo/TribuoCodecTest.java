package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.TransformSpec;
import io.tributary.tribuo.TestStreams.Event;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The "TRBT" snapshot: round trips that keep serving and continuing exactly, corruption, and the byte layout. */
class TribuoCodecTest {

    private static final List<Event> PROBES = TestStreams.xor(100, 404);

    private static void feed(OnlineLearner learner, List<Event> events) {
        for (Event e : events) {
            if (learner instanceof Classifier c) {
                c.learnOne(e.x(), e.label());
            } else {
                ((Regressor) learner).learnOne(e.x(), e.y());
            }
        }
    }

    private static void assertSamePredictions(OnlineLearner a, OnlineLearner b) {
        for (Event e : PROBES) {
            if (a instanceof Classifier ca) {
                assertArrayEquals(ca.predictProbaOne(e.x()), ((Classifier) b).predictProbaOne(e.x()));
            } else {
                assertEquals(((Regressor) a).predictOne(e.x()), ((Regressor) b).predictOne(e.x()));
            }
        }
    }

    static void assertSameRows(List<Row> expected, List<Row> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).y(), actual.get(i).y(), "row " + i);
            assertArrayEquals(((DenseVector) expected.get(i).x()).values(), ((DenseVector) actual.get(i).x()).values(),
                    "row " + i);
        }
    }

    private static Map<String, Double> withoutTimes(Map<String, Double> m) {
        Map<String, Double> out = new HashMap<>(m);
        out.remove("retrain_seconds_last");
        out.remove("model_serialize_seconds_last");
        // The protobuf of a model trained later holds its training time in the provenance, whose text length varies
        // with the clock (seen: 81 816 vs 81 810 bytes), so two models trained apart differ in size, not in content.
        out.remove("model_bytes");
        return out;
    }

    /**
     * For each trainer: the decoded learner serves the same model at once, re-encodes to the same bytes, and after
     * both learn the same further events (with more retrains) they still agree exactly, which needs the window, the
     * trigger counters and the retrain index (the trainers' random streams) to have come back right.
     */
    @Test
    void roundTripsServeTheSameModelAndContinueIdentically() {
        List<Object[]> cases = List.of(
                new Object[] {Task.BINARY_CLASSIFICATION, "trainer", "cart"},
                new Object[] {Task.BINARY_CLASSIFICATION, "trainer", "random_forest", "num_trees", 4,
                        "window_kind", "reservoir", "seed", 99},
                new Object[] {Task.MULTICLASS_CLASSIFICATION, "trainer", "xgboost", "num_trees", 5},
                new Object[] {Task.BINARY_CLASSIFICATION, "trainer", "logistic_regression", "warm_start", true},
                new Object[] {Task.REGRESSION, "trainer", "linear_sgd", "warm_start", true},
                new Object[] {Task.REGRESSION, "trainer", "random_forest", "num_trees", 3, "warm_start", true,
                        "new_trees", 1});
        for (Object[] c : cases) {
            Object[] settings = new Object[c.length - 1 + 8];
            System.arraycopy(c, 1, settings, 0, c.length - 1);
            System.arraycopy(new Object[] {"window", 80, "min_train", 60, "retrain_every", 45, "eval_events", 20},
                    0, settings, c.length - 1, 8);
            Task task = (Task) c[0];
            TribuoLearner<?> original = TestStreams.learner(task, 2, 3, settings);
            List<Event> events = task == Task.REGRESSION ? TestStreams.linear(300, 0.1, 3)
                    : task == Task.MULTICLASS_CLASSIFICATION ? TestStreams.rings(300, 3) : TestStreams.xor(300, 3);
            feed(original, events.subList(0, 130));
            String name = task + " " + c[2];
            assertEquals(2, original.modelVersion(), name);
            byte[] bytes = LearnerCodec.encode(original);
            assertArrayEquals(TribuoCodec.MAGIC, Arrays.copyOf(bytes, 4), "through the SPI: " + name);
            TribuoLearner<?> restored = assertInstanceOf(TribuoLearner.class, LearnerCodec.decode(bytes));
            assertEquals(original.getClass(), restored.getClass());
            assertEquals(original.config(), restored.config());
            assertEquals(original.updates(), restored.updates());
            assertEquals(original.modelVersion(), restored.modelVersion());
            assertEquals(original.learnerMetrics(), restored.learnerMetrics(), name);
            assertSameRows(original.window.snapshot(), restored.window.snapshot());
            assertSamePredictions(original, restored);
            assertArrayEquals(bytes, TribuoCodec.encode(restored), "re-encoding is byte-identical: " + name);
            assertEquals(original.currentModel().orElseThrow().getProvenance(),
                    restored.currentModel().orElseThrow().getProvenance(), "provenance kept: " + name);

            feed(original, events.subList(130, 300));
            feed(restored, events.subList(130, 300));
            assertEquals(6, restored.modelVersion(), name + ": retrains at events 60, 105, ..., 285");
            assertSamePredictions(original, restored);
            assertEquals(withoutTimes(original.learnerMetrics()), withoutTimes(restored.learnerMetrics()), name);
        }
    }

    @Test
    void theRestoredModelCarriesItsProvenance() {
        TribuoClassifier c = TestStreams.classifier("trainer", "random_forest", "num_trees", 3, "min_train", 50);
        feed(c, TestStreams.xor(50, 1));
        TribuoClassifier back = (TribuoClassifier) TribuoCodec.decode(TribuoCodec.encode(c));
        var provenance = back.currentModel().orElseThrow().getProvenance();
        assertTrue(provenance.getTrainerProvenance().getClassName().contains("RandomForestTrainer"),
                provenance.getTrainerProvenance().getClassName());
        assertTrue(provenance.getDatasetProvenance().toString().contains("tributary sliding window of 50 events"),
                provenance.getDatasetProvenance().toString());
        var run = provenance.getInstanceProvenance().getMap();
        assertEquals(new StringProvenance("tributary-learner", "tribuo/random_forest"), run.get("tributary-learner"));
        assertEquals(new LongProvenance("tributary-events-seen", 50), run.get("tributary-events-seen"));
        assertEquals(new LongProvenance("tributary-retrain", 0), run.get("tributary-retrain"));
        assertEquals("4.3.2", provenance.getTribuoVersion());
    }

    @Test
    void aRetrainPendingAtSnapshotTimeRunsOnTheFirstEventAfterRestore() {
        ArrayDeque<Runnable> never = new ArrayDeque<>();
        TribuoConfig cfg = TribuoConfig.parse(new LearnerSpec("tribuo", Task.BINARY_CLASSIFICATION, 2, 0,
                Map.of("trainer", "cart", "min_train", 20, "synchronous", true)));
        TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                new TribuoLearner.Hooks(never::add, () -> 0L, s -> { }));
        List<Event> events = TestStreams.xor(21, 8);
        feed(c, events.subList(0, 20));
        assertEquals(1, never.size(), "triggered, not run");
        TribuoClassifier back = (TribuoClassifier) TribuoCodec.decode(TribuoCodec.encode(c));
        assertEquals(0, back.modelVersion());
        feed(back, events.subList(20, 21));
        assertEquals(1, back.modelVersion(), "the pending retrain ran at once");
    }

    @Test
    void aPipelineEndingInATribuoLearnerRoundTripsThroughLearnerCodec() {
        OnlineLearner p = Learners.create(LearnerSpec.binary("tribuo", 2, Map.of("trainer", "cart",
                "synchronous", true, "min_train", 40)), List.of(TransformSpec.of("standard_scaler")));
        feed(p, TestStreams.xor(60, 2));
        Pipeline back = assertInstanceOf(Pipeline.class, LearnerCodec.decode(LearnerCodec.encode(p)));
        assertInstanceOf(TribuoClassifier.class, back.learner());
        assertEquals(1, ((TribuoClassifier) back.learner()).modelVersion());
        assertSamePredictions(p, back);
    }

    @Test
    void rejectsCorruptedTruncatedAndForeignBytes() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "min_train", 30);
        feed(c, TestStreams.xor(40, 4));
        byte[] bytes = TribuoCodec.encode(c);
        for (int at : new int[] {8, bytes.length / 2, bytes.length - 10}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assertMessage(flipped, "checksum mismatch");
        }
        assertMessage(Arrays.copyOf(bytes, bytes.length - 1), "checksum mismatch");
        assertMessage(Arrays.copyOf(bytes, 5), "truncated");
        byte[] version = bytes.clone();
        version[4] = 9;
        assertMessage(version, "unsupported tribuo learner snapshot format version 9");
        byte[] magic = bytes.clone();
        magic[3] = 'X';
        assertMessage(magic, "bad magic");
        IllegalArgumentException viaLearn = assertThrows(IllegalArgumentException.class,
                () -> LearnerCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertTrue(viaLearn.getMessage().contains("checksum"), viaLearn.getMessage());
    }

    private static void assertMessage(byte[] bytes, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TribuoCodec.decode(bytes));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    // ---- the byte layout ----

    /** A small learner with no model yet: d = 2, a window of 3, one dense and one sparse event. */
    static TribuoClassifier smallLearner() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 3, "min_train", 1000);
        c.learnOne(DenseVector.of(1.5f, -2f), 1);
        c.learnOne(new SparseVector(2, new int[] {1}, new float[] {0.25f}), 0);
        return c;
    }

    /** The same snapshot assembled by hand from the format description in {@link TribuoCodec}'s javadoc. */
    static byte[] byHand() {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'T', 'R', 'B', 'T'}).putShort((short) 1);
        b.put((byte) 1).putInt(2).putInt(2);
        Object[] hp = {"trainer", "cart", "window", 3L, "window_kind", "sliding", "retrain_every", 500L,
                "retrain_interval_ms", 0L, "min_train", 1000L, "eval_events", 200L, "synchronous", true,
                "seed", 12345L, "max_depth", 12L, "min_child_weight", 5.0, "feature_fraction", 1.0};
        b.putInt(hp.length / 2);
        for (int i = 0; i < hp.length; i += 2) {
            putText(b, (String) hp[i]);
            switch (hp[i + 1]) {
                case Long v -> b.put((byte) 0).putLong(v);
                case Double v -> b.put((byte) 1).putDouble(v);
                case String v -> {
                    b.put((byte) 2);
                    putText(b, v);
                }
                case Boolean v -> b.put((byte) 3).put((byte) (v ? 1 : 0));
                default -> throw new AssertionError();
            }
        }
        b.putLong(2).putLong(2).putLong(0).put((byte) 0);                    // updates, since trigger, triggers, pending
        b.putLong(0).putLong(0).putLong(0).putDouble(Double.NaN).putDouble(Double.NaN);
        b.putInt(0);                                                        // no evaluation yet
        b.put((byte) 0).putLong(2).putLong(0).putInt(2);                    // sliding, 2 seen, no generator, 2 rows
        b.putDouble(1).put((byte) 0).putFloat(1.5f).putFloat(-2f);
        b.putDouble(0).put((byte) 1).putInt(1).putInt(1).putFloat(0.25f);
        b.putLong(0).putInt(0);                                             // no model
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void putText(ByteBuffer b, String s) {
        byte[] t = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) t.length).put(t);
    }

    @Test
    void theEncoderWritesTheDocumentedLayout() {
        byte[] expected = byHand();
        assertArrayEquals(expected, TribuoCodec.encode(smallLearner()));
        TribuoClassifier back = (TribuoClassifier) TribuoCodec.decode(expected);
        assertEquals(2, back.updates());
        assertEquals(0, back.modelVersion());
        assertArrayEquals(new float[] {0.5f, 0.5f}, back.predictProbaOne(DenseVector.of(0f, 0f)), "the prior");
        List<Row> rows = back.window.snapshot();
        assertArrayEquals(new float[] {1.5f, -2f}, ((DenseVector) rows.get(0).x()).values());
        SparseVector sparse = (SparseVector) rows.get(1).x();
        assertArrayEquals(new int[] {1}, sparse.indices());
        assertArrayEquals(new float[] {0.25f}, sparse.values());
    }
}
