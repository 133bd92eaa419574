package io.tributary.learn.metrics;

import java.util.Objects;

/**
 * Prequential (test-then-train) classification metrics over the last {@code window} observations: feed each
 * instance's prediction here before the learner learns from it.
 *
 * <p>O(1) per update. Correct predictions are counted in an exact {@code int}. Log losses are kept in a ring and
 * their running {@code double} sum is rebuilt from the ring once per {@code window} updates: a sum that only ever
 * adds and subtracts would accumulate rounding error forever, while a periodic rebuild bounds it to one window's
 * worth at an amortised O(1) cost.
 */
public final class ClassificationWindow {

    /** Probabilities are clipped to {@code [MIN_PROBABILITY, 1]} before the log, so one confident miss costs ~34.5. */
    public static final double MIN_PROBABILITY = 1e-15;

    private final int window;
    private final boolean[] correct;
    private final double[] losses;
    private int next;
    private int size;
    private long count;
    private int correctInWindow;
    private double lossSum;
    private int sinceRebuild;

    public ClassificationWindow(int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.window = window;
        this.correct = new boolean[window];
        this.losses = new double[window];
    }

    /**
     * Records one prediction. The predicted class is the most probable one (the lowest index on ties, as
     * {@link io.tributary.learn.Classifier#predictOne} does).
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
        boolean hit = predicted == truth;
        double loss = -Math.log(clip(probabilities[truth]));

        if (size == window) {
            if (correct[next]) {
                correctInWindow--;
            }
            lossSum -= losses[next];
        } else {
            size++;
        }
        correct[next] = hit;
        losses[next] = loss;
        if (hit) {
            correctInWindow++;
        }
        lossSum += loss;
        next = next + 1 == window ? 0 : next + 1;
        count++;
        if (++sinceRebuild == window) {
            rebuild();
        }
    }

    private static double clip(float p) {
        // NaN counts as the worst case: a model that cannot say what it believes gets no credit.
        if (!(p >= MIN_PROBABILITY)) {
            return MIN_PROBABILITY;
        }
        return Math.min(p, 1.0);
    }

    private void rebuild() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += losses[i];
        }
        lossSum = sum;
        sinceRebuild = 0;
    }

    /** Fraction of correct predictions in the window; NaN before any observation. */
    public double accuracy() {
        return size == 0 ? Double.NaN : (double) correctInWindow / size;
    }

    /** Mean log loss (cross-entropy, natural log) in the window; NaN before any observation. */
    public double logLoss() {
        return size == 0 ? Double.NaN : lossSum / size;
    }

    /** Observations seen since creation (not capped by the window). */
    public long count() {
        return count;
    }

    /** Observations currently in the window: {@code min(count(), window())}. */
    public int size() {
        return size;
    }

    public int window() {
        return window;
    }
}
