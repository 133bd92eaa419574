package io.tributary.learn.spi;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * A test-only provider, registered in {@code src/test/resources/META-INF/services}: algorithm {@code test_mean}, a
 * regressor that predicts the mean of the targets it has learned (or its {@code prior} before the first one).
 * Snapshot: "TSTM", dimension, count, mean, CRC-32.
 */
public final class MeanProvider implements LearnerProvider {

    static final String ALGORITHM = "test_mean";
    static final String PRIOR = "prior";
    static final byte[] MAGIC = {'T', 'S', 'T', 'M'};
    private static final int SIZE = 4 + 4 + 8 + 8 + 8 + 4;

    /** The learner: the running mean of the targets. */
    static final class MeanRegressor implements Regressor {
        private final int dimension;
        private final double prior;
        private long count;
        private double mean;

        MeanRegressor(int dimension, double prior, long count, double mean) {
            this.dimension = dimension;
            this.prior = prior;
            this.count = count;
            this.mean = mean;
        }

        @Override
        public double predictOne(FeatureVector x) {
            return count == 0 ? prior : mean;
        }

        @Override
        public void learnOne(FeatureVector x, double y) {
            count++;
            mean += (y - mean) / count;
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public long updates() {
            return count;
        }

        @Override
        public String algorithm() {
            return ALGORITHM;
        }
    }

    @Override
    public Set<String> algorithms() {
        return Set.of(ALGORITHM);
    }

    @Override
    public OnlineLearner create(LearnerSpec spec) {
        if (spec.task() != Task.REGRESSION) {
            throw new IllegalArgumentException("algorithm test_mean cannot do task " + spec.task());
        }
        Map<String, ?> hp = spec.hyperparameters();
        for (String key : hp.keySet()) {
            if (!key.equals(PRIOR)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for test_mean");
            }
        }
        double prior = hp.containsKey(PRIOR) ? ((Number) hp.get(PRIOR)).doubleValue() : 0.0;
        return new MeanRegressor(spec.dimension(), prior, 0, 0.0);
    }

    @Override
    public List<String> hyperparameters(String algorithm) {
        return List.of(PRIOR);
    }

    @Override
    public byte[] magic() {
        return MAGIC.clone();
    }

    @Override
    public boolean canEncode(OnlineLearner learner) {
        return learner instanceof MeanRegressor;
    }

    @Override
    public byte[] encode(OnlineLearner learner) {
        MeanRegressor m = (MeanRegressor) learner;
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(m.dimension).putDouble(m.prior).putLong(m.count).putDouble(m.mean);
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    @Override
    public OnlineLearner decode(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("test_mean snapshot must be " + SIZE + " bytes, got " + bytes.length);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, SIZE - 4);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt(SIZE - 4) != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted test_mean snapshot: checksum mismatch");
        }
        buf.position(MAGIC.length);
        return new MeanRegressor(buf.getInt(), buf.getDouble(), buf.getLong(), buf.getDouble());
    }
}
