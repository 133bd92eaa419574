package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.stats.Welford;

/**
 * Standard scaling from running statistics: each selected feature becomes {@code (x - mean) / std}, with the mean
 * and population standard deviation of the values learned so far ({@link Welford}, so a large offset costs no
 * accuracy). While a feature's standard deviation is still 0 (nothing learned yet, or only one distinct value) its
 * output is 0, as in River's {@code StandardScaler}. Other features pass through unchanged.
 *
 * <p>Transform, then learn (see {@link Transform}): the output for instance {@code t} is its z-score against
 * instances {@code 0..t-1}.
 */
public final class StandardScaler implements Transform {

    public static final String TYPE = "standard_scaler";

    private final int dimension;
    private final int[] features;
    private final Welford[] stats;
    private long seen;

    /** Scales every feature. */
    public StandardScaler(int dimension) {
        this(dimension, null);
    }

    /** Scales {@code features} (null: all), leaves the others as they are. */
    public StandardScaler(int dimension, int[] features) {
        this.dimension = dimension;
        this.features = Features.selection(TYPE, features, dimension);
        this.stats = new Welford[this.features.length];
        for (int j = 0; j < stats.length; j++) {
            stats[j] = new Welford();
        }
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

    /** The scaled feature indices (a copy). */
    public int[] features() {
        return features.clone();
    }

    /** Running mean of input feature {@code feature} (NaN before anything is learned). */
    public double mean(int feature) {
        return stats[position(feature)].mean();
    }

    /** Running population standard deviation of input feature {@code feature} (NaN before anything is learned). */
    public double std(int feature) {
        return stats[position(feature)].std();
    }

    private int position(int feature) {
        for (int j = 0; j < features.length; j++) {
            if (features[j] == feature) {
                return j;
            }
        }
        throw new IllegalArgumentException("feature " + feature + " is not scaled; scaled: " + Features.describe(features));
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] out = Features.dense(x, dimension);
        for (int j = 0; j < features.length; j++) {
            int f = features[j];
            Welford s = stats[j];
            double std = s.count() == 0 ? 0 : s.std();
            out[f] = std > 0 ? (float) ((out[f] - s.mean()) / std) : 0f;
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        float[] v = Features.dense(x, dimension);
        Features.requireFinite(v, features);
        for (int j = 0; j < features.length; j++) {
            stats[j].add(v[features[j]]);
        }
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInts(features).putLong(seen);
        for (Welford s : stats) {
            w.putLong(s.count()).putDouble(s.weight()).putDouble(s.count() == 0 ? 0 : s.mean()).putDouble(s.m2());
        }
    }

    static StandardScaler read(StateReader r) {
        StandardScaler t = new StandardScaler(r.getInt(), r.getInts());
        t.seen = r.getLong();
        StateReader.check(t.seen >= 0, "negative instance count");
        for (int j = 0; j < t.stats.length; j++) {
            t.stats[j] = Welford.restore(r.getLong(), r.getDouble(), r.getDouble(), r.getDouble());
        }
        return t;
    }
}
