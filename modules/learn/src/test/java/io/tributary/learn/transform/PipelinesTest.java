package io.tributary.learn.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.SoftmaxRegression;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelinesTest {

    @Test
    void buildsEveryTypeAndChainsDimensions() {
        List<TransformSpec> specs = List.of(
                TransformSpec.of("standard_scaler", Map.of("features", List.of(0, 1))),
                TransformSpec.of("Difference", Map.of("features", "2")),
                TransformSpec.of("lag", Map.of("features", "[0, 2]", "lags", "3")),
                TransformSpec.of("rolling", Map.of("window", 10, "stats", List.of("mean", "MAX"), "features", 1)),
                TransformSpec.of("fourier", Map.of("feature", 2, "periods", List.of(24, 168.0), "order", 2)),
                TransformSpec.of("one_hot", Map.of("feature", "0", "vocabulary", "1, 2, 3")),
                TransformSpec.of("drop", Map.of("features", List.of(0))),
                TransformSpec.of("select", Map.of("features", new int[] {1, 0, 2})));
        List<Transform> ts = Pipelines.transforms(4, specs);
        int[] expectedOut = {4, 4, 4 + 2 * 3, 10 + 2, 12 + 8, 20 + 4, 23, 3};
        for (int i = 0; i < ts.size(); i++) {
            assertEquals(expectedOut[i], ts.get(i).outputDimension(), "transform " + i);
        }
        assertArrayEquals(new int[] {0, 1}, ((StandardScaler) ts.get(0)).features());
        assertArrayEquals(new int[] {2}, ((Difference) ts.get(1)).features());
        assertEquals(3, ((Lag) ts.get(2)).lags());
        assertEquals(List.of(Rolling.Stat.MEAN, Rolling.Stat.MAX), ((Rolling) ts.get(3)).stats());
        assertArrayEquals(new double[] {24, 168}, ((Fourier) ts.get(4)).periods());
        assertArrayEquals(new float[] {1, 2, 3}, ((OneHot) ts.get(5)).vocabulary());
        assertArrayEquals(new int[] {1, 0, 2}, ((Select) ts.get(7)).kept());

        Pipeline p = Pipelines.create(specs, LearnerSpec.multiclass("softmax_regression", 4, 3, Map.of()));
        assertInstanceOf(ClassifierPipeline.class, p);
        assertEquals(4, p.dimension());
        assertEquals(3, p.learner().dimension());
        assertInstanceOf(SoftmaxRegression.class, p.learner());

        Pipeline defaults = Pipelines.create(List.of(TransformSpec.of("lag"), TransformSpec.of("rolling",
                Map.of("window", "5"))), LearnerSpec.regression("linear_regression", 2, Map.of("l2", 0.01)));
        assertInstanceOf(RegressorPipeline.class, defaults);
        assertEquals(4 + 4 * 4, defaults.learner().dimension(), "lag 1 of every feature, all four statistics");
        assertEquals(0.01, ((LinearRegression) defaults.learner()).config().l2());
    }

    private static void assertRejected(String expected, int dimension, TransformSpec... specs) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pipelines.create(List.of(specs), LearnerSpec.regression("linear_regression", dimension, null)));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsNameThePositionTheTypeAndTheKey() {
        assertRejected("transform 0: unknown type 'scaler'; allowed: standard_scaler, difference, lag, rolling, "
                + "fourier, one_hot, select, drop", 2, TransformSpec.of("scaler"));
        assertRejected("transform 1 (rolling): unknown parameter 'windw'; allowed: features, window, stats", 2,
                TransformSpec.of("lag"), TransformSpec.of("rolling", Map.of("windw", 5)));
        assertRejected("transform 0 (rolling): parameter 'window' is required", 2, TransformSpec.of("rolling"));
        assertRejected("transform 0 (rolling): parameter 'window' must be a positive integer, got 'ten'", 2,
                TransformSpec.of("rolling", Map.of("window", "ten")));
        assertRejected("transform 0 (lag): parameter 'lags' must be a positive integer, got 1.5", 2,
                TransformSpec.of("lag", Map.of("lags", 1.5)));
        assertRejected("transform 0 (rolling): parameter 'stats' must be a list of mean, std, min, max, got "
                + "'mean,median'", 2, TransformSpec.of("rolling", Map.of("window", 3, "stats", "mean,median")));
        assertRejected("transform 1 (standard_scaler): standard_scaler: feature index 4 is outside [0, 4)", 2,
                TransformSpec.of("lag"), TransformSpec.of("standard_scaler", Map.of("features", List.of(0, 4))));
        assertRejected("transform 0 (fourier): parameter 'periods' is required", 2,
                TransformSpec.of("fourier", Map.of("feature", 0)));
        assertRejected("transform 0 (fourier): parameter 'periods' must be a list of finite numbers, got [24, x]", 2,
                TransformSpec.of("fourier", Map.of("feature", 0, "periods", List.of("24", "x"))));
        assertRejected("transform 0 (fourier): fourier: periods must be finite and > 0, got -24.0", 2,
                TransformSpec.of("fourier", Map.of("feature", 0, "periods", -24)));
        assertRejected("transform 0 (one_hot): parameter 'feature' must be a feature index, got [0, 1]", 2,
                TransformSpec.of("one_hot", Map.of("feature", List.of(0, 1), "vocabulary", List.of(1))));
        assertRejected("transform 0 (one_hot): one_hot: vocabulary value 1.0 is repeated", 2,
                TransformSpec.of("one_hot", Map.of("feature", 0, "vocabulary", List.of(1, 1.0))));
        assertRejected("transform 0 (select): parameter 'features' is required", 2, TransformSpec.of("select"));
        assertRejected("transform 0 (drop): drop: cannot drop every feature", 2,
                TransformSpec.of("drop", Map.of("features", "0,1")));

        // The learner's own checks still apply, to the derived dimension.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipelines.create(
                List.of(TransformSpec.of("lag")), LearnerSpec.regression("linear_regression", 2, Map.of("lr", 1))));
        assertTrue(e.getMessage().contains("unknown hyper-parameter 'lr'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformSpec.of(" "));
        assertThrows(IllegalArgumentException.class, () -> new TransformSpec("lag", java.util.Collections
                .singletonMap("lags", null)));
    }
}
