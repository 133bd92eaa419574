package io.tributary.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.neural.Activation;
import io.tributary.learn.neural.MlpClassifier;
import io.tributary.learn.neural.MlpConfig;
import io.tributary.learn.neural.MlpLearner;
import io.tributary.learn.neural.MlpRegressor;
import io.tributary.learn.simd.Kernels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code algorithm: mlp} through the factory, as a config file names it. */
class MlpSpecsTest {

    @Test
    void buildsTheMlpForEveryTaskWithDefaults() {
        assertTrue(Learners.algorithms().contains("mlp"));
        assertEquals(List.of("hidden_layers", "activation", "learning_rate", "weight_decay", "beta1", "beta2",
                "epsilon", "batch_size", "seed", "track_every"), Learners.hyperparameters("MLP"));

        MlpRegressor reg = assertInstanceOf(MlpRegressor.class,
                Learners.create(LearnerSpec.regression("mlp", 5, Map.of())));
        assertEquals(MlpConfig.regression(5, List.of(64, 64, 64)), reg.config());
        assertEquals(8769, reg.parameterCount());
        assertEquals("mlp", reg.algorithm());

        MlpClassifier bin = assertInstanceOf(MlpClassifier.class,
                Learners.create(LearnerSpec.binary("mlp", 5, null), Kernels.scalar()));
        assertEquals(Task.BINARY_CLASSIFICATION, bin.task());
        assertEquals(2, bin.numClasses());
        assertEquals(Kernels.scalar(), bin.kernels());
        assertEquals(2, bin.predictProbaOne(DenseVector.of(1, 2, 3, 4, 5)).length);

        MlpClassifier multi = assertInstanceOf(MlpClassifier.class,
                Learners.create(LearnerSpec.multiclass(" Mlp ", 5, 4, Map.of())));
        assertEquals(Task.MULTICLASS_CLASSIFICATION, multi.task());
        assertEquals(4, multi.predictProbaOne(DenseVector.of(1, 2, 3, 4, 5)).length);
        // A multiclass spec with two classes keeps the softmax head (two outputs), as softmax_regression does.
        MlpClassifier two = (MlpClassifier) Learners.create(LearnerSpec.multiclass("mlp", 5, 2, Map.of()));
        assertEquals(Task.MULTICLASS_CLASSIFICATION, two.task());
        assertEquals(8769 + 65, two.parameterCount());
    }

    /** What a YAML config delivers: integers, lists of integers, and strings where a value was quoted. */
    @Test
    void appliesEveryHyperparameter() {
        Map<String, Object> hp = new HashMap<>();
        hp.put("hidden_layers", List.of(32, 16));
        hp.put("activation", "ReLU");
        hp.put("learning_rate", "0.003");
        hp.put("weight_decay", 0);
        hp.put("beta1", 0.8);
        hp.put("beta2", "0.99");
        hp.put("epsilon", 1e-6);
        hp.put("batch_size", 1);
        hp.put("seed", -7L);
        hp.put("track_every", "10");
        MlpLearner m = (MlpLearner) Learners.create(LearnerSpec.binary("mlp", 3, hp));
        assertEquals(new MlpConfig(Task.BINARY_CLASSIFICATION, 3, 2, List.of(32, 16), Activation.RELU, 0.003, 0,
                0.8, 0.99, 1e-6, 1, -7, 10), m.config());
        assertTrue(m.tracker().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"64, 32", "[64,32]", " [ 64 , 32 ] "})
    void hiddenLayersAsText(String text) {
        MlpLearner m = (MlpLearner) Learners.create(LearnerSpec.regression("mlp", 2, Map.of("hidden_layers", text)));
        assertEquals(List.of(64, 32), m.config().hiddenLayers());
    }

    @Test
    void hiddenLayersAsOtherForms() {
        assertEquals(List.of(8), config(Map.of("hidden_layers", 8)).hiddenLayers());
        assertEquals(List.of(8, 4), config(Map.of("hidden_layers", List.of("8", 4.0))).hiddenLayers());
        assertEquals(List.of(8), config(Map.of("hidden_layers", "8")).hiddenLayers());
    }

    private static MlpConfig config(Map<String, ?> hp) {
        return ((MlpLearner) Learners.create(LearnerSpec.regression("mlp", 2, hp))).config();
    }

    @Test
    void rejectsBadHyperparametersNamingTheKey() {
        assertMessage(Map.of("hidden", List.of(8)), "unknown hyper-parameter 'hidden' for mlp; allowed: hidden_layers,"
                + " activation, learning_rate, weight_decay, beta1, beta2, epsilon, batch_size, seed, track_every");
        assertMessage(Map.of("optimizer", "adam"), "unknown hyper-parameter 'optimizer' for mlp");
        assertMessage(Map.of("hidden_layers", List.of()), "'hidden_layers' must list at least one width");
        assertMessage(Map.of("hidden_layers", "[]"), "'hidden_layers' must list at least one width");
        assertMessage(Map.of("hidden_layers", List.of(8, 0)), "'hidden_layers[1]' must be an integer in [1, 65536], got 0");
        assertMessage(Map.of("hidden_layers", List.of(100_000)), "'hidden_layers[0]' must be an integer in [1, 65536]");
        assertMessage(Map.of("hidden_layers", List.of(8.5)), "'hidden_layers[0]' must be an integer, got 8.5");
        assertMessage(Map.of("hidden_layers", "8, x"), "'hidden_layers[1]' must be a number, got 'x'");
        assertMessage(Map.of("hidden_layers", Map.of("a", 1)), "'hidden_layers' must be a list of layer widths");
        assertMessage(Map.of("activation", "sigmoid"), "'activation' must be one of silu, relu, tanh, got 'sigmoid'");
        assertMessage(Map.of("activation", 3), "'activation' must be a string (one of silu, relu, tanh)");
        assertMessage(Map.of("learning_rate", 0), "'learning_rate' must be a finite number > 0");
        assertMessage(Map.of("weight_decay", -0.1), "'weight_decay' must be a finite number >= 0");
        assertMessage(Map.of("learning_rate", 0.5, "weight_decay", 2), "'learning_rate' * 'weight_decay' must be below 1");
        assertMessage(Map.of("beta1", 1), "'beta1' must be in [0, 1)");
        assertMessage(Map.of("beta2", -0.1), "'beta2' must be in [0, 1)");
        assertMessage(Map.of("epsilon", 0), "'epsilon' must be a finite number > 0");
        assertMessage(Map.of("batch_size", 0), "'batch_size' must be an integer >= 1, got 0");
        assertMessage(Map.of("batch_size", 2.5), "'batch_size' must be an integer >= 1, got 2.5");
        assertMessage(Map.of("batch_size", 1 << 20), "'batch_size' must be at most 65536");
        assertMessage(Map.of("seed", "abc"), "'seed' must be a number, got 'abc'");
        assertMessage(Map.of("seed", 1.5), "'seed' must be an integer, got 1.5");
        assertMessage(Map.of("track_every", -1), "'track_every' must be an integer >= 0 (0 = off), got -1");
        assertMessage(Map.of("hidden_layers", List.of(4096, 4096, 4096)), "parameters, more than the");
    }

    private static void assertMessage(Map<String, ?> hp, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Learners.create(LearnerSpec.regression("mlp", 5, hp)));
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
