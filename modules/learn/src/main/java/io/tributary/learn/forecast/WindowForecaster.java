package io.tributary.learn.forecast;

import io.tributary.learn.simd.Kernels;
import java.util.Arrays;
import java.util.Objects;

/**
 * Shared machinery of the learning forecasters: the history, the training schedule of {@link Forecaster} (one Adam
 * step per new point on the newest (window, future) pair, plus {@link WindowConfig#replay()} earlier pairs), and the
 * normalisation every model sees.
 *
 * <p><b>Normalisation.</b> A window {@code x[0..L)} and its future {@code y[0..H)} are shifted by the window's last
 * value and divided by the series' scale {@code s} (the mean absolute first difference so far, see
 * {@link #scale()}): the model maps {@code (x_i - x_{L-1}) / s} to {@code (y_j - x_{L-1}) / s}, and a forecast is
 * {@code x_{L-1} + s * output_j}. Subtracting the last value is NLinear's normalisation (Zeng et al., "Are
 * Transformers Effective for Time Series Forecasting?", AAAI 2023); applied to every model here, it makes a model
 * whose outputs are zero the naive (last-value) forecast, which is where the linear models start, and it lets a
 * model trained at one level of a trending series forecast at the next. Dividing by {@code s} lets one learning rate
 * suit series of any magnitude.
 */
public abstract sealed class WindowForecaster implements Forecaster permits NLinear, DLinear, LagMlp {

    private final WindowConfig config;
    private final int inputSize;
    private final int horizon;
    private final int replay;
    private final float learningRate;
    private final Kernels kernels;
    private final SeriesHistory history;
    private final float[] window;
    private final float[] target;
    private final float[] output;
    private float[] windowBatch = new float[0];
    private float[] outputBatch = new float[0];

    WindowForecaster(WindowConfig config, Kernels kernels, ForecasterState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.inputSize = config.inputSize();
        this.horizon = config.horizon();
        this.replay = config.replay();
        this.learningRate = (float) config.learningRate();
        this.history = state == null ? new SeriesHistory(config.historyCapacity())
                : SeriesHistory.restore(config.historyCapacity(), state.updates(), state.absDiffSum(),
                        state.history());
        this.window = new float[inputSize];
        this.target = new float[horizon];
        this.output = new float[horizon];
    }

    public final WindowConfig config() {
        return config;
    }

    public final Kernels kernels() {
        return kernels;
    }

    @Override
    public final int inputSize() {
        return inputSize;
    }

    @Override
    public final int horizon() {
        return horizon;
    }

    @Override
    public final long updates() {
        return history.seen();
    }

    /** The scale windows and targets are divided by: the mean absolute first difference so far (1 until known). */
    public final double scale() {
        return history.scale();
    }

    @Override
    public final void learnOne(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("series value is NaN or infinite (" + value
                    + "); refusing to learn from it");
        }
        history.add(value);
        long seen = history.seen();
        for (int k = replay; k >= 0; k--) {
            if (seen >= (long) inputSize + horizon + k) {
                trainOnPair(k);
            }
        }
    }

    /** One step on the pair whose future ends {@code age} points before the newest. */
    private void trainOnPair(int age) {
        int end = horizon + age;
        double shift = history.at(end);
        double s = history.scale();
        for (int i = 0; i < inputSize; i++) {
            window[i] = (float) ((history.at(end + inputSize - 1 - i) - shift) / s);
        }
        for (int j = 0; j < horizon; j++) {
            target[j] = (float) ((history.at(end - 1 - j) - shift) / s);
        }
        train(window, target, learningRate);
    }

    @Override
    public final void forecast(double[] out) {
        if (out.length < horizon) {
            throw new IllegalArgumentException("output has " + out.length + " entries, the horizon is " + horizon);
        }
        long seen = history.seen();
        if (seen < inputSize) {
            Arrays.fill(out, 0, horizon, seen == 0 ? 0.0 : history.newest());
            return;
        }
        double shift = history.newest();
        double s = history.scale();
        for (int i = 0; i < inputSize; i++) {
            window[i] = (float) ((history.at(inputSize - 1 - i) - shift) / s);
        }
        predict(window, output);
        for (int j = 0; j < horizon; j++) {
            out[j] = shift + s * output[j];
        }
    }

    @Override
    public final void forecast(double[] windows, int count, double[] out) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(out, "out");
        if (count < 1 || (long) count * inputSize > windows.length || (long) count * horizon > out.length) {
            throw new IllegalArgumentException(count + " windows of " + inputSize + " points (forecasts of "
                    + horizon + ") do not fit " + windows.length + " inputs and " + out.length + " outputs");
        }
        if (windowBatch.length < count * inputSize) {
            windowBatch = new float[count * inputSize];
            outputBatch = new float[count * horizon];
        }
        double s = history.scale();
        for (int r = 0; r < count; r++) {
            int row = r * inputSize;
            double shift = windows[row + inputSize - 1];
            for (int i = 0; i < inputSize; i++) {
                windowBatch[row + i] = (float) ((windows[row + i] - shift) / s);
            }
        }
        predict(windowBatch, count, outputBatch);
        for (int r = 0; r < count; r++) {
            double shift = windows[r * inputSize + inputSize - 1];
            for (int j = 0; j < horizon; j++) {
                out[r * horizon + j] = shift + s * outputBatch[r * horizon + j];
            }
        }
    }

    /** A deep copy of the learned state. */
    public final ForecasterState state() {
        return new ForecasterState(history.seen(), trainingSteps(), history.absDiffSum(), history.points(),
                parameters(), firstMoments(), secondMoments());
    }

    /** The model's output for one normalised window, into {@code out[0, horizon)}. */
    abstract void predict(float[] window, float[] out);

    /** The model's outputs for {@code count} normalised windows ({@code count x inputSize}) into {@code out}. */
    abstract void predict(float[] windows, int count, float[] out);

    /** One optimiser step towards {@code target} (normalised) from {@code window} (normalised). */
    abstract void train(float[] window, float[] target, float learningRate);

    abstract float[] parameters();

    abstract float[] firstMoments();

    abstract float[] secondMoments();

    @Override
    public String toString() {
        return algorithm() + "[input_size=" + inputSize + ", horizon=" + horizon + ", replay=" + replay
                + ", updates=" + updates() + ", steps=" + trainingSteps() + ", kernels=" + kernels.name() + "]";
    }
}
