package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;

/**
 * Lag features: appends, for each selected feature, its values in the last {@code lags} instances learned:
 * {@code x_{t-1}, x_{t-2}, ..., x_{t-lags}} (feature by feature, most recent first). A lag reaching back before the
 * first learned instance is 0. The input's coordinates are kept; output dimension
 * {@code dimension + features * lags}.
 */
public final class Lag implements Transform {

    public static final String TYPE = "lag";

    private final int dimension;
    private final int[] features;
    private final int lags;
    /** Per selected feature j, a ring of {@code lags} values: slot {@code j * lags + (t % lags)} holds {@code x_t}. */
    private final float[] ring;
    private long seen;

    public Lag(int dimension, int[] features, int lags) {
        this.dimension = dimension;
        this.features = Features.selection(TYPE, features, dimension);
        if (lags <= 0) {
            throw new IllegalArgumentException(TYPE + ": lags must be positive, got " + lags);
        }
        if ((long) this.features.length * lags > 1 << 24) {
            throw new IllegalArgumentException(TYPE + ": " + this.features.length + " features x " + lags
                    + " lags is too many");
        }
        this.lags = lags;
        this.ring = new float[this.features.length * lags];
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int outputDimension() {
        return dimension + features.length * lags;
    }

    @Override
    public long seen() {
        return seen;
    }

    public int[] features() {
        return features.clone();
    }

    public int lags() {
        return lags;
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        float[] out = new float[outputDimension()];
        System.arraycopy(in, 0, out, 0, dimension);
        int o = dimension;
        for (int j = 0; j < features.length; j++) {
            for (int i = 1; i <= lags; i++) {
                out[o++] = seen >= i ? ring[j * lags + (int) ((seen - i) % lags)] : 0f;
            }
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        float[] v = Features.dense(x, dimension);
        Features.requireFinite(v, features);
        int slot = (int) (seen % lags);
        for (int j = 0; j < features.length; j++) {
            ring[j * lags + slot] = v[features[j]];
        }
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInts(features).putInt(lags).putLong(seen).putFloats(ring);
    }

    static Lag read(StateReader r) {
        Lag t = new Lag(r.getInt(), r.getInts(), r.getInt());
        t.seen = r.getLong();
        float[] ring = r.getFloats();
        StateReader.check(t.seen >= 0 && ring.length == t.ring.length, "lag state does not fit");
        System.arraycopy(ring, 0, t.ring, 0, ring.length);
        return t;
    }
}
