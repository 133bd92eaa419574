package io.tributary.learn.selection;

import io.tributary.learn.metrics.ClassificationWindow;

/** The per-event loss by which candidate classifiers are compared. */
public enum ClassificationLoss {

    /**
     * {@code -ln p(truth)}, the probability clipped to {@link ClassificationWindow#MIN_PROBABILITY} (so at most
     * ~34.5). Bandit reward: {@code exp(-loss)}, i.e. the (clipped) probability given to the true class.
     */
    LOG_LOSS("log_loss"),
    /** 0 when the most probable class is the true one, else 1. Bandit reward: {@code 1 - loss}. */
    ZERO_ONE("zero_one");

    private final String configName;

    ClassificationLoss(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The loss of one prediction. */
    public double loss(int truth, float[] probabilities) {
        return switch (this) {
            case LOG_LOSS -> {
                float p = probabilities[truth];
                double clipped = p >= ClassificationWindow.MIN_PROBABILITY ? Math.min(p, 1.0)
                        : ClassificationWindow.MIN_PROBABILITY;
                yield -Math.log(clipped);
            }
            case ZERO_ONE -> {
                int predicted = 0;
                for (int k = 1; k < probabilities.length; k++) {
                    if (probabilities[k] > probabilities[predicted]) {
                        predicted = k;
                    }
                }
                yield predicted == truth ? 0.0 : 1.0;
            }
        };
    }

    /** The loss mapped into a reward in [0, 1], 1 being best. */
    double reward(double loss) {
        return switch (this) {
            case LOG_LOSS -> Math.exp(-loss);
            case ZERO_ONE -> 1 - loss;
        };
    }
}
