package io.tributary.learn.drift;

import java.util.Arrays;

/**
 * ADWIN, ADaptive WINdowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing", SDM
 * 2007), in its memory-efficient form ADWIN2.
 *
 * <p>ADWIN keeps a window of the most recent values and drops its older part whenever the means of two
 * sub-windows, an older {@code W0} and a newer {@code W1}, differ by more than chance allows. The window is stored
 * as an exponential histogram: level {@code i} holds buckets that each summarise {@code 2^i} consecutive values
 * (their sum and their sum of squared deviations), at most {@code maxBuckets} per level; when a level overflows,
 * its two oldest buckets merge into one bucket of the next level. A window of W values therefore takes
 * O(maxBuckets · log W) memory, and a check costs O(log W) per candidate split, since splits are only considered at
 * bucket boundaries.
 *
 * <p>The cut test is the one of the reference implementations (MOA, River), with the variance-aware bound
 * <pre>
 *   |mean(W0) - mean(W1)| &gt; sqrt(2 m σ²_W δ') + (2/3) m δ'
 *   m = 1/(n0 - minWindowLength + 1) + 1/(n1 - minWindowLength + 1)
 *   δ' = ln(2 ln(W) / δ)
 * </pre>
 * where σ²_W is the variance of the whole window. As in MOA and River, the test runs every {@code clock}
 * values (not on every one, which would cost O(log W) splits per value) and only once the window holds more than
 * {@code gracePeriod} values; after a cut the oldest bucket is dropped and the test repeats until no split
 * qualifies. The bound assumes values in [0, 1] (0/1 errors, probabilities); it works on other ranges but is then
 * more or less conservative.
 *
 * <p>ADWIN has no warning zone. It never restarts on its own: after a drift, the window is the part that came
 * after the change, and {@link #mean()} estimates the new regime.
 */
public final class Adwin implements DriftDetector {

    public static final double DEFAULT_DELTA = 0.002;
    public static final int DEFAULT_CLOCK = 32;
    public static final int DEFAULT_MAX_BUCKETS = 5;
    public static final int DEFAULT_MIN_WINDOW_LENGTH = 5;
    public static final int DEFAULT_GRACE_PERIOD = 10;

    private final double delta;
    private final int clock;
    private final int maxBuckets;
    private final int minWindowLength;
    private final int gracePeriod;

    /** Level i, oldest bucket first: totals[i][k] is the sum of the 2^i values of bucket k. */
    private double[][] totals;
    /** Sum of squared deviations from their own mean of the values of each bucket. */
    private double[][] variances;
    private int[] sizes;
    private int levels;

    private long width;
    private double total;
    /** Sum of squared deviations of the window's values from the window mean. */
    private double variance;
    private long count;
    private long detections;
    private boolean drift;

    /** River's and MOA's defaults: delta 0.002, clock 32, 5 buckets per level, sub-windows of at least 5. */
    public Adwin() {
        this(DEFAULT_DELTA);
    }

    public Adwin(double delta) {
        this(delta, DEFAULT_CLOCK, DEFAULT_MAX_BUCKETS, DEFAULT_MIN_WINDOW_LENGTH, DEFAULT_GRACE_PERIOD);
    }

    /**
     * @param delta           confidence, in (0, 1): the smaller, the fewer false alarms and the later detections
     * @param clock           check for a change every this many values, {@code >= 1}
     * @param maxBuckets      buckets per histogram level, {@code >= 2}
     * @param minWindowLength smallest sub-window a split may leave on either side, {@code >= 1}
     * @param gracePeriod     no check until the window holds more than this many values, {@code >= 0}
     */
    public Adwin(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (clock < 1) {
            throw new IllegalArgumentException("clock must be at least 1, got " + clock);
        }
        if (maxBuckets < 2) {
            throw new IllegalArgumentException("maxBuckets must be at least 2, got " + maxBuckets);
        }
        if (minWindowLength < 1) {
            throw new IllegalArgumentException("minWindowLength must be at least 1, got " + minWindowLength);
        }
        if (gracePeriod < 0) {
            throw new IllegalArgumentException("gracePeriod must be >= 0, got " + gracePeriod);
        }
        this.delta = delta;
        this.clock = clock;
        this.maxBuckets = maxBuckets;
        this.minWindowLength = minWindowLength;
        this.gracePeriod = gracePeriod;
        reset();
    }

    @Override
    public void reset() {
        totals = new double[4][maxBuckets + 1];
        variances = new double[4][maxBuckets + 1];
        sizes = new int[4];
        levels = 0;
        width = 0;
        total = 0;
        variance = 0;
        count = 0;
        detections = 0;
        drift = false;
    }

    @Override
    public boolean update(double value) {
        DriftDetector.requireFinite(value);
        count++;
        insert(value);
        drift = count % clock == 0 && width > gracePeriod && detectAndShrink();
        if (drift) {
            detections++;
        }
        return drift;
    }

    private void insert(double value) {
        width++;
        if (width > 1) {
            double d = value - total / (width - 1);
            variance += (width - 1) * d * d / width;
        }
        total += value;
        append(0, value, 0.0);
        for (int level = 0; sizes[level] == maxBuckets + 1; level++) {
            double n = bucketSize(level);
            double t0 = totals[level][0];
            double t1 = totals[level][1];
            // Merging two buckets of n values: M2 = M2_0 + M2_1 + n*n/(2n) (mean0 - mean1)^2.
            double v = variances[level][0] + variances[level][1] + (t0 - t1) * (t0 - t1) / (2 * n);
            removeOldest(level, 2);
            append(level + 1, t0 + t1, v);
        }
    }

    private void append(int level, double t, double v) {
        if (level == levels) {
            if (levels == totals.length) {
                int grown = levels * 2;
                totals = Arrays.copyOf(totals, grown);
                variances = Arrays.copyOf(variances, grown);
                sizes = Arrays.copyOf(sizes, grown);
                for (int i = levels; i < grown; i++) {
                    totals[i] = new double[maxBuckets + 1];
                    variances[i] = new double[maxBuckets + 1];
                }
            }
            levels++;
        }
        int k = sizes[level]++;
        totals[level][k] = t;
        variances[level][k] = v;
    }

    private void removeOldest(int level, int howMany) {
        int remaining = sizes[level] - howMany;
        System.arraycopy(totals[level], howMany, totals[level], 0, remaining);
        System.arraycopy(variances[level], howMany, variances[level], 0, remaining);
        sizes[level] = remaining;
    }

    private static double bucketSize(int level) {
        return Math.scalb(1.0, level);
    }

    /** Runs the cut test until no split qualifies; true when at least one cut happened. */
    private boolean detectAndShrink() {
        boolean changed = false;
        boolean cut = true;
        while (cut && width > gracePeriod) {
            cut = false;
            double n0 = 0;
            double u0 = 0;
            double n1 = width;
            double u1 = total;
            scan:
            for (int level = levels - 1; level >= 0; level--) {
                double n2 = bucketSize(level);
                for (int k = 0; k < sizes[level]; k++) {
                    double u2 = totals[level][k];
                    n0 += n2;
                    n1 -= n2;
                    u0 += u2;
                    u1 -= u2;
                    if (level == 0 && k == sizes[0] - 1) {
                        break scan; // W1 would be empty
                    }
                    if (n0 >= minWindowLength && n1 >= minWindowLength && cutExpression(n0, n1, u0, u1)) {
                        cut = true;
                        changed = true;
                        dropOldestBucket();
                        break scan;
                    }
                }
            }
        }
        return changed;
    }

    private boolean cutExpression(double n0, double n1, double u0, double u1) {
        double diff = u0 / n0 - u1 / n1;
        double v = Math.max(0, variance) / width;
        double dd = Math.log(2 * Math.log(width) / delta);
        double m = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1);
        double epsilon = Math.sqrt(2 * m * v * dd) + 2.0 / 3.0 * dd * m;
        return Math.abs(diff) > epsilon;
    }

    private void dropOldestBucket() {
        int level = levels - 1;
        double n = bucketSize(level);
        double u = totals[level][0];
        double v = variances[level][0];
        removeOldest(level, 1);
        if (sizes[level] == 0) {
            levels--;
        }
        width -= (long) n;
        total -= u;
        if (width == 0) {
            total = 0;
            variance = 0;
        } else {
            // Removing a bucket of n values with mean u/n from the window: M2 -= M2_b + n W'/(n + W') (mu_b - mu_W')^2.
            double d = u / n - total / width;
            variance -= v + n * width * d * d / (n + width);
        }
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
        return "adwin";
    }

    /** Number of values in the current window. */
    public long width() {
        return width;
    }

    /** Mean of the current window: ADWIN's estimate of the current mean; NaN when the window is empty. */
    public double mean() {
        return width == 0 ? Double.NaN : total / width;
    }

    /** Population variance of the current window; NaN when the window is empty. */
    public double variance() {
        return width == 0 ? Double.NaN : Math.max(0, variance) / width;
    }

    /** Buckets in the histogram: O(maxBuckets · log(width)). */
    public int buckets() {
        int b = 0;
        for (int i = 0; i < levels; i++) {
            b += sizes[i];
        }
        return b;
    }

    public double delta() {
        return delta;
    }

    public int clock() {
        return clock;
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    @Override
    public String toString() {
        return "ADWIN[delta=" + delta + ", width=" + width + ", mean=" + mean() + ", buckets=" + buckets() + "]";
    }
}
