package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hyper-parameter validation and defaults, through {@link Learners} (the provider path) as a processor would. */
class TribuoConfigTest {

    private static TribuoConfig parse(Task task, int d, Object... keyValues) {
        Map<String, Object> hp = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            hp.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TribuoConfig.parse(new LearnerSpec("tribuo", task, d,
                task == Task.MULTICLASS_CLASSIFICATION ? 3 : 0, hp));
    }

    private static void rejects(Task task, String[] expected, Object... keyValues) {
        Map<String, Object> hp = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            hp.put((String) keyValues[i], keyValues[i + 1]);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Learners.create(
                new LearnerSpec("tribuo", task, 4, task == Task.MULTICLASS_CLASSIFICATION ? 3 : 0, hp)));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void theProviderRegistersTheAlgorithmAndBuildsEachTask() {
        assertTrue(Learners.algorithms().contains("tribuo"), Learners.algorithms().toString());
        assertTrue(Learners.hyperparameters("tribuo").containsAll(List.of("trainer", "window", "window_kind",
                "retrain_every", "retrain_interval_ms", "min_train", "epochs", "learning_rate", "max_depth",
                "num_trees", "seed")));
        assertInstanceOf(TribuoClassifier.class, Learners.create(LearnerSpec.binary("Tribuo", 3,
                Map.of("trainer", "cart"))));
        TribuoClassifier multi = assertInstanceOf(TribuoClassifier.class, Learners.create(LearnerSpec.multiclass(
                "tribuo", 3, 4, Map.of("trainer", "random_forest"))));
        assertEquals(4, multi.numClasses());
        assertInstanceOf(TribuoRegressor.class, Learners.create(LearnerSpec.regression("tribuo", 3,
                Map.of("trainer", "xgboost"))));
    }

    @Test
    void defaultsAreFilledInAndSpelledOut() {
        TribuoConfig c = parse(Task.BINARY_CLASSIFICATION, 9, "trainer", "random_forest");
        assertEquals(2000, c.window());
        assertEquals(TribuoConfig.WindowKind.SLIDING, c.windowKind());
        assertEquals(500, c.retrainEvery());
        assertEquals(0, c.retrainIntervalMs());
        assertEquals(100, c.minTrain());
        assertEquals(200, c.evalEvents());
        assertEquals(12345L, c.seed());
        assertEquals(25L, c.longOption("num_trees"));
        assertEquals(Math.sqrt(9) / 9, c.doubleOption("feature_fraction"), 1e-15, "Breiman: sqrt(d) of d features");
        assertEquals(1.0 / 3, parse(Task.REGRESSION, 9, "trainer", "random_forest").doubleOption("feature_fraction"),
                1e-15, "Breiman: d/3 features for regression");
        assertEquals(false, c.trainerOptions().get("warm_start"));
        assertTrue(!c.trainerOptions().containsKey("new_trees"), "new_trees exists only with warm_start");
        assertEquals(5L, parse(Task.BINARY_CLASSIFICATION, 4, "trainer", "random_forest", "num_trees", 25,
                "warm_start", true).longOption("new_trees"), "num_trees / 5");

        TribuoConfig sgd = parse(Task.REGRESSION, 2, "trainer", "LINEAR_SGD", "learning_rate", "0.5", "epochs", 3.0,
                "window_kind", "Reservoir", "synchronous", "true", "retrain_interval_ms", "60000");
        assertEquals(TrainerKind.LINEAR_SGD, sgd.trainer());
        assertEquals(0.5, sgd.doubleOption("learning_rate"));
        assertEquals(3L, sgd.longOption("epochs"));
        assertEquals("adagrad", sgd.stringOption("optimizer"));
        assertEquals(TribuoConfig.WindowKind.RESERVOIR, sgd.windowKind());
        assertTrue(sgd.synchronous());
        assertEquals(60_000L, sgd.retrainIntervalMs());
    }

    @Test
    void theSpelledOutConfigParsesBackToItself() {
        for (TribuoConfig c : List.of(parse(Task.BINARY_CLASSIFICATION, 5, "trainer", "xgboost", "threads", 2),
                parse(Task.MULTICLASS_CLASSIFICATION, 5, "trainer", "random_forest", "warm_start", "true",
                        "new_trees", 3, "window_kind", "reservoir", "seed", -7),
                parse(Task.REGRESSION, 5, "trainer", "linear_sgd", "optimizer", "adam", "minibatch_size", 8),
                parse(Task.BINARY_CLASSIFICATION, 5, "trainer", "logistic_regression", "warm_start", true))) {
            assertEquals(c, TribuoConfig.parse(c.spec()));
        }
    }

    @Test
    void rejectsBadSettingsNamingTheProblem() {
        Task bin = Task.BINARY_CLASSIFICATION;
        rejects(bin, new String[] {"needs hyper-parameter 'trainer'", "linear_sgd, logistic_regression, cart, "
                + "random_forest, xgboost"});
        rejects(bin, new String[] {"'trainer' must be one of", "gbm"}, "trainer", "gbm");
        rejects(bin, new String[] {"'trainer' must be a string"}, "trainer", 3);
        rejects(Task.REGRESSION, new String[] {"trainer logistic_regression cannot do task REGRESSION",
                "linear_sgd, cart, random_forest, xgboost"}, "trainer", "logistic_regression");
        rejects(bin, new String[] {"'max_depth' does not apply to trainer linear_sgd", "epochs"},
                "trainer", "linear_sgd", "max_depth", 3);
        rejects(bin, new String[] {"'epochs' does not apply to trainer logistic_regression", "use trainer linear_sgd"},
                "trainer", "logistic_regression", "epochs", 3);
        rejects(bin, new String[] {"unknown hyper-parameter 'n_estimators'", "num_trees"},
                "trainer", "random_forest", "n_estimators", 3);
        rejects(bin, new String[] {"'window' must be an integer in [1, 1000000]", "0"}, "trainer", "cart", "window", 0);
        rejects(bin, new String[] {"'window' must be an integer", "2.5"}, "trainer", "cart", "window", 2.5);
        rejects(bin, new String[] {"'window_kind' must be one of sliding, reservoir", "tumbling"},
                "trainer", "cart", "window_kind", "tumbling");
        rejects(bin, new String[] {"'retrain_every' must be an integer in [1,"}, "trainer", "cart", "retrain_every", -1);
        rejects(bin, new String[] {"'retrain_interval_ms'"}, "trainer", "cart", "retrain_interval_ms", -5);
        rejects(bin, new String[] {"'min_train'"}, "trainer", "cart", "min_train", 0);
        rejects(bin, new String[] {"'synchronous' must be true or false", "yes"}, "trainer", "cart",
                "synchronous", "yes");
        rejects(bin, new String[] {"'learning_rate' must be a finite number > 0"}, "trainer", "linear_sgd",
                "learning_rate", 0);
        rejects(bin, new String[] {"'learning_rate' must be a number", "fast"}, "trainer", "linear_sgd",
                "learning_rate", "fast");
        rejects(bin, new String[] {"'optimizer' must be one of adagrad, sgd, adam", "rmsprop"}, "trainer", "linear_sgd",
                "optimizer", "rmsprop");
        rejects(bin, new String[] {"'learning_rate' (XGBoost's eta) must be in (0, 1]"}, "trainer", "xgboost",
                "learning_rate", 1.5);
        rejects(bin, new String[] {"'feature_fraction' must be in (0, 1]"}, "trainer", "cart", "feature_fraction", 1.5);
        rejects(bin, new String[] {"leaves no feature to split on at dimension 4", "at least 0.125"},
                "trainer", "random_forest", "feature_fraction", 0.1);
        rejects(bin, new String[] {"'new_trees' only applies with warm_start=true"}, "trainer", "random_forest",
                "new_trees", 2);
        rejects(bin, new String[] {"'new_trees' must be an integer in [1, 10]"}, "trainer", "random_forest",
                "num_trees", 10, "warm_start", true, "new_trees", 11);
        rejects(bin, new String[] {"'threads' must be an integer in [1, 64]"}, "trainer", "xgboost", "threads", 0);
        rejects(bin, new String[] {"'min_child_weight' must be a finite number > 0"}, "trainer", "cart",
                "min_child_weight", 0);
        rejects(bin, new String[] {"'num_trees' does not apply to trainer cart"}, "trainer", "cart", "num_trees", 2);
        rejects(bin, new String[] {"'warm_start' must be true or false", "Integer 1"}, "trainer", "random_forest",
                "warm_start", 1);
    }
}
