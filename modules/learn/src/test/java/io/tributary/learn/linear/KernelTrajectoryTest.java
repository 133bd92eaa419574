package io.tributary.learn.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.simd.Kernels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole learning runs with the SIMD and the scalar kernels must end in the same place. */
class KernelTrajectoryTest {

    /** Not a multiple of any vector width, so every run goes through main loop and tail. */
    private static final int D = 37;
    private static final int STEPS = 1000;
    private static final double TOL = 1e-4;

    private static Kernels vector() {
        assertTrue(Kernels.vectorAvailable(), "jdk.incubator.vector is not in the boot layer: the test JVM must run"
                + " with --add-modules jdk.incubator.vector");
        return Kernels.vector();
    }

    private static float[] features(SplittableRandom r) {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static LinearConfig config(Optimizer optimizer, int numClasses) {
        return new LinearConfig(D, numClasses, optimizer, optimizer == Optimizer.SGD ? 0.02 : 0.05, 1e-3,
                Schedule.INVSCALING, 0.25, 1e-8);
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void linearRegression(Optimizer optimizer) {
        LinearRegression s = new LinearRegression(config(optimizer, 1), Kernels.scalar());
        LinearRegression v = new LinearRegression(config(optimizer, 1), vector());
        SplittableRandom r = new SplittableRandom(11);
        float[] truth = features(r);
        for (int t = 0; t < STEPS; t++) {
            float[] x = features(r);
            double y = 0.5;
            for (int i = 0; i < D; i++) {
                y += truth[i] * x[i];
            }
            s.learnOne(DenseVector.of(x), y);
            v.learnOne(DenseVector.of(x), y);
        }
        assertStatesClose(s, v);
        assertPredictionsClose(s, v, new SplittableRandom(99));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void logisticRegression(Optimizer optimizer) {
        LogisticRegression s = new LogisticRegression(config(optimizer, 2), Kernels.scalar());
        LogisticRegression v = new LogisticRegression(config(optimizer, 2), vector());
        SplittableRandom r = new SplittableRandom(12);
        float[] truth = features(r);
        for (int t = 0; t < STEPS; t++) {
            float[] x = features(r);
            double z = 0;
            for (int i = 0; i < D; i++) {
                z += truth[i] * x[i];
            }
            int y = z > 0 ? 1 : 0;
            s.learnOne(DenseVector.of(x), y);
            v.learnOne(DenseVector.of(x), y);
        }
        assertStatesClose(s, v);
        assertPredictionsClose(s, v, new SplittableRandom(98));
    }

    @ParameterizedTest
    @EnumSource(Optimizer.class)
    void softmaxRegression(Optimizer optimizer) {
        SoftmaxRegression s = new SoftmaxRegression(config(optimizer, 4), Kernels.scalar());
        SoftmaxRegression v = new SoftmaxRegression(config(optimizer, 4), vector());
        SplittableRandom r = new SplittableRandom(13);
        for (int t = 0; t < STEPS; t++) {
            float[] x = features(r);
            int y = r.nextInt(4);
            x[y] += 1.5f;
            s.learnOne(DenseVector.of(x), y);
            v.learnOne(DenseVector.of(x), y);
        }
        assertStatesClose(s, v);
        assertPredictionsClose(s, v, new SplittableRandom(97));
    }

    private static void assertStatesClose(LinearModel s, LinearModel v) {
        assertEquals(s.updates(), v.updates());
        LinearState a = s.state();
        LinearState b = v.state();
        double norm = 0;
        for (int row = 0; row < a.rows(); row++) {
            for (int i = 0; i < D; i++) {
                assertEquals(a.weights()[row][i], b.weights()[row][i], TOL, "weight " + row + "," + i);
                norm += Math.abs(a.weights()[row][i]);
            }
            assertEquals(a.intercepts()[row], b.intercepts()[row], TOL, "intercept " + row);
        }
        assertTrue(norm > 0.1, "the model should have learned something, |w|_1 = " + norm);
    }

    private static void assertPredictionsClose(LinearModel s, LinearModel v, SplittableRandom r) {
        for (int t = 0; t < 100; t++) {
            DenseVector x = DenseVector.of(features(r));
            if (s instanceof Regressor rs) {
                assertEquals(rs.predictOne(x), ((Regressor) v).predictOne(x), TOL);
            } else {
                float[] ps = ((Classifier) s).predictProbaOne(x);
                float[] pv = ((Classifier) v).predictProbaOne(x);
                for (int k = 0; k < ps.length; k++) {
                    assertEquals(ps[k], pv[k], TOL);
                }
            }
        }
    }
}
