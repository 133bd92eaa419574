package io.tributary.learn.stats;

/**
 * Running count, mean and variance of a stream of (optionally weighted) values, by Welford's update, in West's
 * weighted form, and mergeable by the parallel formula of Chan, Golub and LeVeque.
 *
 * <p>Unlike the textbook {@code (sum(x^2) - sum(x)^2 / n) / n}, which subtracts two huge, nearly equal numbers and
 * loses every significant digit once the mean is large compared with the spread (values like {@code 1e9 + N(0, 1)}),
 * Welford's update only ever accumulates squared deviations from the current mean, so its relative error stays
 * near machine precision. The same holds for {@link #merge}: two partitions' summaries combine into the summary of
 * their union without revisiting any value, which is how per-partition statistics become global ones.
 *
 * <p>Update, for a value {@code x} of weight {@code w}: {@code W += w; d = x - mean; mean += d * w / W;
 * m2 += w * d * (x - mean)}. With unit weights this is exactly Welford's algorithm. Merge of {@code a} and
 * {@code b}: {@code W = Wa + Wb; d = mean_b - mean_a; mean = mean_a + d * Wb / W;
 * m2 = m2a + m2b + d^2 * Wa * Wb / W}.
 *
 * <p>Weights are frequency weights: a value added with weight 3 counts like the value added three times, which is
 * what {@link #sampleVariance()}'s {@code m2 / (W - 1)} assumes. Values and weights must be finite (weights
 * {@code >= 0}); a NaN would otherwise poison the statistics for good. A weight of 0 is ignored.
 *
 * <p>Not thread-safe.
 */
public final class Welford {

    private long count;
    private double weight;
    private double mean;
    private double m2;

    public Welford() {
    }

    /** The summary of {@code values}, each with weight 1. */
    public static Welford of(double... values) {
        Welford w = new Welford();
        for (double v : values) {
            w.add(v);
        }
        return w;
    }

    /**
     * Rebuilds a summary from its parts (as read from {@link #count()}, {@link #weight()}, {@link #mean()} and
     * {@link #m2()}), e.g. after deserialisation.
     */
    public static Welford restore(long count, double weight, double mean, double m2) {
        boolean ok = count == 0
                ? weight == 0 && m2 == 0
                : count > 0 && weight > 0 && Double.isFinite(weight) && Double.isFinite(mean) && m2 >= 0
                        && Double.isFinite(m2);
        if (!ok) {
            throw new IllegalArgumentException("inconsistent Welford state: count " + count + ", weight " + weight
                    + ", mean " + mean + ", m2 " + m2);
        }
        Welford w = new Welford();
        w.count = count;
        w.weight = weight;
        w.mean = count == 0 ? 0 : mean;
        w.m2 = m2;
        return w;
    }

    /** Adds {@code x} with weight 1. */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be finite, got " + x);
        }
        count++;
        weight += 1;
        double d = x - mean;
        mean += d / weight;
        m2 = Math.max(0, m2 + d * (x - mean));   // rounding could otherwise leave it a hair below 0
    }

    /** Adds {@code x} with weight {@code w >= 0}; a zero weight changes nothing. */
    public void add(double x, double w) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value must be finite, got " + x);
        }
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + w);
        }
        if (w == 0) {
            return;
        }
        count++;
        weight += w;
        double d = x - mean;
        mean += d * (w / weight);
        m2 = Math.max(0, m2 + w * d * (x - mean));
    }

    /** Folds {@code other}'s values into this summary (Chan et al.); {@code other} is unchanged. */
    public void merge(Welford other) {
        if (other.weight == 0) {
            return;
        }
        if (weight == 0) {
            count = other.count;
            weight = other.weight;
            mean = other.mean;
            m2 = other.m2;
            return;
        }
        double total = weight + other.weight;
        double d = other.mean - mean;
        mean += d * (other.weight / total);
        m2 += other.m2 + d * d * (weight * (other.weight / total));
        weight = total;
        count += other.count;
    }

    public Welford copy() {
        return restore(count, weight, mean, m2);
    }

    /** Number of values added (with a positive weight), merged summaries included. */
    public long count() {
        return count;
    }

    /** Sum of the weights; equals {@link #count()} when every value had weight 1. */
    public double weight() {
        return weight;
    }

    /** Weighted mean; NaN when empty. */
    public double mean() {
        return weight == 0 ? Double.NaN : mean;
    }

    /** Sum of weighted squared deviations from the mean, {@code sum(w (x - mean)^2)}. */
    public double m2() {
        return m2;
    }

    /** Population variance {@code m2 / W}; NaN when empty. */
    public double variance() {
        return weight == 0 ? Double.NaN : Math.max(0, m2) / weight;
    }

    /** Sample (unbiased, frequency-weighted) variance {@code m2 / (W - 1)}; NaN while {@code W <= 1}. */
    public double sampleVariance() {
        return weight <= 1 ? Double.NaN : Math.max(0, m2) / (weight - 1);
    }

    /** Population standard deviation; NaN when empty. */
    public double std() {
        return Math.sqrt(variance());
    }

    @Override
    public String toString() {
        return "Welford[count=" + count + ", weight=" + weight + ", mean=" + mean() + ", variance=" + variance() + "]";
    }
}
