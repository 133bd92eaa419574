package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.forecast.ForecasterRegressor;
import io.tributary.learn.simd.Kernels;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecasterSnapshotTest {

    private static final DenseVector X = new DenseVector(new float[] {0f});

    static Map<String, Object> hyperparameters(String algorithm) {
        return switch (algorithm) {
            case "nlinear" -> Map.of("input_size", 6, "horizon", 3, "learning_rate", 0.01, "replay", 2);
            case "dlinear" -> Map.of("input_size", 6, "horizon", 3, "kernel", 3, "replay", 1);
            case "lag_mlp" -> Map.of("input_size", 6, "horizon", 3, "hidden", "8, 4", "seed", 11);
            default -> Map.of("period", 5, "horizon", 3);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"nlinear", "dlinear", "lag_mlp", "seasonal_naive"})
    void restoredForecastersContinueBitForBit(String algorithm) {
        for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.preferred()}) {
            // Snapshot at several points: before any window, before the first training step, and well after.
            for (int cut : new int[] {0, 4, 8, 40}) {
                ForecasterRegressor original = (ForecasterRegressor) Learners.create(
                        LearnerSpec.regression(algorithm, 1, hyperparameters(algorithm)), kernels);
                SplittableRandom random = new SplittableRandom(17);
                for (int t = 0; t < cut; t++) {
                    original.learnOne(X, 100 + 10 * Math.sin(t / 2.0) + random.nextDouble());
                }
                byte[] bytes = LearnerCodec.encode(original);
                ForecasterRegressor restored = assertInstanceOf(ForecasterRegressor.class,
                        LearnerCodec.decode(bytes, kernels));
                assertEquals(algorithm, restored.algorithm());
                assertEquals(original.updates(), restored.updates());
                assertArrayEquals(bytes, LearnerCodec.encode(restored), "re-encoding differs");
                for (int t = cut; t < cut + 30; t++) {
                    assertArrayEquals(original.forecast(), restored.forecast(), algorithm + " at " + t);
                    double v = 100 + 10 * Math.sin(t / 2.0) + random.nextDouble();
                    original.learnOne(X, v);
                    restored.learnOne(X, v);
                }
                assertEquals(original.forecaster().trainingSteps(), restored.forecaster().trainingSteps());
                assertArrayEquals(LearnerCodec.encode(original), LearnerCodec.encode(restored));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nlinear", "dlinear", "lag_mlp", "seasonal_naive"})
    void corruptedOrTruncatedSnapshotsAreRejected(String algorithm) {
        ForecasterRegressor f = (ForecasterRegressor) Learners.create(
                LearnerSpec.regression(algorithm, 1, hyperparameters(algorithm)));
        for (int t = 0; t < 20; t++) {
            f.learnOne(X, t % 7);
        }
        byte[] bytes = LearnerCodec.encode(f);
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 12] ^= 0x10;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(flipped));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 9);
        assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(truncated));
    }
}
