package io.tributary.learn.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.datasets.GaussianBlobs;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import io.tributary.learn.metrics.ClassificationWindow;
import io.tributary.learn.simd.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinearLearnersTest {

    /** Linearly separable: label = [w . x + 0.2 > 0] with x uniform in [-1, 1]^d. */
    private static final class Separable {
        final SplittableRandom r;
        final float[] w;
        final int d;

        Separable(int d, long seed) {
            this.d = d;
            this.r = new SplittableRandom(seed);
            this.w = new float[d];
            for (int i = 0; i < d; i++) {
                w[i] = (float) r.nextDouble(-1, 1);
            }
        }

        LabelledInstance next() {
            float[] x = new float[d];
            double z = 0.2;
            for (int i = 0; i < d; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
                z += w[i] * x[i];
            }
            return new LabelledInstance(x, z > 0 ? 1 : 0);
        }
    }

    private static double prequentialAccuracy(LogisticRegression model, Separable stream, int n) {
        ClassificationWindow window = new ClassificationWindow(1000);
        for (int t = 0; t < n; t++) {
            LabelledInstance li = stream.next();
            window.update(li.label(), model.predictProbaOne(li.features()));
            model.learnOne(li.features(), li.label());
        }
        return window.accuracy();
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void logisticRegressionConvergesOnSeparableData(Optimizer optimizer) {
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(10).withOptimizer(optimizer)
                .withLearningRate(optimizer == Optimizer.ADAM ? 0.05 : 0.5));
        double accuracy = prequentialAccuracy(model, new Separable(10, 3), 10_000);
        assertTrue(accuracy > 0.97, optimizer + ": windowed accuracy " + accuracy);
        assertEquals(10_000, model.updates());
        assertEquals(Task.BINARY_CLASSIFICATION, model.task());
        assertEquals("logistic_regression", model.algorithm());
    }

    @Test
    void logisticProbabilitiesAreComplementaryAndMatchTheDecision() {
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(10));
        Separable stream = new Separable(10, 4);
        prequentialAccuracy(model, stream, 2000);
        for (int t = 0; t < 200; t++) {
            DenseVector x = stream.next().features();
            float[] p = model.predictProbaOne(x);
            assertEquals(2, p.length);
            assertEquals(1.0, p[0] + p[1], 1e-6);
            assertEquals(p[1] > p[0] ? 1 : 0, model.predictOne(x));
            assertEquals(p[1], model.predictPositive(x), 1e-7);
        }
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void softmaxLearnsGaussianBlobs(Optimizer optimizer) {
        GaussianBlobs blobs = new GaussianBlobs(5, 3, 21);
        SoftmaxRegression model = new SoftmaxRegression(LinearConfig.multiclass(5, 3).withOptimizer(optimizer));
        ClassificationWindow window = new ClassificationWindow(1000);
        for (int t = 0; t < 5000; t++) {
            LabelledInstance li = blobs.next();
            float[] p = model.predictProbaOne(li.features());
            assertEquals(3, p.length);
            double sum = 0;
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1, "probability out of range: " + v);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5, "probabilities must sum to 1");
            window.update(li.label(), p);
            model.learnOne(li.features(), li.label());
        }
        assertTrue(window.accuracy() > 0.85, optimizer + ": windowed accuracy " + window.accuracy());
        assertTrue(window.logLoss() < 0.5, optimizer + ": windowed log loss " + window.logLoss());
        assertEquals(Task.MULTICLASS_CLASSIFICATION, model.task());
    }

    @Test
    void softmaxIsNumericallyStableForHugeMargins() {
        SoftmaxRegression model = new SoftmaxRegression(LinearConfig.multiclass(2, 3).withOptimizer(Optimizer.SGD)
                .withLearningRate(1.0));
        for (int t = 0; t < 50; t++) {
            model.learnOne(DenseVector.of(1e6f, -1e6f), 2);
        }
        float[] p = model.predictProbaOne(DenseVector.of(1e6f, -1e6f));
        for (float v : p) {
            assertFalse(Float.isNaN(v), "NaN probability");
        }
        assertEquals(1f, p[2], 1e-6f);
        assertEquals(2, model.predictOne(DenseVector.of(1e6f, -1e6f)));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void linearRegressionRecoversKnownWeights(Optimizer optimizer) {
        LinearTarget target = new LinearTarget(8, 0.01, 5);
        LinearConfig config = LinearConfig.regression(8).withOptimizer(optimizer)
                .withLearningRate(switch (optimizer) {
                    case SGD -> 0.05;
                    case ADAGRAD -> 0.1;
                    case ADAM -> 0.01;
                });
        LinearRegression model = new LinearRegression(config);
        for (int t = 0; t < 20_000; t++) {
            LabelledInstance li = target.next();
            model.learnOne(li.features(), li.y());
        }
        double[] truth = target.weights();
        float[] learned = model.weights();
        for (int i = 0; i < truth.length; i++) {
            assertEquals(truth[i], learned[i], 0.03, optimizer + ": weight " + i);
        }
        assertEquals(target.bias(), model.intercept(), 0.03, optimizer + ": intercept");
        LabelledInstance probe = target.next();
        assertEquals(probe.y(), model.predictOne(probe.features()), 0.1);
    }

    @Test
    void l2ShrinksWeights() {
        // Ridge on features with variance 1/3 shrinks by about (1/3) / (1/3 + l2), i.e. 0.77 at l2 = 0.1.
        double plain = weightNorm(0.0);
        double penalised = weightNorm(0.1);
        assertTrue(penalised < 0.9 * plain, "L2 should shrink |w|: " + penalised + " vs " + plain);
    }

    private static double weightNorm(double l2) {
        LinearTarget target = new LinearTarget(6, 0.05, 8);
        LinearRegression model = new LinearRegression(
                LinearConfig.regression(6).withOptimizer(Optimizer.SGD).withLearningRate(0.05).withL2(l2),
                Kernels.scalar());
        for (int t = 0; t < 5000; t++) {
            LabelledInstance li = target.next();
            model.learnOne(li.features(), li.y());
        }
        double norm = 0;
        for (float w : model.weights()) {
            norm += w * w;
        }
        return Math.sqrt(norm);
    }

    @Test
    void interceptIsNotPenalised() {
        // Constant target, zero features: only the intercept can fit it, and strong L2 must not stop it.
        LinearRegression model = new LinearRegression(LinearConfig.regression(3).withOptimizer(Optimizer.SGD)
                .withLearningRate(0.1).withL2(10.0));
        for (int t = 0; t < 500; t++) {
            model.learnOne(DenseVector.of(0f, 0f, 0f), 4.0);
        }
        assertEquals(4.0, model.predictOne(DenseVector.of(0f, 0f, 0f)), 1e-3);
    }

    @Test
    void invScalingDecaysTheRate() {
        LinearConfig config = LinearConfig.regression(2).withSchedule(Schedule.INVSCALING, 0.5);
        assertEquals(config.learningRate(), config.learningRateAt(0), 0);
        assertEquals(config.learningRate() / 2, config.learningRateAt(3), 1e-12);
        assertEquals(config.learningRate(), config.withSchedule(Schedule.CONSTANT, 0.5).learningRateAt(1000), 0);
    }

    @Test
    void sparseAndDenseInputTrainTheSameModelWithoutL2() {
        int d = 40;
        SplittableRandom r = new SplittableRandom(31);
        // Not Adam: its momentum keeps moving a weight whose feature is 0 in a dense instance, while sparse
        // ("lazy") Adam leaves absent coordinates alone, so the two encodings legitimately train different models.
        for (Optimizer optimizer : new Optimizer[] {Optimizer.SGD, Optimizer.ADAGRAD}) {
            LogisticRegression dense = new LogisticRegression(LinearConfig.binary(d).withOptimizer(optimizer),
                    Kernels.scalar());
            LogisticRegression sparse = new LogisticRegression(LinearConfig.binary(d).withOptimizer(optimizer),
                    Kernels.scalar());
            for (int t = 0; t < 500; t++) {
                int[] idx = {r.nextInt(10), 10 + r.nextInt(10), 20 + r.nextInt(20)};
                float[] val = {(float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1), 1f};
                float[] x = new float[d];
                for (int k = 0; k < idx.length; k++) {
                    x[idx[k]] = val[k];
                }
                int y = val[0] + val[1] > 0 ? 1 : 0;
                dense.learnOne(DenseVector.of(x), y);
                sparse.learnOne(new SparseVector(d, idx, val), y);
                assertEquals(dense.predictPositive(DenseVector.of(x)),
                        sparse.predictPositive(new SparseVector(d, idx, val)), 1e-6);
            }
            float[] wd = dense.weights();
            float[] ws = sparse.weights();
            for (int i = 0; i < d; i++) {
                assertEquals(wd[i], ws[i], 1e-5, optimizer + " weight " + i);
            }
        }
    }

    @Test
    void sparseL2RegularisesActiveCoordinatesOnly() {
        SoftmaxRegression model = new SoftmaxRegression(LinearConfig.multiclass(100, 3).withOptimizer(Optimizer.SGD)
                .withLearningRate(0.1).withL2(0.5));
        model.learnOne(new SparseVector(100, new int[] {5}, new float[] {1f}), 0);
        float before = model.weights(0)[5];
        assertTrue(before > 0);
        // Instances that never touch coordinate 5 leave it alone, however strong the L2.
        for (int t = 0; t < 100; t++) {
            model.learnOne(new SparseVector(100, new int[] {7}, new float[] {1f}), 1);
        }
        assertEquals(before, model.weights(0)[5], 0f);
        assertNotEquals(0f, model.weights(1)[7]);
        assertEquals(0f, model.weights(1)[50], 0f);
    }

    @Test
    void wrongDimensionIsRejectedWithAClearMessage() {
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predictProbaOne(DenseVector.of(new float[5])));
        assertEquals("expected dimension 16, got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.learnOne(new SparseVector(17, new int[] {1}, new float[] {1f}), 1));
        assertEquals("expected dimension 16, got 17", e.getMessage());
        LinearRegression reg = new LinearRegression(LinearConfig.regression(3));
        assertThrows(IllegalArgumentException.class, () -> reg.predictOne(DenseVector.of(1f)));
        assertEquals(0, model.updates(), "rejected input must not count as an update");
    }

    @Test
    void badLabelsTargetsAndFeaturesAreRejected() {
        LogisticRegression logistic = new LogisticRegression(LinearConfig.binary(2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> logistic.learnOne(DenseVector.of(1f, 2f), 2))
                .getMessage().contains("0 or 1"));
        SoftmaxRegression softmax = new SoftmaxRegression(LinearConfig.multiclass(2, 3));
        assertThrows(IllegalArgumentException.class, () -> softmax.learnOne(DenseVector.of(1f, 2f), 3));
        assertThrows(IllegalArgumentException.class, () -> softmax.learnOne(DenseVector.of(1f, 2f), -1));
        LinearRegression reg = new LinearRegression(LinearConfig.regression(2));
        assertThrows(IllegalArgumentException.class, () -> reg.learnOne(DenseVector.of(1f, 2f), Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reg.learnOne(DenseVector.of(Float.NaN, 2f), 1.0));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertArrayEquals(new float[2], reg.weights(), "rejected input must not move the weights");
    }

    @Test
    void configValidation() {
        assertMessage("dimension must be positive, got 0", () -> LinearConfig.binary(0));
        assertMessage("learning rate must be positive", () -> LinearConfig.binary(3).withLearningRate(0));
        assertMessage("learning rate must be positive", () -> LinearConfig.binary(3).withLearningRate(Double.NaN));
        assertMessage("l2 must be >= 0", () -> LinearConfig.binary(3).withL2(-0.1));
        assertMessage("epsilon must be positive", () -> LinearConfig.binary(3).withEpsilon(0));
        assertMessage("power_t must be >= 0", () -> LinearConfig.binary(3).withSchedule(Schedule.INVSCALING, -1));
        assertMessage("numClasses >= 2", () -> LinearConfig.multiclass(3, 1));
        assertMessage("logistic_regression: numClasses must be 2, got 3",
                () -> new LogisticRegression(LinearConfig.multiclass(3, 3)));
        assertMessage("linear_regression: numClasses must be 1, got 2",
                () -> new LinearRegression(LinearConfig.binary(3)));
        assertMessage("softmax_regression: numClasses must be at least 2, got 1",
                () -> new SoftmaxRegression(LinearConfig.regression(3)));
        assertEquals(Optimizer.SGD.defaultLearningRate(),
                LinearConfig.binary(3).withOptimizer(Optimizer.SGD).learningRate());
        assertEquals(0.05, LinearConfig.binary(3).learningRate());
    }

    @Test
    void updatesCountLearnCalls() {
        LinearRegression model = new LinearRegression(LinearConfig.regression(2));
        FeatureVector x = DenseVector.of(1f, 1f);
        for (int t = 0; t < 7; t++) {
            model.learnOne(x, 1.0);
            model.predictOne(x);
        }
        assertEquals(7, model.updates());
        assertEquals(7, model.state().updates());
    }

    @Test
    void stateIsACopy() {
        LinearRegression model = new LinearRegression(LinearConfig.regression(2));
        model.learnOne(DenseVector.of(1f, 1f), 1.0);
        LinearState s = model.state();
        s.weights()[0][0] = 1234f;
        assertNotEquals(1234f, model.weights()[0]);
        LinearRegression restored = LinearRegression.restore(model.config(), model.state(), Kernels.scalar());
        assertArrayEquals(model.weights(), restored.weights());
        assertThrows(IllegalArgumentException.class,
                () -> LinearRegression.restore(model.config().withOptimizer(Optimizer.SGD), model.state(),
                        Kernels.scalar()), "AdaGrad state under an SGD config");
    }

    private static void assertMessage(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
