package io.tributary.learn.forecast;

import io.tributary.learn.simd.Kernels;

/**
 * NLinear (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", AAAI 2023), online: subtract the
 * window's last value, apply one linear map {@code input_size -> horizon} (with a bias), add the last value back.
 * Here the shifted window is also divided by the series' scale (see {@link WindowForecaster}) and the map is trained
 * by Adam, one step per new point. The map starts at zero, i.e. as the naive forecast.
 */
public final class NLinear extends WindowForecaster {

    /** The algorithm's name in configs and snapshots. */
    public static final String ALGORITHM = "nlinear";
    /** Adam's default step size. */
    public static final double DEFAULT_LEARNING_RATE = 0.005;

    private final AdamLinearMap map;
    private final float[] error;

    public NLinear(WindowConfig config, Kernels kernels) {
        this(config, kernels, null);
    }

    private NLinear(WindowConfig config, Kernels kernels, ForecasterState state) {
        super(config, kernels, state);
        this.map = new AdamLinearMap(config.inputSize(), config.horizon(), kernels);
        this.error = new float[config.horizon()];
        if (state != null) {
            map.restore(state.parameters(), state.firstMoments(), state.secondMoments(), state.steps());
        }
    }

    /** An NLinear with the given learned state (copied), continuing exactly where that one stopped. */
    public static NLinear restore(WindowConfig config, ForecasterState state, Kernels kernels) {
        return new NLinear(config, kernels, java.util.Objects.requireNonNull(state, "state"));
    }

    /** Parameters of an NLinear: {@code (input_size + 1) * horizon}. */
    public static int parameterCount(WindowConfig config) {
        return AdamLinearMap.parameterCount(config.inputSize(), config.horizon());
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public long trainingSteps() {
        return map.steps();
    }

    /** The map's weight from window position {@code i} (0 oldest; {@code input_size} is the bias) to step {@code j}. */
    public float weight(int i, int j) {
        return map.weight(i, j);
    }

    @Override
    void predict(float[] window, float[] out) {
        map.apply(window, out);
    }

    @Override
    void predict(float[] windows, int count, float[] out) {
        map.apply(windows, count, out);
    }

    @Override
    void train(float[] window, float[] target, float learningRate) {
        map.apply(window, error);
        for (int j = 0; j < error.length; j++) {
            error[j] -= target[j];
        }
        map.step(window, error, learningRate);
    }

    @Override
    float[] parameters() {
        return map.parameters();
    }

    @Override
    float[] firstMoments() {
        return map.firstMoments();
    }

    @Override
    float[] secondMoments() {
        return map.secondMoments();
    }
}
