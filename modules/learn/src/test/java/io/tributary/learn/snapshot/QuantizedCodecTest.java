package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.ftrl.FtrlClassifier;
import io.tributary.learn.ftrl.FtrlConfig;
import io.tributary.learn.ftrl.FtrlModel;
import io.tributary.learn.ftrl.FtrlRegressor;
import io.tributary.learn.ftrl.FtrlState;
import io.tributary.learn.linear.ClassWeights;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LinearState;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.Pipelines;
import io.tributary.learn.transform.TransformCodec;
import io.tributary.learn.transform.TransformSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The int8 serving snapshot ("TRBQ"): error bound, layout and size, accuracy cost, fresh optimizer state, errors. */
class QuantizedCodecTest {

    private static final int D = 50;
    private final Kernels kernels = Kernels.preferred();

    /*
     * The error bound of round-to-nearest under scale s = max|w| / 127 is s / 2 = max|w| / 254. The slack factor
     * covers float rounding only: the stored scale is max|w| / 127 rounded (up) to float, relative error <= 2^-23,
     * and the decoded weight q * s is rounded once to float, at most 127 s 2^-24 = 2^-17 s / 1.03.
     */
    private static final double ROUNDING_SLACK = 1 + 1e-4;

    private List<Supplier<OnlineLearner>> models() {
        return List.of(
                () -> new LinearRegression(LinearConfig.regression(D).withOptimizer(Optimizer.SGD), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withLearningRate(0.5), kernels),
                () -> new LogisticRegression(LinearConfig.binary(D).withOptimizer(Optimizer.ADAM)
                        .withClassWeights(ClassWeights.balanced()).withSchedule(Schedule.INVSCALING, 0.3), kernels),
                () -> new SoftmaxRegression(LinearConfig.multiclass(D, 4).withL1(2e-3), kernels),
                () -> new FtrlClassifier(FtrlConfig.binary(D).withL1(0.3).withAlpha(0.2)),
                () -> new FtrlRegressor(FtrlConfig.regression(D).withBeta(0.5).withL2(0.1)));
    }

    /** Dense input with a quarter of the coordinates zero, over a target that uses the first few. */
    private static void learn(OnlineLearner model, SplittableRandom r, int n) {
        int d = model.dimension();
        for (int t = 0; t < n; t++) {
            float[] x = new float[d];
            for (int i = 0; i < d; i++) {
                x[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextDouble(-1, 1);
            }
            double signal = 2 * x[0] - x[1] + 0.5 * x[2] + 0.1 * x[3];
            switch (model) {
                case Regressor reg -> reg.learnOne(DenseVector.of(x), signal + 0.3 + 0.05 * r.nextGaussian());
                case Classifier c -> c.learnOne(DenseVector.of(x), c.numClasses() == 2
                        ? (signal > 0.2 ? 1 : 0) : Math.floorMod((int) Math.floor(signal * 2), c.numClasses()));
                default -> throw new AssertionError();
            }
        }
    }

    // ----- error bound -----

    @Test
    void everyDequantisedWeightIsWithinHalfAScaleOfTheOriginal() {
        for (Supplier<OnlineLearner> factory : models()) {
            OnlineLearner original = factory.get();
            learn(original, new SplittableRandom(1), 2000);
            OnlineLearner decoded = QuantizedCodec.decode(QuantizedCodec.encode(original), kernels);
            assertEquals(original.getClass(), decoded.getClass());
            assertEquals(original.updates(), decoded.updates());
            int changed = 0;
            switch (original) {
                case LinearModel lm -> {
                    LinearState a = lm.state();
                    LinearState b = ((LinearModel) decoded).state();
                    assertEquals(lm.config(), ((LinearModel) decoded).config());
                    for (int r = 0; r < a.rows(); r++) {
                        float[] w = a.weights()[r];
                        double bound = maxAbs(w) / 254 * ROUNDING_SLACK;
                        for (int i = 0; i < w.length; i++) {
                            float q = b.weights()[r][i];
                            assertTrue(Math.abs(q - w[i]) <= bound, lm + " row " + r + " weight " + i + ": "
                                    + w[i] + " came back as " + q + ", more than " + bound + " away");
                            if (w[i] == 0f) {
                                assertEquals(0f, q, lm + ": a zero weight must stay exactly zero");
                            }
                            changed += q != w[i] ? 1 : 0;
                        }
                    }
                    assertArrayEquals(a.intercepts(), b.intercepts(), "intercepts are stored as floats");
                    assertArrayEquals(a.classCounts(), b.classCounts());
                }
                case FtrlModel fm -> {
                    FtrlModel fd = (FtrlModel) decoded;
                    FtrlConfig c = fm.config();
                    assertEquals(c, fd.config());
                    float[] w = fm.weights();
                    // Decoding writes z_i = -(w_i D + sign(w_i) l1) as a float with D = beta / alpha + l2, and the
                    // learner recomputes w_i from it: that rounding adds up to 2^-24 (|w_i| + l1 / D), twice over
                    // with the float rounding of the weights themselves.
                    double denominator = c.beta() / c.alpha() + c.l2();
                    double half = maxAbs(w) / 254 * ROUNDING_SLACK;
                    for (int i = 0; i < w.length; i++) {
                        double q = fd.weight(i);
                        double bound = half + 0x1p-22 * (Math.abs(w[i]) + c.l1() / denominator);
                        assertTrue(Math.abs(q - w[i]) <= bound, fm + " weight " + i + ": " + w[i]
                                + " came back as " + q + ", more than " + bound + " away");
                        if (w[i] == 0f) {
                            assertEquals(0.0, q, fm + ": a zero weight must stay exactly zero");
                        }
                        changed += (float) q != w[i] ? 1 : 0;
                    }
                    assertEquals(fm.intercept(), fd.intercept(), Math.abs(fm.intercept()) * 1e-14);
                    assertArrayEquals(fm.state().classCounts(), fd.state().classCounts());
                }
                default -> throw new AssertionError();
            }
            assertTrue(changed > 0, original + ": nothing was quantised");
        }
    }

    @Test
    void anAllZeroRowStaysExactlyZeroAndAHugeValueOnlyCoarsensItsOwnRow() {
        int d = 8;
        float[] normal = {0.9f, -0.45f, 0.3f, -0.7f, 0.05f, 0.6f, -0.2f, 0.01f};
        float[][] weights = {
            new float[d],
            {1e6f, 0.3f, -0.2f, 1e-3f, 0f, 250f, -3000f, 4000f},
            normal,
        };
        LinearConfig config = LinearConfig.multiclass(d, 3).withOptimizer(Optimizer.SGD);
        SoftmaxRegression model = SoftmaxRegression.restore(config,
                new LinearState(7, weights, new float[] {0.5f, -1f, 2f}, null, null), kernels);
        byte[] bytes = QuantizedCodec.encode(model);
        float[][] decoded = ((SoftmaxRegression) QuantizedCodec.decode(bytes, kernels)).state().weights();

        // Row 0: scale 0 and codes 0 on the wire, exact zeros back.
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rowsAt = linearHeaderAndConfig(SoftmaxRegression.ALGORITHM, config) + 8 + 4;
        assertEquals(3, buf.getInt(rowsAt - 4), "rows");
        assertEquals(0f, buf.getFloat(rowsAt), "an all-zero row has scale 0");
        for (int i = 0; i < d; i++) {
            assertEquals(0, bytes[rowsAt + 4 + i]);
        }
        assertArrayEquals(new float[d], decoded[0]);

        // Row 1: the huge value sets s = 1e6 / 127, so it comes back as 127 s; everything under s / 2 ~ 3937 is lost
        // to zero, 4000 is one step. The bound still holds for every weight.
        float s1 = buf.getFloat(rowsAt + 4 + d);
        assertEquals(1e6 / 127, s1, 1e6 / 127 * 1e-6);
        assertEquals(127, bytes[rowsAt + 4 + d + 4]);
        assertEquals(1e6f, decoded[1][0], 1e6f * 1e-6f);
        for (int i = 1; i < 7; i++) {
            assertEquals(0f, decoded[1][i], "weight " + i + " is below half a step");
        }
        assertEquals(s1, decoded[1][7], 0f);
        for (int i = 0; i < d; i++) {
            assertTrue(Math.abs(decoded[1][i] - weights[1][i]) <= 1e6 / 254 * ROUNDING_SLACK);
        }

        // Row 2 keeps its own fine scale: its error is bounded by 0.9 / 254, not by row 1's 3937.
        for (int i = 0; i < d; i++) {
            assertTrue(Math.abs(decoded[2][i] - normal[i]) <= 0.9 / 254 * ROUNDING_SLACK, "weight " + i);
        }
        assertNotEquals(0f, decoded[2][7], "0.01 is more than half of row 2's step 0.9 / 127");

        // A fresh learner (all zero) round-trips to all zero.
        LogisticRegression fresh = new LogisticRegression(LinearConfig.binary(d), kernels);
        LogisticRegression back = (LogisticRegression) QuantizedCodec.decode(QuantizedCodec.encode(fresh));
        assertArrayEquals(new float[d], back.weights());
        assertEquals(0f, back.intercept());
    }

    // ----- size -----

    @Test
    void sizeFollowsTheLayoutAndIsAboutAQuarterOfTheFloatSnapshotAtD1000() {
        int d = 1000;
        LinearConfig sgd = LinearConfig.binary(d).withOptimizer(Optimizer.SGD);
        LogisticRegression model = new LogisticRegression(sgd, kernels);
        learn(model, new SplittableRandom(2), 50);
        byte[] quantised = QuantizedCodec.encode(model);
        byte[] full = LearnerCodec.encode(model);

        // TRBQ: header, the v2 linear config (optimizer, schedule, 8 doubles, decay steps, class-weight mode),
        // updates, rows, then per row a float scale and d codes, then the float intercept, then the CRC.
        int expected = linearHeaderAndConfig(LogisticRegression.ALGORITHM, sgd) + 8 + 4 + (4 + d) + 4 + 4;
        assertEquals(4 + 2 + 2 + 19 + 1 + 4 + 4 + (2 + 8 * 8 + 8 + 1) + 8 + 4 + 1004 + 4 + 4, expected);
        assertEquals(expected, quantised.length);
        // TRBL version 1 (what this SGD learner is written as): header, config, updates, rows, d + 1 floats, CRC.
        int floatLength = 4 + 2 + 2 + 19 + 1 + 4 + 4 + 1 + 1 + 4 * 8 + 8 + 4 + 4 * (d + 1) + 4;
        assertEquals(floatLength, full.length);
        double ratio = (double) quantised.length / full.length;
        assertTrue(ratio > 0.25 && ratio < 0.28, "int8 / float = " + ratio);
        // The weights alone: d + 8 bytes against 4 (d + 1).
        assertEquals(0.2517, (d + 8.0) / (4.0 * (d + 1)), 1e-4);

        // AdaGrad's accumulators are in the float snapshot but not in the quantised one: an eighth.
        LogisticRegression adagrad = new LogisticRegression(LinearConfig.binary(d), kernels);
        assertEquals(floatLength + 4 * (d + 1), LearnerCodec.encode(adagrad).length);
        assertEquals(expected, QuantizedCodec.encode(adagrad).length);

        // Softmax: K rows of (4 + d) codes and K float intercepts.
        LinearConfig softmax = LinearConfig.multiclass(d, 5).withOptimizer(Optimizer.SGD);
        assertEquals(linearHeaderAndConfig(SoftmaxRegression.ALGORITHM, softmax) + 8 + 4 + 5 * (4 + d) + 5 * 4 + 4,
                QuantizedCodec.encode(new SoftmaxRegression(softmax, kernels)).length);

        // FTRL: dense codes when most weights are non-zero, (index, code) pairs when fewer than a fifth are.
        FtrlClassifier dense = new FtrlClassifier(FtrlConfig.binary(d));
        learn(dense, new SplittableRandom(3), 50);
        int ftrlHeader = 4 + 2 + 2 + 4 + 1 + 4 + 4 + 4 * 8 + 1 + 8 + 8 + 4 + 1;
        assertEquals(ftrlHeader + d + 4, QuantizedCodec.encode(dense).length);
        // TRBL version 2 stores the intercept's z and n (two doubles) where TRBQ stores b and the scale.
        assertEquals(ftrlHeader + 8 - 4 + 8 * d + 4, LearnerCodec.encode(dense).length, "z and n as floats");
        int big = 1 << 16;
        FtrlClassifier sparse = new FtrlClassifier(FtrlConfig.binary(big).withL1(0.5));
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 3000; t++) {
            sparse.learnOne(new SparseVector(big, new int[] {r.nextInt(100), 100 + r.nextInt(big - 100)},
                    new float[] {1f, 1f}), r.nextInt(100) < 70 ? 1 : 0);
        }
        byte[] sparseBytes = QuantizedCodec.encode(sparse);
        long nonZero = countNonZeroCodes(sparse);
        assertTrue(nonZero > 0 && 5 * nonZero + 4 < big);
        assertEquals(ftrlHeader + 4 + 5 * nonZero + 4, sparseBytes.length);
        // Only weights that survive l1 and rounding are stored (5 bytes each), not every touched coordinate (12).
        assertTrue(nonZero <= sparse.nonZeroWeights() && sparse.nonZeroWeights() < sparse.touchedCoordinates());
        assertTrue(sparseBytes.length < LearnerCodec.encode(sparse).length / 5);
    }

    /** How many of the FTRL model's weights have a non-zero code round(w / s), s = max|w| / 127. */
    private static long countNonZeroCodes(FtrlModel model) {
        float[] w = model.weights();
        double step = maxAbs(w) / 127;
        return IntStream.range(0, w.length).filter(i -> Math.rint(w[i] / step) != 0).count();
    }

    private static int linearHeaderAndConfig(String algorithm, LinearConfig c) {
        int classWeights = 1 + (c.classWeights().mode() == ClassWeights.Mode.EXPLICIT ? 8 * c.numClasses() : 0);
        return 4 + 2 + 2 + algorithm.length() + 1 + 4 + 4 + 2 + 8 * 8 + 8 + classWeights;
    }

    // ----- accuracy cost -----

    @Test
    void onAHyperplaneStreamTheQuantisedModelAgreesWithTheFloatModel() {
        int d = 100;
        Hyperplane stream = new Hyperplane(d, 42L);
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(d).withLearningRate(1.0), kernels);
        for (int t = 0; t < 20_000; t++) {
            LabelledInstance li = stream.next();
            model.learnOne(li.features(), li.label());
        }
        LogisticRegression quantised = (LogisticRegression) LearnerCodec.decode(QuantizedCodec.encode(model), kernels);
        int n = 10_000;
        int correctFloat = 0;
        int correctQuantised = 0;
        int agree = 0;
        for (int t = 0; t < n; t++) {
            LabelledInstance li = stream.next();
            int a = model.predictOne(li.features());
            int b = quantised.predictOne(li.features());
            correctFloat += a == li.label() ? 1 : 0;
            correctQuantised += b == li.label() ? 1 : 0;
            agree += a == b ? 1 : 0;
        }
        double accFloat = (double) correctFloat / n;
        double accQuantised = (double) correctQuantised / n;
        double agreement = (double) agree / n;
        System.out.printf("hyperplane d=100, 20k trained, 10k held out: accuracy float %.4f, int8 %.4f, "
                + "agreement %.4f%n", accFloat, accQuantised, agreement);
        assertTrue(accFloat > 0.7, "the float model learned something: " + accFloat);
        assertEquals(accFloat, accQuantised, 0.005, "accuracy within half a point");
        assertTrue(agreement >= 0.99, "predicted classes agree on " + agreement);
    }

    // ----- optimizer state -----

    @Test
    void theDecodedLearnerContinuesFromFreshOptimizerState() {
        int d = 5;
        float lr = 0.3f;
        float eps = 1e-6f;
        LogisticRegression original = new LogisticRegression(LinearConfig.binary(d).withLearningRate(lr)
                .withEpsilon(eps), kernels);
        learn(original, new SplittableRandom(5), 500);
        LogisticRegression decoded = (LogisticRegression) QuantizedCodec.decode(QuantizedCodec.encode(original));
        LinearState s = decoded.state();
        assertEquals(500, s.updates(), "the update count (the model's version) is kept");
        assertArrayEquals(new float[d], s.weightAccumulators()[0], "AdaGrad's sums start at zero");
        assertArrayEquals(new float[1], s.interceptAccumulators());
        assertTrue(original.state().weightAccumulators()[0][0] > 0, "the original's were not zero");

        // One AdaGrad step from zero accumulators, by hand: acc_i = (g x_i)^2, w_i -= lr g x_i / (|g x_i| + eps).
        float[] w = decoded.weights();
        float b = decoded.intercept();
        float[] x = {0.5f, -1f, 0.25f, 0f, 2f};
        double margin = b;
        for (int i = 0; i < d; i++) {
            margin += w[i] * x[i];
        }
        double g = 1 / (1 + Math.exp(-margin)) - 1;
        decoded.learnOne(DenseVector.of(x), 1);
        for (int i = 0; i < d; i++) {
            double gi = g * x[i];
            assertEquals(w[i] - lr * gi / (Math.abs(gi) + eps), decoded.weights()[i], 1e-5, "weight " + i);
            assertEquals(gi * gi, decoded.state().weightAccumulators()[0][i], 1e-6);
        }
        assertEquals(b - lr * g / (Math.abs(g) + eps), decoded.intercept(), 1e-5);

        // Adam: moments and second moments start at zero too.
        LinearRegression adam = new LinearRegression(LinearConfig.regression(d).withOptimizer(Optimizer.ADAM), kernels);
        learn(adam, new SplittableRandom(6), 100);
        LinearState as = ((LinearRegression) QuantizedCodec.decode(QuantizedCodec.encode(adam))).state();
        assertArrayEquals(new float[d], as.weightMoments()[0]);
        assertArrayEquals(new float[d], as.weightAccumulators()[0]);
        assertArrayEquals(new float[1], as.interceptMoments());
        // SGD has none.
        LinearRegression sgd = new LinearRegression(LinearConfig.regression(d).withOptimizer(Optimizer.SGD), kernels);
        assertNull(((LinearRegression) QuantizedCodec.decode(QuantizedCodec.encode(sgd))).state().weightAccumulators());
    }

    @Test
    void adamKeepsItsUpdateCountSoItsFirstStepAfterDecodingIsLargerThanAFreshAdams() {
        // Adam's bias correction divides by 1 - beta^t with t = updates + 1. The decoded learner keeps the count
        // (the model's version, the schedule's clock) but its moments start at zero, so with a large count the
        // correction is ~1 and the first step is lr (1 - beta1) / sqrt(1 - beta2) per coordinate, about 3.16 lr
        // with the default betas, where a fresh Adam's first step is lr. This pins the caveat the Javadoc states.
        float lr = 0.01f;
        LinearConfig config = LinearConfig.regression(2).withOptimizer(Optimizer.ADAM).withLearningRate(lr);
        LinearState state = new LinearState(1_000_000, new float[][] {{0.5f, -0.25f}}, new float[] {0.125f},
                new float[][] {{1f, 1f}}, new float[] {1f}, new float[][] {{0.1f, 0.1f}}, new float[] {0.1f}, null);
        LinearRegression decoded = (LinearRegression) QuantizedCodec.decode(
                QuantizedCodec.encode(LinearRegression.restore(config, state, kernels)), kernels);
        assertEquals(1_000_000, decoded.updates());
        float[] before = decoded.state().weights()[0];
        decoded.learnOne(DenseVector.of(1f, -2f), 10.0);
        float[] after = decoded.state().weights()[0];
        double t = 1_000_001;
        double expectedStep = lr * (1 - config.beta1()) / (1 - Math.pow(config.beta1(), t))
                / Math.sqrt((1 - config.beta2()) / (1 - Math.pow(config.beta2(), t)));
        assertEquals(3.16, expectedStep / lr, 0.01);
        for (int i = 0; i < 2; i++) {
            assertEquals(expectedStep, Math.abs(after[i] - before[i]), expectedStep * 1e-4, "weight " + i);
        }
    }

    @Test
    void theDecodedFtrlLearnerHasFreshNAndTakesAFreshFirstStep() {
        int d = 6;
        FtrlConfig config = FtrlConfig.binary(d).withAlpha(0.5).withL1(0.2);
        FtrlClassifier original = new FtrlClassifier(config);
        learn(original, new SplittableRandom(7), 400);
        FtrlClassifier decoded = (FtrlClassifier) QuantizedCodec.decode(QuantizedCodec.encode(original));
        FtrlState s = decoded.state();
        assertArrayEquals(new float[d], s.n());
        assertEquals(0.0, s.interceptN());
        assertEquals(400, s.updates());

        // FTRL-Proximal's update (McMahan et al. 2013, Algorithm 1) with n_i = 0: sigma_i = |g_i| / alpha,
        // z_i += g_i - sigma_i w_i, n_i = g_i^2; then w_i = -(z_i - sign(z_i) l1) / ((beta + |g_i|) / alpha + l2).
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = decoded.weight(i);
        }
        float[] z = s.z();
        float[] x = {1f, -0.5f, 0f, 0.25f, 2f, -1f};
        double margin = decoded.intercept();
        for (int i = 0; i < d; i++) {
            margin += w[i] * x[i];
        }
        double g = 1 / (1 + Math.exp(-margin));
        decoded.learnOne(DenseVector.of(x), 0);
        for (int i = 0; i < d; i++) {
            double gi = g * x[i];
            double zi = z[i] + gi - Math.abs(gi) / config.alpha() * w[i];
            assertEquals(zi, decoded.state().z()[i], 1e-5 * (1 + Math.abs(zi)), "z " + i);
            assertEquals(gi * gi, decoded.state().n()[i], 1e-6, "n " + i);
            double expected = Math.abs(zi) <= config.l1() ? 0
                    : -(zi - Math.copySign(config.l1(), zi)) / ((config.beta() + Math.abs(gi)) / config.alpha()
                    + config.l2());
            assertEquals(expected, decoded.weight(i), 1e-5, "w " + i);
        }
    }

    // ----- pipelines and the single entry point -----

    @Test
    void aPipelineKeepsItsTransformsExactAndQuantisesOnlyItsLearner() {
        List<TransformSpec> transforms = List.of(TransformSpec.of("standard_scaler"),
                TransformSpec.of("lag", Map.of("features", List.of(0, 1), "lags", 2)));
        Pipeline original = Pipelines.create(transforms, LearnerSpec.binary("logistic_regression", 4,
                Map.of("learning_rate", 0.2)), kernels);
        SplittableRandom r = new SplittableRandom(8);
        for (int t = 0; t < 500; t++) {
            float[] x = {(float) (3 + r.nextGaussian()), (float) (100 * r.nextGaussian()), (float) r.nextGaussian(),
                (float) r.nextGaussian()};
            ((Classifier) original).learnOne(DenseVector.of(x), x[0] + x[1] / 100 > 3 ? 1 : 0);
        }
        byte[] bytes = QuantizedCodec.encode(original);
        assertEquals("TRBP", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(bytes.length < LearnerCodec.encode(original).length);

        Pipeline decoded = (Pipeline) LearnerCodec.decode(bytes, kernels);
        assertEquals(original.algorithm(), decoded.algorithm());
        assertEquals(original.updates(), decoded.updates());
        for (int i = 0; i < transforms.size(); i++) {
            assertArrayEquals(TransformCodec.encode(original.transforms().get(i)),
                    TransformCodec.encode(decoded.transforms().get(i)), "transform " + i + " is stored exactly");
        }
        LinearState a = ((LinearModel) original.learner()).state();
        LinearState b = ((LinearModel) decoded.learner()).state();
        double bound = maxAbs(a.weights()[0]) / 254 * ROUNDING_SLACK;
        for (int i = 0; i < a.dimension(); i++) {
            assertTrue(Math.abs(a.weights()[0][i] - b.weights()[0][i]) <= bound, "weight " + i);
        }
        assertArrayEquals(new float[a.dimension()], b.weightAccumulators()[0]);
        assertArrayEquals(bytes, QuantizedCodec.encode(QuantizedCodec.decode(bytes, kernels)),
                "re-quantising a quantised pipeline changes nothing");
    }

    @Test
    void learnerCodecDecodesQuantisedSnapshotsAndQuantizedCodecRefusesFloatOnes() {
        LogisticRegression model = new LogisticRegression(LinearConfig.binary(D), kernels);
        learn(model, new SplittableRandom(9), 200);
        byte[] bytes = QuantizedCodec.encode(model);
        assertEquals("TRBQ", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(QuantizedCodec.isQuantizedSnapshot(bytes));
        assertTrue(!QuantizedCodec.isQuantizedSnapshot(LearnerCodec.encode(model)));
        LogisticRegression viaLearnerCodec = (LogisticRegression) LearnerCodec.decode(bytes, kernels);
        LogisticRegression viaQuantizedCodec = (LogisticRegression) QuantizedCodec.decode(bytes, kernels);
        assertArrayEquals(viaQuantizedCodec.weights(), viaLearnerCodec.weights());
        assertEquals(viaQuantizedCodec.intercept(), viaLearnerCodec.intercept());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QuantizedCodec.decode(LearnerCodec.encode(model)));
        assertTrue(e.getMessage().contains("bad magic (expected \"TRBQ\")"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode("TRBX....".getBytes(
                StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("\"TRBQ\""), e.getMessage());
    }

    // ----- golden snapshots: the format must not drift -----

    /**
     * logistic_regression, d = 4, AdaGrad at learning rate 0.5 (other hyper-parameters default), 1234 updates,
     * weights (127, -64, 32, 3) / 128, intercept 0.125; written by this codec when format version 1 was introduced.
     */
    private static final String GOLDEN_LOGISTIC = "54524251010013006c6f6769737469635f72656772657373696f6e01040000"
            + "00020000000100000000000000e03f00000000000000000000000000000000000000000000d03f3a8c30e28e79453ecdcccccc"
            + "ccccec3f2b8716d9cef7ef3f000000000000e03fe80300000000000000d204000000000000010000000000003c7fc020030000"
            + "003eecfa79be";

    /**
     * ftrl, binary, d = 16, alpha 0.25, beta 1, l1 0.5, l2 1, 99 updates, weights 127/128 at 3 and -5/128 at 11
     * (sparse layout), intercept -0.75.
     */
    private static final String GOLDEN_FTRL = "54524251010004006674726c011000000002000000000000000000d03f0000000000"
            + "00f03f000000000000e03f000000000000f03f006300000000000000000000000000e8bf0000003c0102000000030000000b"
            + "0000007ffb957e65bf";

    @Test
    void goldenSnapshotsDecodeToTheirDocumentedContents() {
        byte[] logistic = HexFormat.of().parseHex(GOLDEN_LOGISTIC);
        assertEquals(139, logistic.length);
        LogisticRegression model = (LogisticRegression) LearnerCodec.decode(logistic, Kernels.scalar());
        assertEquals(LinearConfig.binary(4).withLearningRate(0.5), model.config());
        assertEquals(1234, model.updates());
        assertArrayEquals(new float[] {127 / 128f, -64 / 128f, 32 / 128f, 3 / 128f}, model.weights());
        assertEquals(0.125f, model.intercept());
        assertArrayEquals(new float[4], model.state().weightAccumulators()[0]);
        // margin at x = (1, 1, 1, 1): (127 - 64 + 32 + 3) / 128 + 0.125 = 0.890625, exact in float.
        assertEquals(1 / (1 + Math.exp(-0.890625)), model.predictPositive(DenseVector.of(1, 1, 1, 1)), 1e-12);
        assertArrayEquals(logistic, QuantizedCodec.encode(model), "re-encoding reproduces the golden bytes");

        byte[] ftrl = HexFormat.of().parseHex(GOLDEN_FTRL);
        assertEquals(93, ftrl.length);
        FtrlClassifier f = (FtrlClassifier) LearnerCodec.decode(ftrl);
        assertEquals(new FtrlConfig(16, 2, 0.25, 1.0, 0.5, 1.0, ClassWeights.uniform()), f.config());
        assertEquals(99, f.updates());
        for (int i = 0; i < 16; i++) {
            double expected = i == 3 ? 127 / 128.0 : i == 11 ? -5 / 128.0 : 0.0;
            assertEquals(expected, f.weight(i), 0.0, "weight " + i);
        }
        assertEquals(-0.75, f.intercept(), 0.0);
        assertEquals(Task.BINARY_CLASSIFICATION, f.task());
        assertArrayEquals(ftrl, QuantizedCodec.encode(f), "re-encoding reproduces the golden bytes");
    }

    // ----- rejection -----

    private List<byte[]> samples() {
        SoftmaxRegression softmax = new SoftmaxRegression(LinearConfig.multiclass(4, 3)
                .withClassWeights(ClassWeights.balanced()), kernels);
        learn(softmax, new SplittableRandom(10), 40);
        FtrlRegressor dense = new FtrlRegressor(FtrlConfig.regression(6));
        learn(dense, new SplittableRandom(11), 40);
        FtrlClassifier sparse = new FtrlClassifier(FtrlConfig.binary(300).withL1(0.3));
        SplittableRandom r = new SplittableRandom(12);
        for (int t = 0; t < 60; t++) {
            sparse.learnOne(new SparseVector(300, new int[] {r.nextInt(3), 3 + r.nextInt(297)},
                    new float[] {1f, 1f}), r.nextInt(3) == 0 ? 0 : 1);
        }
        byte[] sparseBytes = QuantizedCodec.encode(sparse);
        assertEquals(1, sparseBytes[4 + 2 + 2 + 4 + 1 + 4 + 4 + 4 * 8 + 1 + 8 + 8 + 4], "the sparse layout");
        return List.of(QuantizedCodec.encode(softmax), QuantizedCodec.encode(dense), sparseBytes,
                HexFormat.of().parseHex(GOLDEN_FTRL));
    }

    @Test
    void rejectsEveryTruncationAndEverySingleBitFlip() {
        for (byte[] bytes : samples()) {
            for (int n = 0; n < bytes.length; n++) {
                byte[] prefix = Arrays.copyOf(bytes, n);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> LearnerCodec.decode(prefix), "prefix of length " + n + " was accepted");
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                assertThrows(IllegalArgumentException.class, () -> QuantizedCodec.decode(prefix));
            }
            for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] corrupted = bytes.clone();
                    corrupted[i] ^= (byte) (1 << bit);
                    int at = i;
                    int b = bit;
                    assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(corrupted),
                            "flipping bit " + b + " of byte " + at + " went unnoticed");
                }
            }
            byte[] flipped = bytes.clone();
            flipped[bytes.length - 6] ^= 1;
            assertReason("checksum mismatch", flipped);
            assertReason("trailing bytes", Arrays.copyOf(bytes, bytes.length + 2));
            assertReason("truncated", Arrays.copyOf(bytes, bytes.length - 3));
        }
        byte[] future = HexFormat.of().parseHex(GOLDEN_LOGISTIC);
        future[4] = 2;
        assertReason("unsupported quantised learner snapshot format version 2", future);
        assertReason("shorter than the header", new byte[] {'T', 'R', 'B', 'Q', 1});
    }

    @Test
    void aValidChecksumDoesNotMakeInvalidContentsValid() {
        byte[] golden = HexFormat.of().parseHex(GOLDEN_LOGISTIC);
        int scaleAt = 4 + 2 + 2 + 19 + 1 + 4 + 4 + (2 + 8 * 8 + 8 + 1) + 8 + 4;
        ByteBuffer buf = ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x1p-7f, buf.getFloat(scaleAt), "the golden scale is 1/128");

        byte[] minus128 = golden.clone();
        minus128[scaleAt + 4 + 1] = (byte) -128;
        assertReason("outside the symmetric range [-127, 127]", withChecksum(minus128));
        for (float bad : new float[] {-1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            byte[] b = golden.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(scaleAt, bad);
            assertReason("a scale must be finite and >= 0", withChecksum(b));
        }
        byte[] wrongTask = golden.clone();
        wrongTask[4 + 2 + 2 + 19] = 0;
        assertReason("logistic_regression snapshot says task REGRESSION", withChecksum(wrongTask));

        byte[] ftrl = HexFormat.of().parseHex(GOLDEN_FTRL);
        int betaAt = 4 + 2 + 2 + 4 + 1 + 4 + 4 + 8;
        byte[] betaZero = ftrl.clone();
        ByteBuffer.wrap(betaZero).order(ByteOrder.LITTLE_ENDIAN).putDouble(betaAt, 0.0);
        assertReason("needs beta > 0, got 0.0", withChecksum(betaZero));
        int codesAt = ftrl.length - 4 - 2;
        byte[] zeroCode = ftrl.clone();
        zeroCode[codesAt] = 0;
        assertReason("non-zero codes only", withChecksum(zeroCode));
        byte[] unordered = ftrl.clone();
        ByteBuffer.wrap(unordered).order(ByteOrder.LITTLE_ENDIAN).putInt(codesAt - 4, 2);
        assertReason("out of order", withChecksum(unordered));
    }

    @Test
    void refusesWhatItCannotQuantise() {
        OnlineLearner foreign = new OnlineLearner() {
            @Override
            public Task task() {
                return Task.REGRESSION;
            }

            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public long updates() {
                return 0;
            }

            @Override
            public String algorithm() {
                return "mystery";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizedCodec.encode(foreign));
        assertTrue(e.getMessage().contains("logistic_regression"), e.getMessage());

        LinearRegression infinite = LinearRegression.restore(LinearConfig.regression(2).withOptimizer(Optimizer.SGD),
                new LinearState(3, new float[][] {{1f, Float.POSITIVE_INFINITY}}, new float[1], null, null), kernels);
        e = assertThrows(IllegalArgumentException.class, () -> QuantizedCodec.encode(infinite));
        assertTrue(e.getMessage().contains("weight 1 = Infinity"), e.getMessage());

        FtrlClassifier betaZero = new FtrlClassifier(FtrlConfig.binary(4).withBeta(0));
        e = assertThrows(IllegalArgumentException.class, () -> QuantizedCodec.encode(betaZero));
        assertTrue(e.getMessage().contains("needs beta > 0"), e.getMessage());

        assertThrows(NullPointerException.class, () -> QuantizedCodec.encode(null));
        assertThrows(NullPointerException.class, () -> QuantizedCodec.decode(null));
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void assertReason(String fragment, byte[] bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bytes));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static double maxAbs(float[] w) {
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
