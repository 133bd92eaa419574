package io.tributary.learn.transform;

import java.util.List;
import java.util.Objects;

/**
 * The binary form of a built-in transform's configuration and learned state, as embedded in pipeline snapshots
 * ({@link io.tributary.learn.snapshot.PipelineCodec}, which adds the magic, version and checksum).
 *
 * <p>Little-endian: the type name (4-byte length, UTF-8), then the transform's own fields (dimension, feature
 * indices, parameters, instance count, statistics: rings, means, co-moments, previous values). Arrays carry a
 * 4-byte length. Doubles and floats are stored bit for bit, so a decoded transform continues exactly as the
 * original would have. Monotonic deques of {@link Rolling} are not stored: they are a function of the window and are
 * rebuilt.
 */
public final class TransformCodec {

    private static final List<String> TYPES = List.of(StandardScaler.TYPE, Difference.TYPE, Lag.TYPE, Rolling.TYPE,
            Fourier.TYPE, OneHot.TYPE, Select.TYPE);

    private TransformCodec() {
    }

    /** The transform types this codec stores. */
    public static List<String> types() {
        return TYPES;
    }

    /** @throws IllegalArgumentException for a transform that is not one of the built-in ones */
    public static byte[] encode(Transform transform) {
        Objects.requireNonNull(transform, "transform");
        StateWriter w = new StateWriter();
        switch (transform) {
            case StandardScaler t -> t.write(w.putString(StandardScaler.TYPE));
            case Difference t -> t.write(w.putString(Difference.TYPE));
            case Lag t -> t.write(w.putString(Lag.TYPE));
            case Rolling t -> t.write(w.putString(Rolling.TYPE));
            case Fourier t -> t.write(w.putString(Fourier.TYPE));
            case OneHot t -> t.write(w.putString(OneHot.TYPE));
            case Select t -> t.write(w.putString(Select.TYPE));
            default -> throw new IllegalArgumentException("cannot encode transform " + transform.getClass().getName()
                    + "; the codec stores " + String.join(", ", TYPES));
        }
        return w.toByteArray();
    }

    /**
     * @throws IllegalArgumentException with the reason when the bytes are not a transform this build reads
     */
    public static Transform decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code bytes[from, to)}. */
    public static Transform decode(byte[] bytes, int from, int to) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.checkFromToIndex(from, to, bytes.length);
        StateReader r = new StateReader(bytes, from, to);
        String type = r.getString();
        Transform t;
        try {
            t = switch (type) {
                case StandardScaler.TYPE -> StandardScaler.read(r);
                case Difference.TYPE -> Difference.read(r);
                case Lag.TYPE -> Lag.read(r);
                case Rolling.TYPE -> Rolling.read(r);
                case Fourier.TYPE -> Fourier.read(r);
                case OneHot.TYPE -> OneHot.read(r);
                case Select.TYPE -> Select.read(r);
                default -> throw new IllegalArgumentException("unknown transform type '" + type + "'");
            };
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && (m.startsWith("truncated") || m.startsWith("corrupted")) ? e
                    : new IllegalArgumentException("invalid transform snapshot: " + m, e);
        }
        r.expectEnd();
        return t;
    }
}
