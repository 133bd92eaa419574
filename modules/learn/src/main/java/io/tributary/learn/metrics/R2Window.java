package io.tributary.learn.metrics;

/**
 * Prequential coefficient of determination over the last {@code window} observations:
 * {@code R² = 1 - SS_res / SS_tot}, with {@code SS_res = Σ (y - ŷ)²} and {@code SS_tot = Σ (y - ȳ)²} over the
 * window, ȳ being the window's mean target. 1 is a perfect model, 0 is as good as predicting the window mean, and
 * anything worse is negative.
 *
 * <p>O(1) per update. {@code SS_tot} is a sliding-window Welford sum (mean and sum of squared deviations updated
 * as values enter and leave), which avoids the cancellation of {@code Σy² - (Σy)²/n} when targets have a large
 * mean; like the other windows, both sums are rebuilt exactly from the ring once per {@code window} updates.
 *
 * <p>Conventions, as in scikit-learn's {@code r2_score}: when every target in the window is the same
 * ({@code SS_tot = 0}), R² is 1 if the predictions are exact and 0 otherwise. A non-finite prediction makes R²
 * {@code -Infinity} while it is in the window.
 */
public final class R2Window {

    private final int window;
    private final double[] truths;
    private final double[] sqErrors;
    private int next;
    private int size;
    private long count;
    private int nonFiniteInWindow;
    private double mean;
    private double m2;
    private double sqSum;
    private int sinceRebuild;

    public R2Window(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.window = window;
        this.truths = new double[window];
        this.sqErrors = new double[window];
    }

    /**
     * @throws IllegalArgumentException when {@code truth} is not finite
     */
    public void update(double truth, double predicted) {
        if (!Double.isFinite(truth)) {
            throw new IllegalArgumentException("truth must be finite, got " + truth);
        }
        double err = predicted - truth;
        double sq = err * err;
        if (size == window) {
            double old = truths[next];
            // Replace old by truth in a window of constant size n.
            double newMean = mean + (truth - old) / size;
            m2 += (truth - old) * (truth - newMean + old - mean);
            mean = newMean;
            if (Double.isFinite(sqErrors[next])) {
                sqSum -= sqErrors[next];
            } else {
                nonFiniteInWindow--;
            }
        } else {
            size++;
            double d = truth - mean;
            mean += d / size;
            m2 += d * (truth - mean);
        }
        truths[next] = truth;
        sqErrors[next] = sq;
        if (Double.isFinite(sq)) {
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

    private void rebuild() {
        double sum = 0;
        double s = 0;
        for (int i = 0; i < size; i++) {
            sum += truths[i];
            if (Double.isFinite(sqErrors[i])) {
                s += sqErrors[i];
            }
        }
        double m = sum / size;
        double dev = 0;
        for (int i = 0; i < size; i++) {
            double d = truths[i] - m;
            dev += d * d;
        }
        mean = m;
        m2 = dev;
        sqSum = s;
        sinceRebuild = 0;
    }

    /** R² of the window; NaN before any observation. */
    public double r2() {
        if (size == 0) {
            return Double.NaN;
        }
        if (nonFiniteInWindow > 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double ssRes = Math.max(0, sqSum);
        double ssTot = Math.max(0, m2);
        if (ssTot == 0) {
            return ssRes == 0 ? 1.0 : 0.0;
        }
        return 1 - ssRes / ssTot;
    }

    /** Mean of the targets in the window; NaN before any observation. */
    public double meanTruth() {
        return size == 0 ? Double.NaN : mean;
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
