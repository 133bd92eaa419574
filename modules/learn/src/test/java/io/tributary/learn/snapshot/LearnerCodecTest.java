package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LinearState;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LearnerCodecTest {

    private static final int D = 19;
    private final Kernels kernels = Kernels.preferred();

    private List<Supplier<LinearModel>> models() {
        LinearConfig sgd = LinearConfig.regression(D).withOptimizer(Optimizer.SGD).withL2(1e-3)
                .withSchedule(Schedule.INVSCALING, 0.3);
        return List.of(
                () -> new LinearRegression(sgd, kernels),
                () -> new LinearRegression(LinearConfig.regression(D).withEpsilon(1e-6), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withOptimizer(Optimizer.SGD), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withL2(0.01), kernels),
                () -> new SoftmaxRegression(LinearConfig.multiclass(D, 4), kernels),
                () -> new SoftmaxRegression(LinearConfig.multiclass(D, 3).withOptimizer(Optimizer.SGD), kernels));
    }

    private static DenseVector x(SplittableRandom r) {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return DenseVector.of(x);
    }

    private static void learn(OnlineLearner model, SplittableRandom r, int n) {
        for (int t = 0; t < n; t++) {
            DenseVector x = x(r);
            double signal = x.values()[0] - x.values()[1] + 0.5 * x.values()[2];
            switch (model) {
                case Regressor reg -> reg.learnOne(x, signal + 0.1);
                case Classifier c -> c.learnOne(x, signal > 0 ? c.numClasses() - 1 : t % c.numClasses());
                default -> throw new AssertionError();
            }
        }
        // Sparse input exercises the other update path before snapshotting.
        if (model instanceof Classifier c) {
            c.learnOne(new SparseVector(D, new int[] {2, 5}, new float[] {1f, -1f}), 1);
        }
    }

    @Test
    void roundTripPredictsAndContinuesIdentically() {
        for (Supplier<LinearModel> factory : models()) {
            LinearModel original = factory.get();
            learn(original, new SplittableRandom(1), 300);
            byte[] bytes = LearnerCodec.encode(original);
            OnlineLearner decoded = LearnerCodec.decode(bytes, kernels);

            assertEquals(original.getClass(), decoded.getClass());
            assertEquals(original.algorithm(), decoded.algorithm());
            assertEquals(original.task(), decoded.task());
            assertEquals(original.updates(), decoded.updates());
            assertEquals(original.config(), ((LinearModel) decoded).config());
            assertSameState(original.state(), ((LinearModel) decoded).state());
            assertSamePredictions(original, decoded, new SplittableRandom(2));

            learn(original, new SplittableRandom(3), 200);
            learn(decoded, new SplittableRandom(3), 200);
            assertSameState(original.state(), ((LinearModel) decoded).state());
            assertSamePredictions(original, decoded, new SplittableRandom(4));
            assertArrayEquals(LearnerCodec.encode(original), LearnerCodec.encode(decoded));
        }
    }

    @Test
    void defaultDecodeUsesThePreferredKernels() {
        LinearModel model = models().get(3).get();
        learn(model, new SplittableRandom(5), 50);
        LinearModel decoded = (LinearModel) LearnerCodec.decode(LearnerCodec.encode(model));
        assertEquals(Kernels.preferred(), decoded.kernels());
    }

    @Test
    void formatIsCompactAndVersioned() {
        LinearModel model = new LogisticRegression(LinearConfig.binary(D).withOptimizer(Optimizer.SGD), kernels);
        byte[] bytes = LearnerCodec.encode(model);
        assertEquals("TRBL", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[4]);
        assertEquals(0, bytes[5]);
        // Header + 19 weights + 1 intercept + CRC: nothing else.
        int header = 4 + 2 + 2 + "logistic_regression".length() + 1 + 4 + 4 + 1 + 1 + 32 + 8 + 4;
        assertEquals(header + (D + 1) * 4 + 4, bytes.length);
        LinearModel adagrad = new LogisticRegression(LinearConfig.binary(D), kernels);
        assertEquals(bytes.length + (D + 1) * 4, LearnerCodec.encode(adagrad).length,
                "AdaGrad adds one accumulator per weight and intercept");
    }

    @Test
    void rejectsGarbage() {
        assertReason("shorter than the header", new byte[3]);
        assertReason("bad magic", "not a snapshot at all".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = encodedSample();
        byte[] future = bytes.clone();
        future[4] = 3;
        assertReason("unsupported learner snapshot format version 3", future);
        assertThrows(NullPointerException.class, () -> LearnerCodec.decode(null));
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] bytes = encodedSample();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LearnerCodec.decode(prefix), "prefix of length " + n + " was accepted");
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertReason("trailing bytes", longer);
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);
        assertReason("truncated", truncated);
    }

    @Test
    void rejectsEverySingleBitFlip() {
        byte[] bytes = encodedSample();
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] corrupted = bytes.clone();
                corrupted[i] ^= (byte) (1 << bit);
                int at = i;
                int b = bit;
                assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(corrupted),
                        "flipping bit " + b + " of byte " + at + " went unnoticed");
            }
        }
        byte[] weightFlip = bytes.clone();
        weightFlip[bytes.length - 12] ^= 1;
        assertReason("checksum mismatch", weightFlip);
    }

    @Test
    void refusesLearnersItCannotStore() {
        OnlineLearner foreign = new OnlineLearner() {
            @Override
            public Task task() {
                return Task.REGRESSION;
            }

            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public long updates() {
                return 0;
            }

            @Override
            public String algorithm() {
                return "mystery";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.encode(foreign));
        assertTrue(e.getMessage().contains("linear_regression"), e.getMessage());
    }

    private byte[] encodedSample() {
        LinearModel model = new SoftmaxRegression(LinearConfig.multiclass(3, 3), kernels);
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 20; t++) {
            ((Classifier) model).learnOne(DenseVector.of((float) r.nextDouble(), (float) r.nextDouble(), 1f),
                    r.nextInt(3));
        }
        byte[] bytes = LearnerCodec.encode(model);
        assertInstanceOf(SoftmaxRegression.class, LearnerCodec.decode(bytes));
        return bytes;
    }

    private static void assertReason(String fragment, byte[] bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static void assertSameState(LinearState a, LinearState b) {
        assertEquals(a.updates(), b.updates());
        assertEquals(a.rows(), b.rows());
        for (int r = 0; r < a.rows(); r++) {
            assertArrayEquals(a.weights()[r], b.weights()[r]);
            if (a.hasAccumulators()) {
                assertArrayEquals(a.weightAccumulators()[r], b.weightAccumulators()[r]);
            }
        }
        assertArrayEquals(a.intercepts(), b.intercepts());
        assertEquals(a.hasAccumulators(), b.hasAccumulators());
        if (a.hasAccumulators()) {
            assertArrayEquals(a.interceptAccumulators(), b.interceptAccumulators());
        }
    }

    private static void assertSamePredictions(OnlineLearner a, OnlineLearner b, SplittableRandom r) {
        for (int t = 0; t < 50; t++) {
            DenseVector x = x(r);
            if (a instanceof Regressor ra) {
                assertEquals(ra.predictOne(x), ((Regressor) b).predictOne(x), 0.0);
            } else {
                assertArrayEquals(((Classifier) a).predictProbaOne(x), ((Classifier) b).predictProbaOne(x));
            }
        }
    }
}
