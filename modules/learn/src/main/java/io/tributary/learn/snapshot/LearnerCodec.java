package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
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
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
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
 * <p>Pipelines ({@link Pipeline}) are stored by {@link PipelineCodec} (magic "TRBP"), to which {@link #encode} and
 * {@link #decode} delegate.
 */
public final class LearnerCodec {

    public static final int FORMAT_VERSION = 1;
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
        if (learner instanceof Pipeline pipeline) {
            return PipelineCodec.encode(pipeline); // "TRBP": transforms' state, then this codec's learner snapshot
        }
        if (!(learner instanceof LinearModel model)) {
            throw new IllegalArgumentException("cannot encode " + learner.getClass().getName()
                    + ": the codec supports " + LinearRegression.ALGORITHM + ", " + LogisticRegression.ALGORITHM
                    + ", " + SoftmaxRegression.ALGORITHM);
        }
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
        buf.putShort((short) FORMAT_VERSION);
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
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported learner snapshot format version " + version
                    + "; this build reads version " + FORMAT_VERSION);
        }
        try {
            return decodeV1(bytes, buf, kernels);
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
}
