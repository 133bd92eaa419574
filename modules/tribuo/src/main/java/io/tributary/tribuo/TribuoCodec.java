package io.tributary.tribuo;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.tribuo.Model;

/**
 * The snapshot of a {@link TribuoLearner}: its whole configuration, its progress, the window's events (and the
 * reservoir's generator state) and the served model as Tribuo protobuf bytes, so that a decoded learner serves the
 * same model at once and goes on exactly as the original would (same next triggers, same reservoir draws, same
 * trainer random streams).
 *
 * <p>Format version 1, little-endian (Tribuo's protobuf bytes excepted, which are Tribuo's):
 * <pre>
 *   4  magic "TRBT"            2  format version (1)
 *   1  task (0 regression, 1 binary, 2 multiclass)    4  dimension d    4  numClasses K
 *   4  hyper-parameter count h, then h times:
 *        2 key length, UTF-8 key; 1 type (0 long, 1 double, 2 string, 3 boolean);
 *        value: 8 (long, double) | 2 length + UTF-8 (string) | 1 (boolean)
 *   8  updates   8  events since the last retrain trigger   8  triggers so far   1  retrain pending (0/1)
 *   8  retrains   8  retrain failures   8  retrains coalesced
 *   8  last retrain seconds   8  last model serialisation seconds   (doubles, NaN if none)
 *   4  evaluation entries e, then e times: 2 key length, UTF-8 key, 8 value (double)
 *   1  window kind (0 sliding, 1 reservoir)   8  events offered to the window   8  reservoir generator state (0 sliding)
 *   4  rows n (oldest first for sliding, slot order for reservoir), then n times:
 *        8 target (double; the class index for classification)
 *        1 layout: 0 dense, d floats | 1 sparse, 4 count c, c ints indices, c floats values
 *   8  model version (0: no model yet)   4  protobuf length p   p bytes: the model's {@code ModelProto}
 *   4  CRC-32 of every preceding byte
 * </pre>
 * The configuration is stored as the complete hyper-parameter map ({@link TribuoConfig#hyperparameters()}, every
 * default spelled out) and decoded through {@link TribuoConfig#parse}, so a snapshot is validated like a config
 * and keeps its meaning if a later build changes a default. The model's bytes are kept as they were produced when
 * it was trained, so encoding a decoded learner gives the same bytes again. The held-out evaluation in progress is
 * not stored: a decoded learner evaluates its served model afresh on the events that follow.
 */
public final class TribuoCodec {

    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = {'T', 'R', 'B', 'T'};
    private static final int MAX_KEY = 256;

    private TribuoCodec() {
    }

    public static byte[] encode(TribuoLearner<?> learner) {
        Objects.requireNonNull(learner, "learner");
        TribuoConfig config = learner.config();
        TribuoLearner.Progress progress = learner.progress();
        TribuoLearner.Served<?> served = learner.served();
        TrainingWindow window = learner.window;
        Out out = new Out(256 + window.size() * (9 + 4 * config.dimension())
                + (served == null ? 0 : served.protobuf().length));
        out.bytes(MAGIC);
        out.u16(FORMAT_VERSION);
        out.u8(switch (config.task()) {
            case REGRESSION -> 0;
            case BINARY_CLASSIFICATION -> 1;
            case MULTICLASS_CLASSIFICATION -> 2;
        });
        out.i32(config.dimension());
        out.i32(config.numClasses());
        Map<String, Object> hp = config.hyperparameters();
        out.i32(hp.size());
        for (Map.Entry<String, Object> e : hp.entrySet()) {
            out.text(e.getKey());
            switch (e.getValue()) {
                case Long v -> {
                    out.u8(0);
                    out.i64(v);
                }
                case Double v -> {
                    out.u8(1);
                    out.f64(v);
                }
                case String v -> {
                    out.u8(2);
                    out.text(v);
                }
                case Boolean v -> {
                    out.u8(3);
                    out.u8(v ? 1 : 0);
                }
                default -> throw new IllegalStateException("hyper-parameter " + e.getKey() + " has a value of type "
                        + e.getValue().getClass().getName());
            }
        }
        out.i64(progress.updates());
        out.i64(progress.sinceTrigger());
        out.i64(progress.triggers());
        out.u8(progress.retrainPending() ? 1 : 0);
        out.i64(progress.retrains());
        out.i64(progress.failures());
        out.i64(progress.coalesced());
        out.f64(progress.lastRetrainSeconds());
        out.f64(progress.lastSerializeSeconds());
        out.i32(progress.evaluation().size());
        for (Map.Entry<String, Double> e : progress.evaluation().entrySet()) {
            out.text(e.getKey());
            out.f64(e.getValue());
        }
        out.u8(window instanceof ReservoirWindow ? 1 : 0);
        out.i64(window.seen());
        out.i64(window instanceof ReservoirWindow r ? r.rngState() : 0L);
        out.i32(window.size());
        for (int i = 0; i < window.size(); i++) {
            Row row = window.get(i);
            out.f64(row.y());
            switch (row.x()) {
                case DenseVector dense -> {
                    out.u8(0);
                    for (float v : dense.values()) {
                        out.f32(v);
                    }
                }
                case SparseVector sparse -> {
                    out.u8(1);
                    out.i32(sparse.indices().length);
                    for (int index : sparse.indices()) {
                        out.i32(index);
                    }
                    for (float v : sparse.values()) {
                        out.f32(v);
                    }
                }
            }
        }
        out.i64(served == null ? 0 : served.version());
        byte[] model = served == null ? new byte[0] : served.protobuf();
        out.i32(model.length);
        out.bytes(model);
        return out.finish();
    }

    /** Decodes with the config's own executor (background, or inline when the config says synchronous). */
    public static TribuoLearner<?> decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * @param hooks the executor, clock and swap hook of the decoded learner; null for the config's own
     * @throws IllegalArgumentException with the reason when the bytes are not a valid snapshot this build reads
     */
    static TribuoLearner<?> decode(byte[] bytes, TribuoLearner.Hooks hooks) {
        Objects.requireNonNull(bytes, "bytes");
        if (!isTribuoSnapshot(bytes)) {
            throw new IllegalArgumentException("not a tribuo learner snapshot: bad magic (expected \"TRBT\")");
        }
        if (bytes.length < MAGIC.length + 2 + 4) {
            throw new IllegalArgumentException("truncated tribuo learner snapshot (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported tribuo learner snapshot format version " + version
                    + "; this build reads version " + FORMAT_VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if (buf.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: checksum mismatch");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 0, bytes.length - 4).order(ByteOrder.LITTLE_ENDIAN);
        body.position(MAGIC.length + 2);
        try {
            TribuoLearner<?> learner = decodeBody(body, hooks);
            if (body.hasRemaining()) {
                throw new IllegalArgumentException("corrupted tribuo learner snapshot: " + body.remaining()
                        + " unexpected trailing bytes");
            }
            return learner;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated tribuo learner snapshot (" + bytes.length + " bytes)", e);
        }
    }

    private static TribuoLearner<?> decodeBody(ByteBuffer in, TribuoLearner.Hooks hooks) {
        byte taskCode = in.get();
        Task task = switch (taskCode) {
            case 0 -> Task.REGRESSION;
            case 1 -> Task.BINARY_CLASSIFICATION;
            case 2 -> Task.MULTICLASS_CLASSIFICATION;
            default -> throw new IllegalArgumentException("corrupted tribuo learner snapshot: task code " + taskCode);
        };
        int dimension = in.getInt();
        int numClasses = in.getInt();
        int count = count(in, 1 + 2);
        Map<String, Object> hp = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = text(in);
            byte type = in.get();
            hp.put(key, switch (type) {
                case 0 -> in.getLong();
                case 1 -> in.getDouble();
                case 2 -> text(in);
                case 3 -> in.get() != 0;
                default -> throw new IllegalArgumentException(
                        "corrupted tribuo learner snapshot: value type " + type + " of '" + key + "'");
            });
        }
        TribuoConfig config;
        try {
            config = TribuoConfig.parse(new LearnerSpec(TribuoConfig.ALGORITHM, task, dimension,
                    task == Task.MULTICLASS_CLASSIFICATION ? numClasses : 0, hp));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tribuo learner snapshot: " + e.getMessage(), e);
        }
        if (config.numClasses() != numClasses) {
            throw new IllegalArgumentException("invalid tribuo learner snapshot: " + numClasses + " classes for task "
                    + task);
        }
        long updates = in.getLong();
        long sinceTrigger = in.getLong();
        long triggers = in.getLong();
        boolean pending = in.get() != 0;
        long retrains = in.getLong();
        long failures = in.getLong();
        long coalesced = in.getLong();
        double lastSeconds = in.getDouble();
        double lastSerializeSeconds = in.getDouble();
        int evalCount = count(in, 2 + 8);
        Map<String, Double> evaluation = new LinkedHashMap<>();
        for (int i = 0; i < evalCount; i++) {
            evaluation.put(text(in), in.getDouble());
        }
        byte kind = in.get();
        long seen = in.getLong();
        long rngState = in.getLong();
        int rows = count(in, 8 + 1);
        if (rows > config.window()) {
            throw new IllegalArgumentException("invalid tribuo learner snapshot: " + rows + " rows in a window of "
                    + config.window());
        }
        List<Row> window = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            window.add(row(in, config));
        }
        TrainingWindow restoredWindow;
        try {
            restoredWindow = switch (kind) {
                case 0 -> {
                    expectKind(config, TribuoConfig.WindowKind.SLIDING);
                    yield SlidingWindow.restore(config.window(), seen, window);
                }
                case 1 -> {
                    expectKind(config, TribuoConfig.WindowKind.RESERVOIR);
                    yield ReservoirWindow.restore(config.window(), seen, rngState, window);
                }
                default -> throw new IllegalArgumentException("unknown window kind " + kind);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tribuo learner snapshot: " + e.getMessage(), e);
        }
        long modelVersion = in.getLong();
        int modelLength = count(in, 1);
        byte[] protobuf = new byte[modelLength];
        in.get(protobuf);
        if ((modelVersion == 0) != (modelLength == 0) || modelVersion < 0) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: model version " + modelVersion
                    + " with " + modelLength + " model bytes");
        }
        TribuoLearner.Hooks h = hooks != null ? hooks : TribuoLearner.Hooks.of(config);
        TribuoLearner.Progress progress = new TribuoLearner.Progress(updates, sinceTrigger, triggers, pending,
                retrains, failures, coalesced, lastSeconds, lastSerializeSeconds, evaluation);
        if (task.isClassification()) {
            TribuoClassifier c = new TribuoClassifier(config, restoredWindow, h);
            Model<org.tribuo.classification.Label> model = modelLength == 0 ? null
                    : checked(c, TribuoModels.fromProtobuf(protobuf, org.tribuo.classification.Label.class));
            c.restore(progress, model, modelVersion, protobuf);
            return c;
        }
        TribuoRegressor r = new TribuoRegressor(config, restoredWindow, h);
        Model<org.tribuo.regression.Regressor> model = modelLength == 0 ? null
                : checked(r, TribuoModels.fromProtobuf(protobuf, org.tribuo.regression.Regressor.class));
        r.restore(progress, model, modelVersion, protobuf);
        return r;
    }

    private static <T extends org.tribuo.Output<T>> Model<T> checked(TribuoLearner<T> learner, Model<T> model) {
        try {
            learner.checkOutputs(model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid tribuo learner snapshot: " + e.getMessage(), e);
        }
        return model;
    }

    private static void expectKind(TribuoConfig config, TribuoConfig.WindowKind stored) {
        if (config.windowKind() != stored) {
            throw new IllegalArgumentException("the window is stored as " + stored + " but the config says "
                    + config.windowKind());
        }
    }

    private static Row row(ByteBuffer in, TribuoConfig config) {
        double y = in.getDouble();
        if (!Double.isFinite(y) || (config.task().isClassification()
                && (y != Math.rint(y) || y < 0 || y >= config.numClasses()))) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: target " + y);
        }
        byte layout = in.get();
        int d = config.dimension();
        FeatureVector x = switch (layout) {
            case 0 -> {
                if (in.remaining() < 4L * d) {
                    throw new BufferUnderflowException();
                }
                float[] v = new float[d];
                for (int j = 0; j < d; j++) {
                    v[j] = in.getFloat();
                }
                yield new DenseVector(v);
            }
            case 1 -> {
                int c = count(in, 8);
                int[] idx = new int[c];
                float[] v = new float[c];
                for (int j = 0; j < c; j++) {
                    idx[j] = in.getInt();
                }
                for (int j = 0; j < c; j++) {
                    v[j] = in.getFloat();
                }
                try {
                    yield new SparseVector(d, idx, v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("corrupted tribuo learner snapshot: " + e.getMessage(), e);
                }
            }
            default -> throw new IllegalArgumentException("corrupted tribuo learner snapshot: row layout " + layout);
        };
        if (!x.isFinite()) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: non-finite features");
        }
        return new Row(x, y);
    }

    /** A count whose items take at least {@code minItemBytes} each, checked against what is left to read. */
    private static int count(ByteBuffer in, int minItemBytes) {
        int n = in.getInt();
        if (n < 0 || (long) n * minItemBytes > in.remaining()) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: count " + n + " with "
                    + in.remaining() + " bytes left");
        }
        return n;
    }

    private static String text(ByteBuffer in) {
        int n = Short.toUnsignedInt(in.getShort());
        if (n > MAX_KEY * 64 || n > in.remaining()) {
            throw new IllegalArgumentException("corrupted tribuo learner snapshot: string length " + n);
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static boolean isTribuoSnapshot(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Little-endian writes into a buffer that grows as needed. */
    private static final class Out {
        private ByteBuffer buf;

        Out(int initialCapacity) {
            buf = ByteBuffer.allocate(Math.max(64, initialCapacity)).order(ByteOrder.LITTLE_ENDIAN);
        }

        private ByteBuffer room(int n) {
            if (buf.remaining() < n) {
                long wanted = Math.max((long) buf.capacity() * 2, (long) buf.position() + n);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("tribuo learner too large to encode (" + wanted + " bytes)");
                }
                ByteBuffer bigger = ByteBuffer.allocate((int) wanted).order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buf.array(), 0, buf.position());
                buf = bigger;
            }
            return buf;
        }

        void bytes(byte[] b) {
            room(b.length).put(b);
        }

        void u8(int v) {
            room(1).put((byte) v);
        }

        void u16(int v) {
            room(2).putShort((short) v);
        }

        void i32(int v) {
            room(4).putInt(v);
        }

        void i64(long v) {
            room(8).putLong(v);
        }

        void f32(float v) {
            room(4).putFloat(v);
        }

        void f64(double v) {
            room(8).putDouble(v);
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFF) {
                throw new IllegalArgumentException("string too long to encode: " + b.length + " bytes");
            }
            u16(b.length);
            bytes(b);
        }

        /** Appends the CRC-32 of everything written and returns the bytes. */
        byte[] finish() {
            CRC32 crc = new CRC32();
            crc.update(buf.array(), 0, buf.position());
            i32((int) crc.getValue());
            return java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }
}
