package io.tributary.learn.forecast;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.Objects;

/**
 * A {@link Forecaster} seen as a {@link Regressor} of input dimension 1, so that the stream processor can hold one per
 * series (its {@code keyed} scope: one learner per record key) and create, snapshot and restore it like any learner.
 *
 * <p><b>Contract.</b> Each event of a series carries the series' next point as its <em>target</em>:
 * <ul>
 *   <li>{@code learnOne(x, y)} appends {@code y} to the series ({@link Forecaster#learnOne}) and trains. {@code x}
 *       must have dimension 1 and is otherwise not used: the forecaster's inputs are the series' own past points,
 *       which it keeps itself.</li>
 *   <li>{@code predictOne(x)} returns the one-step-ahead forecast from the points absorbed so far, i.e. the forecast
 *       of the value that the next {@code learnOne} will bring. {@code x} is checked for dimension 1 and not used
 *       either, so that in the processor's test-then-train order (predict, then learn the same event's target) the
 *       prediction never sees the value it is scored against.</li>
 *   <li>{@link #forecast()} gives the whole horizon, {@code x̂[t+1] .. x̂[t+horizon]}: what the processor emits with
 *       a prediction.</li>
 * </ul>
 * The feature vector's single value may therefore be the point itself, a timestamp or a constant: whatever the
 * processor's feature mapping yields. {@link #updates()} counts points absorbed.
 */
public final class ForecasterRegressor implements Regressor {

    private final Forecaster forecaster;
    private final double[] scratch;

    public ForecasterRegressor(Forecaster forecaster) {
        this.forecaster = Objects.requireNonNull(forecaster, "forecaster");
        this.scratch = new double[forecaster.horizon()];
    }

    /** The wrapped forecaster. */
    public Forecaster forecaster() {
        return forecaster;
    }

    /** The forecast of the next {@code horizon} points (a new array). */
    public double[] forecast() {
        return forecaster.forecast();
    }

    public int horizon() {
        return forecaster.horizon();
    }

    @Override
    public double predictOne(FeatureVector x) {
        checkDimension(x);
        forecaster.forecast(scratch);
        return scratch[0];
    }

    /**
     * Appends {@code y} as the series' next point.
     *
     * @throws IllegalArgumentException when {@code x} does not have dimension 1 or {@code y} is NaN or infinite
     */
    @Override
    public void learnOne(FeatureVector x, double y) {
        checkDimension(x);
        forecaster.learnOne(y);
    }

    private static void checkDimension(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != 1) {
            throw new IllegalArgumentException("expected dimension 1 (a forecaster's input is the series' own past;"
                    + " the event's target is the next point), got " + x.dimension());
        }
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public long updates() {
        return forecaster.updates();
    }

    @Override
    public String algorithm() {
        return forecaster.algorithm();
    }

    @Override
    public String toString() {
        return forecaster.toString();
    }
}
