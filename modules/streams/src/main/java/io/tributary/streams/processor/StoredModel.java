package io.tributary.streams.processor;

import io.tributary.learn.OnlineLearner;
import io.tributary.learn.snapshot.LearnerCodec;
import java.nio.ByteBuffer;

/**
 * What the model store holds for one model replica: a version base and the learner's snapshot. The version a
 * prediction carries is {@code base + learner.updates()}; when the learner is replaced (reset after a drift, later a
 * hot swap) the base absorbs the old learner's updates, so versions never go backwards, also after a restart.
 *
 * <p>Layout: magic {@code 'T','S'}, format byte 1, the base as a big-endian long, then {@link LearnerCodec} bytes.
 */
record StoredModel(long versionBase, OnlineLearner learner) {

    private static final byte MAGIC_0 = 'T';
    private static final byte MAGIC_1 = 'S';
    private static final byte FORMAT = 1;
    private static final int HEADER = 3 + Long.BYTES;

    byte[] encode() {
        byte[] learnerBytes = LearnerCodec.encode(learner);
        return ByteBuffer.allocate(HEADER + learnerBytes.length)
                .put(MAGIC_0).put(MAGIC_1).put(FORMAT).putLong(versionBase).put(learnerBytes).array();
    }

    /** @throws IllegalArgumentException with the reason when the bytes are not a stored model of a known format */
    static StoredModel decode(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new IllegalArgumentException("not a stored model (bad magic)");
        }
        if (bytes[2] != FORMAT) {
            throw new IllegalArgumentException("stored model format " + bytes[2] + " is newer than this processor knows (" + FORMAT + ")");
        }
        long base = ByteBuffer.wrap(bytes, 3, Long.BYTES).getLong();
        byte[] learnerBytes = new byte[bytes.length - HEADER];
        System.arraycopy(bytes, HEADER, learnerBytes, 0, learnerBytes.length);
        return new StoredModel(base, LearnerCodec.decode(learnerBytes));
    }
}
