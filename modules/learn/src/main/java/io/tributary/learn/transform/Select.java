package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;

/**
 * Keeps some coordinates, in a given order, and drops the rest: {@code out[i] = x[keep[i]]}. Built with
 * {@link #keep} or {@link #drop}. Stateless.
 */
public final class Select implements Transform {

    public static final String TYPE = "select";

    private final int dimension;
    private final int[] kept;
    private long seen;

    private Select(int dimension, int[] kept) {
        this.dimension = dimension;
        this.kept = Features.selection(TYPE, kept, dimension);
    }

    /** Keeps {@code features}, in that order. */
    public static Select keep(int dimension, int[] features) {
        if (features == null) {
            throw new IllegalArgumentException(TYPE + ": features to keep are required");
        }
        return new Select(dimension, features);
    }

    /** Keeps every feature except {@code features}, in their original order. */
    public static Select drop(int dimension, int[] features) {
        if (features == null) {
            throw new IllegalArgumentException("drop: features to drop are required");
        }
        int[] dropped = Features.selection("drop", features, dimension);
        boolean[] gone = new boolean[dimension];
        for (int f : dropped) {
            gone[f] = true;
        }
        int[] kept = new int[dimension - dropped.length];
        if (kept.length == 0) {
            throw new IllegalArgumentException("drop: cannot drop every feature");
        }
        int k = 0;
        for (int i = 0; i < dimension; i++) {
            if (!gone[i]) {
                kept[k++] = i;
            }
        }
        return new Select(dimension, kept);
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
        return kept.length;
    }

    @Override
    public long seen() {
        return seen;
    }

    /** The kept input indices, in output order. */
    public int[] kept() {
        return kept.clone();
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        float[] out = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = in[kept[i]];
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        Features.checkDimension(x, dimension);
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInts(kept).putLong(seen);
    }

    static Select read(StateReader r) {
        Select t = new Select(r.getInt(), r.getInts());
        t.seen = r.getLong();
        StateReader.check(t.seen >= 0, "negative instance count");
        return t;
    }
}
