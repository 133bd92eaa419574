package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.datasets.GaussianBlobs;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.SmoothTarget;
import io.tributary.learn.neural.MlpLearner;
import io.tributary.learn.neural.MlpState;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.TransformSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code mlp} layout of format version 2: a restored network continues bit for bit. */
class MlpSnapshotTest {

    /** A learner per case, trained so that its mini-batch buffer is partly full. */
    private static OnlineLearner trained(String which, int instances) {
        OnlineLearner model = switch (which) {
            case "regression" -> Learners.create(LearnerSpec.regression("mlp", 5, Map.of("hidden_layers", List.of(24, 17),
                    "batch_size", 32, "learning_rate", 0.003)));
            case "binary" -> Learners.create(LearnerSpec.binary("mlp", 5, Map.of("hidden_layers", "16", "activation",
                    "relu", "batch_size", 7, "weight_decay", 0.1, "seed", 3)));
            default -> Learners.create(LearnerSpec.multiclass("mlp", 5, 3, Map.of("hidden_layers", List.of(8, 8, 8),
                    "activation", "tanh", "batch_size", 1, "track_every", 3, "beta1", 0.5)));
        };
        feed(model, stream(which, 1), instances);
        return model;
    }

    private static Object stream(String which, long seed) {
        return which.equals("regression") ? new SmoothTarget(0.05, seed)
                : new GaussianBlobs(5, which.equals("binary") ? 2 : 3, 2.0, 1.0, new SplittableRandom(seed));
    }

    private static LabelledInstance next(Object stream) {
        return stream instanceof SmoothTarget s ? s.next() : ((GaussianBlobs) stream).next();
    }

    private static void feed(OnlineLearner model, Object stream, int n) {
        for (int i = 0; i < n; i++) {
            LabelledInstance li = next(stream);
            if (model instanceof Regressor r) {
                r.learnOne(li.features(), li.y());
            } else {
                ((Classifier) model).learnOne(li.features(), li.label());
            }
        }
    }

    /** Predict-then-learn on the same instances; every prediction must be identical, to the bit. */
    private static void continueTogether(OnlineLearner a, OnlineLearner b, Object stream, int n) {
        for (int i = 0; i < n; i++) {
            LabelledInstance li = next(stream);
            if (a instanceof Regressor ra) {
                Regressor rb = (Regressor) b;
                assertEquals(ra.predictOne(li.features()), rb.predictOne(li.features()), 0.0, "prediction " + i);
                ra.learnOne(li.features(), li.y());
                rb.learnOne(li.features(), li.y());
            } else {
                Classifier ca = (Classifier) a;
                Classifier cb = (Classifier) b;
                assertArrayEquals(ca.predictProbaOne(li.features()), cb.predictProbaOne(li.features()),
                        "prediction " + i);
                ca.learnOne(li.features(), li.label());
                cb.learnOne(li.features(), li.label());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"regression", "binary", "multiclass"})
    void aRestoredNetworkContinuesBitForBit(String which) {
        MlpLearner original = (MlpLearner) trained(which, 1000 + 13);
        byte[] bytes = LearnerCodec.encode(original);
        assertEquals(2, bytes[4], "format version 2");
        int expectedBuffered = which.equals("regression") ? 1013 % 32 : which.equals("binary") ? 1013 % 7 : 0;
        assertEquals(expectedBuffered, original.buffered());

        // Restored on the same kernels and on the scalar ones: the network's kernels are all element-wise, so both
        // continue exactly like the original.
        for (Kernels kernels : new Kernels[] {Kernels.preferred(), Kernels.scalar()}) {
            MlpLearner original2 = (MlpLearner) LearnerCodec.decode(bytes);
            MlpLearner restored = assertInstanceOf(MlpLearner.class, LearnerCodec.decode(bytes, kernels));
            assertEquals(original.getClass(), restored.getClass());
            assertEquals(original.config(), restored.config());
            assertEquals(original.task(), restored.task());
            assertEquals(original.updates(), restored.updates());
            assertEquals(original.steps(), restored.steps());
            assertEquals(expectedBuffered, restored.buffered());
            assertStateEquals(original.state(), restored.state());
            assertArrayEquals(bytes, LearnerCodec.encode(restored), "re-encoding gives the same bytes");
            continueTogether(original2, restored, stream(which, 2), 300);
            assertArrayEquals(LearnerCodec.encode(original2), LearnerCodec.encode(restored),
                    "after 300 more instances on " + kernels.name());
        }
    }

    private static void assertStateEquals(MlpState a, MlpState b) {
        assertEquals(a.updates(), b.updates());
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.parameters(), b.parameters());
        assertArrayEquals(a.firstMoments(), b.firstMoments());
        assertArrayEquals(a.secondMoments(), b.secondMoments());
        assertArrayEquals(a.bufferedInputs(), b.bufferedInputs());
        assertArrayEquals(a.bufferedTargets(), b.bufferedTargets());
    }

    /** The tracker's history is not stored: the restored learner measures afresh, on the same schedule. */
    @Test
    void theTrackerStartsAfreshAfterARestore() {
        MlpLearner original = (MlpLearner) trained("multiclass", 100);
        assertTrue(original.latestDimensionality().isPresent());
        MlpLearner restored = (MlpLearner) LearnerCodec.decode(LearnerCodec.encode(original));
        assertTrue(restored.tracker().isPresent());
        assertTrue(restored.latestDimensionality().isEmpty());
        continueTogether(original, restored, stream("multiclass", 5), 3);
        assertEquals(original.latestDimensionality(), restored.latestDimensionality(),
                "the next measurement is the same");
    }

    @Test
    void aPipelineEndingInAnMlpRoundTrips() {
        OnlineLearner pipeline = Learners.create(LearnerSpec.regression("mlp", 5, Map.of("hidden_layers", List.of(8),
                "batch_size", 4)), List.of(TransformSpec.of("standard_scaler")));
        feed(pipeline, new SmoothTarget(0, 1), 202);
        OnlineLearner restored = LearnerCodec.decode(LearnerCodec.encode(pipeline));
        assertEquals("standard_scaler|mlp", restored.algorithm());
        continueTogether(pipeline, restored, new SmoothTarget(0, 2), 50);
    }

    @Test
    void rejectsCorruptedSnapshots() {
        byte[] bytes = LearnerCodec.encode(trained("binary", 20));
        // A flipped bit in the parameters: the checksum catches it.
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 40] ^= 0x10;
        assertMessage(flipped, "checksum mismatch");
        assertMessage(Arrays.copyOf(bytes, bytes.length - 1), "truncated learner snapshot");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);
        assertMessage(withCrc(longer), "unexpected trailing bytes");

        int activation = 4 + 2 + 2 + 3 + 1 + 4 + 4; // magic, version, name length, "mlp", task, d, K
        byte[] badActivation = bytes.clone();
        badActivation[activation] = 9;
        assertMessage(withCrc(badActivation), "unknown activation code 9");
        byte[] noLayers = bytes.clone();
        ByteBuffer.wrap(noLayers).order(ByteOrder.LITTLE_ENDIAN).putInt(activation + 1, 0);
        assertMessage(withCrc(noLayers), "0 hidden layers");
        byte[] zeroWidth = bytes.clone();
        ByteBuffer.wrap(zeroWidth).order(ByteOrder.LITTLE_ENDIAN).putInt(activation + 5, 0);
        assertMessage(withCrc(zeroWidth), "invalid learner snapshot: hidden layer 0 width must be in [1, 65536], got 0");
        // One hidden layer: the buffered count sits after widths, 5 doubles, batch size, seed, track_every, updates,
        // steps.
        int bufferedAt = activation + 1 + 4 + 4 + 5 * 8 + 4 + 8 + 4 + 8 + 8;
        byte[] overfull = bytes.clone();
        ByteBuffer.wrap(overfull).order(ByteOrder.LITTLE_ENDIAN).putInt(bufferedAt, 7);
        assertMessage(withCrc(overfull), "7 buffered instances for batch size 7");
        // A buffered label outside the classes.
        MlpLearner model = (MlpLearner) trained("binary", 3);
        byte[] labels = LearnerCodec.encode(model);
        ByteBuffer.wrap(labels).order(ByteOrder.LITTLE_ENDIAN).putFloat(labels.length - 8, 5f);
        assertMessage(withCrc(labels), "buffered label 5.0 is not a class in [0, 2)");
    }

    /** Recomputes the trailing CRC, so that a deliberate edit reaches the checks behind the checksum. */
    private static byte[] withCrc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void assertMessage(byte[] bytes, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
