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
import io.tributary.learn.ftrl.FtrlClassifier;
import io.tributary.learn.ftrl.FtrlConfig;
import io.tributary.learn.ftrl.FtrlModel;
import io.tributary.learn.ftrl.FtrlRegressor;
import io.tributary.learn.ftrl.FtrlState;
import io.tributary.learn.linear.ClassWeights;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LinearState;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Format version 2 (Adam, L1, step schedule, class weights, FTRL) and reading the version-1 fixtures. */
class LearnerCodecV2Test {

    private static final int D = 13;
    private final Kernels kernels = Kernels.preferred();

    // ----- version 1 fixtures, written by the codec before version 2 existed -----

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LearnerCodecV2Test.class.getResourceAsStream("/snapshots/" + name)) {
            assertTrue(in != null, "missing test resource /snapshots/" + name);
            return in.readAllBytes();
        }
    }

    /** The fixture generator's probe inputs (see GenerateV1Snapshots.java.txt). */
    private static DenseVector probe(int p) {
        float[] x = new float[7];
        for (int i = 0; i < 7; i++) {
            x[i] = (float) Math.sin(0.7 * (p + 1) * (i + 1));
        }
        return DenseVector.of(x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-linear-sgd-invscaling", "v1-logistic-adagrad", "v1-softmax-sgd"})
    void readsVersion1SnapshotsWrittenByTheOldCode(String name) throws IOException {
        byte[] bytes = resource(name + ".trbl");
        assertEquals(1, bytes[4], "the fixture is a version-1 snapshot");
        List<String> expected = new String(resource(name + ".expected"), StandardCharsets.UTF_8).lines().toList();
        // The fixtures were written with the scalar kernels: decoded onto them, predictions are bit for bit the old
        // ones; on the SIMD kernels only the dot product's summation order differs.
        for (Kernels k : new Kernels[] {Kernels.scalar(), kernels}) {
            OnlineLearner model = LearnerCodec.decode(bytes, k);
            assertEquals(Long.parseLong(expected.get(0)), model.updates());
            double tolerance = k == Kernels.scalar() ? 0.0 : 1e-5;
            for (int p = 0; p < 5; p++) {
                String line = expected.get(p + 1);
                if (model instanceof Regressor r) {
                    assertEquals(Double.parseDouble(line), r.predictOne(probe(p)), tolerance, name + " probe " + p);
                } else {
                    float[] proba = ((Classifier) model).predictProbaOne(probe(p));
                    String[] parts = line.split(" ");
                    assertEquals(parts.length, proba.length);
                    for (int c = 0; c < parts.length; c++) {
                        assertEquals(Float.parseFloat(parts[c]), proba[c], tolerance, name + " probe " + p);
                    }
                }
            }
            // Nothing in it needs version 2, so this build writes it back as version 1, byte for byte.
            assertArrayEquals(bytes, LearnerCodec.encode(model), name + ": re-encoding changed the bytes");
        }
    }

    // ----- version 2 -----

    private List<Supplier<OnlineLearner>> models() {
        return List.of(
                () -> new LinearRegression(LinearConfig.regression(D).withOptimizer(Optimizer.ADAM)
                        .withBetas(0.8, 0.99).withEpsilon(1e-6).withL1(1e-3), kernels),
                () -> new LinearRegression(LinearConfig.regression(D).withOptimizer(Optimizer.SGD).withL1(0.01)
                        .withL2(0.001).withStepDecay(50, 0.7), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withClassWeights(ClassWeights.of(1, 4.5))
                        .withL1(0.002), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withOptimizer(Optimizer.ADAM)
                        .withClassWeights(ClassWeights.balanced()).withSchedule(Schedule.INVSCALING, 0.4), kernels),
                () -> new SoftmaxRegression(LinearConfig.multiclass(D, 4).withOptimizer(Optimizer.ADAM)
                        .withClassWeights(ClassWeights.balanced()).withL1(1e-3).withL2(1e-3), kernels),
                () -> new SoftmaxRegression(LinearConfig.multiclass(D, 3).withClassWeights(ClassWeights.of(1, 2, 3)),
                        kernels),
                () -> new FtrlClassifier(FtrlConfig.binary(D).withL1(0.5).withClassWeights(ClassWeights.balanced())),
                () -> new FtrlClassifier(FtrlConfig.binary(1 << 12).withL1(0.1).withAlpha(0.2)),
                () -> new FtrlRegressor(FtrlConfig.regression(D).withBeta(0.5).withL2(0.1)));
    }

    private static DenseVector x(SplittableRandom r, int d) {
        float[] x = new float[d];
        for (int i = 0; i < Math.min(d, D); i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return DenseVector.of(x);
    }

    private static void learn(OnlineLearner model, SplittableRandom r, int n) {
        int d = model.dimension();
        for (int t = 0; t < n; t++) {
            DenseVector x = x(r, d);
            double signal = x.values()[0] - x.values()[1] + 0.5 * x.values()[2];
            switch (model) {
                case Regressor reg -> reg.learnOne(x, signal + 0.1);
                case Classifier c -> c.learnOne(x, signal > 0.3 ? c.numClasses() - 1 : t % c.numClasses());
                default -> throw new AssertionError();
            }
        }
        if (model instanceof Classifier c) {
            c.learnOne(new SparseVector(d, new int[] {2, 5, d - 1}, new float[] {1f, -1f, 0.5f}), 1);
        }
    }

    @Test
    void roundTripPredictsAndContinuesIdentically() {
        for (Supplier<OnlineLearner> factory : models()) {
            OnlineLearner original = factory.get();
            learn(original, new SplittableRandom(1), 300);
            byte[] bytes = LearnerCodec.encode(original);
            assertEquals(2, bytes[4], original + " needs format version 2");
            OnlineLearner decoded = LearnerCodec.decode(bytes, kernels);
            assertEquals(original.getClass(), decoded.getClass());
            assertEquals(original.updates(), decoded.updates());
            assertSameConfigAndState(original, decoded);
            assertSamePredictions(original, decoded, new SplittableRandom(2));
            learn(original, new SplittableRandom(3), 200);
            learn(decoded, new SplittableRandom(3), 200);
            assertSameConfigAndState(original, decoded);
            assertSamePredictions(original, decoded, new SplittableRandom(4));
            assertArrayEquals(LearnerCodec.encode(original), LearnerCodec.encode(decoded));
        }
    }

    private static void assertSameConfigAndState(OnlineLearner a, OnlineLearner b) {
        switch (a) {
            case LinearModel la -> {
                LinearModel lb = (LinearModel) b;
                assertEquals(la.config(), lb.config());
                LinearState sa = la.state();
                LinearState sb = lb.state();
                assertEquals(sa.updates(), sb.updates());
                for (int r = 0; r < sa.rows(); r++) {
                    assertArrayEquals(sa.weights()[r], sb.weights()[r]);
                    if (sa.hasAccumulators()) {
                        assertArrayEquals(sa.weightAccumulators()[r], sb.weightAccumulators()[r]);
                    }
                    if (sa.hasMoments()) {
                        assertArrayEquals(sa.weightMoments()[r], sb.weightMoments()[r]);
                    }
                }
                assertArrayEquals(sa.intercepts(), sb.intercepts());
                assertEquals(sa.hasMoments(), sb.hasMoments());
                if (sa.hasMoments()) {
                    assertArrayEquals(sa.interceptMoments(), sb.interceptMoments());
                    assertArrayEquals(sa.interceptAccumulators(), sb.interceptAccumulators());
                }
                assertArrayEquals(sa.classCounts(), sb.classCounts());
            }
            case FtrlModel fa -> {
                FtrlModel fb = (FtrlModel) b;
                assertEquals(fa.config(), fb.config());
                FtrlState sa = fa.state();
                FtrlState sb = fb.state();
                assertArrayEquals(sa.z(), sb.z());
                assertArrayEquals(sa.n(), sb.n());
                assertEquals(sa.interceptZ(), sb.interceptZ());
                assertEquals(sa.interceptN(), sb.interceptN());
                assertArrayEquals(sa.classCounts(), sb.classCounts());
            }
            default -> throw new AssertionError();
        }
    }

    private static void assertSamePredictions(OnlineLearner a, OnlineLearner b, SplittableRandom r) {
        for (int t = 0; t < 50; t++) {
            DenseVector x = x(r, a.dimension());
            if (a instanceof Regressor ra) {
                assertEquals(ra.predictOne(x), ((Regressor) b).predictOne(x), 0.0);
            } else {
                assertArrayEquals(((Classifier) a).predictProbaOne(x), ((Classifier) b).predictProbaOne(x));
            }
        }
    }

    @Test
    void versionOneIsWrittenWheneverItSuffices() {
        assertEquals(1, LearnerCodec.encode(new LogisticRegression(LinearConfig.binary(D)))[4]);
        assertEquals(1, LearnerCodec.encode(new LinearRegression(LinearConfig.regression(D)
                .withOptimizer(Optimizer.SGD).withSchedule(Schedule.INVSCALING, 0.5)))[4]);
        assertEquals(2, LearnerCodec.encode(new LinearRegression(LinearConfig.regression(D).withL1(0.1)))[4]);
        assertEquals(2, LearnerCodec.encode(new LinearRegression(LinearConfig.regression(D)
                .withOptimizer(Optimizer.ADAM)))[4]);
        // A field version 1 lacks, even one the optimizer ignores, must survive: version 2.
        assertEquals(2, LearnerCodec.encode(new LinearRegression(LinearConfig.regression(D).withBetas(0.5, 0.9)))[4]);
        assertEquals(LearnerCodec.FORMAT_VERSION, 2);
    }

    @Test
    void sparseFtrlSnapshotsStoreOnlyTouchedCoordinates() {
        int d = 1 << 20;
        FtrlClassifier model = new FtrlClassifier(FtrlConfig.binary(d).withL1(0.5));
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 2000; t++) {
            model.learnOne(new SparseVector(d, new int[] {r.nextInt(d), r.nextInt(d), r.nextInt(100)},
                    new float[] {1f, 1f, 1f}), r.nextInt(2));
        }
        int touched = model.touchedCoordinates();
        byte[] bytes = LearnerCodec.encode(model);
        int header = 4 + 2 + 2 + "ftrl".length() + 1 + 4 + 4 + 4 * 8 + 1 + 8 + 8 + 8 + 1;
        assertEquals(header + 4 + 12L * touched + 4, bytes.length, "12 bytes per touched coordinate");
        assertTrue(bytes.length < 60_000, "vs 8 MiB for the dense layout: " + bytes.length);
        FtrlClassifier decoded = (FtrlClassifier) LearnerCodec.decode(bytes);
        assertArrayEquals(model.state().z(), decoded.state().z());
        assertArrayEquals(model.state().n(), decoded.state().n());
        // A dense model (most coordinates touched) uses the dense layout.
        FtrlClassifier dense = new FtrlClassifier(FtrlConfig.binary(8));
        dense.learnOne(DenseVector.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
        assertEquals(header + 8 * 8 + 4, LearnerCodec.encode(dense).length);
    }

    @Test
    void rejectsEveryTruncationAndBitFlipOfVersion2Snapshots() {
        for (int which : new int[] {0, 3, 4, 6, 7}) {
            OnlineLearner model = models().get(which).get();
            if (model.dimension() > D) {
                model = new FtrlClassifier(FtrlConfig.binary(200).withL1(0.1)); // sparse layout, small enough
            }
            learn(model, new SplittableRandom(8), 30);
            byte[] bytes = LearnerCodec.encode(model);
            assertEquals(2, bytes[4]);
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> LearnerCodec.decode(prefix), "prefix of length " + n + " was accepted");
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
            for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] corrupted = bytes.clone();
                    corrupted[i] ^= (byte) (1 << bit);
                    int at = i;
                    int b = bit;
                    assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(corrupted),
                            model + ": flipping bit " + b + " of byte " + at + " went unnoticed");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(Arrays.copyOf(bytes,
                    bytes.length + 1)));
        }
    }

    @Test
    void aValidChecksumDoesNotMakeAnInconsistentSnapshotValid() {
        byte[] bytes = LearnerCodec.encode(new FtrlRegressor(FtrlConfig.regression(4)));
        assertInstanceOf(FtrlRegressor.class, LearnerCodec.decode(bytes));
        int taskAt = 4 + 2 + 2 + "ftrl".length();
        assertEquals(0, bytes[taskAt], "regression");
        byte[] multiclass = bytes.clone();
        multiclass[taskAt] = 2;
        assertReason("ftrl snapshot says task MULTICLASS_CLASSIFICATION", withChecksum(multiclass));
        byte[] badAlpha = bytes.clone();
        java.nio.ByteBuffer.wrap(badAlpha).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(taskAt + 9, -1.0);
        assertReason("alpha must be > 0", withChecksum(badAlpha));
    }

    private static byte[] withChecksum(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void assertReason(String fragment, byte[] bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
