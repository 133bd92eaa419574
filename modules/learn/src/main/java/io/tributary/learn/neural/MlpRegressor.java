package io.tributary.learn.neural;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * A multi-layer perceptron for regression: hidden layers with an {@link Activation}, one linear output, the loss
 * {@code (y_hat - y)^2 / 2} averaged over each mini-batch, trained by AdamW (see {@link MlpLearner}).
 */
public final class MlpRegressor extends MlpLearner implements Regressor {

    public static final String ALGORITHM = "mlp";

    public MlpRegressor(MlpConfig config) {
        this(config, Kernels.preferred());
    }

    public MlpRegressor(MlpConfig config, Kernels kernels) {
        super(requireRegression(config), kernels, null);
    }

    private MlpRegressor(MlpConfig config, Kernels kernels, MlpState state) {
        super(requireRegression(config), kernels, state);
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static MlpRegressor restore(MlpConfig config, MlpState state, Kernels kernels) {
        return new MlpRegressor(config, kernels, Objects.requireNonNull(state, "state"));
    }

    private static MlpConfig requireRegression(MlpConfig config) {
        if (Objects.requireNonNull(config, "config").task() != Task.REGRESSION) {
            throw new IllegalArgumentException("MlpRegressor needs task REGRESSION, got " + config.task());
        }
        return config;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public double predictOne(FeatureVector x) {
        return logits(x)[0];
    }

    @Override
    public void learnOne(FeatureVector x, double y) {
        checkTrainingInput(x);
        learn(x, target(y, "target"));
    }

    /**
     * Batch/replay training (see {@link MlpLearner}): epochs over {@code inputs} with targets {@code targets}.
     * Every row is checked before anything is trained.
     */
    public FitResult fit(float[][] inputs, double[] targets, FitOptions options) {
        float[] t = new float[targets.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = target(targets[i], "targets[" + i + "]");
        }
        return fitRows(inputs, t, options);
    }

    private static float target(double y, String what) {
        if (!Double.isFinite(y) || Float.isInfinite((float) y)) {
            throw new IllegalArgumentException(what + " must be finite (within float range), got " + y);
        }
        return (float) y;
    }

    @Override
    void checkStoredTarget(float target) {
        if (!Float.isFinite(target)) {
            throw new IllegalArgumentException("buffered target is " + target);
        }
    }
}
