package io.tributary.learn.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.ftrl.FtrlClassifier;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Class weights against a closed form: with no usable feature only the intercepts learn, and the minimiser of the
 * weighted log loss {@code sum_i c_{y_i} log p(y_i)} is {@code p_k = c_k n_k / sum_j c_j n_j}.
 */
class ClassWeightsTest {

    private static final DenseVector NOTHING = DenseVector.of(0f);

    /** Labels in a seeded random order with exactly the given counts. */
    private static int[] labels(int[] counts, long seed) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        int[] y = new int[n];
        int at = 0;
        for (int k = 0; k < counts.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                y[at++] = k;
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return y;
    }

    private static float[] fit(Map<String, Object> hp, int[] counts) {
        LearnerSpec spec = counts.length == 2
                ? LearnerSpec.binary("logistic_regression", 1, hp)
                : LearnerSpec.multiclass("logistic_regression", 1, counts.length, hp);
        Classifier model = (Classifier) Learners.create(spec);
        int[] y = labels(counts, 3);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int label : y) {
                model.learnOne(NOTHING, label);
            }
        }
        return model.predictProbaOne(NOTHING);
    }

    private static Map<String, Object> sgd(Object classWeights) {
        return classWeights == null
                ? Map.of("optimizer", "sgd", "learning_rate", 1.0, "schedule", "invscaling", "power_t", 0.8)
                : Map.of("optimizer", "sgd", "learning_rate", 1.0, "schedule", "invscaling", "power_t", 0.8,
                        "class_weights", classWeights);
    }

    @Test
    void binaryWeightsMoveTheOptimumToTheWeightedFrequency() {
        int[] counts = {9000, 1000};
        assertEquals(0.1, fit(sgd(null), counts)[1], 0.01, "unweighted: the class frequency");
        assertEquals(5 * 0.1 / (0.9 + 5 * 0.1), fit(sgd(Map.of(0, 1.0, 1, 5.0)), counts)[1], 0.01,
                "{0: 1, 1: 5}: c1 n1 / (c0 n0 + c1 n1)");
        assertEquals(5 * 0.1 / (0.9 + 5 * 0.1), fit(sgd(Map.of("1", "5")), counts)[1], 0.01,
                "string keys and values, absent class 0 weighs 1");
        assertEquals(0.5, fit(sgd("balanced"), counts)[1], 0.01, "balanced: both classes weigh n/2 in total");
    }

    @Test
    void multiclassWeightsMoveTheOptimumToTheWeightedFrequencies() {
        int[] counts = {6000, 3000, 1000};
        float[] plain = fit(sgd(null), counts);
        assertEquals(0.6, plain[0], 0.01);
        assertEquals(0.3, plain[1], 0.01);
        assertEquals(0.1, plain[2], 0.01);
        // c_k n_k = 0.6 * 1, 0.3 * 1, 0.1 * 9 -> 0.6 : 0.3 : 0.9
        float[] listed = fit(sgd(List.of(1, 1, 9)), counts);
        assertEquals(0.6 / 1.8, listed[0], 0.01);
        assertEquals(0.3 / 1.8, listed[1], 0.01);
        assertEquals(0.9 / 1.8, listed[2], 0.01);
        float[] balanced = fit(sgd("Balanced"), counts);
        for (float p : balanced) {
            assertEquals(1.0 / 3, p, 0.01);
        }
    }

    @Test
    void adamAndAdagradHonourTheWeightsToo() {
        int[] counts = {9000, 1000};
        assertEquals(0.5 / 1.4, fit(Map.of("optimizer", "adam", "learning_rate", 0.01, "schedule", "step",
                "decay_steps", 5000, "decay_rate", 0.5, "class_weights", List.of(1, 5)), counts)[1], 0.01);
        assertEquals(0.5 / 1.4, fit(Map.of("optimizer", "adagrad", "learning_rate", 0.5,
                "class_weights", List.of(1, 5)), counts)[1], 0.01);
    }

    @Test
    void ftrlHonoursTheWeights() {
        int[] counts = {9000, 1000};
        for (Object cw : new Object[] {List.of(1.0, 5.0), "balanced"}) {
            Classifier model = (Classifier) Learners.create(LearnerSpec.binary("ftrl", 1,
                    Map.of("alpha", 0.5, "class_weights", cw)));
            assertTrue(model instanceof FtrlClassifier);
            for (int epoch = 0; epoch < 3; epoch++) {
                for (int label : labels(counts, 5)) {
                    model.learnOne(NOTHING, label);
                }
            }
            double expected = cw instanceof String ? 0.5 : 0.5 / 1.4;
            assertEquals(expected, model.predictProbaOne(NOTHING)[1], 0.01, "ftrl " + cw);
        }
    }

    @Test
    void balancedWeightsFollowTheRunningCounts() {
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(1).withOptimizer(Optimizer.SGD)
                .withClassWeights(ClassWeights.balanced()));
        model.learnOne(NOTHING, 1);
        model.learnOne(NOTHING, 0);
        model.learnOne(NOTHING, 0);
        model.learnOne(NOTHING, 0);
        assertArrayEquals(new long[] {3, 1}, model.state().classCounts());
        ClassWeights b = ClassWeights.balanced();
        // n / (K n_y): 4 / (2 * 3) for class 0, 4 / (2 * 1) for class 1.
        assertEquals(4.0 / 6, b.weight(0, new long[] {3, 1}, 4), 1e-7);
        assertEquals(2.0, b.weight(1, new long[] {3, 1}, 4), 1e-7);
        // A restored learner continues from the same counts.
        LogisticRegression restored = LogisticRegression.restore(model.config(), model.state(),
                io.tributary.learn.simd.Kernels.scalar());
        restored.learnOne(NOTHING, 1);
        assertArrayEquals(new long[] {3, 2}, restored.state().classCounts());
    }

    @Test
    void explicitWeightsAreValidatedAndCompareByValue() {
        assertEquals(ClassWeights.of(1, 2), ClassWeights.of(1, 2));
        assertEquals(ClassWeights.of(1, 2).hashCode(), ClassWeights.of(1, 2).hashCode());
        assertNotEquals(ClassWeights.of(1, 2), ClassWeights.of(2, 1));
        assertNotEquals(ClassWeights.balanced(), ClassWeights.uniform());
        assertEquals(LinearConfig.binary(3).withClassWeights(ClassWeights.of(1, 3)),
                LinearConfig.binary(3).withClassWeights(ClassWeights.of(1, 3)));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.of(1));
        assertThrows(IllegalArgumentException.class,
                () -> LinearConfig.multiclass(3, 3).withClassWeights(ClassWeights.of(1, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> LinearConfig.regression(3).withClassWeights(ClassWeights.balanced()));
    }
}
