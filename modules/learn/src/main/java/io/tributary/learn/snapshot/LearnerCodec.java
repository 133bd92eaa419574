package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
import io.tributary.learn.forecast.ForecasterRegressor;
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
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.neural.Activation;
import io.tributary.learn.neural.MlpClassifier;
import io.tributary.learn.neural.MlpConfig;
import io.tributary.learn.neural.MlpLearner;
import io.tributary.learn.neural.MlpRegressor;
import io.tributary.learn.neural.MlpState;
import io.tributary.learn.simd.Kernels;
import java.util.ArrayList;
import java.util.List;
import io.tributary.learn.spi.LearnerProvider;
import io.tributary.learn.spi.LearnerProviders;
import io.tributary.learn.transform.Pipeline;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A compact, versioned binary form of a learner: what a changelog topic or a model registry stores.
 *
 * <p>Format version 1, all little-endian:
 * <pre>
 *   4  magic "TRBL"
 *   2  format version (1)
 *   2  algorithm name length n, then n bytes of UTF-8
 *   1  task (0 regression, 1 binary, 2 multiclass)
 *   4  dimension d            4  numClasses
 *   1  optimizer (0 sgd, 1 adagrad)   1  schedule (0 constant, 1 invscaling)
 *   8  learning rate   8  l2   8  power_t   8  epsilon     (doubles)
 *   8  updates
 *   4  rows r
 *   r*d floats weights (row-major), r floats intercepts
 *   AdaGrad only: r*d floats weight accumulators, r floats intercept accumulators
 *   4  CRC-32 of every preceding byte
 * </pre>
 * Codes are spelled out rather than taken from enum ordinals so that reordering an enum cannot silently change
 * the meaning of stored snapshots. The checksum exists because a flipped bit in the weights would otherwise
 * decode into a plausible, wrong model.
 *
 * <p>Pipelines ({@link Pipeline}) are stored by {@link PipelineCodec} (magic "TRBP") and model selectors
 * ({@link ModelSelector}) by {@link SelectorCodec} (magic "TRBS"), to which {@link #encode} and {@link #decode}
 * delegate. {@link #decode} also reads the int8-quantised serving snapshots of {@link QuantizedCodec} (magic "TRBQ"),
 * so that every stored learner decodes through this one entry point. Learners of a {@link LearnerProvider} are stored
 * in the provider's own format, which starts with the provider's 4-byte magic: {@link #encode} hands a learner to the
 * first provider whose {@link LearnerProvider#canEncode} accepts it, and {@link #decode} dispatches on the magic.
 *
 * <p>Format version 2 adds Adam, L1, the step schedule, class weights and FTRL-Proximal. It shares the first
 * fields with version 1 and then depends on the algorithm:
 * <pre>
 *   4  magic "TRBL"    2  format version (2)    2  name length n, n bytes of UTF-8
 *   1  task            4  dimension d           4  numClasses K
 *
 *   linear_regression, logistic_regression, softmax_regression:
 *   1  optimizer (0 sgd, 1 adagrad, 2 adam)   1  schedule (0 constant, 1 invscaling, 2 step)
 *   8  learning rate  8  l1  8  l2  8  power_t  8  epsilon  8  beta1  8  beta2  8  decay_rate   (doubles)
 *   8  decay_steps (long)
 *   class weights (below)
 *   8  updates         4  rows r
 *   r*d floats weights (row-major), r floats intercepts
 *   AdaGrad and Adam: r*d + r floats accumulators (AdaGrad's sums of squares, Adam's second moments v)
 *   Adam only:        r*d + r floats first moments m
 *   balanced class weights only: K longs class counts
 *
 *   ftrl:
 *   8  alpha  8  beta  8  l1  8  l2   (doubles)
 *   class weights (below)
 *   8  updates         8  intercept z   8  intercept n   (doubles)
 *   1  layout: 0 dense:  d floats z, then d floats n
 *              1 sparse: 4 count c, c ints indices (strictly increasing), c floats z, c floats n; every other
 *                        coordinate has z = n = 0 (never received a gradient)
 *   balanced class weights only: K longs class counts
 *
 *   mlp (any task; the head follows it: 1 output for regression and binary, K for multiclass):
 *   1  activation (0 silu, 1 relu, 2 tanh)
 *   4  hidden layer count h (1 to 1024), then h ints: the widths
 *   8  learning rate  8  weight decay  8  beta1  8  beta2  8  epsilon   (doubles)
 *   4  batch size     8  seed (long)   4  track_every
 *   8  updates        8  optimiser steps t
 *   4  buffered instances b (below the batch size)
 *   P floats parameters, P floats first moments, P floats second moments, with P = sum(in*out + out) over the
 *      layers d -> widths -> outputs, in the network's layout (every layer's in x out weights row-major, then
 *      every bias)
 *   b*d floats the buffered inputs (row-major), b floats their targets (value or class index)
 *
 *   nlinear, dlinear, lag_mlp, seasonal_naive (a ForecasterRegressor: task regression, d = 1, K = 1):
 *   4  input size L (seasonal_naive: the period m)   4  horizon H
 *   nlinear, dlinear, lag_mlp: 8  learning rate (double)   4  replay r
 *   dlinear only:  4  kernel
 *   lag_mlp only:  4  hidden layer count h (1 to 1024), then h ints: the widths;  8  seed (long)
 *   8  updates (points absorbed)   8  optimiser steps   8  sum of absolute first differences (double)
 *   4  stored points n = min(updates, L + H + r) (seasonal_naive: min(updates, m)), then n doubles, oldest first
 *   P floats parameters, P floats first moments, P floats second moments, with P = (L + 1) H (nlinear),
 *      (2 L + 1) H (dlinear), the network L -> widths -> H in Mlp's layout (lag_mlp), 0 (seasonal_naive)
 *
 *   class weights: 1 mode (0 uniform, 1 balanced, 2 explicit); explicit: K doubles
 *   4  CRC-32 of every preceding byte
 * </pre>
 * The encoder writes version 1 whenever the learner fits it (a linear learner with SGD or AdaGrad, no L1, a
 * constant or invscaling schedule, uniform class weights and the defaults for the fields version 1 lacks), so that
 * readers that only know version 1 (an older instance during a rolling upgrade) still read what they can
 * represent; everything else is version 2. FTRL's sparse layout is chosen when it is smaller than the dense one
 * (fewer than two thirds of the coordinates touched); it keeps every touched coordinate, zero weight or not,
 * because {@code z} and {@code n} are needed to continue learning exactly.
 */
public final class LearnerCodec {

    /** The newest format version this build writes and reads; it reads every version from 1 on. */
    public static final int FORMAT_VERSION = 2;
    /** The version of linear learners that use none of version 2's additions. */
    public static final int FORMAT_VERSION_1 = 1;
    private static final byte[] MAGIC = {'T', 'R', 'B', 'L'};
    private static final int FIXED_HEADER = 4 + 2 + 2;
    static final int MAX_ALGORITHM_NAME = 256;

    private LearnerCodec() {
    }

    /**
     * @throws IllegalArgumentException when the learner is not one the codec knows how to store
     */
    public static byte[] encode(OnlineLearner learner) {
        Objects.requireNonNull(learner, "learner");
        return switch (learner) {
            case Pipeline pipeline -> PipelineCodec.encode(pipeline); // "TRBP": transforms' state, then this codec's learner
            case ModelSelector selector -> SelectorCodec.encode(selector); // "TRBS": competition, then each candidate
            case LinearModel model -> fitsVersion1(model.config()) ? encodeV1(model) : encodeLinearV2(model);
            case FtrlModel model -> encodeFtrlV2(model);
            case MlpLearner model -> encodeMlpV2(model);
            case ForecasterRegressor model -> ForecasterLayouts.encode(model);
            // Learners from plug-ins (e.g. tributary-tribuo) are stored in their provider's own format.
            default -> LearnerProviders.installed().forLearner(learner).map(p -> p.encode(learner))
                    .orElseThrow(() -> new IllegalArgumentException("cannot encode " + learner.getClass().getName()
                    + ": the codec supports " + LinearRegression.ALGORITHM + ", " + LogisticRegression.ALGORITHM
                    + ", " + SoftmaxRegression.ALGORITHM + ", " + FtrlClassifier.ALGORITHM + ", " + MlpRegressor.ALGORITHM
                    + ", the forecasters (nlinear, dlinear, lag_mlp, seasonal_naive), the learners of installed providers ("
                    + String.join(", ", LearnerProviders.installed().algorithms())
                    + "), a pipeline ending in one, or a model selector among them"));
        };
    }

    /** Whether version 1 can hold this config without losing anything. */
    static boolean fitsVersion1(LinearConfig c) {
        return c.optimizer() != Optimizer.ADAM && c.l1() == 0.0 && c.schedule() != Schedule.STEP
                && c.classWeights().isUniform()
                && Double.compare(c.beta1(), LinearConfig.DEFAULT_BETA1) == 0
                && Double.compare(c.beta2(), LinearConfig.DEFAULT_BETA2) == 0
                && c.decaySteps() == LinearConfig.DEFAULT_DECAY_STEPS
                && Double.compare(c.decayRate(), LinearConfig.DEFAULT_DECAY_RATE) == 0;
    }

    private static byte[] encodeV1(LinearModel model) {
        LinearConfig c = model.config();
        LinearState s = model.state();
        byte[] name = model.algorithm().getBytes(StandardCharsets.UTF_8);
        int rows = s.rows();
        int d = s.dimension();
        long floats = (long) rows * d + rows;
        if (s.hasAccumulators()) {
            floats *= 2;
        }
        long size = FIXED_HEADER + name.length + 1 + 4 + 4 + 1 + 1 + 4 * 8 + 8 + 4 + floats * 4 + 4;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("learner too large to encode (" + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC);
        buf.putShort((short) FORMAT_VERSION_1);
        buf.putShort((short) name.length);
        buf.put(name);
        buf.put(taskCode(model.task()));
        buf.putInt(c.dimension());
        buf.putInt(c.numClasses());
        buf.put(optimizerCode(c.optimizer()));
        buf.put(scheduleCode(c.schedule()));
        buf.putDouble(c.learningRate());
        buf.putDouble(c.l2());
        buf.putDouble(c.powerT());
        buf.putDouble(c.epsilon());
        buf.putLong(s.updates());
        buf.putInt(rows);
        putRows(buf, s.weights());
        putFloats(buf, s.intercepts());
        if (s.hasAccumulators()) {
            putRows(buf, s.weightAccumulators());
            putFloats(buf, s.interceptAccumulators());
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Decodes with {@link Kernels#preferred()}. */
    public static OnlineLearner decode(byte[] bytes) {
        return decode(bytes, Kernels.preferred());
    }

    /**
     * Reads any learner snapshot this build writes: this codec's ("TRBL"), a pipeline's ("TRBP") or a quantised one
     * ("TRBQ", whose learner comes back with fresh optimizer state, see {@link QuantizedCodec}).
     *
     * @throws IllegalArgumentException with the reason when the bytes are not a valid snapshot this build reads
     *                                  (bad magic, unknown version, truncated, corrupted, inconsistent)
     */
    public static OnlineLearner decode(byte[] bytes, Kernels kernels) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(kernels, "kernels");
        if (PipelineCodec.isPipelineSnapshot(bytes)) {
            return PipelineCodec.decode(bytes, kernels);
        }
        if (SelectorCodec.isSelectorSnapshot(bytes)) {
            return SelectorCodec.decode(bytes, kernels);
        }
        if (QuantizedCodec.isQuantizedSnapshot(bytes)) {
            return QuantizedCodec.decode(bytes, kernels);
        }
        Optional<LearnerProvider> provider = LearnerProviders.installed().forSnapshot(bytes);
        if (provider.isPresent()) {
            return provider.get().decode(bytes);
        }
        if (bytes.length < FIXED_HEADER) {
            throw new IllegalArgumentException(
                    "not a learner snapshot: " + bytes.length + " bytes is shorter than the header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (buf.get() != m) {
                throw new IllegalArgumentException(
                        "not a learner snapshot: bad magic (expected \"TRBL\", \"TRBP\", \"TRBS\" or \"TRBQ\")");
            }
        }
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != FORMAT_VERSION_1 && version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported learner snapshot format version " + version
                    + "; this build reads versions " + FORMAT_VERSION_1 + " to " + FORMAT_VERSION);
        }
        try {
            return version == FORMAT_VERSION_1 ? decodeV1(bytes, buf, kernels) : decodeV2(bytes, buf, kernels);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated learner snapshot (" + bytes.length + " bytes)", e);
        }
    }

    private static OnlineLearner decodeV1(byte[] bytes, ByteBuffer buf, Kernels kernels) {
        int nameLength = Short.toUnsignedInt(buf.getShort());
        if (nameLength == 0 || nameLength > MAX_ALGORITHM_NAME) {
            throw new IllegalArgumentException("corrupted learner snapshot: algorithm name length " + nameLength);
        }
        byte[] name = new byte[nameLength];
        buf.get(name);
        String algorithm = new String(name, StandardCharsets.UTF_8);
        Task task = task(buf.get());
        int dimension = buf.getInt();
        int numClasses = buf.getInt();
        Optimizer optimizer = optimizer(buf.get());
        Schedule schedule = schedule(buf.get());
        double learningRate = buf.getDouble();
        double l2 = buf.getDouble();
        double powerT = buf.getDouble();
        double epsilon = buf.getDouble();
        long updates = buf.getLong();
        int rows = buf.getInt();
        if (dimension <= 0 || rows <= 0) {
            throw new IllegalArgumentException(
                    "corrupted learner snapshot: dimension " + dimension + ", rows " + rows);
        }
        // Checked before allocating anything, so a corrupted size cannot trigger a huge allocation.
        long floats = (long) rows * dimension + rows;
        if (optimizer == Optimizer.ADAGRAD) {
            floats *= 2;
        }
        long expected = buf.position() + floats * 4 + 4;
        if (bytes.length < expected) {
            throw new IllegalArgumentException("truncated learner snapshot: header describes " + expected
                    + " bytes, got " + bytes.length);
        }
        if (bytes.length > expected) {
            throw new IllegalArgumentException("corrupted learner snapshot: " + (bytes.length - expected)
                    + " unexpected trailing bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted learner snapshot: checksum mismatch");
        }
        float[][] weights = getRows(buf, rows, dimension);
        float[] intercepts = getFloats(buf, rows);
        float[][] weightAcc = null;
        float[] interceptAcc = null;
        if (optimizer == Optimizer.ADAGRAD) {
            weightAcc = getRows(buf, rows, dimension);
            interceptAcc = getFloats(buf, rows);
        }
        try {
            LinearConfig config = new LinearConfig(
                    dimension, numClasses, optimizer, learningRate, l2, schedule, powerT, epsilon);
            LinearState state = new LinearState(updates, weights, intercepts, weightAcc, interceptAcc);
            return restoreLinear(algorithm, task, config, state, kernels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    static void expectTask(String algorithm, Task actual, Task expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(algorithm + " snapshot says task " + actual + ", expected " + expected);
        }
    }

    private static void putRows(ByteBuffer buf, float[][] rows) {
        for (float[] row : rows) {
            putFloats(buf, row);
        }
    }

    static void putFloats(ByteBuffer buf, float[] values) {
        buf.asFloatBuffer().put(values);
        buf.position(buf.position() + values.length * Float.BYTES);
    }

    private static float[][] getRows(ByteBuffer buf, int rows, int dimension) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = getFloats(buf, dimension);
        }
        return out;
    }

    static float[] getFloats(ByteBuffer buf, int n) {
        float[] out = new float[n];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + n * Float.BYTES);
        return out;
    }

    static byte taskCode(Task task) {
        return switch (task) {
            case REGRESSION -> 0;
            case BINARY_CLASSIFICATION -> 1;
            case MULTICLASS_CLASSIFICATION -> 2;
        };
    }

    static Task task(byte code) {
        return switch (code) {
            case 0 -> Task.REGRESSION;
            case 1 -> Task.BINARY_CLASSIFICATION;
            case 2 -> Task.MULTICLASS_CLASSIFICATION;
            default -> throw new IllegalArgumentException("corrupted learner snapshot: unknown task code " + code);
        };
    }

    private static byte optimizerCode(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> 0;
            case ADAGRAD -> 1;
            case ADAM -> throw new IllegalStateException("format version 1 has no Adam");
        };
    }

    private static Optimizer optimizer(byte code) {
        return switch (code) {
            case 0 -> Optimizer.SGD;
            case 1 -> Optimizer.ADAGRAD;
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown optimizer code " + code);
        };
    }

    private static byte scheduleCode(Schedule schedule) {
        return switch (schedule) {
            case CONSTANT -> 0;
            case INVSCALING -> 1;
            case STEP -> throw new IllegalStateException("format version 1 has no step schedule");
        };
    }

    private static Schedule schedule(byte code) {
        return switch (code) {
            case 0 -> Schedule.CONSTANT;
            case 1 -> Schedule.INVSCALING;
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown schedule code " + code);
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Format version 2

    /** Largest class count a version-2 snapshot may declare; far above any real model, it bounds allocations. */
    static final int MAX_CLASSES = 1 << 20;

    private static byte[] encodeLinearV2(LinearModel model) {
        LinearConfig c = model.config();
        LinearState s = model.state();
        int rows = s.rows();
        int d = s.dimension();
        long block = (long) rows * d + rows;
        long floats = block * (1 + (s.hasAccumulators() ? 1 : 0) + (s.hasMoments() ? 1 : 0));
        long size = headerV2Size(model.algorithm()) + linearConfigSize(c)
                + 8 + 4 + floats * 4 + (s.hasClassCounts() ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = allocate(size);
        putHeaderV2(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        putLinearConfig(buf, c);
        buf.putLong(s.updates());
        buf.putInt(rows);
        putRows(buf, s.weights());
        putFloats(buf, s.intercepts());
        if (s.hasAccumulators()) {
            putRows(buf, s.weightAccumulators());
            putFloats(buf, s.interceptAccumulators());
        }
        if (s.hasMoments()) {
            putRows(buf, s.weightMoments());
            putFloats(buf, s.interceptMoments());
        }
        if (s.hasClassCounts()) {
            putLongs(buf, s.classCounts());
        }
        return finish(buf);
    }

    private static byte[] encodeFtrlV2(FtrlModel model) {
        FtrlConfig c = model.config();
        FtrlState s = model.state();
        int d = s.dimension();
        float[] z = s.z();
        float[] n = s.n();
        int touched = 0;
        for (int i = 0; i < d; i++) {
            if (z[i] != 0f || n[i] != 0f) {
                touched++;
            }
        }
        boolean sparse = 12L * touched + 4 < 8L * d;
        long body = sparse ? 4 + 12L * touched : 8L * d;
        long size = headerV2Size(model.algorithm()) + ftrlConfigSize(c)
                + 8 + 8 + 8 + 1 + body + (s.classCounts() != null ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = allocate(size);
        putHeaderV2(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        putFtrlConfig(buf, c);
        buf.putLong(s.updates());
        buf.putDouble(s.interceptZ());
        buf.putDouble(s.interceptN());
        if (sparse) {
            buf.put((byte) 1);
            buf.putInt(touched);
            int[] indices = new int[touched];
            float[] zs = new float[touched];
            float[] ns = new float[touched];
            int k = 0;
            for (int i = 0; i < d; i++) {
                if (z[i] != 0f || n[i] != 0f) {
                    indices[k] = i;
                    zs[k] = z[i];
                    ns[k] = n[i];
                    k++;
                }
            }
            buf.asIntBuffer().put(indices);
            buf.position(buf.position() + touched * Integer.BYTES);
            putFloats(buf, zs);
            putFloats(buf, ns);
        } else {
            buf.put((byte) 0);
            putFloats(buf, z);
            putFloats(buf, n);
        }
        if (s.classCounts() != null) {
            putLongs(buf, s.classCounts());
        }
        return finish(buf);
    }

    private static OnlineLearner decodeV2(byte[] bytes, ByteBuffer buf, Kernels kernels) {
        int nameLength = Short.toUnsignedInt(buf.getShort());
        if (nameLength == 0 || nameLength > MAX_ALGORITHM_NAME) {
            throw new IllegalArgumentException("corrupted learner snapshot: algorithm name length " + nameLength);
        }
        byte[] name = new byte[nameLength];
        buf.get(name);
        String algorithm = new String(name, StandardCharsets.UTF_8);
        Task task = task(buf.get());
        int dimension = buf.getInt();
        int numClasses = buf.getInt();
        if (dimension <= 0 || numClasses < 1 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException(
                    "corrupted learner snapshot: dimension " + dimension + ", numClasses " + numClasses);
        }
        return switch (algorithm) {
            case LinearRegression.ALGORITHM, LogisticRegression.ALGORITHM, SoftmaxRegression.ALGORITHM ->
                    decodeLinearV2(bytes, buf, kernels, algorithm, task, dimension, numClasses);
            case FtrlClassifier.ALGORITHM -> decodeFtrlV2(bytes, buf, task, dimension, numClasses);
            case MlpRegressor.ALGORITHM -> decodeMlpV2(bytes, buf, kernels, task, dimension, numClasses);
            case String forecaster when ForecasterLayouts.isForecaster(forecaster) ->
                    ForecasterLayouts.decode(bytes, buf, kernels, forecaster, task, dimension, numClasses);
            default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'");
        };
    }

    private static OnlineLearner decodeLinearV2(byte[] bytes, ByteBuffer buf, Kernels kernels, String algorithm,
            Task task, int dimension, int numClasses) {
        LinearConfigFields fields = getLinearConfig(bytes, buf, numClasses);
        Optimizer optimizer = fields.optimizer();
        ClassWeights classWeights = fields.classWeights();
        long updates = buf.getLong();
        int rows = buf.getInt();
        if (rows <= 0) {
            throw new IllegalArgumentException("corrupted learner snapshot: rows " + rows);
        }
        long block = (long) rows * dimension + rows;
        long floats = block * (optimizer == Optimizer.SGD ? 1 : optimizer == Optimizer.ADAGRAD ? 2 : 3);
        long longs = classWeights.isBalanced() ? numClasses : 0;
        checkLengthAndChecksum(bytes, buf.position() + floats * 4 + longs * 8 + 4);
        float[][] weights = getRows(buf, rows, dimension);
        float[] intercepts = getFloats(buf, rows);
        float[][] weightAcc = null;
        float[] interceptAcc = null;
        float[][] weightMom = null;
        float[] interceptMom = null;
        if (optimizer != Optimizer.SGD) {
            weightAcc = getRows(buf, rows, dimension);
            interceptAcc = getFloats(buf, rows);
        }
        if (optimizer == Optimizer.ADAM) {
            weightMom = getRows(buf, rows, dimension);
            interceptMom = getFloats(buf, rows);
        }
        long[] classCounts = classWeights.isBalanced() ? getLongs(buf, numClasses) : null;
        try {
            LinearConfig config = fields.toConfig(dimension, numClasses);
            LinearState state = new LinearState(updates, weights, intercepts, weightAcc, interceptAcc, weightMom,
                    interceptMom, classCounts);
            return restoreLinear(algorithm, task, config, state, kernels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    /** Restores one of the three linear algorithms, checking that the stored task is the algorithm's. */
    static OnlineLearner restoreLinear(String algorithm, Task task, LinearConfig config, LinearState state,
            Kernels kernels) {
        return switch (algorithm) {
            case LinearRegression.ALGORITHM -> {
                expectTask(algorithm, task, Task.REGRESSION);
                yield LinearRegression.restore(config, state, kernels);
            }
            case LogisticRegression.ALGORITHM -> {
                expectTask(algorithm, task, Task.BINARY_CLASSIFICATION);
                yield LogisticRegression.restore(config, state, kernels);
            }
            case SoftmaxRegression.ALGORITHM -> {
                expectTask(algorithm, task, Task.MULTICLASS_CLASSIFICATION);
                yield SoftmaxRegression.restore(config, state, kernels);
            }
            default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'");
        };
    }

    /** The linear configuration as format version 2 stores it, read before the dimensions it needs are known. */
    record LinearConfigFields(Optimizer optimizer, Schedule schedule, double learningRate, double l1, double l2,
            double powerT, double epsilon, double beta1, double beta2, double decayRate, long decaySteps,
            ClassWeights classWeights) {

        /** @throws IllegalArgumentException when the values do not make a valid configuration */
        LinearConfig toConfig(int dimension, int numClasses) {
            return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT,
                    decaySteps, decayRate, epsilon, beta1, beta2, classWeights);
        }
    }

    static long linearConfigSize(LinearConfig c) {
        return 2 + 8 * 8 + 8 + classWeightsSize(c.classWeights(), c.numClasses());
    }

    static void putLinearConfig(ByteBuffer buf, LinearConfig c) {
        buf.put(optimizerCodeV2(c.optimizer()));
        buf.put(scheduleCodeV2(c.schedule()));
        buf.putDouble(c.learningRate());
        buf.putDouble(c.l1());
        buf.putDouble(c.l2());
        buf.putDouble(c.powerT());
        buf.putDouble(c.epsilon());
        buf.putDouble(c.beta1());
        buf.putDouble(c.beta2());
        buf.putDouble(c.decayRate());
        buf.putLong(c.decaySteps());
        putClassWeights(buf, c.classWeights());
    }

    static LinearConfigFields getLinearConfig(byte[] bytes, ByteBuffer buf, int numClasses) {
        Optimizer optimizer = optimizerV2(buf.get());
        Schedule schedule = scheduleV2(buf.get());
        double learningRate = buf.getDouble();
        double l1 = buf.getDouble();
        double l2 = buf.getDouble();
        double powerT = buf.getDouble();
        double epsilon = buf.getDouble();
        double beta1 = buf.getDouble();
        double beta2 = buf.getDouble();
        double decayRate = buf.getDouble();
        long decaySteps = buf.getLong();
        ClassWeights classWeights = getClassWeights(bytes, buf, numClasses);
        return new LinearConfigFields(optimizer, schedule, learningRate, l1, l2, powerT, epsilon, beta1, beta2,
                decayRate, decaySteps, classWeights);
    }

    private static OnlineLearner decodeFtrlV2(byte[] bytes, ByteBuffer buf, Task task, int dimension,
            int numClasses) {
        FtrlConfigFields fields = getFtrlConfig(bytes, buf, numClasses);
        ClassWeights classWeights = fields.classWeights();
        long updates = buf.getLong();
        double interceptZ = buf.getDouble();
        double interceptN = buf.getDouble();
        byte layout = buf.get();
        long longs = classWeights.isBalanced() ? numClasses : 0;
        float[] z;
        float[] n;
        switch (layout) {
            case 0 -> {
                checkLengthAndChecksum(bytes, buf.position() + 8L * dimension + 8 * longs + 4);
                z = getFloats(buf, dimension);
                n = getFloats(buf, dimension);
            }
            case 1 -> {
                int count = buf.getInt();
                if (count < 0 || count > dimension) {
                    throw new IllegalArgumentException("corrupted learner snapshot: " + count
                            + " stored coordinates for dimension " + dimension);
                }
                checkLengthAndChecksum(bytes, buf.position() + 12L * count + 8 * longs + 4);
                int[] indices = new int[count];
                buf.asIntBuffer().get(indices);
                buf.position(buf.position() + count * Integer.BYTES);
                float[] zs = getFloats(buf, count);
                float[] ns = getFloats(buf, count);
                z = new float[dimension];
                n = new float[dimension];
                int previous = -1;
                for (int k = 0; k < count; k++) {
                    int i = indices[k];
                    if (i <= previous || i >= dimension) {
                        throw new IllegalArgumentException("invalid learner snapshot: sparse coordinate " + i
                                + " out of order or outside [0, " + dimension + ")");
                    }
                    z[i] = zs[k];
                    n[i] = ns[k];
                    previous = i;
                }
            }
            default -> throw new IllegalArgumentException("corrupted learner snapshot: unknown ftrl layout " + layout);
        }
        long[] classCounts = classWeights.isBalanced() ? getLongs(buf, numClasses) : null;
        try {
            FtrlConfig config = fields.toConfig(dimension, numClasses);
            FtrlState state = new FtrlState(updates, z, n, interceptZ, interceptN, classCounts);
            return restoreFtrl(task, config, state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    static OnlineLearner restoreFtrl(Task task, FtrlConfig config, FtrlState state) {
        return switch (task) {
            case BINARY_CLASSIFICATION -> FtrlClassifier.restore(config, state);
            case REGRESSION -> FtrlRegressor.restore(config, state);
            case MULTICLASS_CLASSIFICATION -> throw new IllegalArgumentException(
                    "ftrl snapshot says task " + task + ", expected REGRESSION or BINARY_CLASSIFICATION");
        };
    }

    /** FTRL's configuration as format version 2 stores it. */
    record FtrlConfigFields(double alpha, double beta, double l1, double l2, ClassWeights classWeights) {

        /** @throws IllegalArgumentException when the values do not make a valid configuration */
        FtrlConfig toConfig(int dimension, int numClasses) {
            return new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
        }
    }

    static long ftrlConfigSize(FtrlConfig c) {
        return 4 * 8 + classWeightsSize(c.classWeights(), c.numClasses());
    }

    static void putFtrlConfig(ByteBuffer buf, FtrlConfig c) {
        buf.putDouble(c.alpha());
        buf.putDouble(c.beta());
        buf.putDouble(c.l1());
        buf.putDouble(c.l2());
        putClassWeights(buf, c.classWeights());
    }

    static FtrlConfigFields getFtrlConfig(byte[] bytes, ByteBuffer buf, int numClasses) {
        double alpha = buf.getDouble();
        double beta = buf.getDouble();
        double l1 = buf.getDouble();
        double l2 = buf.getDouble();
        return new FtrlConfigFields(alpha, beta, l1, l2, getClassWeights(bytes, buf, numClasses));
    }

    /** Most hidden layers a snapshot may declare; it bounds the allocation before the checksum is verified. */
    private static final int MAX_HIDDEN_LAYERS = 1024;

    private static byte[] encodeMlpV2(MlpLearner model) {
        MlpConfig c = model.config();
        MlpState s = model.state();
        List<Integer> hidden = c.hiddenLayers();
        long p = s.parameters().length;
        long size = headerV2Size(model.algorithm()) + 1 + 4 + 4L * hidden.size() + 5 * 8 + 4 + 8 + 4 + 8 + 8 + 4
                + 4 * (3 * p + s.bufferedInputs().length + s.bufferedTargets().length) + 4;
        ByteBuffer buf = allocate(size);
        putHeaderV2(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        buf.put(activationCode(c.activation()));
        buf.putInt(hidden.size());
        for (int w : hidden) {
            buf.putInt(w);
        }
        buf.putDouble(c.learningRate());
        buf.putDouble(c.weightDecay());
        buf.putDouble(c.beta1());
        buf.putDouble(c.beta2());
        buf.putDouble(c.epsilon());
        buf.putInt(c.batchSize());
        buf.putLong(c.seed());
        buf.putInt(c.trackEvery());
        buf.putLong(s.updates());
        buf.putLong(s.steps());
        buf.putInt(s.buffered());
        putFloats(buf, s.parameters());
        putFloats(buf, s.firstMoments());
        putFloats(buf, s.secondMoments());
        putFloats(buf, s.bufferedInputs());
        putFloats(buf, s.bufferedTargets());
        return finish(buf);
    }

    private static OnlineLearner decodeMlpV2(byte[] bytes, ByteBuffer buf, Kernels kernels, Task task, int dimension,
            int numClasses) {
        Activation activation = activation(buf.get());
        int layers = buf.getInt();
        if (layers < 1 || layers > MAX_HIDDEN_LAYERS) {
            throw new IllegalArgumentException("corrupted learner snapshot: " + layers + " hidden layers");
        }
        if (buf.remaining() < 4L * layers) {
            throw new IllegalArgumentException("truncated learner snapshot (" + bytes.length + " bytes)");
        }
        List<Integer> hidden = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            hidden.add(buf.getInt());
        }
        double learningRate = buf.getDouble();
        double weightDecay = buf.getDouble();
        double beta1 = buf.getDouble();
        double beta2 = buf.getDouble();
        double epsilon = buf.getDouble();
        int batchSize = buf.getInt();
        long seed = buf.getLong();
        int trackEvery = buf.getInt();
        long updates = buf.getLong();
        long steps = buf.getLong();
        int buffered = buf.getInt();
        MlpConfig config;
        try {
            config = new MlpConfig(task, dimension, numClasses, hidden, activation, learningRate, weightDecay, beta1,
                    beta2, epsilon, batchSize, seed, trackEvery);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
        if (buffered < 0 || buffered >= batchSize) {
            throw new IllegalArgumentException("corrupted learner snapshot: " + buffered
                    + " buffered instances for batch size " + batchSize);
        }
        // The config bounds the parameter count (MlpConfig.MAX_PARAMETERS), so this cannot overflow.
        long p = config.parameterCount();
        long floats = 3 * p + (long) buffered * dimension + buffered;
        checkLengthAndChecksum(bytes, buf.position() + 4 * floats + 4);
        float[] params = getFloats(buf, (int) p);
        float[] m = getFloats(buf, (int) p);
        float[] v = getFloats(buf, (int) p);
        float[] inputs = getFloats(buf, buffered * dimension);
        float[] targets = getFloats(buf, buffered);
        try {
            MlpState state = new MlpState(updates, steps, params, m, v, inputs, targets);
            return task == Task.REGRESSION ? MlpRegressor.restore(config, state, kernels)
                    : MlpClassifier.restore(config, state, kernels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    private static byte activationCode(Activation activation) {
        return switch (activation) {
            case SILU -> 0;
            case RELU -> 1;
            case TANH -> 2;
        };
    }

    private static Activation activation(byte code) {
        return switch (code) {
            case 0 -> Activation.SILU;
            case 1 -> Activation.RELU;
            case 2 -> Activation.TANH;
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown activation code " + code);
        };
    }

    static long headerV2Size(String algorithm) {
        return FIXED_HEADER + algorithm.getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
    }

    static ByteBuffer allocate(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("learner too large to encode (" + size + " bytes)");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void putHeaderV2(ByteBuffer buf, String algorithm, Task task, int dimension, int numClasses) {
        byte[] name = algorithm.getBytes(StandardCharsets.UTF_8);
        buf.put(MAGIC);
        buf.putShort((short) FORMAT_VERSION);
        buf.putShort((short) name.length);
        buf.put(name);
        buf.put(taskCode(task));
        buf.putInt(dimension);
        buf.putInt(numClasses);
    }

    /** Appends the CRC-32 of everything written so far; the buffer must then be exactly full. */
    static byte[] finish(ByteBuffer buf) {
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        if (buf.hasRemaining()) {
            throw new IllegalStateException("snapshot size miscomputed: " + buf.remaining() + " bytes left");
        }
        return buf.array();
    }

    /** Checked before allocating the arrays, so a corrupted size cannot trigger a huge allocation. */
    static void checkLengthAndChecksum(byte[] bytes, long expected) {
        if (bytes.length < expected) {
            throw new IllegalArgumentException("truncated learner snapshot: header describes " + expected
                    + " bytes, got " + bytes.length);
        }
        if (bytes.length > expected) {
            throw new IllegalArgumentException("corrupted learner snapshot: " + (bytes.length - expected)
                    + " unexpected trailing bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted learner snapshot: checksum mismatch");
        }
    }

    private static long classWeightsSize(ClassWeights weights, int numClasses) {
        return 1 + (weights.mode() == ClassWeights.Mode.EXPLICIT ? 8L * numClasses : 0);
    }

    private static void putClassWeights(ByteBuffer buf, ClassWeights weights) {
        switch (weights.mode()) {
            case UNIFORM -> buf.put((byte) 0);
            case BALANCED -> buf.put((byte) 1);
            case EXPLICIT -> {
                buf.put((byte) 2);
                for (double w : weights.explicitWeights()) {
                    buf.putDouble(w);
                }
            }
        }
    }

    private static ClassWeights getClassWeights(byte[] bytes, ByteBuffer buf, int numClasses) {
        byte mode = buf.get();
        return switch (mode) {
            case 0 -> ClassWeights.uniform();
            case 1 -> ClassWeights.balanced();
            case 2 -> {
                if (buf.remaining() < 8L * numClasses) {
                    throw new IllegalArgumentException("truncated learner snapshot (" + bytes.length + " bytes)");
                }
                double[] w = new double[numClasses];
                for (int k = 0; k < numClasses; k++) {
                    w[k] = buf.getDouble();
                }
                try {
                    yield ClassWeights.of(w);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
                }
            }
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown class-weight mode " + mode);
        };
    }

    static void putLongs(ByteBuffer buf, long[] values) {
        for (long v : values) {
            buf.putLong(v);
        }
    }

    static long[] getLongs(ByteBuffer buf, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = buf.getLong();
        }
        return out;
    }

    private static byte optimizerCodeV2(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> 0;
            case ADAGRAD -> 1;
            case ADAM -> 2;
        };
    }

    private static Optimizer optimizerV2(byte code) {
        return switch (code) {
            case 0 -> Optimizer.SGD;
            case 1 -> Optimizer.ADAGRAD;
            case 2 -> Optimizer.ADAM;
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown optimizer code " + code);
        };
    }

    private static byte scheduleCodeV2(Schedule schedule) {
        return switch (schedule) {
            case CONSTANT -> 0;
            case INVSCALING -> 1;
            case STEP -> 2;
        };
    }

    private static Schedule scheduleV2(byte code) {
        return switch (code) {
            case 0 -> Schedule.CONSTANT;
            case 1 -> Schedule.INVSCALING;
            case 2 -> Schedule.STEP;
            default -> throw new IllegalArgumentException(
                    "corrupted learner snapshot: unknown schedule code " + code);
        };
    }
}
