package io.tributary.learn.forecast;

import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * DLinear (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", AAAI 2023), online: the window is
 * split into a trend, its moving average with kernel {@code k}, and the remainder (window minus trend); one linear
 * map {@code input_size -> horizon} reads the trend, another the remainder, and the forecast is their sum.
 *
 * <p><b>Moving average.</b> As in the paper, the window is padded at each end by repeating its edge values so that
 * the trend has the window's length: {@code (k - 1) / 2} copies of the first point in front and
 * {@code k - 1 - (k - 1) / 2} copies of the last at the back (for odd {@code k} the average is centred), and
 * {@code trend_i} is the mean of the {@code k} padded points starting at {@code i}. A kernel longer than the window is
 * allowed (the padding grows).
 *
 * <p><b>Layout.</b> The two maps are stored as one {@code (2 input_size + 1) x horizon} affine map over
 * {@code [trend; remainder; 1]}: its first {@code input_size} rows are the trend map, the next {@code input_size} the
 * remainder map, and the two maps' biases, which only ever appear summed, are one row. Adam is per coordinate, so
 * this trains exactly as two separate maps would. The window is normalised as in {@link WindowForecaster} (shifted by
 * its last value, divided by the scale) before the decomposition; the moving average is linear, so the shift moves
 * the trend and leaves the remainder as it was. The map starts at zero, i.e. as the naive forecast.
 */
public final class DLinear extends WindowForecaster {

    /** The algorithm's name in configs and snapshots. */
    public static final String ALGORITHM = "dlinear";
    /** The paper's moving-average kernel. */
    public static final int DEFAULT_KERNEL = 25;
    /** Largest kernel accepted. */
    public static final int MAX_KERNEL = 1 << 16;
    /** Adam's default step size. */
    public static final double DEFAULT_LEARNING_RATE = 0.005;

    private final int kernel;
    private final AdamLinearMap map;
    private final float[] features;
    private final float[] error;
    private float[] featureBatch = new float[0];

    public DLinear(WindowConfig config, int kernel, Kernels kernels) {
        this(config, kernel, kernels, null);
    }

    private DLinear(WindowConfig config, int kernel, Kernels kernels, ForecasterState state) {
        super(config, kernels, state);
        if (kernel < 1 || kernel > MAX_KERNEL) {
            throw new IllegalArgumentException("kernel must be in [1, " + MAX_KERNEL + "], got " + kernel);
        }
        this.kernel = kernel;
        this.map = new AdamLinearMap(2 * config.inputSize(), config.horizon(), kernels);
        this.features = new float[2 * config.inputSize()];
        this.error = new float[config.horizon()];
        if (state != null) {
            map.restore(state.parameters(), state.firstMoments(), state.secondMoments(), state.steps());
        }
    }

    /** A DLinear with the given learned state (copied), continuing exactly where that one stopped. */
    public static DLinear restore(WindowConfig config, int kernel, ForecasterState state, Kernels kernels) {
        return new DLinear(config, kernel, kernels, Objects.requireNonNull(state, "state"));
    }

    /** Parameters of a DLinear: {@code (2 input_size + 1) * horizon}. */
    public static int parameterCount(WindowConfig config) {
        return AdamLinearMap.parameterCount(2 * config.inputSize(), config.horizon());
    }

    public int kernel() {
        return kernel;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public long trainingSteps() {
        return map.steps();
    }

    /**
     * The moving-average trend of {@code x[off, off + n)} with edge padding (see the class comment) into
     * {@code trend[tOff, tOff + n)}, in one pass with a running sum (in double, so that a long window does not
     * accumulate float rounding).
     */
    public static void movingAverage(float[] x, int off, int n, int kernel, float[] trend, int tOff) {
        if (kernel < 1) {
            throw new IllegalArgumentException("kernel must be >= 1, got " + kernel);
        }
        int front = (kernel - 1) / 2;
        int back = kernel - 1 - front;
        double sum = 0;
        for (int u = -front; u <= back; u++) {
            sum += x[off + Math.clamp(u, 0, n - 1)];
        }
        for (int i = 0; i < n; i++) {
            trend[tOff + i] = (float) (sum / kernel);
            // Slide: the point entering at i + back + 1, the one leaving at i - front (both clamped to the edges).
            sum += x[off + Math.clamp(i + back + 1, 0, n - 1)] - x[off + Math.clamp(i - front, 0, n - 1)];
        }
    }

    /** {@code [trend; remainder]} of one window into {@code f[fOff, fOff + 2n)}. */
    private void decompose(float[] x, int off, float[] f, int fOff) {
        int n = inputSize();
        movingAverage(x, off, n, kernel, f, fOff);
        for (int i = 0; i < n; i++) {
            f[fOff + n + i] = x[off + i] - f[fOff + i];
        }
    }

    @Override
    void predict(float[] window, float[] out) {
        decompose(window, 0, features, 0);
        map.apply(features, out);
    }

    @Override
    void predict(float[] windows, int count, float[] out) {
        int n = inputSize();
        if (featureBatch.length < 2 * n * count) {
            featureBatch = new float[2 * n * count];
        }
        for (int r = 0; r < count; r++) {
            decompose(windows, r * n, featureBatch, 2 * n * r);
        }
        map.apply(featureBatch, count, out);
    }

    @Override
    void train(float[] window, float[] target, float learningRate) {
        decompose(window, 0, features, 0);
        map.apply(features, error);
        for (int j = 0; j < error.length; j++) {
            error[j] -= target[j];
        }
        map.step(features, error, learningRate);
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
