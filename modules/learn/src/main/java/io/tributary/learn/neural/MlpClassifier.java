package io.tributary.learn.neural;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * A multi-layer perceptron for classification (see {@link MlpLearner}): for {@link Task#BINARY_CLASSIFICATION} one
 * output through a sigmoid with the log loss, for {@link Task#MULTICLASS_CLASSIFICATION} one output per class
 * through a softmax with the cross-entropy.
 */
public final class MlpClassifier extends MlpLearner implements Classifier {

    public static final String ALGORITHM = MlpRegressor.ALGORITHM;

    private final int numClasses;

    public MlpClassifier(MlpConfig config) {
        this(config, Kernels.preferred());
    }

    public MlpClassifier(MlpConfig config, Kernels kernels) {
        super(requireClassification(config), kernels, null);
        this.numClasses = config.numClasses();
    }

    private MlpClassifier(MlpConfig config, Kernels kernels, MlpState state) {
        super(requireClassification(config), kernels, state);
        this.numClasses = config.numClasses();
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static MlpClassifier restore(MlpConfig config, MlpState state, Kernels kernels) {
        return new MlpClassifier(config, kernels, Objects.requireNonNull(state, "state"));
    }

    private static MlpConfig requireClassification(MlpConfig config) {
        if (!Objects.requireNonNull(config, "config").task().isClassification()) {
            throw new IllegalArgumentException("MlpClassifier needs a classification task, got " + config.task());
        }
        return config;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        float[] logits = logits(x);
        float[] p = new float[numClasses];
        head().predict(logits, 0, numClasses, p);
        return p;
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        checkTrainingInput(x);
        checkLabel(y, "label");
        learn(x, y);
    }

    /**
     * Batch/replay training (see {@link MlpLearner}): epochs over {@code inputs} with class labels {@code labels}.
     * Every row is checked before anything is trained.
     */
    public FitResult fit(float[][] inputs, int[] labels, FitOptions options) {
        float[] t = new float[labels.length];
        for (int i = 0; i < t.length; i++) {
            checkLabel(labels[i], "labels[" + i + "]");
            t[i] = labels[i];
        }
        return fitRows(inputs, t, options);
    }

    private void checkLabel(int y, String what) {
        if (y < 0 || y >= numClasses) {
            throw new IllegalArgumentException(what + " must be in [0, " + numClasses + "), got " + y);
        }
    }

    @Override
    void checkStoredTarget(float target) {
        // The superclass constructor runs this before numClasses is assigned: read the config instead.
        int k = config().numClasses();
        if (!(target >= 0 && target < k) || target != Math.rint(target)) {
            throw new IllegalArgumentException("buffered label " + target + " is not a class in [0, " + k + ")");
        }
    }
}
