package io.tributary.learn.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.metrics.RegressionWindow;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.snapshot.LearnerCodec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private final Kernels kernels = Kernels.preferred();

    /**
     * x1 uniform in [0, 1], x2 uniform in [0, 1e4]; the label is 1 when {@code 2 x1 + x2 / 1e4 > 1.5} (plus a little
     * noise). Both features matter equally after scaling, but their raw ranges differ by four orders of magnitude.
     */
    @Test
    void scalingRescuesLogisticRegressionOnWildlyDifferentScales() {
        for (String optimizer : new String[] {"sgd", "adagrad"}) {
            Map<String, Object> hp = Map.of("optimizer", optimizer, "learning_rate", 0.05);
            LearnerSpec spec = LearnerSpec.binary("logistic_regression", 2, hp);
            Classifier bare = (Classifier) Learners.create(spec);
            Classifier pipeline = (Classifier) Learners.create(spec, List.of(TransformSpec.of("standard_scaler")));
            SplittableRandom r = new SplittableRandom(7);
            int n = 20_000;
            int bareHits = 0;
            int pipelineHits = 0;
            for (int t = 0; t < n; t++) {
                float x1 = (float) r.nextDouble();
                float x2 = (float) (r.nextDouble() * 1e4);
                int y = 2 * x1 + x2 / 1e4 - 1.5 + 0.1 * r.nextGaussian() > 0 ? 1 : 0;
                DenseVector x = DenseVector.of(x1, x2);
                bareHits += bare.predictOne(x) == y ? 1 : 0;       // test ...
                pipelineHits += pipeline.predictOne(x) == y ? 1 : 0;
                bare.learnOne(x, y);                                // ... then train
                pipeline.learnOne(x, y);
            }
            double bareAccuracy = (double) bareHits / n;
            double pipelineAccuracy = (double) pipelineHits / n;
            System.out.printf("%s: prequential accuracy bare %.3f, standard_scaler|logistic_regression %.3f%n",
                    optimizer, bareAccuracy, pipelineAccuracy);
            assertTrue(pipelineAccuracy > 0.93, optimizer + ": pipeline accuracy " + pipelineAccuracy);
            assertTrue(pipelineAccuracy - bareAccuracy > 0.3,
                    optimizer + ": pipeline " + pipelineAccuracy + " vs bare " + bareAccuracy);
        }
    }

    /**
     * An AR(2) process {@code y_t = 0.5 y_{t-1} - 0.7 y_{t-2} + N(0, 1)}. The input is {@code y_{t-1}}; a lag adds
     * {@code y_{t-2}}. The pipeline's weights are checked against a batch least-squares fit of the same data, and both
     * models' errors against their closed forms: the AR(2) model's best RMSE is the noise's, 1; the best an AR(1)
     * model can do is {@code sqrt(gamma0 (1 - rho1^2))}, with {@code rho1 = phi1 / (1 - phi2)} and
     * {@code gamma0 = (1 - phi2) / ((1 + phi2)((1 - phi2)^2 - phi1^2))}.
     */
    @Test
    void lagFeaturesLetALinearModelLearnAnAr2Process() {
        double phi1 = 0.5;
        double phi2 = -0.7;
        LinearConfig config = LinearConfig.regression(2).withLearningRate(0.05);
        RegressorPipeline pipeline = Pipeline.of(List.of(new Lag(1, null, 1)), new LinearRegression(config, kernels));
        Regressor bare = new LinearRegression(LinearConfig.regression(1).withLearningRate(0.05), kernels);
        RegressionWindow pipelineErr = new RegressionWindow(10_000);
        RegressionWindow bareErr = new RegressionWindow(10_000);
        SplittableRandom r = new SplittableRandom(8);
        int n = 30_000;
        double[][] normal = new double[3][4]; // normal equations of [1, y_{t-1}, y_{t-2}] -> y_t, augmented
        double y1 = 0;
        double y2 = 0;
        for (int t = 0; t < n; t++) {
            double y = phi1 * y1 + phi2 * y2 + r.nextGaussian();
            DenseVector x = DenseVector.of((float) y1);
            pipelineErr.update(y, pipeline.predictOne(x));
            bareErr.update(y, bare.predictOne(x));
            pipeline.learnOne(x, y);
            bare.learnOne(x, y);
            double[] row = {1, (float) y1, (float) y2};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    normal[i][j] += row[i] * row[j];
                }
                normal[i][3] += row[i] * y;
            }
            y2 = y1;
            y1 = y;
        }
        double[] ols = solve(normal);
        float[] w = ((LinearRegression) pipeline.learner()).weights();
        assertEquals(ols[1], w[0], 0.03, "weight of y_{t-1} vs batch least squares " + ols[1]);
        assertEquals(ols[2], w[1], 0.03, "weight of y_{t-2} vs batch least squares " + ols[2]);
        assertEquals(ols[0], ((LinearRegression) pipeline.learner()).intercept(), 0.03);

        double rho1 = phi1 / (1 - phi2);
        double gamma0 = (1 - phi2) / ((1 + phi2) * ((1 - phi2) * (1 - phi2) - phi1 * phi1));
        double bestAr1 = Math.sqrt(gamma0 * (1 - rho1 * rho1));
        assertEquals(1.0, pipelineErr.rmse(), 0.05);
        assertEquals(bestAr1, bareErr.rmse(), 0.07);
        assertTrue(bareErr.rmse() > 1.3 * pipelineErr.rmse(), "bare " + bareErr.rmse() + " vs pipeline "
                + pipelineErr.rmse());
    }

    /** Gaussian elimination of an augmented 3 x 4 system. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                double f = a[k][i] / a[i][i];
                for (int j = i; j <= n; j++) {
                    a[k][j] -= f * a[i][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    /**
     * The documented order, replayed by hand on separate objects: forward pass with current statistics, learner
     * learns the last vector, then each transform learns its own input. The pipeline must match bit for bit.
     */
    @Test
    void predictAndLearnFollowTheDocumentedOrder() {
        Kernels kernels = Kernels.scalar(); // bit-for-bit comparisons: see PipelineCodecTest
        LinearConfig config = LinearConfig.regression(3 + 3 * 2).withOptimizer(Optimizer.SGD);
        RegressorPipeline pipeline = Pipeline.of(
                List.of(new Rolling(3, null, 4, java.util.EnumSet.of(Rolling.Stat.MEAN, Rolling.Stat.MAX)),
                        new StandardScaler(9)),
                new LinearRegression(config, kernels));
        Rolling rolling = new Rolling(3, null, 4, java.util.EnumSet.of(Rolling.Stat.MEAN, Rolling.Stat.MAX));
        StandardScaler scaler = new StandardScaler(9);
        LinearRegression learner = new LinearRegression(config, kernels);

        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 300; t++) {
            DenseVector x = DenseVector.of((float) r.nextGaussian(), (float) (5 + r.nextDouble()), (float) t);
            double y = r.nextGaussian();
            FeatureVector z1 = rolling.transform(x);
            FeatureVector z2 = scaler.transform(z1);
            assertArrayEquals(((DenseVector) z2).values(), ((DenseVector) pipeline.transformOne(x)).values());
            assertEquals(learner.predictOne(z2), pipeline.predictOne(x), 0.0);

            pipeline.learnOne(x, y);
            learner.learnOne(z2, y);
            rolling.learnOne(x);
            scaler.learnOne(z1);
        }
        assertArrayEquals(learner.weights(), ((LinearRegression) pipeline.learner()).weights());
        assertEquals(300, pipeline.updates());
        assertEquals(300, pipeline.transforms().get(1).seen());
    }

    @Test
    void predictingChangesNothing() {
        ClassifierPipeline pipeline = Pipeline.of(List.of(new StandardScaler(2), new Lag(2, null, 2)),
                new LogisticRegression(LinearConfig.binary(6), kernels));
        SplittableRandom r = new SplittableRandom(10);
        for (int t = 0; t < 50; t++) {
            pipeline.learnOne(DenseVector.of((float) r.nextGaussian(), (float) r.nextGaussian()), t % 2);
        }
        byte[] before = LearnerCodec.encode(pipeline);
        for (int t = 0; t < 50; t++) {
            DenseVector x = DenseVector.of((float) r.nextGaussian(), (float) r.nextGaussian());
            float[] p = pipeline.predictProbaOne(x);
            assertEquals(1.0, p[0] + p[1], 1e-6);
            assertEquals(p[1] > p[0] ? 1 : 0, pipeline.predictOne(x));
        }
        assertArrayEquals(before, LearnerCodec.encode(pipeline));
    }

    @Test
    void learningIsAllOrNothing() {
        ClassifierPipeline pipeline = Pipeline.of(List.of(new StandardScaler(2)),
                new LogisticRegression(LinearConfig.binary(2), kernels));
        pipeline.learnOne(DenseVector.of(1f, 2f), 1);
        pipeline.learnOne(DenseVector.of(-1f, 5f), 0);
        byte[] before = LearnerCodec.encode(pipeline);

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> pipeline.learnOne(DenseVector.of(3f, 4f), 2));
        assertTrue(bad.getMessage().contains("label"), bad.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> pipeline.learnOne(DenseVector.of(Float.NaN, 4f), 1));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> pipeline.learnOne(DenseVector.of(1f), 1));
        assertEquals("expected dimension 2, got 1", dim.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pipeline.predictOne(DenseVector.of(1f, 2f, 3f)));

        assertArrayEquals(before, LearnerCodec.encode(pipeline), "rejected instances leave no trace");
        assertEquals(2, pipeline.transforms().getFirst().seen());
        // Prediction tolerates non-finite input, like the learners.
        assertTrue(Float.isNaN(pipeline.predictProbaOne(DenseVector.of(Float.NaN, 1f))[1]));
    }

    @Test
    void describesItselfAndChecksTheChain() {
        ClassifierPipeline pipeline = Pipeline.of(List.of(new Lag(2, null, 1), Select.drop(4, new int[] {0})),
                new LogisticRegression(LinearConfig.binary(3), kernels));
        assertEquals("lag|select|logistic_regression", pipeline.algorithm());
        assertEquals(2, pipeline.dimension());
        assertEquals(Task.BINARY_CLASSIFICATION, pipeline.task());
        assertEquals(2, pipeline.numClasses());
        assertInstanceOf(LogisticRegression.class, pipeline.learner());

        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.of(List.of(new Lag(2, null, 1), new StandardScaler(3)),
                        new LogisticRegression(LinearConfig.binary(3), kernels)));
        assertEquals("transform 1 (standard_scaler) takes dimension 3 but transform 0 (lag) outputs dimension 4",
                gap.getMessage());
        IllegalArgumentException end = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.of(List.of(new Lag(2, null, 1)), new LogisticRegression(LinearConfig.binary(2), kernels)));
        assertTrue(end.getMessage().contains("outputs dimension 4 but the learner (logistic_regression) takes 2"),
                end.getMessage());

        OnlineLearner plain = Learners.create(LearnerSpec.regression("linear_regression", 3, Map.of()), List.of());
        assertInstanceOf(LinearRegression.class, plain, "no transforms: the plain learner");
        RegressorPipeline empty = Pipeline.of(List.of(), (Regressor) plain);
        assertEquals(3, empty.dimension());
        assertEquals("linear_regression", empty.algorithm());
        assertSame(plain, empty.learner());
    }
}
