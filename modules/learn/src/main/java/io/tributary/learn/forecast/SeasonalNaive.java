package io.tributary.learn.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * The seasonal naive baseline: the forecast for {@code t + j} ({@code j = 1..horizon}) is the value one season
 * earlier, {@code x[t + j - m * ceil(j / m)]} with period {@code m}; with {@code m = 1} it is the naive (last-value)
 * forecast. It keeps the last {@code m} points and learns nothing else. Before {@code m} points have arrived it
 * repeats the last point (all zeros before the first).
 */
public final class SeasonalNaive implements Forecaster {

    /** The algorithm's name in configs and snapshots. */
    public static final String ALGORITHM = "seasonal_naive";
    /** Largest period accepted. */
    public static final int MAX_PERIOD = WindowConfig.MAX_INPUT_SIZE;
    /** The default period: monthly data's year. */
    public static final int DEFAULT_PERIOD = 12;

    private final int period;
    private final int horizon;
    private final SeriesHistory history;

    public SeasonalNaive(int period, int horizon) {
        this(period, horizon, null);
    }

    private SeasonalNaive(int period, int horizon, ForecasterState state) {
        if (period < 1 || period > MAX_PERIOD) {
            throw new IllegalArgumentException("period must be in [1, " + MAX_PERIOD + "], got " + period);
        }
        if (horizon < 1 || horizon > WindowConfig.MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be in [1, " + WindowConfig.MAX_HORIZON + "], got "
                    + horizon);
        }
        this.period = period;
        this.horizon = horizon;
        if (state != null && (state.steps() != 0 || state.parameters().length != 0)) {
            throw new IllegalArgumentException("a seasonal naive forecaster has no parameters or steps, the state has "
                    + state.parameters().length + " and " + state.steps());
        }
        this.history = state == null ? new SeriesHistory(period)
                : SeriesHistory.restore(period, state.updates(), state.absDiffSum(), state.history());
    }

    /** A seasonal naive forecaster holding the given history (copied). */
    public static SeasonalNaive restore(int period, int horizon, ForecasterState state) {
        return new SeasonalNaive(period, horizon, Objects.requireNonNull(state, "state"));
    }

    /** A naive (last-value) forecaster: the seasonal one with period 1. */
    public static SeasonalNaive naive(int horizon) {
        return new SeasonalNaive(1, horizon);
    }

    public int period() {
        return period;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /** The period: a forecast reads the last season. */
    @Override
    public int inputSize() {
        return period;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public void learnOne(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("series value is NaN or infinite (" + value
                    + "); refusing to learn from it");
        }
        history.add(value);
    }

    @Override
    public void forecast(double[] out) {
        if (out.length < horizon) {
            throw new IllegalArgumentException("output has " + out.length + " entries, the horizon is " + horizon);
        }
        long seen = history.seen();
        if (seen < period) {
            Arrays.fill(out, 0, horizon, seen == 0 ? 0.0 : history.newest());
            return;
        }
        for (int j = 0; j < horizon; j++) {
            // x[t + 1 + j] comes from the last season: the point (period - 1 - j mod period) steps before x[t].
            out[j] = history.at(period - 1 - j % period);
        }
    }

    @Override
    public void forecast(double[] windows, int count, double[] out) {
        if (count < 1 || (long) count * period > windows.length || (long) count * horizon > out.length) {
            throw new IllegalArgumentException(count + " windows of " + period + " points (forecasts of " + horizon
                    + ") do not fit " + windows.length + " inputs and " + out.length + " outputs");
        }
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < horizon; j++) {
                out[r * horizon + j] = windows[r * period + j % period];
            }
        }
    }

    @Override
    public long updates() {
        return history.seen();
    }

    @Override
    public long trainingSteps() {
        return 0;
    }

    /** The history, as a state with no parameters. */
    public ForecasterState state() {
        return new ForecasterState(history.seen(), 0, history.absDiffSum(), history.points(), new float[0],
                new float[0], new float[0]);
    }

    @Override
    public String toString() {
        return ALGORITHM + "[period=" + period + ", horizon=" + horizon + ", updates=" + updates() + "]";
    }
}
