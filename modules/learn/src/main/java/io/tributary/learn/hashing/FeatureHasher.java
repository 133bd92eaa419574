package io.tributary.learn.hashing;

import io.tributary.learn.SparseVector;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The hashing trick: named features mapped into a fixed space of {@code 2^bits} coordinates without a
 * dictionary, so that unseen names and categories need no schema change and the model's size is fixed up front.
 *
 * <ul>
 *   <li>a numeric feature {@code name -> value} adds {@code sign(name) * value} at {@code index(name)};</li>
 *   <li>a categorical feature {@code name -> "v"} is the one-hot feature {@code "name=v"} with value 1;</li>
 *   <li>a collection of strings is several categories of the same name; a boolean is 1 or 0.</li>
 * </ul>
 * Coordinates that collide are added up, so the result has distinct, increasing indices; coordinates whose sum is
 * exactly zero are left out.
 *
 * <p>The hash is {@link MurmurHash3} (32-bit) of the UTF-8 name with the given seed (0 by default), read as a signed
 * int {@code h}: {@code index = |h| mod 2^bits} and, with alternating signs on (the default),
 * {@code sign = h >= 0 ? +1 : -1}. The sign comes from bit 31, independent of the index bits, so colliding
 * features cancel in expectation instead of piling up: inner products of hashed vectors are unbiased estimates of
 * the original ones (Weinberger et al., 2009). These are exactly the conventions of scikit-learn's
 * {@code FeatureHasher(n_features=2**bits, input_type="dict")}, so both map the same input to the same vector.
 *
 * <p>Immutable and thread-safe; {@link Builder}s are not.
 */
public final class FeatureHasher {

    /** The largest supported space, {@code 2^30} coordinates. */
    public static final int MAX_BITS = 30;

    private final int bits;
    private final int dimension;
    private final int seed;
    private final boolean alternateSign;

    /** {@code 2^bits} coordinates, seed 0, alternating signs. */
    public FeatureHasher(int bits) {
        this(bits, 0, true);
    }

    public FeatureHasher(int bits, int seed, boolean alternateSign) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [1, " + MAX_BITS + "], got " + bits);
        }
        this.bits = bits;
        this.dimension = 1 << bits;
        this.seed = seed;
        this.alternateSign = alternateSign;
    }

    public int bits() {
        return bits;
    }

    /** {@code 2^bits}: the dimension of every vector this hasher produces. */
    public int dimension() {
        return dimension;
    }

    public int seed() {
        return seed;
    }

    public boolean alternateSign() {
        return alternateSign;
    }

    /** The coordinate of the feature called {@code name} (for a category, {@code "name=value"}). */
    public int index(CharSequence name) {
        return indexOf(MurmurHash3.hash32(name, seed));
    }

    /** {@code +1} or {@code -1}: the sign the feature's value gets ({@code +1} always without alternating signs). */
    public int sign(CharSequence name) {
        return signOf(MurmurHash3.hash32(name, seed));
    }

    private int indexOf(int h) {
        // |h| as a long, so that Integer.MIN_VALUE maps to 2^31 mod 2^bits = 0 rather than overflowing.
        return (int) (Math.abs((long) h) & (dimension - 1));
    }

    private int signOf(int h) {
        return !alternateSign || h >= 0 ? 1 : -1;
    }

    /**
     * Hashes a map of named features: values are numbers (numeric features), strings (categories), booleans
     * (1 or 0) or collections of strings (several categories).
     *
     * @throws IllegalArgumentException on a null or non-finite value or a value of another type
     */
    public SparseVector transform(Map<String, ?> features) {
        Objects.requireNonNull(features, "features");
        Builder b = builder();
        for (Map.Entry<String, ?> e : features.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "feature names must not be null");
            switch (e.getValue()) {
                case null -> throw new IllegalArgumentException("feature '" + name + "' has no value (null)");
                case Number n -> b.add(name, n.doubleValue());
                case Boolean flag -> b.add(name, flag ? 1.0 : 0.0);
                case CharSequence category -> b.addCategory(name, category);
                case Collection<?> categories -> {
                    for (Object c : categories) {
                        if (!(c instanceof CharSequence category)) {
                            throw new IllegalArgumentException("feature '" + name
                                    + "' is a collection, so its items must be strings, got " + c);
                        }
                        b.addCategory(name, category);
                    }
                }
                default -> throw new IllegalArgumentException("feature '" + name
                        + "' must be a number, a boolean, a string or a collection of strings, got "
                        + e.getValue().getClass().getSimpleName());
            }
        }
        return b.build();
    }

    /** A reusable accumulator, for building vectors without a map. */
    public Builder builder() {
        return new Builder();
    }

    /** Collects features, then {@link #build()}s the vector and starts over. Not thread-safe. */
    public final class Builder {
        private int[] indices = new int[16];
        private double[] values = new double[16];
        private int size;

        private Builder() {
        }

        /** A numeric feature; a zero value adds nothing. */
        public Builder add(CharSequence name, double value) {
            Objects.requireNonNull(name, "name");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("feature '" + name + "' has a non-finite value " + value);
            }
            if (value != 0) {
                int h = MurmurHash3.hash32(name, seed);
                append(indexOf(h), signOf(h) * value);
            }
            return this;
        }

        /** The one-hot category {@code name=value}, with value 1. */
        public Builder addCategory(CharSequence name, CharSequence value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            int h = MurmurHash3.hash32(name, '=', value, seed);
            append(indexOf(h), signOf(h));
            return this;
        }

        private void append(int index, double value) {
            if (size == indices.length) {
                indices = Arrays.copyOf(indices, 2 * size);
                values = Arrays.copyOf(values, 2 * size);
            }
            indices[size] = index;
            values[size] = value;
            size++;
        }

        /** The vector of everything added since the last build, with colliding coordinates summed. */
        public SparseVector build() {
            long[] keys = new long[size];
            for (int k = 0; k < size; k++) {
                keys[k] = ((long) indices[k] << 32) | k;
            }
            Arrays.sort(keys);
            int[] outIndices = new int[size];
            float[] outValues = new float[size];
            int out = 0;
            int k = 0;
            while (k < size) {
                int index = (int) (keys[k] >>> 32);
                double sum = 0;
                // Summed in insertion order (the low half of the key), so the result does not depend on the sort.
                for (; k < size && (int) (keys[k] >>> 32) == index; k++) {
                    sum += values[(int) keys[k]];
                }
                float v = (float) sum;
                if (v != 0f) {
                    outIndices[out] = index;
                    outValues[out] = v;
                    out++;
                }
            }
            size = 0;
            return new SparseVector(dimension, Arrays.copyOf(outIndices, out), Arrays.copyOf(outValues, out));
        }
    }

    @Override
    public String toString() {
        return "FeatureHasher[bits=" + bits + ", seed=" + seed + ", alternateSign=" + alternateSign + "]";
    }
}
