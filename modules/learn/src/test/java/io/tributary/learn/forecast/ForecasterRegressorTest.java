package io.tributary.learn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecasterRegressorTest {

    @Test
    void factoryBuildsEachForecasterWithItsHyperparameters() {
        ForecasterRegressor n = create("nlinear", Map.of("input_size", 10, "horizon", 4, "learning_rate", 0.02));
        NLinear nlinear = assertInstanceOf(NLinear.class, n.forecaster());
        assertEquals(new WindowConfig(10, 4, 0.02, 0), nlinear.config());
        DLinear d = assertInstanceOf(DLinear.class, create("dlinear", Map.of("kernel", "7")).forecaster());
        assertEquals(7, d.kernel());
        assertEquals(new WindowConfig(WindowConfig.DEFAULT_INPUT_SIZE, WindowConfig.DEFAULT_HORIZON,
                DLinear.DEFAULT_LEARNING_RATE, 0), d.config());
        LagMlp m = assertInstanceOf(LagMlp.class,
                create("lag_mlp", Map.of("hidden", List.of(16, 8), "replay", 3)).forecaster());
        assertEquals(List.of(16, 8), m.hidden());
        assertEquals(3, m.config().replay());
        assertEquals(LagMlp.DEFAULT_HIDDEN, ((LagMlp) create("lag_mlp", Map.of()).forecaster()).hidden());
        SeasonalNaive s = assertInstanceOf(SeasonalNaive.class,
                create("seasonal_naive", Map.of("period", 4, "horizon", 8)).forecaster());
        assertEquals(4, s.period());
        assertEquals(8, s.horizon());
        assertTrue(Learners.algorithms().containsAll(List.of("nlinear", "dlinear", "lag_mlp", "seasonal_naive")));
        assertEquals(List.of("period", "horizon"), Learners.hyperparameters("seasonal_naive"));
    }

    @Test
    void invalidSpecsNameTheProblem() {
        assertMessage("unknown hyper-parameter 'kernel' for nlinear", () -> create("nlinear", Map.of("kernel", 3)));
        assertMessage("'input_size' must be an integer in [1, 65536]",
                () -> create("nlinear", Map.of("input_size", 0)));
        assertMessage("'horizon' must be an integer", () -> create("dlinear", Map.of("horizon", 1.5)));
        assertMessage("'learning_rate' must be a finite number > 0",
                () -> create("lag_mlp", Map.of("learning_rate", -1)));
        assertMessage("'hidden[1]' must be an integer in [1, 65536]",
                () -> create("lag_mlp", Map.of("hidden", List.of(4, 0))));
        assertMessage("'period' must be an integer in [1, 65536]",
                () -> create("seasonal_naive", Map.of("period", -2)));
        assertMessage("unknown hyper-parameter 'input_size' for seasonal_naive",
                () -> create("seasonal_naive", Map.of("input_size", 3)));
        assertMessage("needs dimension 1", () -> Learners.create(LearnerSpec.regression("nlinear", 3, Map.of())));
        assertMessage("cannot do task BINARY_CLASSIFICATION",
                () -> Learners.create(LearnerSpec.binary("dlinear", 1, Map.of())));
    }

    @Test
    void predictOneIsTheOneStepForecastOfTheNextTargetAndIgnoresTheFeatureValue() {
        Regressor r = (Regressor) Learners.create(LearnerSpec.regression("seasonal_naive", 1,
                Map.of("period", 3, "horizon", 2)));
        assertEquals(Task.REGRESSION, r.task());
        assertEquals(1, r.dimension());
        for (double v : new double[] {1, 2, 3, 4}) {
            r.learnOne(new DenseVector(new float[] {-99f}), v);
        }
        // Series 1, 2, 3, 4 with period 3: next is the value a season back, 2, then 3.
        assertEquals(2, r.predictOne(new DenseVector(new float[] {4f})), 0);
        assertEquals(2, r.predictOne(new DenseVector(new float[] {1000f})), 0);
        assertArrayEquals(new double[] {2, 3}, ((ForecasterRegressor) r).forecast());
        assertEquals(4, r.updates());
        assertMessage("expected dimension 1", () -> r.predictOne(new DenseVector(new float[] {1f, 2f})));
        assertMessage("NaN", () -> r.learnOne(new DenseVector(new float[] {1f}), Double.NaN));
    }

    private static ForecasterRegressor create(String algorithm, Map<String, ?> hp) {
        OnlineLearner learner = Learners.create(LearnerSpec.regression(algorithm, 1, hp));
        assertEquals(algorithm, learner.algorithm());
        return assertInstanceOf(ForecasterRegressor.class, learner);
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
