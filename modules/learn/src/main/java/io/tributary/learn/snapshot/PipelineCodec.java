package io.tributary.learn.snapshot;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.Transform;
import io.tributary.learn.transform.TransformCodec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * The snapshot form of a {@link Pipeline}: every transform's configuration and learned state, then the final
 * learner's snapshot. {@link LearnerCodec#encode} and {@link LearnerCodec#decode} delegate here for pipelines, so
 * whatever stores learners stores pipelines too.
 *
 * <p>Format version 1, all little-endian:
 * <pre>
 *   4  magic "TRBP"
 *   2  format version (1)
 *   4  number of transforms n
 *   n times: 4  length L, then L bytes of {@link TransformCodec}
 *   4  length M, then M bytes of the learner's snapshot: a {@link LearnerCodec} one ("TRBL"), a quantised
 *      {@link QuantizedCodec} one ("TRBQ"), or a nested pipeline ("TRBP")
 *   4  CRC-32 of every preceding byte
 * </pre>
 * A restored pipeline predicts and continues learning exactly as the original would have: every double, float and
 * counter of the transforms' statistics is stored bit for bit. {@link QuantizedCodec#encode} writes the same layout
 * with the learner quantised ("TRBQ" inside): the transforms stay exact there too, since their statistics are few
 * and a scaler's mean or variance off by a quantisation step would shift every input the learner sees.
 */
public final class PipelineCodec {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'T', 'R', 'B', 'P'};
    private static final int HEADER = 4 + 2;

    private PipelineCodec() {
    }

    /** True when {@code bytes} start with a pipeline snapshot's magic. */
    public static boolean isPipelineSnapshot(byte[] bytes) {
        return Magic.startsWith(bytes, MAGIC);
    }

    /**
     * @throws IllegalArgumentException when a transform or the learner is not one the codecs know how to store
     */
    public static byte[] encode(Pipeline pipeline) {
        return encode(pipeline, LearnerCodec::encode);
    }

    /**
     * The pipeline with its final learner stored by {@code learnerCodec} ({@link QuantizedCodec#encode} for a
     * quantised serving snapshot); the transforms are always stored exactly.
     */
    static byte[] encode(Pipeline pipeline, Function<OnlineLearner, byte[]> learnerCodec) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(learnerCodec, "learnerCodec");
        List<byte[]> parts = new ArrayList<>();
        long size = HEADER + 4;
        for (Transform t : pipeline.transforms()) {
            byte[] b = TransformCodec.encode(t);
            parts.add(b);
            size += 4 + b.length;
        }
        byte[] learner = learnerCodec.apply(pipeline.learner());
        size += 4 + learner.length + 4;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("pipeline too large to encode (" + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) FORMAT_VERSION).putInt(parts.size());
        for (byte[] b : parts) {
            buf.putInt(b.length).put(b);
        }
        buf.putInt(learner.length).put(learner);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    public static Pipeline decode(byte[] bytes) {
        return decode(bytes, Kernels.preferred());
    }

    /**
     * @throws IllegalArgumentException with the reason when the bytes are not a pipeline snapshot this build reads
     */
    public static Pipeline decode(byte[] bytes, Kernels kernels) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(kernels, "kernels");
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException(
                    "not a pipeline snapshot: " + bytes.length + " bytes is shorter than the header");
        }
        if (!isPipelineSnapshot(bytes)) {
            throw new IllegalArgumentException("not a pipeline snapshot: bad magic (expected \"TRBP\")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported pipeline snapshot format version " + version
                    + "; this build reads version " + FORMAT_VERSION);
        }
        if (bytes.length < HEADER + 4 + 4 + 4) {
            throw new IllegalArgumentException("truncated pipeline snapshot (" + bytes.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted or truncated pipeline snapshot: checksum mismatch");
        }
        int end = bytes.length - 4;
        try {
            int n = buf.getInt();
            if (n < 0 || (long) n * 4 > end - buf.position()) {
                throw new IllegalArgumentException("corrupted pipeline snapshot: " + n + " transforms");
            }
            List<Transform> transforms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = length(buf, end, "transform " + i);
                try {
                    transforms.add(TransformCodec.decode(bytes, buf.position(), buf.position() + length));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid pipeline snapshot: transform " + i + ": "
                            + e.getMessage(), e);
                }
                buf.position(buf.position() + length);
            }
            int length = length(buf, end, "learner");
            byte[] learnerBytes = new byte[length];
            buf.get(learnerBytes);
            if (buf.position() != end) {
                throw new IllegalArgumentException("corrupted pipeline snapshot: " + (end - buf.position())
                        + " unexpected trailing bytes");
            }
            OnlineLearner learner;
            try {
                learner = LearnerCodec.decode(learnerBytes, kernels);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid pipeline snapshot: learner: " + e.getMessage(), e);
            }
            try {
                return Pipeline.of(transforms, learner);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid pipeline snapshot: " + e.getMessage(), e);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated pipeline snapshot (" + bytes.length + " bytes)", e);
        }
    }

    private static int length(ByteBuffer buf, int end, String what) {
        int length = buf.getInt();
        if (length < 0 || length > end - buf.position()) {
            throw new IllegalArgumentException("corrupted pipeline snapshot: " + what + " claims " + length
                    + " bytes, " + (end - buf.position()) + " left");
        }
        return length;
    }
}
