package io.tributary.learn.metrics;

/**
 * Prequential regression metrics (MAE, RMSE) over the last {@code window} observations.
 *
 * <p>O(1) per update. Absolute and squared errors are kept in rings; their running {@code double} sums are
 * rebuilt from the rings once per {@code window} updates, which bounds the rounding drift of add-and-subtract
 * sums to one window's worth at an amortised O(1) cost.
 *
 * <p>A non-finite error (a NaN or infinite prediction from a diverged model) cannot take part in a running sum,
 * since subtracting it later would leave NaN behind; such errors are counted instead, and while one is in the
 * window both metrics report {@code +Infinity}.
 */
public final class RegressionWindow {

    private final int window;
    private final double[] absErrors;
    private final double[] sqErrors;
    private int next;
    private int size;
    private long count;
    private int nonFiniteInWindow;
    private double absSum;
    private double sqSum;
    private int sinceRebuild;

    public RegressionWindow(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.window = window;
        this.absErrors = new double[window];
        this.sqErrors = new double[window];
    }

    /**
     * @throws IllegalArgumentException when {@code truth} is not finite (the data, not the model, is broken)
     */
    public void update(double truth, double predicted) {
        if (!Double.isFinite(truth)) {
            throw new IllegalArgumentException("truth must be finite, got " + truth);
        }
        double err = Math.abs(predicted - truth);
        double sq = err * err;
        if (size == window) {
            evict(next);
        } else {
            size++;
        }
        absErrors[next] = err;
        sqErrors[next] = sq;
        if (Double.isFinite(sq)) {
            absSum += err;
            sqSum += sq;
        } else {
            nonFiniteInWindow++;
        }
        next = next + 1 == window ? 0 : next + 1;
        count++;
        if (++sinceRebuild == window) {
            rebuild();
        }
    }

    private void evict(int slot) {
        if (Double.isFinite(sqErrors[slot])) {
            absSum -= absErrors[slot];
            sqSum -= sqErrors[slot];
        } else {
            nonFiniteInWindow--;
        }
    }

    private void rebuild() {
        double a = 0;
        double s = 0;
        for (int i = 0; i < size; i++) {
            if (Double.isFinite(sqErrors[i])) {
                a += absErrors[i];
                s += sqErrors[i];
            }
        }
        absSum = a;
        sqSum = s;
        sinceRebuild = 0;
    }

    /** Mean absolute error in the window; NaN before any observation. */
    public double mae() {
        if (size == 0) {
            return Double.NaN;
        }
        return nonFiniteInWindow > 0 ? Double.POSITIVE_INFINITY : Math.max(0, absSum) / size;
    }

    /** Root mean squared error in the window; NaN before any observation. */
    public double rmse() {
        if (size == 0) {
            return Double.NaN;
        }
        // max(0, .) guards the sqrt against a sum that rounding left a hair below zero.
        return nonFiniteInWindow > 0 ? Double.POSITIVE_INFINITY : Math.sqrt(Math.max(0, sqSum) / size);
    }

    /** Observations seen since creation (not capped by the window). */
    public long count() {
        return count;
    }

    /** Observations currently in the window. */
    public int size() {
        return size;
    }

    public int window() {
        return window;
    }
}
