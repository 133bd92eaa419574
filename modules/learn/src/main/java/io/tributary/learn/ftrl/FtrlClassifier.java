package io.tributary.learn.ftrl;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import java.util.Objects;

/**
 * Binary logistic regression trained by FTRL-Proximal ({@link FtrlModel}): {@code P(y = 1 | x) = sigmoid(w . x + b)},
 * log loss, loss derivative {@code p - y} (times the class weight of {@code y}).
 */
public final class FtrlClassifier extends FtrlModel implements Classifier {

    public static final String ALGORITHM = "ftrl";

    public FtrlClassifier(FtrlConfig config) {
        super(config, 2, null);
    }

    private FtrlClassifier(FtrlConfig config, FtrlState state) {
        super(config, 2, Objects.requireNonNull(state, "state"));
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static FtrlClassifier restore(FtrlConfig config, FtrlState state) {
        return new FtrlClassifier(config, state);
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
        return sigmoid(margin(x));
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        double p = predictPositive(x);
        return new float[] {(float) (1.0 - p), (float) p};
    }

    @Override
    public int predictOne(FeatureVector x) {
        checkInput(x);
        return margin(x) > 0 ? 1 : 0;
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        checkTrainingInput(x);
        if (y != 0 && y != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + y);
        }
        learn(x, margin -> sigmoid(margin) - y, classWeight(y));
    }

    /** Evaluated so that {@code exp} never overflows. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }
}
