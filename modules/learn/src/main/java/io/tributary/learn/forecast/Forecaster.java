package io.tributary.learn.forecast;

/**
 * An online forecaster of one univariate series: it absorbs the series one point at a time and can be asked, at
 * any point, for the next {@link #horizon()} values.
 *
 * <p><b>Windows and training.</b> A forecaster keeps its own history of the last points it needs (at least
 * {@link #inputSize()}); nothing else about the series is passed in. The learning forecasters ({@link NLinear},
 * {@link DLinear}, {@link LagMlp}) train once they hold {@code inputSize + horizon} points: when point {@code t}
 * arrives, the input window of the {@code inputSize} points ending at {@code t - horizon} (that is,
 * {@code x[t-horizon-inputSize+1] .. x[t-horizon]}) is the input and the {@code horizon} points after it,
 * {@code x[t-horizon+1] .. x[t]}, are the target: the newest complete (input, future) pair the series offers. Every
 * point after the first {@code inputSize + horizon - 1} therefore yields exactly one new training example.
 *
 * <p><b>Forecasts</b> read the last {@code inputSize} points, {@code x[t-inputSize+1] .. x[t]}, and return
 * {@code x̂[t+1] .. x̂[t+horizon]}. Before {@code inputSize} points have arrived there is no window yet: the forecast
 * repeats the last point (the naive forecast), and is all zeros before the first point.
 *
 * <p>Forecasters are not thread-safe: one thread owns a forecaster, as one stream task owns the series' key.
 */
public interface Forecaster {

    /** The algorithm's stable name as used in configs and snapshots, e.g. {@code nlinear}. */
    String algorithm();

    /** How many past points a forecast reads. */
    int inputSize();

    /** How many future points a forecast covers. */
    int horizon();

    /**
     * Absorbs the series' next point and, when the history allows, trains on the newest (window, future) pair.
     *
     * @throws IllegalArgumentException when {@code value} is NaN or infinite (the state is left unchanged)
     */
    void learnOne(double value);

    /** The forecast of the next {@link #horizon()} points, in a new array. */
    default double[] forecast() {
        double[] out = new double[horizon()];
        forecast(out);
        return out;
    }

    /** Writes the forecast of the next {@link #horizon()} points into {@code out[0, horizon)}. */
    void forecast(double[] out);

    /**
     * Forecasts for {@code count} windows given explicitly, as the current model would make them if each window were
     * the series' last {@code inputSize} points: {@code windows} holds {@code count x inputSize} raw values
     * (row-major, oldest first), {@code out} receives {@code count x horizon}. Useful for back-tests and for
     * scoring many windows in one call; the forecaster's own history and state are not touched.
     */
    void forecast(double[] windows, int count, double[] out);

    /** Points absorbed ({@code learnOne} calls). */
    long updates();

    /** Training steps taken: optimiser steps for the learning forecasters, 0 for the baselines. */
    long trainingSteps();
}
