package io.tributary.learn.linear;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/** Online least squares: {@code y ~ w . x + b}, trained on the squared loss {@code (y_hat - y)^2 / 2}. */
public final class LinearRegression extends LinearModel implements Regressor {

    public static final String ALGORITHM = "linear_regression";

    public LinearRegression(LinearConfig config) {
        this(config, Kernels.preferred());
    }

    public LinearRegression(LinearConfig config, Kernels kernels) {
        super(requireClasses(config, ALGORITHM, 1, 1), kernels, 1, null);
    }

    private LinearRegression(LinearConfig config, Kernels kernels, LinearState state) {
        super(requireClasses(config, ALGORITHM, 1, 1), kernels, 1, state);
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static LinearRegression restore(LinearConfig config, LinearState state, Kernels kernels) {
        return new LinearRegression(config, kernels, Objects.requireNonNull(state, "state"));
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public double predictOne(FeatureVector x) {
        checkInput(x);
        return margin(0, x);
    }

    @Override
    public void learnOne(FeatureVector x, double y) {
        float margin = trainingMargin(0, x);
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        float g = (float) ((double) margin - y);
        step(0, x, g, stepLearningRate());
        countUpdate();
    }

    /** A copy of the weights. */
    public float[] weights() {
        return rowWeights(0);
    }

    public float intercept() {
        return rowIntercept(0);
    }
}
