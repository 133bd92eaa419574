package io.tributary.learn.metrics;

/**
 * Prequential regression metrics with a fading factor (see {@link FadingMean}): the fading counterpart of
 * {@link RegressionWindow}. MAE is the faded mean of {@code |y - ŷ|}, RMSE the square root of the faded mean of
 * {@code (y - ŷ)²}.
 *
 * <p>A non-finite error (a NaN or infinite prediction) cannot enter a faded sum: it would stay there forever,
 * since {@code α · ∞ = ∞}. Such errors are left out of the sums, and both metrics report {@code +Infinity} for the
 * next {@code ceil(1 / (1 - α))} updates (the effective memory, see {@link FadingMean#effectiveWindow()}), the
 * analogue of {@link RegressionWindow}'s "while it is in the window". With α = 1 that is forever.
 */
public final class FadingRegression {

    private final FadingMean abs;
    private final FadingMean sq;
    private final long memory;
    private long count;
    /** Updates left during which a non-finite error still poisons the metrics. */
    private long poisoned;

    /**
     * @param alpha fading factor, in (0, 1]
     */
    public FadingRegression(double alpha) {
        this.abs = new FadingMean(alpha);
        this.sq = new FadingMean(alpha);
        double w = abs.effectiveWindow();
        // The factor absorbs rounding: 1 / (1 - 0.9) is 10.000000000000002, whose ceiling would be 11.
        this.memory = Double.isInfinite(w) || w >= Long.MAX_VALUE ? Long.MAX_VALUE
                : (long) Math.ceil(w * (1 - 1e-12));
    }

    /**
     * @throws IllegalArgumentException when {@code truth} is not finite
     */
    public void update(double truth, double predicted) {
        if (!Double.isFinite(truth)) {
            throw new IllegalArgumentException("truth must be finite, got " + truth);
        }
        count++;
        double err = Math.abs(predicted - truth);
        double e2 = err * err;
        if (poisoned > 0 && poisoned != Long.MAX_VALUE) {
            poisoned--;
        }
        if (!Double.isFinite(e2)) {
            poisoned = memory;
            return;
        }
        abs.update(err);
        sq.update(e2);
    }

    /** Faded MAE; NaN before any finite error, +Infinity shortly after a non-finite one. */
    public double mae() {
        if (poisoned > 0) {
            return Double.POSITIVE_INFINITY;
        }
        return abs.mean();
    }

    /** Faded RMSE; NaN before any finite error, +Infinity shortly after a non-finite one. */
    public double rmse() {
        if (poisoned > 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(Math.max(0, sq.mean()));
    }

    /** Observations seen since creation, finite or not. */
    public long count() {
        return count;
    }

    public double alpha() {
        return abs.alpha();
    }
}
