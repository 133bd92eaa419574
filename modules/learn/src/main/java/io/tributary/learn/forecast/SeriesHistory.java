package io.tributary.learn.forecast;

import java.util.Arrays;

/**
 * The last {@code capacity} points of a series (a ring buffer, in double so that large levels keep their small
 * changes), the count of points ever seen and the sum of absolute first differences, from which the learning
 * forecasters take their scale.
 */
final class SeriesHistory {

    private final double[] ring;
    private long seen;
    private double absDiffSum;

    SeriesHistory(int capacity) {
        this.ring = new double[capacity];
    }

    /** A history holding {@code points} (oldest first, at most the capacity) of a series of {@code seen} points. */
    static SeriesHistory restore(int capacity, long seen, double absDiffSum, double[] points) {
        if (seen < 0) {
            throw new IllegalArgumentException("points seen must be >= 0, got " + seen);
        }
        if (points.length != Math.min(seen, capacity)) {
            throw new IllegalArgumentException("state holds " + points.length + " points; a series of " + seen
                    + " points keeps " + Math.min(seen, capacity));
        }
        if (!(absDiffSum >= 0) || Double.isInfinite(absDiffSum)) {
            throw new IllegalArgumentException("sum of absolute differences must be finite and >= 0, got "
                    + absDiffSum);
        }
        SeriesHistory h = new SeriesHistory(capacity);
        for (double p : points) {
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("stored points contain NaN or infinity");
            }
        }
        // Re-adding the points would recompute the sum in another order: set the fields directly instead.
        for (int i = 0; i < points.length; i++) {
            h.ring[(int) ((seen - points.length + i) % capacity)] = points[i];
        }
        h.seen = seen;
        h.absDiffSum = absDiffSum;
        return h;
    }

    void add(double value) {
        if (seen > 0) {
            absDiffSum += Math.abs(value - newest());
        }
        ring[(int) (seen % ring.length)] = value;
        seen++;
    }

    long seen() {
        return seen;
    }

    int capacity() {
        return ring.length;
    }

    /** Points currently held: {@code min(seen, capacity)}. */
    int size() {
        return (int) Math.min(seen, ring.length);
    }

    /** The point {@code age} steps before the newest (age 0 is the newest); {@code age < size()}. */
    double at(int age) {
        if (age < 0 || age >= size()) {
            throw new IndexOutOfBoundsException("age " + age + " outside [0, " + size() + ")");
        }
        return ring[(int) ((seen - 1 - age) % ring.length)];
    }

    double newest() {
        return at(0);
    }

    double absDiffSum() {
        return absDiffSum;
    }

    /**
     * The series' scale: the mean absolute first difference over every point seen, 1 when there is none yet or the
     * series has been constant. Windows and targets are divided by it so that one learning rate suits series of any
     * magnitude; it is the typical size of a one-step change, the quantity the forecasters predict.
     */
    double scale() {
        double s = seen > 1 ? absDiffSum / (seen - 1) : 0.0;
        return s > 0 && Double.isFinite(s) ? s : 1.0;
    }

    /** The held points, oldest first (a copy). */
    double[] points() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(out.length - 1 - i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SeriesHistory[seen=" + seen + ", points=" + Arrays.toString(points()) + "]";
    }
}
