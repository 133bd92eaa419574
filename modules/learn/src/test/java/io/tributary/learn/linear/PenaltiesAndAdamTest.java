package io.tributary.learn.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PenaltiesAndAdamTest {

    /** y = x . truth + 0.3 + noise, x uniform in [-1, 1]^d; only the first three weights are non-zero. */
    private static final class Data {
        final double[][] x;
        final double[] y;

        Data(int n, int d, double noise, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] truth = new double[d];
            truth[0] = 1.5;
            truth[1] = -2.0;
            truth[2] = 0.8;
            x = new double[n][d];
            y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0.3;
                for (int j = 0; j < d; j++) {
                    x[i][j] = (float) r.nextDouble(-1, 1);
                    s += truth[j] * x[i][j];
                }
                y[i] = s + noise * r.nextGaussian();
            }
        }

        /** {@code epochs} passes in a fresh seeded order each. */
        void train(LinearRegression model, int epochs, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int n = x.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = new float[x[i].length];
                for (int j = 0; j < x[i].length; j++) {
                    rows[i][j] = (float) x[i][j];
                }
            }
            for (int e = 0; e < epochs; e++) {
                for (int i = n - 1; i > 0; i--) {
                    int k = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[k];
                    order[k] = t;
                }
                for (int i : order) {
                    model.learnOne(DenseVector.of(rows[i]), y[i]);
                }
            }
        }
    }

    private static LinearConfig config(String optimizer, int d) {
        LinearConfig c = LinearConfig.regression(d).withOptimizer(Optimizer.fromConfigName(optimizer));
        return switch (c.optimizer()) {
            case SGD -> c.withLearningRate(0.1).withSchedule(Schedule.INVSCALING, 0.5);
            case ADAGRAD -> c.withLearningRate(0.1);
            case ADAM -> c.withLearningRate(0.02).withStepDecay(4000, 0.5);
        };
    }

    @ParameterizedTest
    @CsvSource({"sgd, 0.0, 0.0", "adagrad, 0.0, 0.0", "adam, 0.0, 0.0",
        "sgd, 0.05, 0.0", "adagrad, 0.05, 0.0", "adam, 0.05, 0.0",
        "sgd, 0.03, 0.2", "adagrad, 0.03, 0.2", "adam, 0.03, 0.2"})
    void convergesToTheBatchElasticNetSolution(String optimizer, double l1, double l2) {
        int d = 10;
        Data data = new Data(400, d, 0.1, 17);
        double[] batch = BatchReference.elasticNet(data.x, data.y, l1, l2);
        LinearRegression model = new LinearRegression(config(optimizer, d).withL1(l1).withL2(l2));
        data.train(model, 60, 5);
        float[] w = model.weights();
        StringBuilder report = new StringBuilder();
        double maxError = 0;
        for (int j = 0; j < d; j++) {
            maxError = Math.max(maxError, Math.abs(w[j] - batch[j]));
            report.append(String.format(" %+.4f/%+.4f", w[j], batch[j]));
        }
        maxError = Math.max(maxError, Math.abs(model.intercept() - batch[d]));
        int exactZeros = 0;
        for (int j = 3; j < d; j++) {
            if (w[j] == 0f) {
                exactZeros++;
            }
        }
        System.out.printf("%s l1=%s l2=%s max|online-batch|=%.4f exact zeros=%d/%d%s%n", optimizer, l1, l2,
                maxError, exactZeros, d - 3, report);
        assertTrue(maxError < 0.01, optimizer + " l1=" + l1 + " l2=" + l2 + ": " + maxError + report);
        if (l1 == 0) {
            assertEquals(0, exactZeros, "without L1 nothing should be exactly zero");
        }
    }

    @Test
    void adamWithL1ReachesTheBatchLassoZerosExactly() {
        // Adam's first moment averages the gradient over ~1/(1 - beta1) instances, so once the averaged gradient of
        // a weight whose lasso optimum is 0 stays within l1, the proximal step keeps that weight at exactly 0.
        int d = 10;
        Data data = new Data(400, d, 0.1, 17);
        double[] batch = BatchReference.elasticNet(data.x, data.y, 0.05, 0.0);
        LinearRegression model = new LinearRegression(config("adam", d).withL1(0.05));
        data.train(model, 60, 5);
        float[] w = model.weights();
        int batchZeros = 0;
        for (int j = 0; j < d; j++) {
            if (batch[j] == 0) {
                batchZeros++;
                assertEquals(0, Float.floatToIntBits(w[j]), "weight " + j + " = " + w[j] + " should be exactly +0");
            } else {
                assertTrue(w[j] != 0f && Math.signum(w[j]) == Math.signum(batch[j]), "weight " + j);
            }
        }
        assertEquals(d - 3, batchZeros, "the batch lasso keeps exactly the three true features");
    }

    @ParameterizedTest
    @CsvSource({"sgd", "adagrad", "adam"})
    void l1AboveEveryGradientKeepsAllWeightsAtExactlyZero(String optimizer) {
        // Per-instance gradients are |(y_hat - y) x_j| <= ~4 here, so l1 = 10 soft-thresholds every step back to 0
        // and only the (unpenalised) intercept learns: it must reach the least-squares constant, mean(y).
        int d = 10;
        Data data = new Data(400, d, 0.1, 23);
        LinearRegression dense = new LinearRegression(config(optimizer, d).withL1(10.0));
        data.train(dense, 30, 1);
        for (float w : dense.weights()) {
            assertEquals(0, Float.floatToIntBits(w), optimizer + ": weight " + w);
        }
        assertEquals(BatchReference.mean(data.y), dense.intercept(), 0.01, optimizer + ": intercept");
        LinearRegression sparse = new LinearRegression(config(optimizer, d).withL1(10.0));
        for (int i = 0; i < 2000; i++) {
            sparse.learnOne(new io.tributary.learn.SparseVector(d, new int[] {i % d, (i * 7 + 3) % d},
                    new float[] {(float) data.x[i % 400][0], -1f}), data.y[i % 400]);
        }
        for (float w : sparse.weights()) {
            assertEquals(0f, w, 0f, optimizer + " sparse: weight " + w);
        }
    }

    @Test
    void firstAdamUpdateIsBiasCorrected() {
        // After one instance m_hat = grad and v_hat = grad^2 exactly, so every weight with a non-zero gradient and
        // the intercept move by lr * sign(-grad): the closed form of a bias-corrected first step.
        LinearRegression model = new LinearRegression(LinearConfig.regression(4).withOptimizer(Optimizer.ADAM)
                .withLearningRate(0.05), io.tributary.learn.simd.Kernels.scalar());
        model.learnOne(DenseVector.of(2f, -0.5f, 0f, 1e-3f), 3.0); // prediction 0, residual -3
        float[] w = model.weights();
        assertEquals(0.05, w[0], 1e-6);
        assertEquals(-0.05, w[1], 1e-6);
        assertEquals(0.0, w[2], 0.0);
        assertEquals(0.05, w[3], 1e-4, "even a tiny gradient takes a full step (eps = 1e-8 is negligible)");
        assertEquals(0.05, model.intercept(), 1e-6);
        // The second step, by hand: g = y_hat - y with the new weights; m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g^2.
        float[] x = {1f, 1f, 0f, 0f};
        double yHat = 0.05 - 0.05 + 0.05;
        double y = -1.0;
        double g0 = (yHat - y) * 1.0;
        double m0 = 0.9 * 0.1 * (-3.0 * 2.0) + 0.1 * g0;
        double v0 = 0.999 * 0.001 * 36.0 + 0.001 * g0 * g0;
        double beta1 = (float) 0.9;
        double beta2 = (float) 0.999;
        double eta = 0.05 / (Math.sqrt(v0 / (1 - beta2 * beta2)) + 1e-8);
        double expected = 0.05 - eta * m0 / (1 - beta1 * beta1);
        model.learnOne(DenseVector.of(x), y);
        assertEquals(expected, model.weights()[0], 1e-5);
    }

    @Test
    void stepScheduleHalvesTheRateEveryPeriod() {
        LinearConfig c = LinearConfig.regression(2).withStepDecay(100, 0.5);
        assertEquals(Schedule.STEP, c.schedule());
        assertEquals(c.learningRate(), c.learningRateAt(0), 0);
        assertEquals(c.learningRate(), c.learningRateAt(99), 0);
        assertEquals(c.learningRate() / 2, c.learningRateAt(100), 1e-15);
        assertEquals(c.learningRate() / 8, c.learningRateAt(399), 1e-15);
        assertEquals(c.learningRate() * Math.pow(0.5, 10), c.learningRateAt(1000), 1e-15);
    }
}
