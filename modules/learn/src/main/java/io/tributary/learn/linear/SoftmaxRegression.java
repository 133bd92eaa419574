package io.tributary.learn.linear;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import io.tributary.learn.simd.Kernels;
import java.util.Arrays;
import java.util.Objects;

/**
 * Multinomial logistic regression over K classes: one weight row and intercept per class,
 * {@code P(k | x) = softmax(W x + b)_k}, trained on the cross-entropy, whose derivative with respect to margin
 * {@code k} is {@code p_k - [y = k]} (times the class weight of {@code y}, see {@link ClassWeights}).
 */
public final class SoftmaxRegression extends LinearModel implements Classifier {

    public static final String ALGORITHM = "softmax_regression";

    private final int numClasses;

    public SoftmaxRegression(LinearConfig config) {
        this(config, Kernels.preferred());
    }

    public SoftmaxRegression(LinearConfig config, Kernels kernels) {
        super(requireClasses(config, ALGORITHM, 2, Integer.MAX_VALUE), kernels, config.numClasses(), null);
        this.numClasses = config.numClasses();
    }

    private SoftmaxRegression(LinearConfig config, Kernels kernels, LinearState state) {
        super(requireClasses(config, ALGORITHM, 2, Integer.MAX_VALUE), kernels, config.numClasses(), state);
        this.numClasses = config.numClasses();
    }

    /** Rebuilds a learner from a snapshot of its state (copied). */
    public static SoftmaxRegression restore(LinearConfig config, LinearState state, Kernels kernels) {
        return new SoftmaxRegression(config, kernels, Objects.requireNonNull(state, "state"));
    }

    @Override
    public Task task() {
        return Task.MULTICLASS_CLASSIFICATION;
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
        checkInput(x);
        double[] p = probabilities(x);
        float[] out = new float[numClasses];
        for (int k = 0; k < numClasses; k++) {
            out[k] = (float) p[k];
        }
        return out;
    }

    @Override
    public void learnOne(FeatureVector x, int y) {
        checkInput(x);
        double[] z = margins(x);
        // One finite margin proves every feature finite (see LinearModel.trainingMargin); a NaN or infinite
        // feature makes every margin non-finite, so the largest one tells.
        if (!Double.isFinite(max(z))) {
            requireFiniteFeatures(x);
        }
        if (y < 0 || y >= numClasses) {
            throw new IllegalArgumentException("label must be in [0, " + numClasses + "), got " + y);
        }
        // All gradients come from the pre-update probabilities; rows are then stepped independently.
        double[] p = softmax(z);
        float lr = stepLearningRate();
        double weight = classWeight(y);
        for (int k = 0; k < numClasses; k++) {
            double g = k == y ? p[k] - 1.0 : p[k];
            step(k, x, (float) (g * weight), lr);
        }
        countUpdate();
    }

    /** A copy of class {@code k}'s weights. */
    public float[] weights(int k) {
        Objects.checkIndex(k, numClasses);
        return rowWeights(k);
    }

    public float intercept(int k) {
        Objects.checkIndex(k, numClasses);
        return rowIntercept(k);
    }

    private double[] probabilities(FeatureVector x) {
        return softmax(margins(x));
    }

    /** Every class's margin, in double. */
    private double[] margins(FeatureVector x) {
        double[] z = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            z[k] = margin(k, x);
        }
        return z;
    }

    /** The largest value; NaN when any is NaN ({@link Math#max} propagates NaN). */
    private static double max(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * Softmax of the margins {@code z} (overwritten when they are finite), in double after subtracting the largest
     * margin, so no exponent can overflow.
     */
    private static double[] softmax(double[] z) {
        double max = max(z);
        if (Double.isNaN(max) || Double.isInfinite(max)) {
            return nonFinite(z, max);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /**
     * Math.max propagates NaN, so {@code max} is NaN when any margin is: then every probability is NaN, the honest
     * answer for a diverged model or NaN input. A +infinity margin takes all the mass (shared among ties); all
     * margins at -infinity leave nothing to choose between, hence uniform.
     */
    private static double[] nonFinite(double[] z, double max) {
        double[] p = new double[z.length];
        if (Double.isNaN(max)) {
            Arrays.fill(p, Double.NaN);
        } else if (max == Double.NEGATIVE_INFINITY) {
            Arrays.fill(p, 1.0 / z.length);
        } else {
            int ties = 0;
            for (double v : z) {
                if (v == max) {
                    ties++;
                }
            }
            for (int k = 0; k < z.length; k++) {
                p[k] = z[k] == max ? 1.0 / ties : 0.0;
            }
        }
        return p;
    }
}
