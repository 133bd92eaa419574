package io.tributary.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnersTest {

    @Test
    void listsItsAlgorithms() {
        List<String> builtIn = List.of("linear_regression", "logistic_regression", "softmax_regression", "ftrl", "mlp",
                "nlinear", "dlinear", "lag_mlp", "seasonal_naive");
        assertEquals(builtIn, Learners.builtInAlgorithms());
        // Then the providers' (here the test-only MeanProvider's, see LearnerProvidersTest).
        assertEquals(builtIn, Learners.algorithms().subList(0, builtIn.size()));
        assertTrue(Learners.hyperparameters().containsAll(List.of("optimizer", "learning_rate", "l2", "schedule",
                "power_t", "epsilon")));
    }

    @Test
    void buildsEachAlgorithmWithDefaults() {
        OnlineLearner reg = Learners.create(LearnerSpec.regression("linear_regression", 4, Map.of()));
        assertInstanceOf(LinearRegression.class, reg);
        assertEquals(4, reg.dimension());
        LinearConfig c = ((LinearModel) reg).config();
        assertEquals(Optimizer.ADAGRAD, c.optimizer());
        assertEquals(0.05, c.learningRate());
        assertEquals(0.0, c.l2());
        assertEquals(Schedule.CONSTANT, c.schedule());

        OnlineLearner bin = Learners.create(LearnerSpec.binary("logistic_regression", 4, Map.of("optimizer", "sgd")));
        assertInstanceOf(LogisticRegression.class, bin);
        assertEquals(0.01, ((LinearModel) bin).config().learningRate(), "SGD's default learning rate");

        OnlineLearner multi = Learners.create(LearnerSpec.multiclass("logistic_regression", 4, 5, null));
        assertInstanceOf(SoftmaxRegression.class, multi);
        assertEquals(5, ((Classifier) multi).numClasses());

        OnlineLearner soft = Learners.create(LearnerSpec.multiclass("Softmax_Regression", 4, 3, Map.of()),
                Kernels.scalar());
        assertInstanceOf(SoftmaxRegression.class, soft);
        assertEquals(Kernels.scalar(), ((LinearModel) soft).kernels());
    }

    @Test
    void appliesHyperparameters() {
        Map<String, Object> hp = new HashMap<>();
        hp.put("optimizer", "AdaGrad");
        hp.put("learning_rate", 0.2f);
        hp.put("l2", "0.001");
        hp.put("schedule", "invscaling");
        hp.put("power_t", 0.5);
        hp.put("epsilon", 1e-6);
        LinearConfig c = ((LinearModel) Learners.create(LearnerSpec.binary("logistic_regression", 3, hp))).config();
        assertEquals(Optimizer.ADAGRAD, c.optimizer());
        assertEquals(0.2, c.learningRate(), 1e-7);
        assertEquals(0.001, c.l2());
        assertEquals(Schedule.INVSCALING, c.schedule());
        assertEquals(0.5, c.powerT());
        assertEquals(1e-6, c.epsilon());
    }

    @Test
    void rejectsBadSpecsNamingTheProblem() {
        assertMessage(() -> LearnerSpec.binary("random_forest", 3, Map.of()),
                "unknown algorithm 'random_forest'", "linear_regression, logistic_regression, softmax_regression");
        assertMessage(() -> LearnerSpec.binary("linear_regression", 3, Map.of()),
                "linear_regression cannot do task BINARY_CLASSIFICATION", "REGRESSION");
        assertMessage(() -> LearnerSpec.regression("logistic_regression", 3, Map.of()),
                "logistic_regression cannot do task REGRESSION", "BINARY_CLASSIFICATION");
        assertMessage(() -> LearnerSpec.binary("softmax_regression", 3, Map.of()),
                "softmax_regression cannot do task BINARY_CLASSIFICATION", "MULTICLASS_CLASSIFICATION");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("lr", 0.1)),
                "unknown hyper-parameter 'lr'", "learning_rate");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("optimizer", "rmsprop")),
                "'optimizer'", "sgd, adagrad, adam");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("optimizer", 1)),
                "'optimizer' must be a string", "sgd, adagrad");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("learning_rate", true)),
                "'learning_rate' must be a number", "Boolean");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("learning_rate", "fast")),
                "'learning_rate' must be a number", "fast");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("learning_rate", -0.1)),
                "'learning_rate'", "> 0");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("l2", -1)), "'l2'", ">= 0");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("l2", Double.NaN)), "'l2'", "finite");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("schedule", "cosine")),
                "'schedule'", "constant, invscaling");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("power_t", 0.5)),
                "'power_t' only applies with schedule=invscaling");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("optimizer", "sgd", "epsilon", 1e-3)),
                "'epsilon' only applies with optimizer=adagrad");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("epsilon", 0)), "'epsilon'", "> 0");
    }

    @Test
    void specShapeIsValidated() {
        assertMessage(() -> new LearnerSpec("linear_regression", Task.REGRESSION, 0, 1, Map.of()),
                "dimension must be positive, got 0");
        assertMessage(() -> new LearnerSpec("logistic_regression", Task.BINARY_CLASSIFICATION, 3, 3, Map.of()),
                "numClasses must be 2 for task BINARY_CLASSIFICATION, got 3");
        assertMessage(() -> new LearnerSpec("softmax_regression", Task.MULTICLASS_CLASSIFICATION, 3, 1, Map.of()),
                "numClasses must be at least 2");
        assertMessage(() -> new LearnerSpec("linear_regression", Task.REGRESSION, 3, 4, Map.of()),
                "numClasses must be 0 or 1 for task REGRESSION");
        assertMessage(() -> new LearnerSpec(" ", Task.REGRESSION, 3, 1, Map.of()), "algorithm must not be blank");
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("l2", null);
        assertMessage(() -> new LearnerSpec("linear_regression", Task.REGRESSION, 3, 1, withNull),
                "hyper-parameter 'l2' has no value");
        // numClasses 0 means "implied by the task".
        assertEquals(2, new LearnerSpec("logistic_regression", Task.BINARY_CLASSIFICATION, 3, 0, null)
                .effectiveNumClasses());
    }

    @Test
    void specCopiesItsHyperparameters() {
        Map<String, Object> hp = new HashMap<>();
        hp.put("l2", 0.5);
        LearnerSpec spec = LearnerSpec.regression("linear_regression", 2, hp);
        hp.put("l2", 0.9);
        assertEquals(0.5, spec.hyperparameters().get("l2"));
        assertThrows(UnsupportedOperationException.class, () -> spec.hyperparameters().clear());
    }

    /** Builds the spec (its constructor may already refuse) and the learner; expects a message with every fragment. */
    private static void assertMessage(java.util.function.Supplier<LearnerSpec> spec, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Learners.create(spec.get()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    private static void assertMessage(Runnable r, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
