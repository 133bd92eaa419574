package io.tributary.learn.selection;

/**
 * How a candidate's per-event losses are averaged into its prequential loss: over a sliding window of its last N
 * evaluations, or with a fading factor α ({@code S_t = loss_t + α S_{t-1}}, {@code N_t = 1 + α N_{t-1}}, as
 * {@link io.tributary.learn.metrics.FadingMean}). Either way the average tracks the candidate's current quality
 * rather than its early, untrained past.
 *
 * <p>A non-finite (infinite) loss makes the average {@code +Infinity} while it is in the window, or for the next
 * {@code ceil(1 / (1 - α))} evaluations with a fading factor.
 */
public sealed interface LossAverage {

    /** Mean over the last {@code size} evaluations. */
    record Window(int size) implements LossAverage {
        public Window {
            if (size <= 0) {
                throw new IllegalArgumentException("window size must be positive, got " + size);
            }
        }
    }

    /** Fading-factor mean with factor {@code alpha} in (0, 1]. */
    record Fading(double alpha) implements LossAverage {
        public Fading {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("fading factor alpha must be in (0, 1], got " + alpha);
            }
        }
    }

    static LossAverage window(int size) {
        return new Window(size);
    }

    static LossAverage fading(double alpha) {
        return new Fading(alpha);
    }

    /** A window of 1000 evaluations. */
    static LossAverage defaultAverage() {
        return new Window(1000);
    }
}
