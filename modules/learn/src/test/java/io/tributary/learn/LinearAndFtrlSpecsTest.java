package io.tributary.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.ftrl.FtrlClassifier;
import io.tributary.learn.ftrl.FtrlConfig;
import io.tributary.learn.ftrl.FtrlModel;
import io.tributary.learn.ftrl.FtrlRegressor;
import io.tributary.learn.linear.ClassWeights;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The hyper-parameters added with Adam, L1, the step schedule, class weights and FTRL. */
class LinearAndFtrlSpecsTest {

    @Test
    void appliesTheNewLinearHyperparameters() {
        Map<String, Object> hp = new HashMap<>();
        hp.put("optimizer", "Adam");
        hp.put("learning_rate", "0.02");
        hp.put("l1", 0.001);
        hp.put("l2", 0.01);
        hp.put("beta1", 0.8);
        hp.put("beta2", "0.99");
        hp.put("epsilon", 1e-6);
        hp.put("schedule", "step");
        hp.put("decay_steps", 500);
        hp.put("decay_rate", 0.9);
        hp.put("class_weights", Map.of(1, 3.0));
        LinearConfig c = ((LinearModel) Learners.create(LearnerSpec.binary("logistic_regression", 3, hp))).config();
        assertEquals(Optimizer.ADAM, c.optimizer());
        assertEquals(0.02, c.learningRate());
        assertEquals(0.001, c.l1());
        assertEquals(0.01, c.l2());
        assertEquals(0.8, c.beta1());
        assertEquals(0.99, c.beta2());
        assertEquals(1e-6, c.epsilon());
        assertEquals(Schedule.STEP, c.schedule());
        assertEquals(500, c.decaySteps());
        assertEquals(0.9, c.decayRate());
        assertEquals(ClassWeights.of(1.0, 3.0), c.classWeights());

        LinearConfig adam = ((LinearModel) Learners.create(
                LearnerSpec.regression("linear_regression", 3, Map.of("optimizer", "adam")))).config();
        assertEquals(Optimizer.ADAM.defaultLearningRate(), adam.learningRate());
        assertEquals(LinearConfig.DEFAULT_BETA1, adam.beta1());
        assertEquals(LinearConfig.DEFAULT_BETA2, adam.beta2());
        assertEquals(ClassWeights.uniform(), adam.classWeights());

        LinearConfig listed = ((LinearModel) Learners.create(LearnerSpec.multiclass("softmax_regression", 3, 3,
                Map.of("class_weights", List.of("1", 2, 0.5))))).config();
        assertEquals(ClassWeights.of(1, 2, 0.5), listed.classWeights());
        assertTrue(Learners.hyperparameters().containsAll(List.of("l1", "beta1", "beta2", "decay_steps",
                "decay_rate", "class_weights")));
    }

    @Test
    void buildsFtrlForBinaryClassificationAndRegression() {
        OnlineLearner c = Learners.create(LearnerSpec.binary("FTRL", 1 << 20,
                Map.of("alpha", 0.1, "beta", "0.5", "l1", 2, "l2", 0.25, "class_weights", "balanced")));
        FtrlClassifier classifier = assertInstanceOf(FtrlClassifier.class, c);
        assertEquals(new FtrlConfig(1 << 20, 2, 0.1, 0.5, 2, 0.25, ClassWeights.balanced()), classifier.config());
        assertEquals("ftrl", classifier.algorithm());
        assertEquals(Task.BINARY_CLASSIFICATION, classifier.task());
        FtrlRegressor regressor = assertInstanceOf(FtrlRegressor.class,
                Learners.create(LearnerSpec.regression("ftrl", 16, Map.of())));
        assertEquals(FtrlConfig.regression(16), regressor.config());
        assertEquals(Task.REGRESSION, ((FtrlModel) regressor).task());
        assertEquals(List.of("alpha", "beta", "l1", "l2", "class_weights"), Learners.hyperparameters("ftrl"));
        assertEquals(Learners.hyperparameters(), Learners.hyperparameters("softmax_regression"));
    }

    @Test
    void rejectsBadNewHyperparametersNamingTheProblem() {
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("beta1", 0.5)),
                "'beta1' only applies with optimizer=adam", "adagrad");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("optimizer", "adam", "beta2", 1.0)),
                "'beta2' must be in [0, 1)");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("decay_steps", 10)),
                "'decay_steps' only applies with schedule=step");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("schedule", "step",
                "decay_steps", 2.5)), "'decay_steps' must be an integer >= 1");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("schedule", "step",
                "decay_rate", 1.5)), "'decay_rate' must be in (0, 1]");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("l1", -0.1)), "'l1'", ">= 0");
        assertMessage(() -> LearnerSpec.regression("linear_regression", 3, Map.of("class_weights", "balanced")),
                "'class_weights' only applies to classification");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", List.of(1, 2, 3))),
                "'class_weights' lists 3 weights for 2 classes");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", Map.of(2, 1.0))),
                "class index 2, outside [0, 2)");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", Map.of("one", 1))),
                "keys must be class indices", "one");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", List.of(1, 0))),
                "'class_weights[1]' must be a finite number > 0");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", "skewed")),
                "\"balanced\"", "skewed");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("class_weights", 3)),
                "'class_weights' must be", "Integer 3");
        assertMessage(() -> LearnerSpec.multiclass("ftrl", 3, 3, Map.of()),
                "ftrl cannot do task MULTICLASS_CLASSIFICATION", "BINARY_CLASSIFICATION, REGRESSION");
        assertMessage(() -> LearnerSpec.binary("ftrl", 3, Map.of("learning_rate", 0.1)),
                "unknown hyper-parameter 'learning_rate' for ftrl", "alpha, beta, l1, l2, class_weights");
        assertMessage(() -> LearnerSpec.binary("ftrl", 3, Map.of("alpha", 0)), "'alpha'", "> 0");
        assertMessage(() -> LearnerSpec.binary("logistic_regression", 3, Map.of("schedule", "cosine")),
                "constant, invscaling, step");
        // epsilon is now Adam's too.
        Learners.create(LearnerSpec.binary("logistic_regression", 3, Map.of("optimizer", "adam", "epsilon", 1e-7)));
    }

    @Test
    void specCopiesListAndMapValues() {
        java.util.ArrayList<Object> weights = new java.util.ArrayList<>(List.of(1.0, 2.0));
        LearnerSpec spec = LearnerSpec.binary("logistic_regression", 2, Map.of("class_weights", weights));
        weights.set(1, 100.0);
        assertEquals(List.of(1.0, 2.0), spec.hyperparameters().get("class_weights"));
        assertThrows(UnsupportedOperationException.class,
                () -> ((List<?>) spec.hyperparameters().get("class_weights")).clear());
        java.util.List<Object> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class,
                () -> LearnerSpec.binary("logistic_regression", 2, Map.of("class_weights", withNull)));
    }

    private static void assertMessage(Supplier<LearnerSpec> spec, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Learners.create(spec.get()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
