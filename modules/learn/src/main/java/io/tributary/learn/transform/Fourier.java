package io.tributary.learn.transform;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import java.util.Objects;

/**
 * Fourier terms of a time value, for seasonality: with {@code t} the value of feature {@code timeFeature}, appends
 * {@code sin(2 pi k t / P), cos(2 pi k t / P)} for each period {@code P} (in the order given) and each
 * {@code k = 1..order}. Stateless. Output dimension {@code dimension + 2 * periods * order}; the time feature itself
 * is kept (drop it with {@link Select} if the learner should not see the raw time).
 *
 * <p>Features are {@code float}s, whose 24-bit mantissa cannot resolve seconds in an epoch timestamp (around 1.7e9
 * the step is 128 s): feed time in a unit and origin that keep it small, e.g. hours since the start of the stream,
 * or the time within the longest period.
 *
 * <p>{@code StrictMath}'s sine and cosine are used, so the terms are the same bits on every JVM and in every JIT tier
 * (a restored pipeline must continue exactly like the original).
 */
public final class Fourier implements Transform {

    public static final String TYPE = "fourier";

    private final int dimension;
    private final int timeFeature;
    private final double[] periods;
    private final int order;
    private long seen;

    public Fourier(int dimension, int timeFeature, double[] periods, int order) {
        Features.checkDimensionArg(dimension);
        Objects.requireNonNull(periods, "periods");
        if (timeFeature < 0 || timeFeature >= dimension) {
            throw new IllegalArgumentException(
                    TYPE + ": time feature index " + timeFeature + " is outside [0, " + dimension + ")");
        }
        if (periods.length == 0) {
            throw new IllegalArgumentException(TYPE + ": periods must name at least one period");
        }
        for (double p : periods) {
            if (!(p > 0) || !Double.isFinite(p)) {
                throw new IllegalArgumentException(TYPE + ": periods must be finite and > 0, got " + p);
            }
        }
        if (order <= 0 || (long) order * periods.length > 1 << 20) {
            throw new IllegalArgumentException(TYPE + ": order must be positive (and not absurdly large), got " + order);
        }
        this.dimension = dimension;
        this.timeFeature = timeFeature;
        this.periods = periods.clone();
        this.order = order;
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
        return dimension + 2 * periods.length * order;
    }

    @Override
    public long seen() {
        return seen;
    }

    public int timeFeature() {
        return timeFeature;
    }

    public double[] periods() {
        return periods.clone();
    }

    public int order() {
        return order;
    }

    @Override
    public FeatureVector transform(FeatureVector x) {
        float[] in = Features.dense(x, dimension);
        float[] out = new float[outputDimension()];
        System.arraycopy(in, 0, out, 0, dimension);
        double t = in[timeFeature];
        int o = dimension;
        for (double p : periods) {
            for (int k = 1; k <= order; k++) {
                double angle = 2 * Math.PI * k * t / p;
                out[o++] = (float) StrictMath.sin(angle);
                out[o++] = (float) StrictMath.cos(angle);
            }
        }
        return new DenseVector(out);
    }

    @Override
    public void learnOne(FeatureVector x) {
        Features.requireFinite(Features.dense(x, dimension), new int[] {timeFeature});
        seen++;
    }

    void write(StateWriter w) {
        w.putInt(dimension).putInt(timeFeature).putDoubles(periods).putInt(order).putLong(seen);
    }

    static Fourier read(StateReader r) {
        Fourier t = new Fourier(r.getInt(), r.getInt(), r.getDoubles(), r.getInt());
        t.seen = r.getLong();
        StateReader.check(t.seen >= 0, "negative instance count");
        return t;
    }
}
