package io.tributary.learn.metrics;

import java.util.Objects;

/**
 * Prequential classification metrics with a fading factor (see {@link FadingMean}): the fading counterpart of
 * {@link ClassificationWindow}, O(1) memory whatever the horizon. Accuracy is the faded mean of the 0/1 hits,
 * log loss the faded mean of {@code -ln p(truth)}, with probabilities clipped to
 * {@link ClassificationWindow#MIN_PROBABILITY} as there.
 */
public final class FadingClassification {

    private final FadingMean hits;
    private final FadingMean losses;

    /**
     * @param alpha fading factor, in (0, 1]; e.g. 0.999 for a memory of about 1000 instances
     */
    public FadingClassification(double alpha) {
        this.hits = new FadingMean(alpha);
        this.losses = new FadingMean(alpha);
    }

    /**
     * Records one prediction; the predicted class is the most probable one (lowest index on ties).
     *
     * @param truth         the true class, an index into {@code probabilities}
     * @param probabilities the predicted probability of each class
     */
    public void update(int truth, float[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (truth < 0 || truth >= probabilities.length) {
            throw new IllegalArgumentException(
                    "truth " + truth + " is not a class of a " + probabilities.length + "-class prediction");
        }
        int predicted = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[predicted]) {
                predicted = k;
            }
        }
        hits.update(predicted == truth ? 1 : 0);
        losses.update(logLoss(probabilities[truth]));
    }

    /** {@code -ln p}, p clipped to {@code [MIN_PROBABILITY, 1]}; NaN counts as the worst case. */
    static double logLoss(float p) {
        double clipped = p >= ClassificationWindow.MIN_PROBABILITY ? Math.min(p, 1.0)
                : ClassificationWindow.MIN_PROBABILITY;
        return -Math.log(clipped);
    }

    /** Faded accuracy; NaN before any observation. */
    public double accuracy() {
        return hits.mean();
    }

    /** Faded mean log loss (natural log); NaN before any observation. */
    public double logLoss() {
        return losses.mean();
    }

    public long count() {
        return hits.count();
    }

    public double alpha() {
        return hits.alpha();
    }
}
