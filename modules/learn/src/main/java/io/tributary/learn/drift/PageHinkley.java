package io.tributary.learn.drift;

import java.util.Objects;

/**
 * The Page-Hinkley test (Page, "Continuous inspection schemes", Biometrika 1954; as used for concept drift by
 * Gama et al. and implemented in MOA and River): a CUSUM of the deviations of each value from the running mean.
 *
 * <p>For an increase of the mean it keeps
 * <pre>
 *   m_t = α m_{t-1} + (x_t - mean_t - δ)      M_t = min(M_{t-1}, m_t)      drift when m_t - M_t &gt; λ
 * </pre>
 * and symmetrically, for a decrease, {@code m'_t = α m'_{t-1} + (x_t - mean_t + δ)}, drift when
 * {@code max(m') - m'_t > λ}. {@code mean_t} is the mean of all values since the last (re)start. δ is the size of
 * change that is tolerated (deviations smaller than δ push the statistic down, not up), λ is the alarm threshold,
 * and α ≤ 1 is a forgetting factor: with α &lt; 1 old deviations fade, which bounds how far an old regime can
 * hold the statistic down. No alarm is raised before {@code minInstances} values.
 *
 * <p>Defaults are River's: δ = 0.005, λ = 50, α = 1 - 1e-4, 30 instances, both directions. They suit 0/1 error
 * streams and losses of a similar scale; λ and δ scale with the standard deviation of the monitored values
 * (false alarms fall roughly like {@code exp(-2 δ λ / σ²)}), so a noisier signal needs larger ones. After a drift,
 * the next {@link #update} restarts the test from scratch. There is no warning zone.
 */
public final class PageHinkley implements DriftDetector {

    /** Which changes of the mean raise an alarm. */
    public enum Mode {
        /** Only increases (e.g. of an error rate). */
        UP,
        /** Only decreases. */
        DOWN,
        /** Both. */
        BOTH
    }

    public static final int DEFAULT_MIN_INSTANCES = 30;
    public static final double DEFAULT_DELTA = 0.005;
    public static final double DEFAULT_THRESHOLD = 50.0;
    public static final double DEFAULT_ALPHA = 1 - 1e-4;

    private final int minInstances;
    private final double delta;
    private final double threshold;
    private final double alpha;
    private final Mode mode;

    private long n;
    private double mean;
    private double sumUp;
    private double minUp;
    private double sumDown;
    private double maxDown;
    private boolean drift;
    private long count;
    private long detections;

    /** River's defaults. */
    public PageHinkley() {
        this(DEFAULT_MIN_INSTANCES, DEFAULT_DELTA, DEFAULT_THRESHOLD, DEFAULT_ALPHA, Mode.BOTH);
    }

    /**
     * @param minInstances no alarm before this many values since the last (re)start, {@code >= 1}
     * @param delta        tolerated change, {@code >= 0}
     * @param threshold    alarm threshold λ, {@code > 0}
     * @param alpha        forgetting factor, in (0, 1]
     * @param mode         which direction of change to watch
     */
    public PageHinkley(int minInstances, double delta, double threshold, double alpha, Mode mode) {
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances must be at least 1, got " + minInstances);
        }
        if (!(delta >= 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be >= 0 and finite, got " + delta);
        }
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be > 0 and finite, got " + threshold);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.minInstances = minInstances;
        this.delta = delta;
        this.threshold = threshold;
        this.alpha = alpha;
        this.mode = Objects.requireNonNull(mode, "mode");
        reset();
    }

    @Override
    public void reset() {
        restart();
        drift = false;
        count = 0;
        detections = 0;
    }

    private void restart() {
        n = 0;
        mean = 0;
        sumUp = 0;
        minUp = Double.POSITIVE_INFINITY;
        sumDown = 0;
        maxDown = Double.NEGATIVE_INFINITY;
    }

    @Override
    public boolean update(double value) {
        DriftDetector.requireFinite(value);
        if (drift) {
            restart();
        }
        count++;
        n++;
        mean += (value - mean) / n;
        double dev = value - mean;
        sumUp = alpha * sumUp + dev - delta;
        sumDown = alpha * sumDown + dev + delta;
        minUp = Math.min(minUp, sumUp);
        maxDown = Math.max(maxDown, sumDown);
        drift = n >= minInstances
                && ((mode != Mode.DOWN && sumUp - minUp > threshold)
                        || (mode != Mode.UP && maxDown - sumDown > threshold));
        if (drift) {
            detections++;
        }
        return drift;
    }

    @Override
    public boolean driftDetected() {
        return drift;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long detections() {
        return detections;
    }

    @Override
    public String name() {
        return "page_hinkley";
    }

    /** The statistic for an increase, {@code m_t - M_t} (0 before any value). */
    public double increaseStatistic() {
        return n == 0 ? 0 : sumUp - minUp;
    }

    /** The statistic for a decrease, {@code max(m') - m'_t} (0 before any value). */
    public double decreaseStatistic() {
        return n == 0 ? 0 : maxDown - sumDown;
    }

    public double delta() {
        return delta;
    }

    public double threshold() {
        return threshold;
    }

    public double alpha() {
        return alpha;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String toString() {
        return "PageHinkley[delta=" + delta + ", threshold=" + threshold + ", alpha=" + alpha + ", mode=" + mode
                + ", n=" + n + "]";
    }
}
