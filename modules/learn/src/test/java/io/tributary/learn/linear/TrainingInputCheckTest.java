package io.tributary.learn.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import io.tributary.learn.simd.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Learning rejects NaN and infinite features before anything changes. The check no longer scans the input when the
 * margin is finite (LinearModel.trainingMargin), so these tests pin the behaviour of the old up-front scan: every
 * bad position and value, both kernel sets, dense and sparse input, every optimizer, untrained models (all weights
 * zero, so the product is 0 * inf) and trained ones; the features are rejected before a bad label; and finite input
 * whose margin overflows, or a model whose weights already diverged, is still learned from.
 */
class TrainingInputCheckTest {

    private static final int D = 21; // a 16-lane main loop and a 5-element tail
    private static final String MESSAGE = "features contain NaN or infinity; refusing to learn from them";

    /** One learner under test, with a way to feed it an instance of a valid (or, if asked, invalid) label. */
    private record Subject(String name, LinearModel model, Consumer<FeatureVector> learnValid,
                           Consumer<FeatureVector> learnBadLabel) {
    }

    private static List<Kernels> kernelSets() {
        assertTrue(Kernels.vectorAvailable(), "the test JVM must run with --add-modules jdk.incubator.vector");
        return List.of(Kernels.scalar(), Kernels.vector());
    }

    private static List<Subject> subjects() {
        List<Subject> subjects = new ArrayList<>();
        for (Kernels kernels : kernelSets()) {
            for (Optimizer optimizer : Optimizer.values()) {
                for (boolean trained : new boolean[] {false, true}) {
                    String name = kernels.name() + " " + optimizer + (trained ? " trained" : " untrained");
                    LinearRegression reg = new LinearRegression(
                            LinearConfig.regression(D).withOptimizer(optimizer).withL2(1e-3), kernels);
                    LogisticRegression log = new LogisticRegression(
                            LinearConfig.binary(D).withOptimizer(optimizer).withClassWeights(ClassWeights.balanced()),
                            kernels);
                    SoftmaxRegression soft = new SoftmaxRegression(
                            LinearConfig.multiclass(D, 3).withOptimizer(optimizer).withL1(1e-3), kernels);
                    if (trained) {
                        SplittableRandom r = new SplittableRandom(5);
                        for (int t = 0; t < 50; t++) {
                            DenseVector x = DenseVector.of(random(r));
                            reg.learnOne(x, r.nextDouble(-1, 1));
                            log.learnOne(x, r.nextInt(2));
                            soft.learnOne(x, r.nextInt(3));
                        }
                    }
                    subjects.add(new Subject("linear_regression " + name, reg, x -> reg.learnOne(x, 0.5),
                            x -> reg.learnOne(x, Double.NaN)));
                    subjects.add(new Subject("logistic_regression " + name, log, x -> log.learnOne(x, 1),
                            x -> log.learnOne(x, 2)));
                    subjects.add(new Subject("softmax_regression " + name, soft, x -> soft.learnOne(x, 2),
                            x -> soft.learnOne(x, 3)));
                }
            }
        }
        return subjects;
    }

    private static float[] random(SplittableRandom r) {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static SparseVector sparse(float[] dense) {
        int[] indices = new int[dense.length];
        for (int i = 0; i < dense.length; i++) {
            indices[i] = dense.length - 1 - i; // unsorted on purpose
        }
        float[] values = new float[dense.length];
        for (int k = 0; k < dense.length; k++) {
            values[k] = dense[indices[k]];
        }
        return new SparseVector(dense.length, indices, values);
    }

    private static void assertSameState(LinearState expected, LinearState actual, String where) {
        assertEquals(expected.updates(), actual.updates(), where);
        assertTrue(Arrays.deepEquals(expected.weights(), actual.weights()), where + ": weights moved");
        assertArrayEquals(expected.intercepts(), actual.intercepts(), where + ": intercepts moved");
        assertTrue(Arrays.deepEquals(expected.weightAccumulators(), actual.weightAccumulators()), where);
        assertArrayEquals(expected.interceptAccumulators(), actual.interceptAccumulators(), where);
        assertTrue(Arrays.deepEquals(expected.weightMoments(), actual.weightMoments()), where);
        assertArrayEquals(expected.interceptMoments(), actual.interceptMoments(), where);
        assertArrayEquals(expected.classCounts(), actual.classCounts(), where + ": class counts moved");
    }

    @Test
    void everyNonFiniteFeatureIsRejectedBeforeAnythingChanges() {
        float[] base = random(new SplittableRandom(9));
        int rejected = 0;
        for (Subject s : subjects()) {
            LinearState before = s.model().state();
            for (int bad = 0; bad < D; bad++) {
                for (float v : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    float[] x = base.clone();
                    x[bad] = v;
                    float[] twoInfinities = x.clone();
                    twoInfinities[(bad + D / 2) % D] = -v; // inf and -inf: their products cannot cancel out
                    for (float[] values : List.of(x, twoInfinities)) {
                        for (FeatureVector input : List.of(DenseVector.of(values), sparse(values))) {
                            String where = s.name() + ", x[" + bad + "] = " + v + ", " + input.getClass()
                                    .getSimpleName();
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                    () -> s.learnValid().accept(input), where);
                            assertEquals(MESSAGE, e.getMessage(), where);
                            // Bad features are reported before a bad label, as when the scan came first.
                            e = assertThrows(IllegalArgumentException.class, () -> s.learnBadLabel().accept(input),
                                    where);
                            assertEquals(MESSAGE, e.getMessage(), where);
                            rejected++;
                        }
                    }
                }
            }
            assertSameState(before, s.model().state(), s.name());
            // And the learner still learns from good input afterwards.
            s.learnValid().accept(DenseVector.of(base));
            assertEquals(before.updates() + 1, s.model().updates(), s.name());
        }
        assertEquals(2 * 3 * 2 * 3 * D * 3 * 2 * 2, rejected);
    }

    @Test
    void finiteInputWhoseMarginOverflowsIsStillLearnedFrom() {
        for (Kernels kernels : kernelSets()) {
            float[][] w = new float[1][D];
            Arrays.fill(w[0], 1f);
            LinearState state = new LinearState(0, w, new float[1], null, null);
            LinearConfig config = LinearConfig.regression(D).withOptimizer(Optimizer.SGD);
            LinearRegression reg = LinearRegression.restore(config, state, kernels);
            float[] x = new float[D];
            Arrays.fill(x, Float.MAX_VALUE);
            // D * MAX_VALUE overflows float: the margin is +inf although every feature is finite.
            assertTrue((double) D * Float.MAX_VALUE > Float.MAX_VALUE);
            assertEquals(Float.POSITIVE_INFINITY, (float) reg.predictOne(DenseVector.of(x)));
            reg.learnOne(DenseVector.of(x), 1.0);
            assertEquals(1, reg.updates(), kernels.name());

            LogisticRegression log = LogisticRegression.restore(LinearConfig.binary(D).withOptimizer(Optimizer.SGD),
                    state, kernels);
            log.learnOne(sparse(x), 0);
            assertEquals(1, log.updates(), kernels.name());
        }
    }

    @Test
    void aDivergedModelStillAcceptsFiniteInput() {
        for (Kernels kernels : kernelSets()) {
            float[][] w = new float[2][D];
            w[0][3] = Float.NaN;
            w[1][4] = Float.POSITIVE_INFINITY;
            LinearState state = new LinearState(7, w, new float[2], null, null);
            SoftmaxRegression soft = SoftmaxRegression.restore(
                    LinearConfig.multiclass(D, 2).withOptimizer(Optimizer.SGD), state, kernels);
            float[] x = random(new SplittableRandom(3));
            assertFalse(Float.isFinite(soft.predictProbaOne(DenseVector.of(x))[0]));
            soft.learnOne(DenseVector.of(x), 1);
            assertEquals(8, soft.updates(), kernels.name());
        }
    }
}
