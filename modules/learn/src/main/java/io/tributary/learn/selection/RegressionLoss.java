package io.tributary.learn.selection;

/**
 * The per-event loss by which candidate regressors are compared. A non-finite prediction has an infinite loss.
 *
 * <p>Bandit reward: regression losses have no natural upper bound, so they are normalised by a running scale
 * {@code s}, the mean of every loss the selector has recorded before this one (all candidates pooled):
 * {@code reward = 1 - loss / (loss + s) = s / (loss + s)}. A loss of 0 earns 1, a loss equal to the typical loss
 * earns 1/2, a huge (or infinite) loss earns ~0, and the reward does not depend on the units of the target.
 */
public enum RegressionLoss {

    /** {@code (y - ŷ)²}. */
    SQUARED("squared"),
    /** {@code |y - ŷ|}. */
    ABSOLUTE("absolute");

    private final String configName;

    RegressionLoss(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The loss of one prediction; {@code +Infinity} when the prediction is not finite. */
    public double loss(double truth, double predicted) {
        double e = Math.abs(predicted - truth);
        double l = this == SQUARED ? e * e : e;
        return Double.isFinite(l) ? l : Double.POSITIVE_INFINITY;
    }
}
