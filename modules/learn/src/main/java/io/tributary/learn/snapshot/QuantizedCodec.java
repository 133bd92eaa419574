package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
import io.tributary.learn.ftrl.FtrlClassifier;
import io.tributary.learn.ftrl.FtrlConfig;
import io.tributary.learn.ftrl.FtrlModel;
import io.tributary.learn.ftrl.FtrlState;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearModel;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LinearState;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.Pipeline;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A <b>serving</b> snapshot of a learner with its weights quantised to int8: about a quarter of the bytes of a
 * {@link LearnerCodec} snapshot of the weights, an eighth of an AdaGrad or FTRL one and a twelfth of an Adam one (whose
 * optimizer state this format drops), for shipping a model to where it only predicts, or keeping many versions of it.
 *
 * <p><b>What is stored.</b> Every weight row {@code w} (one for regression and binary logistic regression, one per
 * class for softmax regression, FTRL's effective weights) as one float scale {@code s = max|w| / 127} and one int8
 * code per weight, {@code q = round(w / s)} to the nearest integer, so that the decoded weight {@code q s} is within
 * {@code s / 2} of the original ({@link Int8Rows}). Intercepts, the configuration, the update count and balanced
 * class weights' counts are kept exactly.
 *
 * <p><b>Why per row and symmetric.</b> Per row rather than one scale for the whole weight matrix: softmax's class
 * rows can differ in magnitude by orders, and one scale set by the largest row would leave the others few levels;
 * the extra float per row is 0.4 % of the bytes at d = 1000. (Finer groups would resist a single outlier within a
 * row better, at 4 bytes per group; linear models rarely need it, and the row is the unit the dot product uses.)
 * Symmetric rather than asymmetric (a zero point): weights of linear models straddle zero with roughly symmetric
 * ranges, so an offset would buy at most one bit; symmetric codes keep zero exactly zero, so weights that L1 or
 * FTRL set to 0 and coordinates never trained stay 0 (sparse FTRL models stay sparse), the decoded weight is
 * simply {@code q s} with no offset term in the dot product, and negating a row negates its codes.
 *
 * <p><b>Optimizer state is dropped.</b> AdaGrad's sums of squared gradients, Adam's moments and FTRL's {@code n}
 * are not stored, and {@link #decode} returns a learner whose optimizer state starts fresh: zero accumulators and
 * moments, as if a new learner had been warm-started at the decoded weights. It serves at once and can continue
 * learning, but its first steps are those of a fresh optimizer (AdaGrad and FTRL restart their per-coordinate
 * rates at the base rate) rather than the original's continuation. Quantising that state instead was rejected: an
 * accumulator row spans many orders of magnitude (frequent and rare coordinates), so int8 under one scale would
 * round the rare coordinates' sums to zero and hand them the base rate anyway, while keeping it as float would
 * double or triple the size. The update count is kept: it is the model's version, and the learning-rate schedule
 * ({@code invscaling}, {@code step}) continues from it. Adam's bias correction reads it too, so a decoded Adam
 * learner with many updates behind it corrects its fresh moments as if they were old: its first step is
 * {@code (1 - beta1) / sqrt(1 - beta2)} times the learning rate per coordinate (3.2 with the default betas, where a
 * fresh Adam's is 1), under a steady gradient the next tens of steps are larger still (6.5 times at the tenth),
 * and the excess fades as the second moments fill, over about {@code 1 / (1 - beta2)} steps. Use
 * {@link LearnerCodec} to continue training exactly.
 *
 * <p><b>FTRL</b> stores its effective weights {@code w_i} (what prediction uses), quantised like a row, and its
 * effective intercept {@code b} as a double (FTRL computes in double). Quantising {@code z} with {@code n} kept as
 * float was rejected: it saves only 3 of 8 bytes per coordinate, and since {@code w_i} is {@code z_i} shifted by
 * {@code l1} and divided by a per-coordinate denominator that varies by orders of magnitude, one scale on {@code z}
 * does not bound the weight error, and rounding can move {@code |z_i|} across {@code l1}, turning weights on or off.
 * Decoding inverts FTRL's weight formula at {@code n = 0}: {@code z_i = -(w_i (beta / alpha + l2) + sign(w_i) l1)},
 * {@code z_b = -b beta / alpha}, so the decoded learner computes the decoded weights (up to the float rounding of
 * {@code z_i}). That needs {@code beta > 0}: with {@code beta = 0} a learner whose {@code n} is 0 cannot hold a
 * non-zero intercept, so such models are refused.
 *
 * <p><b>Pipelines</b> are stored by {@link PipelineCodec} as usual ("TRBP"), with their transforms exact and only
 * the final learner quantised. {@link LearnerCodec#decode} recognises this format's magic, so every stored
 * learner, quantised or not, decodes through that one entry point.
 *
 * <p>Format version 1, all little-endian:
 * <pre>
 *   4  magic "TRBQ"    2  format version (1)    2  algorithm name length n, n bytes of UTF-8
 *   1  task (0 regression, 1 binary, 2 multiclass)    4  dimension d    4  numClasses K
 *
 *   linear_regression, logistic_regression, softmax_regression:
 *   the configuration as in {@link LearnerCodec}'s version 2 (optimizer, schedule, 8 doubles, decay_steps,
 *   class weights)
 *   8  updates         4  rows r
 *   r times: 4  scale s (float, finite, >= 0), then d int8 codes q in [-127, 127]; weight = q * s
 *   r floats intercepts
 *   balanced class weights only: K longs class counts
 *
 *   ftrl:
 *   8  alpha  8  beta  8  l1  8  l2   (doubles), class weights
 *   8  updates         8  intercept b (double)         4  scale s (float, finite, >= 0)
 *   1  layout: 0 dense:  d int8 codes
 *              1 sparse: 4 count c, c ints indices (strictly increasing), c int8 codes (non-zero); every other
 *                        weight is 0
 *   balanced class weights only: K longs class counts
 *
 *   4  CRC-32 of every preceding byte
 * </pre>
 * The sparse FTRL layout is chosen when it is smaller (fewer than a fifth of the codes non-zero). So a linear
 * learner takes {@code header + config + 12 + r (d + 8) + 8K (balanced) + 4} bytes against
 * {@code 4 r (d + 1)} per stored float block in {@link LearnerCodec}'s format.
 */
public final class QuantizedCodec {

    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'T', 'R', 'B', 'Q'};
    private static final int FIXED_HEADER = 4 + 2 + 2;
    private static final byte DENSE = 0;
    private static final byte SPARSE = 1;

    private QuantizedCodec() {
    }

    /** True when {@code bytes} start with a quantised learner snapshot's magic. */
    public static boolean isQuantizedSnapshot(byte[] bytes) {
        return Magic.startsWith(bytes, MAGIC);
    }

    /**
     * A quantised serving snapshot of {@code learner}; for a pipeline, a {@link PipelineCodec} snapshot whose
     * learner is quantised.
     *
     * @throws IllegalArgumentException when the learner is not one the codec can store, a weight is NaN or infinite,
     *                                  or an FTRL learner has {@code beta = 0} (see the class comment)
     */
    public static byte[] encode(OnlineLearner learner) {
        Objects.requireNonNull(learner, "learner");
        return switch (learner) {
            case Pipeline pipeline -> PipelineCodec.encode(pipeline, QuantizedCodec::encode);
            case LinearModel model -> encodeLinear(model);
            case FtrlModel model -> encodeFtrl(model);
            default -> throw new IllegalArgumentException("cannot quantise " + learner.getClass().getName()
                    + ": the codec supports " + LinearRegression.ALGORITHM + ", " + LogisticRegression.ALGORITHM
                    + ", " + SoftmaxRegression.ALGORITHM + ", " + FtrlClassifier.ALGORITHM
                    + ", or a pipeline ending in one");
        };
    }

    /** Decodes with {@link Kernels#preferred()}. */
    public static OnlineLearner decode(byte[] bytes) {
        return decode(bytes, Kernels.preferred());
    }

    /**
     * Reads what {@link #encode} writes: a quantised snapshot, or a pipeline (whose learner may be stored either
     * way). The result serves the dequantised weights and learns on from fresh optimizer state. {@link
     * LearnerCodec#decode} reads these too, and every other snapshot.
     *
     * @throws IllegalArgumentException with the reason when the bytes are not a valid quantised snapshot (bad magic,
     *                                  unknown version, truncated, corrupted, inconsistent)
     */
    public static OnlineLearner decode(byte[] bytes, Kernels kernels) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(kernels, "kernels");
        if (PipelineCodec.isPipelineSnapshot(bytes)) {
            return PipelineCodec.decode(bytes, kernels);
        }
        if (bytes.length < FIXED_HEADER) {
            throw new IllegalArgumentException(
                    "not a quantised learner snapshot: " + bytes.length + " bytes is shorter than the header");
        }
        if (!isQuantizedSnapshot(bytes)) {
            throw new IllegalArgumentException("not a quantised learner snapshot: bad magic (expected \"TRBQ\")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported quantised learner snapshot format version " + version
                    + "; this build reads version " + FORMAT_VERSION);
        }
        try {
            int nameLength = Short.toUnsignedInt(buf.getShort());
            if (nameLength == 0 || nameLength > LearnerCodec.MAX_ALGORITHM_NAME) {
                throw new IllegalArgumentException(
                        "corrupted learner snapshot: algorithm name length " + nameLength);
            }
            byte[] name = new byte[nameLength];
            buf.get(name);
            String algorithm = new String(name, StandardCharsets.UTF_8);
            Task task = LearnerCodec.task(buf.get());
            int dimension = buf.getInt();
            int numClasses = buf.getInt();
            if (dimension <= 0 || numClasses < 1 || numClasses > LearnerCodec.MAX_CLASSES) {
                throw new IllegalArgumentException(
                        "corrupted learner snapshot: dimension " + dimension + ", numClasses " + numClasses);
            }
            return switch (algorithm) {
                case LinearRegression.ALGORITHM, LogisticRegression.ALGORITHM, SoftmaxRegression.ALGORITHM ->
                        decodeLinear(bytes, buf, kernels, algorithm, task, dimension, numClasses);
                case FtrlClassifier.ALGORITHM -> decodeFtrl(bytes, buf, task, dimension, numClasses);
                default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm + "'");
            };
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated learner snapshot (" + bytes.length + " bytes)", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Linear learners

    private static byte[] encodeLinear(LinearModel model) {
        LinearConfig c = model.config();
        LinearState s = model.state();
        int rows = s.rows();
        int d = s.dimension();
        long size = headerSize(model.algorithm()) + LearnerCodec.linearConfigSize(c) + 8 + 4
                + rows * (4L + d) + 4L * rows + (s.hasClassCounts() ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = LearnerCodec.allocate(size);
        putHeader(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        LearnerCodec.putLinearConfig(buf, c);
        buf.putLong(s.updates());
        buf.putInt(rows);
        byte[] codes = new byte[d];
        for (int r = 0; r < rows; r++) {
            float[] w = s.weights()[r];
            float scale;
            try {
                scale = Int8Rows.scale(w);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + r + ": " + e.getMessage(), e);
            }
            Int8Rows.quantize(w, scale, codes);
            buf.putFloat(scale);
            buf.put(codes);
        }
        LearnerCodec.putFloats(buf, s.intercepts());
        if (s.hasClassCounts()) {
            LearnerCodec.putLongs(buf, s.classCounts());
        }
        return LearnerCodec.finish(buf);
    }

    private static OnlineLearner decodeLinear(byte[] bytes, ByteBuffer buf, Kernels kernels, String algorithm,
            Task task, int dimension, int numClasses) {
        LearnerCodec.LinearConfigFields fields = LearnerCodec.getLinearConfig(bytes, buf, numClasses);
        long updates = buf.getLong();
        int rows = buf.getInt();
        if (rows <= 0) {
            throw new IllegalArgumentException("corrupted learner snapshot: rows " + rows);
        }
        boolean balanced = fields.classWeights().isBalanced();
        // Checked before allocating, so a corrupted size cannot trigger a huge allocation.
        LearnerCodec.checkLengthAndChecksum(bytes, buf.position() + rows * (4L + dimension) + 4L * rows
                + (balanced ? 8L * numClasses : 0) + 4);
        float[][] weights = new float[rows][];
        byte[] codes = new byte[dimension];
        for (int r = 0; r < rows; r++) {
            float scale = getScale(buf, "row " + r);
            buf.get(codes);
            weights[r] = dequantize(codes, scale, "row " + r);
        }
        float[] intercepts = LearnerCodec.getFloats(buf, rows);
        long[] classCounts = balanced ? LearnerCodec.getLongs(buf, numClasses) : null;
        Optimizer optimizer = fields.optimizer();
        boolean accumulators = optimizer != Optimizer.SGD;
        boolean moments = optimizer == Optimizer.ADAM;
        try {
            LinearConfig config = fields.toConfig(dimension, numClasses);
            // Fresh optimizer state: what a new learner starts with.
            LinearState state = new LinearState(updates, weights, intercepts,
                    accumulators ? new float[rows][dimension] : null, accumulators ? new float[rows] : null,
                    moments ? new float[rows][dimension] : null, moments ? new float[rows] : null, classCounts);
            return LearnerCodec.restoreLinear(algorithm, task, config, state, kernels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // FTRL

    private static byte[] encodeFtrl(FtrlModel model) {
        FtrlConfig c = model.config();
        warmStartDenominator(c);
        int d = model.dimension();
        float[] w = model.weights();
        float scale = Int8Rows.scale(w);
        byte[] codes = new byte[d];
        Int8Rows.quantize(w, scale, codes);
        int nonZero = 0;
        for (byte q : codes) {
            if (q != 0) {
                nonZero++;
            }
        }
        boolean sparse = 4 + 5L * nonZero < d;
        long body = sparse ? 4 + 5L * nonZero : d;
        long[] classCounts = model.state().classCounts();
        long size = headerSize(model.algorithm()) + LearnerCodec.ftrlConfigSize(c) + 8 + 8 + 4 + 1 + body
                + (classCounts != null ? 8L * c.numClasses() : 0) + 4;
        ByteBuffer buf = LearnerCodec.allocate(size);
        putHeader(buf, model.algorithm(), model.task(), c.dimension(), c.numClasses());
        LearnerCodec.putFtrlConfig(buf, c);
        buf.putLong(model.updates());
        buf.putDouble(model.intercept());
        buf.putFloat(scale);
        if (sparse) {
            buf.put(SPARSE);
            buf.putInt(nonZero);
            for (int i = 0; i < d; i++) {
                if (codes[i] != 0) {
                    buf.putInt(i);
                }
            }
            for (int i = 0; i < d; i++) {
                if (codes[i] != 0) {
                    buf.put(codes[i]);
                }
            }
        } else {
            buf.put(DENSE);
            buf.put(codes);
        }
        if (classCounts != null) {
            LearnerCodec.putLongs(buf, classCounts);
        }
        return LearnerCodec.finish(buf);
    }

    private static OnlineLearner decodeFtrl(byte[] bytes, ByteBuffer buf, Task task, int dimension,
            int numClasses) {
        LearnerCodec.FtrlConfigFields fields = LearnerCodec.getFtrlConfig(bytes, buf, numClasses);
        long updates = buf.getLong();
        double intercept = buf.getDouble();
        float scale = getScale(buf, "ftrl weights");
        byte layout = buf.get();
        long longs = fields.classWeights().isBalanced() ? numClasses : 0;
        float[] weights;
        switch (layout) {
            case DENSE -> {
                LearnerCodec.checkLengthAndChecksum(bytes, buf.position() + (long) dimension + 8 * longs + 4);
                byte[] codes = new byte[dimension];
                buf.get(codes);
                weights = dequantize(codes, scale, "ftrl weights");
            }
            case SPARSE -> {
                int count = buf.getInt();
                if (count < 0 || count > dimension) {
                    throw new IllegalArgumentException("corrupted learner snapshot: " + count
                            + " stored weights for dimension " + dimension);
                }
                LearnerCodec.checkLengthAndChecksum(bytes, buf.position() + 5L * count + 8 * longs + 4);
                int[] indices = new int[count];
                buf.asIntBuffer().get(indices);
                buf.position(buf.position() + count * Integer.BYTES);
                byte[] codes = new byte[count];
                buf.get(codes);
                weights = new float[dimension];
                int previous = -1;
                for (int k = 0; k < count; k++) {
                    int i = indices[k];
                    if (i <= previous || i >= dimension) {
                        throw new IllegalArgumentException("invalid learner snapshot: sparse coordinate " + i
                                + " out of order or outside [0, " + dimension + ")");
                    }
                    if (codes[k] == 0) {
                        throw new IllegalArgumentException("invalid learner snapshot: the sparse layout stores "
                                + "non-zero codes only, coordinate " + i + " has code 0");
                    }
                    weights[i] = code(codes[k], scale, "ftrl weights", i);
                    previous = i;
                }
            }
            default -> throw new IllegalArgumentException("corrupted learner snapshot: unknown ftrl layout " + layout);
        }
        long[] classCounts = longs > 0 ? LearnerCodec.getLongs(buf, numClasses) : null;
        try {
            FtrlConfig config = fields.toConfig(dimension, numClasses);
            double denominator = warmStartDenominator(config);
            // FTRL's weight formula inverted at n = 0 (see the class comment); n itself starts fresh.
            float[] z = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                double w = weights[i];
                if (w != 0) {
                    z[i] = (float) -(w * denominator + Math.copySign(config.l1(), w));
                }
            }
            double interceptZ = -intercept * config.beta() / config.alpha();
            FtrlState state = new FtrlState(updates, z, new float[dimension], interceptZ, 0.0, classCounts);
            return LearnerCodec.restoreFtrl(task, config, state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid learner snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * FTRL's weight denominator at {@code n = 0}, {@code beta / alpha + l2}, which decoding divides by.
     *
     * @throws IllegalArgumentException when {@code beta = 0} or the denominator overflows: the weights and intercept
     *                                  cannot then be restored with fresh {@code n}
     */
    private static double warmStartDenominator(FtrlConfig c) {
        if (!(c.beta() > 0)) {
            throw new IllegalArgumentException("a quantised ftrl snapshot needs beta > 0, got " + c.beta()
                    + ": it resets n to 0, and with beta = 0 a learner whose n is 0 cannot hold its intercept");
        }
        double denominator = c.beta() / c.alpha() + c.l2();
        if (!Double.isFinite(denominator)) {
            throw new IllegalArgumentException("a quantised ftrl snapshot needs a finite beta / alpha + l2, got "
                    + denominator + ": the weights cannot be restored at n = 0");
        }
        return denominator;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared

    private static long headerSize(String algorithm) {
        return FIXED_HEADER + algorithm.getBytes(StandardCharsets.UTF_8).length + 1 + 4 + 4;
    }

    private static void putHeader(ByteBuffer buf, String algorithm, Task task, int dimension, int numClasses) {
        byte[] name = algorithm.getBytes(StandardCharsets.UTF_8);
        buf.put(MAGIC);
        buf.putShort((short) FORMAT_VERSION);
        buf.putShort((short) name.length);
        buf.put(name);
        buf.put(LearnerCodec.taskCode(task));
        buf.putInt(dimension);
        buf.putInt(numClasses);
    }

    private static float getScale(ByteBuffer buf, String what) {
        float scale = buf.getFloat();
        if (!(scale >= 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("invalid learner snapshot: " + what + " has scale " + scale
                    + "; a scale must be finite and >= 0");
        }
        return scale;
    }

    private static float[] dequantize(byte[] codes, float scale, String what) {
        float[] w = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            w[i] = code(codes[i], scale, what, i);
        }
        return w;
    }

    private static float code(byte q, float scale, String what, int i) {
        if (q < -Int8Rows.MAX_CODE) {
            throw new IllegalArgumentException("invalid learner snapshot: " + what + ", coordinate " + i
                    + " has code " + q + ", outside the symmetric range [-127, 127]");
        }
        return Int8Rows.dequantize(q, scale);
    }
}
