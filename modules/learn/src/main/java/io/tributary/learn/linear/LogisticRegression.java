package io.tributary.learn.linear;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * Binary logistic regression: {@code P(y = 1 | x) = sigmoid(w . x + b)}, trained on the log loss, whose derivative
 * with respect to the margin is simply {@code p - y} (times the class weight of {@code y}, see {@link ClassWeights}).
 */
public final class LogisticRegression extends LinearModel implements Classifier {

    public static final String ALGORITHM = "logistic_regression";

    public LogisticRegression(LinearConfig config) {
        this(config, Kernels.preferred());
    }

    public LogisticRegression(LinearConfig config, Kernels kernels) {
        super(requireClasses(config, ALGORITHM, 2, 2), kernels, 1, null);
    }

    private LogisticRegression(LinearConfig config, Kernels kernels, LinearState state) {
        super(requireClasses(config, ALGORITHM, 2, 2), kernels, 1, state);
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static LogisticRegression restore(LinearConfig config, LinearState state, Kernels kernels) {
        return new LogisticRegression(config, kernels, Objects.requireNonNull(state, "state"));
    }

    @Override
    public Task task() {
        return Task.BINARY_CLASSIFICATION;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public int numClasses() {
        return 2;
    }

    /** {@code P(y = 1 | x)}. */
    public double predictPositive(FeatureVector x) {
        checkInput(x);
        return sigmoid(margin(0, x));
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        double p = predictPositive(x);
        return new float[] {(float) (1.0 - p), (float) p};
    }

    @Override
    public int predictOne(FeatureVector x) {
        checkInput(x);
        // Same tie rule as the default (class 0 on an exact 0.5), without the array.
        return margin(0, x) > 0f ? 1 : 0;
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        float margin = trainingMargin(0, x);
        if (y != 0 && y != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + y);
        }
        double p = sigmoid(margin);
        step(0, x, (float) ((p - y) * classWeight(y)), stepLearningRate());
        countUpdate();
    }

    /** A copy of the weights. */
    public float[] weights() {
        return rowWeights(0);
    }

    public float intercept() {
        return rowIntercept(0);
    }

    /** Evaluated so that {@code exp} never overflows: large negative margins go through {@code e^z / (1 + e^z)}. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
