package io.tributary.streams.processor;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.snapshot.LearnerCodec;
import java.nio.ByteBuffer;

/**
 * What the model store holds for one model replica: a version base, the version of the last hot-swapped snapshot
 * the replica applied, and the learner's snapshot. The version a prediction carries is
 * {@code base + learner.updates()}; when the learner is replaced by a fresh one (reset after a drift) the base absorbs
 * the old learner's updates, so versions never go backwards; when a snapshot is swapped in, the base is set so that
 * the version continues from the snapshot's.
 *
 * <p>Layout, format 2: magic {@code 'T','S'}, format byte 2, the base and the applied snapshot version (-1: none) as
 * big-endian longs, then {@link LearnerCodec} bytes. Format 1 (written before hot swap existed) lacks the applied
 * snapshot version and is still read. This is the value format of the changelog topic
 * {@code <application.id>-tributary-models-changelog} (key: the model name).
 */
public record StoredModel(long versionBase, long appliedSnapshotVersion, OnlineLearner learner) {

    public static final long NO_SNAPSHOT = -1;
    private static final byte MAGIC_0 = 'T';
    private static final byte MAGIC_1 = 'S';
    private static final byte FORMAT_1 = 1;
    private static final byte FORMAT = 2;
    private static final int HEADER_1 = 3 + Long.BYTES;
    private static final int HEADER = 3 + 2 * Long.BYTES;

    public byte[] encode() {
        byte[] learnerBytes = LearnerCodec.encode(learner);
        return ByteBuffer.allocate(HEADER + learnerBytes.length)
                .put(MAGIC_0).put(MAGIC_1).put(FORMAT).putLong(versionBase).putLong(appliedSnapshotVersion)
                .put(learnerBytes).array();
    }

    /** @throws IllegalArgumentException with the reason when the bytes are not a stored model of a known format */
    public static StoredModel decode(byte[] bytes) {
        if (bytes.length < HEADER_1 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new IllegalArgumentException("not a stored model (bad magic)");
        }
        int header = switch (bytes[2]) {
            case FORMAT_1 -> HEADER_1;
            case FORMAT -> HEADER;
            default -> throw new IllegalArgumentException("stored model format " + bytes[2] + " is newer than this processor knows (" + FORMAT + ")");
        };
        if (bytes.length < header) {
            throw new IllegalArgumentException("stored model truncated (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long base = buf.getLong(3);
        long applied = header == HEADER ? buf.getLong(3 + Long.BYTES) : NO_SNAPSHOT;
        byte[] learnerBytes = new byte[bytes.length - header];
        System.arraycopy(bytes, header, learnerBytes, 0, learnerBytes.length);
        return new StoredModel(base, applied, LearnerCodec.decode(learnerBytes));
    }

    /** The learner's bytes inside a stored model's bytes (for tools that read a changelog). */
    public static byte[] learnerBytes(byte[] stored) {
        int header = stored.length > 2 && stored[2] == FORMAT_1 ? HEADER_1 : HEADER;
        return java.util.Arrays.copyOfRange(stored, header, stored.length);
    }
}
