package io.tributary.learn.stats;

/** Running minimum and maximum of a stream of finite values; mergeable. Not thread-safe. */
public final class MinMax {

    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be finite, got " + x);
        }
        count++;
        if (x < min) {
            min = x;
        }
        if (x > max) {
            max = x;
        }
    }

    public void merge(MinMax other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return count;
    }

    /** The smallest value so far; NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** The largest value so far; NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** {@code max - min}; NaN when empty. */
    public double range() {
        return count == 0 ? Double.NaN : max - min;
    }
}
