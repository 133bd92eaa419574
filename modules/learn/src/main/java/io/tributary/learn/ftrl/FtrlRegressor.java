package io.tributary.learn.ftrl;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.Objects;

/**
 * Least squares trained by FTRL-Proximal ({@link FtrlModel}): {@code y ~ w . x + b}, squared loss
 * {@code (y_hat - y)^2 / 2}, loss derivative {@code y_hat - y}.
 */
public final class FtrlRegressor extends FtrlModel implements Regressor {

    public static final String ALGORITHM = FtrlClassifier.ALGORITHM;

    public FtrlRegressor(FtrlConfig config) {
        super(config, 1, null);
    }

    private FtrlRegressor(FtrlConfig config, FtrlState state) {
        super(config, 1, Objects.requireNonNull(state, "state"));
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static FtrlRegressor restore(FtrlConfig config, FtrlState state) {
        return new FtrlRegressor(config, state);
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
        return margin(x);
    }

    @Override
    public void learnOne(FeatureVector x, double y) {
        checkTrainingInput(x);
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        learn(x, margin -> margin - y, 1.0);
    }
}
