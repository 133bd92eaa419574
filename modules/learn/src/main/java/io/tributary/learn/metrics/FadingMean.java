package io.tributary.learn.metrics;

/**
 * A fading-factor mean (Gama, Sebastião and Rodrigues, "On evaluating stream learning algorithms", Machine Learning
 * 90, 2013): {@code S_t = x_t + α S_{t-1}}, {@code N_t = 1 + α N_{t-1}}, mean {@code S_t / N_t}.
 *
 * <p>In closed form {@code S_t = Σ_i α^(t-i) x_i} and {@code N_t = (1 - α^t) / (1 - α)}: a value's weight halves
 * every {@code ln 2 / -ln α} updates, and the effective memory is about {@code 1 / (1 - α)} values (α = 0.999
 * remembers ~1000). Unlike a sliding window it needs O(1) memory whatever the horizon. α = 1 gives the plain mean
 * of everything seen. O(1) per update; the value is never rebuilt, because with α &lt; 1 any rounding error fades
 * with the values that caused it.
 */
public final class FadingMean {

    private final double alpha;
    private double sum;
    private double weight;
    private long count;

    /**
     * @param alpha fading factor, in (0, 1]
     */
    public FadingMean(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("fading factor alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    /**
     * The mean that {@link #sum()}, {@link #weight()} and {@link #count()} describe, for snapshots: it continues
     * exactly as the one they were read from.
     *
     * @throws IllegalArgumentException when the values cannot come from updates with this alpha (a weight below 1
     *                                  after an update, anything but zeros before the first, a NaN sum)
     */
    public static FadingMean restore(double alpha, double sum, double weight, long count) {
        FadingMean m = new FadingMean(alpha);
        boolean consistent = count == 0 ? sum == 0 && weight == 0
                : count > 0 && weight >= 1 && Double.isFinite(weight) && !Double.isNaN(sum);
        if (!consistent) {
            throw new IllegalArgumentException("inconsistent fading mean: sum " + sum + ", weight " + weight
                    + ", count " + count);
        }
        m.sum = sum;
        m.weight = weight;
        m.count = count;
        return m;
    }

    public void update(double x) {
        sum = x + alpha * sum;
        weight = 1 + alpha * weight;
        count++;
    }

    /** {@code S_t / N_t}; NaN before any value. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / weight;
    }

    /** The faded sum {@code S_t}. */
    public double sum() {
        return sum;
    }

    /** The faded count {@code N_t}. */
    public double weight() {
        return weight;
    }

    /** Values seen since creation. */
    public long count() {
        return count;
    }

    public double alpha() {
        return alpha;
    }

    /** About how many recent values the mean remembers, {@code 1 / (1 - α)}; infinite for α = 1. */
    public double effectiveWindow() {
        return alpha == 1 ? Double.POSITIVE_INFINITY : 1 / (1 - alpha);
    }
}
