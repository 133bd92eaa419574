package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.ClassifierPipeline;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.Pipelines;
import io.tributary.learn.transform.Transform;
import io.tributary.learn.transform.TransformSpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PipelineCodecTest {

    private static final int D = 4;
    /*
     * Scalar kernels: the SIMD dot product's lane reduction may add in a different order once the JIT compiles it,
     * so two identical SIMD models can differ in the last bit when one ran before compilation and the other after.
     * The scalar kernels are plain IEEE arithmetic, the same in every tier, which is what "exactly" needs.
     */
    private final Kernels kernels = Kernels.scalar();

    /** Every transform type, with state worth storing. */
    private static final List<TransformSpec> ALL = List.of(
            TransformSpec.of("standard_scaler", Map.of("features", List.of(0, 1))),
            TransformSpec.of("difference", Map.of("features", List.of(2))),
            TransformSpec.of("lag", Map.of("features", List.of(0, 2), "lags", 3)),
            TransformSpec.of("rolling", Map.of("window", 7, "features", List.of(1, 2))),
            TransformSpec.of("fourier", Map.of("feature", 3, "periods", List.of(24, 7.5), "order", 2)),
            TransformSpec.of("one_hot", Map.of("feature", 0, "vocabulary", List.of(-1, 0, 1))),
            TransformSpec.of("drop", Map.of("features", List.of(3))));

    private static List<LearnerSpec> learners() {
        return List.of(
                LearnerSpec.regression("linear_regression", D, Map.of("optimizer", "sgd")),
                LearnerSpec.binary("logistic_regression", D, Map.of()),
                LearnerSpec.multiclass("softmax_regression", D, 3, Map.of("l2", 1e-3)));
    }

    private static DenseVector x(SplittableRandom r, int t) {
        return DenseVector.of((float) Math.round(r.nextGaussian()), (float) (1e3 + 10 * r.nextGaussian()),
                (float) r.nextGaussian(), (float) (t % 50));
    }

    private static void learn(OnlineLearner model, SplittableRandom r, int from, int n) {
        for (int t = from; t < from + n; t++) {
            DenseVector x = x(r, t);
            switch (model) {
                case Regressor reg -> reg.learnOne(x, x.values()[0] - 0.01 * x.values()[1]);
                case Classifier c -> c.learnOne(x, Math.floorMod((int) x.values()[0], c.numClasses()));
                default -> throw new AssertionError();
            }
        }
    }

    private static void assertSamePredictions(OnlineLearner a, OnlineLearner b, SplittableRandom r) {
        for (int t = 0; t < 50; t++) {
            FeatureVector x = x(r, t);
            if (a instanceof Regressor ra) {
                assertEquals(ra.predictOne(x), ((Regressor) b).predictOne(x), 0.0);
            } else {
                assertArrayEquals(((Classifier) a).predictProbaOne(x), ((Classifier) b).predictProbaOne(x));
            }
        }
    }

    @Test
    void roundTripPredictsAndContinuesExactlyLikeTheOriginal() {
        for (LearnerSpec spec : learners()) {
            Pipeline original = Pipelines.create(ALL, spec, kernels);
            learn(original, new SplittableRandom(1), 0, 300);
            byte[] bytes = LearnerCodec.encode(original);
            assertArrayEquals(bytes, PipelineCodec.encode(original));
            assertEquals("TRBP", new String(bytes, 0, 4, StandardCharsets.US_ASCII));

            OnlineLearner decoded = LearnerCodec.decode(bytes, kernels);
            assertEquals(original.getClass(), decoded.getClass());
            assertEquals(original.algorithm(), decoded.algorithm());
            assertEquals(original.dimension(), decoded.dimension());
            assertEquals(original.updates(), decoded.updates());
            for (int i = 0; i < ALL.size(); i++) {
                Transform a = original.transforms().get(i);
                Transform b = ((Pipeline) decoded).transforms().get(i);
                assertEquals(a.getClass(), b.getClass());
                assertEquals(a.seen(), b.seen());
            }
            assertSamePredictions(original, decoded, new SplittableRandom(2));

            // Continue both on the same stream (rolling windows wrap, rebuilds happen, lags roll over).
            learn(original, new SplittableRandom(3), 300, 200);
            learn(decoded, new SplittableRandom(3), 300, 200);
            assertSamePredictions(original, decoded, new SplittableRandom(4));
            assertArrayEquals(LearnerCodec.encode(original), LearnerCodec.encode(decoded));
        }
    }

    @Test
    void nestedPipelinesAndPlainLearnersStillWork() {
        ClassifierPipeline inner = (ClassifierPipeline) Pipelines.create(List.of(TransformSpec.of("standard_scaler")),
                LearnerSpec.binary("logistic_regression", 5, Map.of()), kernels);
        ClassifierPipeline outer = Pipeline.of(Pipelines.transforms(D, List.of(TransformSpec.of("lag",
                Map.of("features", List.of(1))))), (Classifier) inner);
        learn(outer, new SplittableRandom(5), 0, 100);
        OnlineLearner decoded = LearnerCodec.decode(LearnerCodec.encode(outer));
        assertInstanceOf(ClassifierPipeline.class, ((Pipeline) decoded).learner());
        assertEquals("lag|standard_scaler|logistic_regression", decoded.algorithm());
        assertSamePredictions(outer, decoded, new SplittableRandom(6));

        LogisticRegression plain = new LogisticRegression(LinearConfig.binary(3), kernels);
        assertInstanceOf(LogisticRegression.class, LearnerCodec.decode(LearnerCodec.encode(plain)));
    }

    private byte[] sample() {
        Pipeline p = Pipelines.create(List.of(TransformSpec.of("rolling", Map.of("window", 3)),
                TransformSpec.of("standard_scaler")), LearnerSpec.binary("logistic_regression", 2, Map.of()), kernels);
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 20; t++) {
            ((Classifier) p).learnOne(DenseVector.of((float) r.nextGaussian(), (float) r.nextGaussian()), t % 2);
        }
        return LearnerCodec.encode(p);
    }

    private static void assertReason(String fragment, byte[] bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void rejectsEveryTruncationAndEverySingleBitFlip() {
        byte[] bytes = sample();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(prefix),
                    "prefix of length " + n + " was accepted");
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
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
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertReason("checksum mismatch", flipped);
        byte[] future = bytes.clone();
        future[4] = 2;
        assertReason("unsupported pipeline snapshot format version 2", future);
        assertReason("checksum mismatch", Arrays.copyOf(bytes, bytes.length + 4)); // the CRC covers the length
    }

    @Test
    void refusesTransformsItCannotStore() {
        Transform custom = new Transform() {
            @Override
            public String type() {
                return "custom";
            }

            @Override
            public int inputDimension() {
                return 2;
            }

            @Override
            public int outputDimension() {
                return 2;
            }

            @Override
            public FeatureVector transform(FeatureVector x) {
                return x;
            }

            @Override
            public void learnOne(FeatureVector x) {
            }

            @Override
            public long seen() {
                return 0;
            }
        };
        ClassifierPipeline p = Pipeline.of(List.of(custom), new LogisticRegression(LinearConfig.binary(2), kernels));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.encode(p));
        assertTrue(e.getMessage().contains("standard_scaler"), e.getMessage());
        // A pipeline is usable even when it cannot be stored.
        p.learnOne(DenseVector.of(1f, 2f), 1);
        assertEquals(1, p.updates());
    }
}
