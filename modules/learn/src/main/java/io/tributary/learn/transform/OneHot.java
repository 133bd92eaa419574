package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One-hot encoding of a categorical feature against a fixed vocabulary, with an "unknown" bucket. Feature vectors
 * are numeric, so categories arrive as codes: the value of feature {@code feature} is looked up among
 * {@code vocabulary} (exact comparison; {@code -0.0} equals {@code 0.0}); the output appends one indicator per
 * vocabulary entry, in vocabulary order, then the unknown indicator, set for any other value (NaN included). Exactly
 * one of the appended coordinates is 1. Stateless. Output dimension {@code dimension + vocabulary + 1}; the code
 * itself is kept (drop it with {@link Select}, since a code is not a meaningful number to a linear model).
 */
public final class OneHot implements Transform {

    public static final String TYPE = "one_hot";

    private final int dimension;
    private final int feature;
    private final float[] vocabulary;
    private final Map<Float, Integer> positions = new HashMap<>();
    private long seen;

    public OneHot(int dimension, int feature, float[] vocabulary) {
        Features.checkDimensionArg(dimension);
        Objects.requireNonNull(vocabulary, "vocabulary");
        if (feature < 0 || feature >= dimension) {
            throw new IllegalArgumentException(
                    TYPE + ": feature index " + feature + " is outside [0, " + dimension + ")");
        }
        if (vocabulary.length == 0) {
            throw new IllegalArgumentException(TYPE + ": vocabulary must have at least one value");
        }
        if (vocabulary.length > 1 << 20) {
            throw new IllegalArgumentException(TYPE + ": vocabulary of " + vocabulary.length + " values is too large");
        }
        for (int i = 0; i < vocabulary.length; i++) {
            float v = vocabulary[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(TYPE + ": vocabulary values must be finite, got " + v);
            }
            if (positions.putIfAbsent(key(v), i) != null) {
                throw new IllegalArgumentException(TYPE + ": vocabulary value " + v + " is repeated");
            }
        }
        this.dimension = dimension;
        this.feature = feature;
        this.vocabulary = vocabulary.clone();
    }

    private static Float key(float v) {
        return v == 0f ? 0f : v; // -0.0 and 0.0 are one category
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
        return dimension + vocabulary.length + 1;
    }

    @Override
    public long seen() {
        return seen;
    }

    public int feature() {
        return feature;
    }

    public float[] vocabulary() {
        return vocabulary.clone();
    }

    /** The appended position (0-based, among the appended coordinates) that {@code value} sets. */
    public int bucket(float value) {
        Integer p = Float.isNaN(value) ? null : positions.get(key(value));
        return p == null ? vocabulary.length : p;
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        float[] out = new float[outputDimension()];
        System.arraycopy(in, 0, out, 0, dimension);
        out[dimension + bucket(in[feature])] = 1f;
        return new DenseVector(out);
    }

    /** Stateless: only checks the dimension. (A NaN code is allowed: it is simply unknown.) */
    @Override
    public void learnOne(FeatureVector x) {
        Features.checkDimension(x, dimension);
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInt(feature).putFloats(vocabulary).putLong(seen);
    }

    static OneHot read(StateReader r) {
        OneHot t = new OneHot(r.getInt(), r.getInt(), r.getFloats());
        t.seen = r.getLong();
        StateReader.check(t.seen >= 0, "negative instance count");
        return t;
    }
}
