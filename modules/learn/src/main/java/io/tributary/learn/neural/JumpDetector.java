package io.tributary.learn.neural;

/**
 * Flags sudden changes in a series: a value whose change from the previous one is large against the series'
 * recent variation. The scale of recent variation is an exponentially weighted mean of the absolute changes
 * {@code |x_t - x_{t-1}|} (a running plain mean until it has {@code 1 / alpha} of them); a change is a jump when
 *
 * <pre>
 *   |x_t - x_{t-1}| &gt; threshold * max(scale, relativeFloor * |x_{t-1}|)
 * </pre>
 *
 * after at least {@code warmup} changes have been seen. The floor keeps a series that has been constant for a
 * while (scale near 0) from calling every tiny wiggle a jump. After a jump the detector starts over from the new
 * value, warm-up included: a jump usually starts a new regime whose variation is unknown (a loss that jumped tenfold
 * also varies tenfold), and measuring it against the old scale would raise an alarm at nearly every value until the
 * scale caught up. So each change of regime raises one alarm. A non-finite value is always a jump and is not
 * remembered (the next change is measured from the last finite value).
 *
 * <p>With the defaults (threshold 7, alpha 0.05, warm-up 20) on i.i.d. standard Gaussian noise the scale settles
 * near {@code E|x_t - x_{t-1}| = 2 / sqrt(pi) = 1.13}, so a change must exceed about 8 standard deviations: no
 * alarm in 10^6 values, while a step of 12 standard deviations is flagged at the step itself in over 95 % of
 * trials (see {@code JumpDetectorTest}). Lower thresholds trade false alarms for sensitivity: in a simulation
 * threshold 6 gave about 1e-5 false alarms per value and caught 97 % of 10-sigma steps.
 */
public final class JumpDetector {

    public static final double DEFAULT_THRESHOLD = 7;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final int DEFAULT_WARMUP = 20;
    public static final double DEFAULT_RELATIVE_FLOOR = 1e-3;

    private final double threshold;
    private final double alpha;
    private final int warmup;
    private final double relativeFloor;
    private long changes;
    private boolean started;
    private double previous;
    private double scale;
    private double lastScore;
    private long jumps;

    /** The defaults. */
    public JumpDetector() {
        this(DEFAULT_THRESHOLD, DEFAULT_ALPHA, DEFAULT_WARMUP, DEFAULT_RELATIVE_FLOOR);
    }

    /**
     * @param threshold     how many times the scale a change must exceed, {@code > 0}
     * @param alpha         weight of the newest change in the scale, in {@code (0, 1]}
     * @param warmup        changes seen before any alarm, {@code >= 1}
     * @param relativeFloor the scale is at least this times the previous value's magnitude, {@code >= 0}
     */
    public JumpDetector(double threshold, double alpha, int warmup, double relativeFloor) {
        if (!(threshold > 0) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be positive and finite, got " + threshold);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        if (warmup < 1) {
            throw new IllegalArgumentException("warmup must be >= 1, got " + warmup);
        }
        if (!(relativeFloor >= 0) || !Double.isFinite(relativeFloor)) {
            throw new IllegalArgumentException("relativeFloor must be >= 0 and finite, got " + relativeFloor);
        }
        this.threshold = threshold;
        this.alpha = alpha;
        this.warmup = warmup;
        this.relativeFloor = relativeFloor;
    }

    /** Feeds the next value; true when it is a jump. */
    public boolean update(double x) {
        if (!Double.isFinite(x)) {
            lastScore = Double.POSITIVE_INFINITY;
            jumps++;
            return true;
        }
        if (!started) {
            started = true;
            previous = x;
            lastScore = 0;
            return false;
        }
        double change = Math.abs(x - previous);
        double reference = Math.max(scale, relativeFloor * Math.abs(previous));
        boolean jump = changes >= warmup && change > threshold * reference;
        lastScore = reference > 0 ? change / reference : (change > 0 ? Double.POSITIVE_INFINITY : 0);
        previous = x;
        if (jump) {
            jumps++;
            changes = 0;
            scale = 0;
            return true;
        }
        double weight = Math.max(alpha, 1.0 / (changes + 1));
        scale += weight * (change - scale);
        changes++;
        return false;
    }

    /** The last update's change over the reference scale (0 for the first value, infinite for a non-finite one). */
    public double lastScore() {
        return lastScore;
    }

    /** The current scale of recent changes. */
    public double scale() {
        return scale;
    }

    /** The previous finite value (NaN before the first). */
    public double previous() {
        return started ? previous : Double.NaN;
    }

    /** Jumps flagged so far. */
    public long jumps() {
        return jumps;
    }

    public double threshold() {
        return threshold;
    }
}
