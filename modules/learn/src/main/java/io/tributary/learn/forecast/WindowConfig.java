package io.tributary.learn.forecast;

/**
 * What every learning forecaster ({@link NLinear}, {@link DLinear}, {@link LagMlp}) is configured with.
 *
 * @param inputSize    points a forecast reads, in {@code [1, }{@value #MAX_INPUT_SIZE}{@code ]}
 * @param horizon      points a forecast covers, in {@code [1, }{@value #MAX_HORIZON}{@code ]}
 * @param learningRate Adam's step size, finite and {@code > 0} (within float range)
 * @param replay       earlier (window, future) pairs trained on again with each new point, in
 *                     {@code [0, }{@value #MAX_REPLAY}{@code ]}: with {@code replay = r} the forecaster keeps
 *                     {@code r} more points of history and, when point {@code t} arrives, takes one Adam step on each
 *                     of the pairs whose future ends at {@code t - r, ..., t - 1, t} (oldest first), so every pair
 *                     is learned {@code r + 1} times in all: a few passes over a sliding stretch of the series,
 *                     without storing anything but points. 0 (the default) is one step per point.
 */
public record WindowConfig(int inputSize, int horizon, double learningRate, int replay) {

    public static final int MAX_INPUT_SIZE = 1 << 16;
    public static final int MAX_HORIZON = 1 << 12;
    public static final int MAX_REPLAY = 1 << 10;
    public static final int DEFAULT_INPUT_SIZE = 24;
    public static final int DEFAULT_HORIZON = 1;
    public static final int DEFAULT_REPLAY = 0;
    /** Adam's moment decays and denominator guard, fixed: PyTorch's defaults. */
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    public WindowConfig {
        if (inputSize < 1 || inputSize > MAX_INPUT_SIZE) {
            throw new IllegalArgumentException("input_size must be in [1, " + MAX_INPUT_SIZE + "], got " + inputSize);
        }
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "], got " + horizon);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate) || (float) learningRate == 0f) {
            throw new IllegalArgumentException("learning_rate must be a finite number > 0, got " + learningRate);
        }
        if (replay < 0 || replay > MAX_REPLAY) {
            throw new IllegalArgumentException("replay must be in [0, " + MAX_REPLAY + "], got " + replay);
        }
    }

    /** Points of history kept: a window, its future, and the futures of the replayed pairs. */
    int historyCapacity() {
        return inputSize + horizon + replay;
    }
}
