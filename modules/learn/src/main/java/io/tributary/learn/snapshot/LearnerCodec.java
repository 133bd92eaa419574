package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
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
import io.tributary.learn.simd.Kernels;
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
 * delegate. Learners of a {@link LearnerProvider} are stored in the provider's own format, which starts with the
 * provider's 4-byte magic: {@link #encode} hands a learner to the first provider whose
 * {@link LearnerProvider#canEncode} accepts it, and {@link #decode} dispatches on the magic.
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
    private static final int MAX_ALGORITHM_NAME = 256;

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
            // Learners from plug-ins (e.g. tributary-tribuo) are stored in their provider's own format.
            default -> LearnerProviders.installed().forLearner(learner).map(p -> p.encode(learner))
                    .orElseThrow(() -> new IllegalArgumentException("cannot encode " + learner.getClass().getName()
                    + ": the codec supports " + LinearRegression.ALGORITHM + ", " + LogisticRegression.ALGORITHM
                    + ", " + SoftmaxRegression.ALGORITHM + ", " + FtrlClassifier.ALGORITHM
                    + ", the learners of installed providers (" + String.join(", ",
                            LearnerProviders.installed().algorithms())
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
                throw new IllegalArgumentException("not a learner snapshot: bad magic (expected \"TRBL\")");
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
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    private static void expectTask(String algorithm, Task actual, Task expected) {
        if (actual != expected) {
            throw new IllegalArgumentException(algorithm + " snapshot says task " + actual + ", expected " + expected);
        }
    }

    private static void putRows(ByteBuffer buf, float[][] rows) {
        for (float[] row : rows) {
            putFloats(buf, row);
        }
    }

    private static void putFloats(ByteBuffer buf, float[] values) {
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

    private static float[] getFloats(ByteBuffer buf, int n) {
        float[] out = new float[n];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + n * Float.BYTES);
        return out;
    }

    private static byte taskCode(Task task) {
        return switch (task) {
            case REGRESSION -> 0;
            case BINARY_CLASSIFICATION -> 1;
            case MULTICLASS_CLASSIFICATION -> 2;
        };
    }

    private static Task task(byte code) {
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
    private static final int MAX_CLASSES = 1 << 20;

    private static byte[] encodeLinearV2(LinearModel model) {
        LinearConfig c = model.config();
        LinearState s = model.state();
        int rows = s.rows();
        int d = s.dimension();
        long block = (long) rows * d + rows;
        long floats = block * (1 + (s.hasAccumulators() ? 1 : 0) + (s.hasMoments() ? 1 : 0));
        long size = headerV2Size(model.algorithm()) + 2 + 8 * 8 + 8 + classWeightsSize(c.classWeights(), c.numClasses())
                + 8 + 4 + floats * 4 + (s.hasClassCounts() ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = allocate(size);
        putHeaderV2(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
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
        long size = headerV2Size(model.algorithm()) + 4 * 8 + classWeightsSize(c.classWeights(), c.numClasses())
                + 8 + 8 + 8 + 1 + body + (s.classCounts() != null ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = allocate(size);
        putHeaderV2(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        buf.putDouble(c.alpha());
        buf.putDouble(c.beta());
        buf.putDouble(c.l1());
        buf.putDouble(c.l2());
        putClassWeights(buf, c.classWeights());
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
            default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'");
        };
    }

    private static OnlineLearner decodeLinearV2(byte[] bytes, ByteBuffer buf, Kernels kernels, String algorithm,
            Task task, int dimension, int numClasses) {
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
            LinearConfig config = new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule,
                    powerT, decaySteps, decayRate, epsilon, beta1, beta2, classWeights);
            LinearState state = new LinearState(updates, weights, intercepts, weightAcc, interceptAcc, weightMom,
                    interceptMom, classCounts);
            return switch (algorithm) {
                case LinearRegression.ALGORITHM -> {
                    expectTask(algorithm, task, Task.REGRESSION);
                    yield LinearRegression.restore(config, state, kernels);
                }
                case LogisticRegression.ALGORITHM -> {
                    expectTask(algorithm, task, Task.BINARY_CLASSIFICATION);
                    yield LogisticRegression.restore(config, state, kernels);
                }
                default -> {
                    expectTask(algorithm, task, Task.MULTICLASS_CLASSIFICATION);
                    yield SoftmaxRegression.restore(config, state, kernels);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    private static OnlineLearner decodeFtrlV2(byte[] bytes, ByteBuffer buf, Task task, int dimension,
            int numClasses) {
        double alpha = buf.getDouble();
        double beta = buf.getDouble();
        double l1 = buf.getDouble();
        double l2 = buf.getDouble();
        ClassWeights classWeights = getClassWeights(bytes, buf, numClasses);
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
            FtrlConfig config = new FtrlConfig(dimension, numClasses, alpha, beta, l1, l2, classWeights);
            FtrlState state = new FtrlState(updates, z, n, interceptZ, interceptN, classCounts);
            return switch (task) {
                case BINARY_CLASSIFICATION -> FtrlClassifier.restore(config, state);
                case REGRESSION -> FtrlRegressor.restore(config, state);
                case MULTICLASS_CLASSIFICATION -> throw new IllegalArgumentException(
                        "ftrl snapshot says task " + task + ", expected REGRESSION or BINARY_CLASSIFICATION");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    private static long headerV2Size(String algorithm) {
        return FIXED_HEADER + algorithm.getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
    }

    private static ByteBuffer allocate(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("learner too large to encode (" + size + " bytes)");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putHeaderV2(ByteBuffer buf, String algorithm, Task task, int dimension, int numClasses) {
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
    private static byte[] finish(ByteBuffer buf) {
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        if (buf.hasRemaining()) {
            throw new IllegalStateException("snapshot size miscomputed: " + buf.remaining() + " bytes left");
        }
        return buf.array();
    }

    /** Checked before allocating the arrays, so a corrupted size cannot trigger a huge allocation. */
    private static void checkLengthAndChecksum(byte[] bytes, long expected) {
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

    private static void putLongs(ByteBuffer buf, long[] values) {
        for (long v : values) {
            buf.putLong(v);
        }
    }

    private static long[] getLongs(ByteBuffer buf, int n) {
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
