package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;

/**
 * First differences: each selected feature becomes {@code x_t - x_{t-1}}, where {@code x_{t-1}} is the value of the
 * last instance learned. Before anything is learned the difference is 0. Other features pass through unchanged.
 * The subtraction is in {@code float}, correctly rounded.
 */
public final class Difference implements Transform {

    public static final String TYPE = "difference";

    private final int dimension;
    private final int[] features;
    private final float[] previous;
    private long seen;

    /** Differences every feature. */
    public Difference(int dimension) {
        this(dimension, null);
    }

    /** Differences {@code features} (null: all). */
    public Difference(int dimension, int[] features) {
        this.dimension = dimension;
        this.features = Features.selection(TYPE, features, dimension);
        this.previous = new float[this.features.length];
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
        return dimension;
    }

    @Override
    public long seen() {
        return seen;
    }

    public int[] features() {
        return features.clone();
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] out = Features.dense(x, dimension);
        for (int j = 0; j < features.length; j++) {
            int f = features[j];
            out[f] = seen == 0 ? 0f : out[f] - previous[j];
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        float[] v = Features.dense(x, dimension);
        Features.requireFinite(v, features);
        for (int j = 0; j < features.length; j++) {
            previous[j] = v[features[j]];
        }
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInts(features).putLong(seen).putFloats(previous);
    }

    static Difference read(StateReader r) {
        Difference t = new Difference(r.getInt(), r.getInts());
        t.seen = r.getLong();
        float[] previous = r.getFloats();
        StateReader.check(t.seen >= 0 && previous.length == t.previous.length, "difference state does not fit");
        System.arraycopy(previous, 0, t.previous, 0, previous.length);
        return t;
    }
}
