package io.tributary.learn.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.datasets.GaussianBlobs;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.SmoothTarget;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.simd.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MlpLearnerTest {

    private static final List<Integer> SEED_LAYERS = List.of(64, 64, 64);

    /** 5*64+64 + 2*(64*64+64) + 64*1+1 = 384 + 8320 + 65. */
    @Test
    void theSeedNetworkHas8769Parameters() {
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(5, SEED_LAYERS));
        assertArrayEquals(new int[] {5, 64, 64, 64, 1}, model.layerSizes());
        assertEquals(8769, model.parameterCount());
        assertEquals(8769, model.config().parameterCount());
        assertEquals(2 * (5 * 64 + 64 * 64 + 64 * 64 + 64), model.forwardFlopsPerInstance());
        assertEquals(8769, model.state().parameters().length);
        MlpMemory memory = model.memory();
        assertEquals(4 * 8769, memory.parameters());
        assertEquals(4 * 8769, memory.gradients());
        assertEquals(8 * 8769, memory.optimizerState());
        // Before any forward pass: the transposed weights of layers 2-4 and the learner's 32 x 5 batch buffer.
        assertEquals(4 * (64 * 64 + 64 * 64 + 64 * 1) + 4 * (32 * 5 + 32 + 5), memory.scratch());
        model.predictOne(DenseVector.of(1, 2, 3, 4, 5));
        // One row: activations and derivatives of the three hidden layers, the output, two gradient rows of 64.
        assertEquals(memory.scratch() + 4 * (2 * 3 * 64 + 1 + 2 * 64), model.memory().scratch());
        // The classifier heads: one output for binary, K for softmax.
        assertEquals(8769, new MlpClassifier(MlpConfig.classification(5, 2, SEED_LAYERS)).parameterCount());
        assertEquals(8769 + 2 * 65, new MlpClassifier(MlpConfig.classification(5, 3, SEED_LAYERS)).parameterCount());
    }

    private static float[][] inputs(List<LabelledInstance> data) {
        return data.stream().map(LabelledInstance::x).toArray(float[][]::new);
    }

    private static double[] targets(List<LabelledInstance> data) {
        return data.stream().mapToDouble(LabelledInstance::y).toArray();
    }

    private static List<LabelledInstance> draw(SmoothTarget stream, int n) {
        return java.util.stream.Stream.generate(stream::next).limit(n).toList();
    }

    /** 1 - SS_res / SS_tot of the model's predictions on {@code data} (rows {@code rows}, or all when null). */
    private static double r2(MlpRegressor model, List<LabelledInstance> data, int[] rows) {
        int n = rows == null ? data.size() : rows.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += data.get(rows == null ? i : rows[i]).y();
        }
        mean /= n;
        double res = 0;
        double tot = 0;
        for (int i = 0; i < n; i++) {
            LabelledInstance li = data.get(rows == null ? i : rows[i]);
            double e = model.predictOne(li.features()) - li.y();
            res += e * e;
            tot += (li.y() - mean) * (li.y() - mean);
        }
        return 1 - res / tot;
    }

    /**
     * The seed's model on 5 000 samples of {@link SmoothTarget}: at least 0.99 R^2 on the held-out slice and on 2 000
     * fresh samples, both computed here from predictions. 25 epochs at most keep the test to a couple of seconds.
     */
    @Test
    void fitsTheSmoothTargetWellAboveR2Of099() {
        SmoothTarget stream = new SmoothTarget(0.0, 11);
        List<LabelledInstance> train = draw(stream, 5000);
        List<LabelledInstance> test = draw(stream, 2000);
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(5, SEED_LAYERS).withOptimizer(0.003, 0.01));
        FitResult result = model.fit(inputs(train), targets(train), new FitOptions(25, 0.2, 5, 3, true));
        double validationR2 = r2(model, train, result.validationIndices());
        double testR2 = r2(model, test, null);
        System.out.printf("5K fit: %d epochs (best %d), validation R2 %.5f, test R2 %.5f, validation loss %.6f%n",
                result.epochs(), result.bestEpoch(), validationR2, testR2, result.bestValidationLoss());
        assertEquals(1000, result.validationCount());
        assertEquals(4000, result.trainCount());
        assertTrue(validationR2 >= 0.99, "validation R2 " + validationR2);
        assertTrue(testR2 >= 0.99, "test R2 " + testR2);
        // The loss is (y_hat - y)^2 / 2, so R2 = 1 - 2 * loss / variance on the validation slice.
        assertEquals(1 - 2 * result.bestValidationLoss() / variance(train, result.validationIndices()), validationR2,
                1e-4);
    }

    private static double variance(List<LabelledInstance> data, int[] rows) {
        double mean = 0;
        for (int r : rows) {
            mean += data.get(r).y();
        }
        mean /= rows.length;
        double ss = 0;
        for (int r : rows) {
            ss += (data.get(r).y() - mean) * (data.get(r).y() - mean);
        }
        return ss / rows.length;
    }

    /** Early stopping puts back the best epoch's network: its validation loss, recomputed here, is the minimum. */
    @Test
    void fitRestoresTheBestEpoch() {
        SmoothTarget stream = new SmoothTarget(0.3, 5);
        List<LabelledInstance> data = draw(stream, 600);
        // A large rate on noisy data: the validation loss bottoms out early and then wanders.
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(5, List.of(32, 32)).withOptimizer(0.02, 0)
                .withBatchSize(8));
        FitResult result = model.fit(inputs(data), targets(data), new FitOptions(60, 0.25, 4, 7, true));
        assertTrue(result.bestEpoch() < result.epochs(), "the setup must stop after the best epoch: " + result);
        assertTrue(result.stoppedEarly());
        assertEquals(result.bestEpoch() + 4, result.epochs(), "patience 4");
        double min = result.validationLoss().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(min, result.bestValidationLoss(), 0.0);
        double recomputed = 0;
        for (int r : result.validationIndices()) {
            double e = model.predictOne(data.get(r).features()) - data.get(r).y();
            recomputed += 0.5 * e * e;
        }
        recomputed /= result.validationCount();
        assertEquals(min, recomputed, 1e-6 * min, "the restored network is the best epoch's");
        assertEquals((long) result.trainCount() * result.epochs(), model.updates(), "each instance trained on counts");
    }

    /** Prequential (test-then-train) squared error on a stream, early against late, for pure online and mini-batches. */
    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void onlineLearningLowersThePrequentialLoss(int batchSize) {
        SmoothTarget stream = new SmoothTarget(0.05, 21);
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(5, SEED_LAYERS).withBatchSize(batchSize)
                .withOptimizer(batchSize == 1 ? 3e-4 : 3e-3, 0.01));
        int n = 20_000;
        int window = 1000;
        double early = 0;
        double late = 0;
        for (int i = 0; i < n; i++) {
            LabelledInstance li = stream.next();
            double e = model.predictOne(li.features()) - li.y();
            if (i < window) {
                early += e * e;
            } else if (i >= n - window) {
                late += e * e;
            }
            model.learnOne(li.features(), li.y());
        }
        early /= window;
        late /= window;
        System.out.printf("batch %d: prequential MSE first %d %.4f, last %d %.4f (noise variance 0.0025, target"
                + " variance %.3f)%n", batchSize, window, early, window, late, SmoothTarget.VARIANCE_APPROX);
        assertEquals(n, model.updates());
        assertEquals(n / batchSize, model.steps());
        assertTrue(late < 0.1 * early, "late MSE " + late + " vs early " + early);
        assertTrue(late < 0.05 * SmoothTarget.VARIANCE_APPROX, "late MSE " + late);
    }

    /**
     * Inside or outside a circle holding half of {@code [-1, 1]^2}: no linear model beats the base rate by much, the
     * MLP learns it online.
     */
    @Test
    void separatesACircleOnlineWhereALinearModelCannot() {
        SplittableRandom r = new SplittableRandom(8);
        double radius2 = 2 / Math.PI;
        MlpClassifier mlp = new MlpClassifier(MlpConfig.classification(2, 2, List.of(32, 32)).withBatchSize(8)
                .withOptimizer(0.003, 0.01));
        LogisticRegression linear = new LogisticRegression(LinearConfig.binary(2).withOptimizer(Optimizer.ADAGRAD));
        int n = 20_000;
        int window = 2000;
        int mlpRight = 0;
        int linearRight = 0;
        for (int i = 0; i < n; i++) {
            float[] x = {(float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1)};
            int y = x[0] * x[0] + x[1] * x[1] < radius2 ? 1 : 0;
            DenseVector v = DenseVector.of(x);
            if (i >= n - window) {
                mlpRight += mlp.predictOne(v) == y ? 1 : 0;
                linearRight += linear.predictOne(v) == y ? 1 : 0;
            }
            float[] p = mlp.predictProbaOne(v);
            assertEquals(2, p.length);
            assertEquals(1.0, p[0] + p[1], 1e-6);
            mlp.learnOne(v, y);
            linear.learnOne(v, y);
        }
        double mlpAccuracy = (double) mlpRight / window;
        double linearAccuracy = (double) linearRight / window;
        System.out.printf("circle: MLP accuracy %.4f, logistic regression %.4f over the last %d%n", mlpAccuracy,
                linearAccuracy, window);
        assertTrue(mlpAccuracy > 0.95, "MLP accuracy " + mlpAccuracy);
        assertTrue(linearAccuracy < 0.65, "a linear model should not manage this: " + linearAccuracy);
    }

    /**
     * Five overlapping Gaussian blobs in 4-D, fitted by replay: chance is 0.2, and the best possible classifier
     * (equal priors and isotropic unit noise: the nearest centre) is the reference on the same test instances.
     */
    @Test
    void classifiesGaussianBlobsAfterAFit() {
        GaussianBlobs blobs = new GaussianBlobs(4, 5, 3.0, 1.0, new SplittableRandom(2));
        int n = 3000;
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            LabelledInstance li = blobs.next();
            x[i] = li.x();
            y[i] = li.label();
        }
        MlpClassifier model = new MlpClassifier(MlpConfig.classification(4, 5, List.of(32, 32)));
        assertEquals(Task.MULTICLASS_CLASSIFICATION, model.task());
        FitResult fit = model.fit(x, y, new FitOptions(30, 0.2, 5, 1, true));
        int right = 0;
        int bayesRight = 0;
        int test = 2000;
        for (int i = 0; i < test; i++) {
            LabelledInstance li = blobs.next();
            int nearest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < 5; k++) {
                double[] c = blobs.centre(k);
                double d2 = 0;
                for (int j = 0; j < 4; j++) {
                    d2 += (li.x()[j] - c[j]) * (li.x()[j] - c[j]);
                }
                if (d2 < best) {
                    best = d2;
                    nearest = k;
                }
            }
            bayesRight += nearest == li.label() ? 1 : 0;
            float[] p = model.predictProbaOne(li.features());
            double sum = 0;
            for (float q : p) {
                sum += q;
            }
            assertEquals(1.0, sum, 1e-5);
            right += model.predictOne(li.features()) == li.label() ? 1 : 0;
        }
        double accuracy = (double) right / test;
        double bayes = (double) bayesRight / test;
        System.out.printf("blobs: accuracy %.4f (nearest centre, the Bayes rule: %.4f) after %d epochs (best %d)%n",
                accuracy, bayes, fit.epochs(), fit.bestEpoch());
        assertTrue(accuracy > 0.8, "accuracy " + accuracy + ", chance 0.2");
        assertTrue(accuracy > bayes - 0.02, "accuracy " + accuracy + " vs the Bayes rule's " + bayes);
    }

    /**
     * AdamW replayed in double from the gradients the network reports: decoupled decay on the weights only, bias
     * corrections {@code 1 - beta^t}. The first step moves every weight with a non-zero gradient by {@code lr}
     * (plus its decay), whatever the gradient's size.
     */
    @Test
    void adamWStepsMatchTheFormulas() {
        int[] sizes = {3, 6, 2};
        Mlp net = new Mlp(sizes, Activation.TANH, 5, Kernels.preferred());
        float lr = 0.01f;
        float wd = 0.5f;
        float b1 = 0.8f;
        float b2 = 0.95f;
        float eps = 1e-6f;
        float[] x = {0.3f, -0.7f, 0.1f, 1.2f, 0.4f, -0.9f};
        float[] y = {1, 0};
        double[] p = toDouble(net.parameters());
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        int weights = net.biasOffset(0);
        for (int t = 1; t <= 3; t++) {
            net.computeGradients(x, y, 2, OutputHead.SOFTMAX);
            float[] g = net.gradients();
            double[] before = p.clone();
            for (int i = 0; i < p.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * (double) g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                double decayed = i < weights ? p[i] * (1 - (double) lr * wd) : p[i];
                p[i] = decayed - lr * mHat / (Math.sqrt(vHat) + eps);
            }
            net.applyAdamW(lr, wd, b1, b2, eps);
            float[] actual = net.parameters();
            for (int i = 0; i < p.length; i++) {
                assertEquals(p[i], actual[i], 2e-6 * (1 + Math.abs(p[i])), "step " + t + " parameter " + i);
                if (t == 1 && Math.abs(g[i]) > 1e-3) {
                    double decay = i < weights ? before[i] * lr * wd : 0;
                    assertEquals(lr, Math.abs(before[i] - decay - actual[i]), 1e-5, "first step of " + i);
                }
            }
            p = toDouble(actual);
        }
        assertEquals(3, net.steps());
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void predictionsUseTheWeightsNotTheBufferedInstances() {
        MlpRegressor model = new MlpRegressor(MlpConfig.regression(3, List.of(8)).withBatchSize(4));
        DenseVector probe = DenseVector.of(0.2f, -0.1f, 0.5f);
        double initial = model.predictOne(probe);
        for (int i = 0; i < 3; i++) {
            model.learnOne(DenseVector.of(i, 1, -i), 5.0);
            assertEquals(initial, model.predictOne(probe), 0.0, "nothing learned before the batch is full");
            assertEquals(i + 1, model.buffered());
        }
        model.learnOne(DenseVector.of(3, 1, -3), 5.0);
        assertEquals(0, model.buffered());
        assertEquals(1, model.steps());
        assertEquals(4, model.updates());
        assertNotEquals(initial, model.predictOne(probe));
    }

    @Test
    void rejectsBadInputBeforeChangingAnything() {
        MlpRegressor reg = new MlpRegressor(MlpConfig.regression(3, List.of(4)).withBatchSize(2));
        reg.learnOne(DenseVector.of(1, 2, 3), 1.0);
        MlpState before = reg.state();
        assertMessage(() -> reg.learnOne(DenseVector.of(1, 2), 1.0), "expected dimension 3, got 2");
        assertMessage(() -> reg.predictOne(DenseVector.of(1, 2, 3, 4)), "expected dimension 3, got 4");
        assertMessage(() -> reg.learnOne(DenseVector.of(1, Float.NaN, 3), 1.0), "NaN or infinity");
        assertMessage(() -> reg.learnOne(DenseVector.of(1, 2, Float.POSITIVE_INFINITY), 1.0), "NaN or infinity");
        assertMessage(() -> reg.learnOne(DenseVector.of(1, 2, 3), Double.NaN), "target must be finite");
        assertMessage(() -> reg.learnOne(DenseVector.of(1, 2, 3), 1e300), "target must be finite");
        assertMessage(() -> reg.fit(new float[][] {{1, 2, 3}, {1, Float.NaN, 3}}, new double[] {1, 2},
                FitOptions.defaults()), "inputs[1] contains NaN or infinity");
        assertMessage(() -> reg.fit(new float[][] {{1, 2, 3}}, new double[] {1, 2}, FitOptions.defaults()),
                "1 inputs but 2 targets");
        assertSameState(before, reg.state());
        assertEquals(1, reg.updates());

        MlpClassifier clf = new MlpClassifier(MlpConfig.classification(3, 4, List.of(4)));
        MlpState clfBefore = clf.state();
        assertMessage(() -> clf.learnOne(DenseVector.of(1, 2, 3), 4), "label must be in [0, 4), got 4");
        assertMessage(() -> clf.learnOne(DenseVector.of(1, 2, 3), -1), "label must be in [0, 4), got -1");
        assertMessage(() -> clf.fit(new float[][] {{1, 2, 3}}, new int[] {7}, FitOptions.defaults()),
                "labels[0] must be in [0, 4), got 7");
        assertSameState(clfBefore, clf.state());
        // Prediction tolerates non-finite input: it propagates.
        assertTrue(Double.isNaN(reg.predictOne(DenseVector.of(Float.NaN, 0, 0))));
    }

    private static void assertSameState(MlpState a, MlpState b) {
        assertEquals(a.updates(), b.updates());
        assertEquals(a.steps(), b.steps());
        assertArrayEquals(a.parameters(), b.parameters());
        assertArrayEquals(a.firstMoments(), b.firstMoments());
        assertArrayEquals(a.bufferedInputs(), b.bufferedInputs());
        assertArrayEquals(a.bufferedTargets(), b.bufferedTargets());
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    @Test
    void theSeedFixesTheNetworkAndSparseInputIsItsDenseEquivalent() {
        MlpConfig config = MlpConfig.regression(6, List.of(10, 7)).withBatchSize(3);
        MlpRegressor dense = new MlpRegressor(config);
        MlpRegressor sparse = new MlpRegressor(config);
        assertArrayEquals(dense.state().parameters(), sparse.state().parameters());
        assertFalse(java.util.Arrays.equals(dense.state().parameters(),
                new MlpRegressor(config.withSeed(43)).state().parameters()));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 30; i++) {
            float[] x = new float[6];
            x[r.nextInt(6)] = (float) r.nextGaussian();
            x[r.nextInt(6)] += (float) r.nextGaussian();
            // The sparse form: every non-zero coordinate, one of them split in two entries that add up.
            int[] idx = new int[7];
            float[] val = new float[7];
            int k = 0;
            for (int j = 0; j < 6; j++) {
                if (x[j] != 0) {
                    idx[k] = j;
                    val[k++] = x[j];
                }
            }
            idx[k] = idx[0];
            val[k] = 0.25f;
            val[0] -= 0.25f;
            k++;
            SparseVector sv = new SparseVector(6, java.util.Arrays.copyOf(idx, k), java.util.Arrays.copyOf(val, k));
            double y = x[0] - x[3];
            // Splitting an entry can change its float value by an ulp; the dense side gets the same float sum.
            float[] same = new float[6];
            for (int j = 0; j < k; j++) {
                same[idx[j]] += val[j];
            }
            dense.learnOne(DenseVector.of(same), y);
            sparse.learnOne(sv, y);
            assertEquals(dense.predictOne(DenseVector.of(same)), sparse.predictOne(sv), 0.0);
        }
        assertArrayEquals(dense.state().parameters(), sparse.state().parameters());
    }
}
