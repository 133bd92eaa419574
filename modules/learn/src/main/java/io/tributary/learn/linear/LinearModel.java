package io.tributary.learn.linear;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.SparseVector;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * Shared machinery of the linear learners: {@code rows} linear functions {@code w_r . x + b_r} of the input,
 * trained by SGD or AdaGrad on a loss whose derivative with respect to each margin the subclass supplies.
 *
 * <p>Dense input runs through the {@link Kernels}; sparse input touches only its stored coordinates. The L2
 * penalty on sparse input is applied to the active coordinates only (the "lazy" approximation): exact L2 would
 * shrink every weight on every step, which costs O(dimension) per instance and defeats the point of sparse
 * input. With {@code l2 = 0} dense and sparse encodings of the same data train identical models (up to dot
 * product rounding); with {@code l2 > 0} inactive weights decay less under sparse input. The intercept is never
 * penalised.
 */
public abstract sealed class LinearModel implements OnlineLearner
        permits LinearRegression, LogisticRegression, SoftmaxRegression {

    private final LinearConfig config;
    private final Kernels kernels;
    private final int dimension;
    private final float[][] weights;
    private final float[] intercepts;
    /** AdaGrad only; null under SGD. */
    private final float[][] weightAcc;
    private final float[] interceptAcc;
    private final float l2;
    private final float epsilon;
    private long updates;

    LinearModel(LinearConfig config, Kernels kernels, int rows, LinearState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.dimension = config.dimension();
        this.l2 = (float) config.l2();
        this.epsilon = (float) config.epsilon();
        boolean adagrad = config.optimizer() == Optimizer.ADAGRAD;
        if (state == null) {
            weights = new float[rows][dimension];
            intercepts = new float[rows];
            weightAcc = adagrad ? new float[rows][dimension] : null;
            interceptAcc = adagrad ? new float[rows] : null;
            updates = 0;
        } else {
            if (state.rows() != rows || state.dimension() != dimension) {
                throw new IllegalArgumentException("state has " + state.rows() + "x" + state.dimension()
                        + " weights, the config needs " + rows + "x" + dimension);
            }
            if (state.hasAccumulators() != adagrad) {
                throw new IllegalArgumentException(adagrad
                        ? "state lacks the AdaGrad accumulators the config's optimizer needs"
                        : "state carries AdaGrad accumulators but the config's optimizer is " + config.optimizer());
            }
            weights = deepCopy(state.weights());
            intercepts = state.intercepts().clone();
            weightAcc = adagrad ? deepCopy(state.weightAccumulators()) : null;
            interceptAcc = adagrad ? state.interceptAccumulators().clone() : null;
            updates = state.updates();
        }
    }

    static LinearConfig requireClasses(LinearConfig config, String algorithm, int min, int max) {
        Objects.requireNonNull(config, "config");
        int k = config.numClasses();
        if (k < min || k > max) {
            String expected = min == max ? "must be " + min : "must be at least " + min;
            throw new IllegalArgumentException(algorithm + ": numClasses " + expected + ", got " + k);
        }
        return config;
    }

    public final LinearConfig config() {
        return config;
    }

    public final Kernels kernels() {
        return kernels;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final long updates() {
        return updates;
    }

    /** A deep copy of the learned state, for snapshots and inspection. */
    public final LinearState state() {
        return new LinearState(updates, deepCopy(weights), intercepts.clone(),
                weightAcc == null ? null : deepCopy(weightAcc),
                interceptAcc == null ? null : interceptAcc.clone());
    }

    /** A copy of the weights of output {@code row}. */
    final float[] rowWeights(int row) {
        return weights[row].clone();
    }

    final float rowIntercept(int row) {
        return intercepts[row];
    }

    final int rows() {
        return weights.length;
    }

    /** {@code w_row . x + b_row}. */
    final float margin(int row, FeatureVector x) {
        float[] w = weights[row];
        float dot = switch (x) {
            case DenseVector d -> kernels.dot(w, d.values(), dimension);
            case SparseVector s -> kernels.dotSparse(w, s.indices(), s.values(), s.indices().length);
        };
        return dot + intercepts[row];
    }

    /**
     * Moves output {@code row} against a loss whose derivative with respect to its margin is {@code g}.
     * {@code lr} comes from {@link #stepLearningRate()}, read once per instance so that every row of a softmax
     * step uses the same rate.
     */
    final void step(int row, FeatureVector x, float g, float lr) {
        float[] w = weights[row];
        if (weightAcc == null) {
            switch (x) {
                case DenseVector d -> kernels.sgdStep(w, d.values(), g, lr, l2, dimension);
                case SparseVector s -> kernels.sgdStepSparse(w, s.indices(), s.values(), s.indices().length,
                        g, lr, l2);
            }
            intercepts[row] -= lr * g;
        } else {
            float[] acc = weightAcc[row];
            switch (x) {
                case DenseVector d -> kernels.adagradStep(w, acc, d.values(), g, lr, l2, epsilon, dimension);
                case SparseVector s -> kernels.adagradStepSparse(w, acc, s.indices(), s.values(),
                        s.indices().length, g, lr, l2, epsilon);
            }
            float a = Math.fma(g, g, interceptAcc[row]);
            interceptAcc[row] = a;
            intercepts[row] -= (lr * g) / ((float) Math.sqrt(a) + epsilon);
        }
    }

    /** The scheduled learning rate for the coming update. */
    final float stepLearningRate() {
        return (float) config.learningRateAt(updates);
    }

    final void countUpdate() {
        updates++;
    }

    /** Rejects input of the wrong dimension; prediction tolerates non-finite values (they propagate). */
    final void checkInput(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
    }

    /** Learning additionally rejects NaN and infinity: one bad record would otherwise poison every weight. */
    final void checkTrainingInput(FeatureVector x) {
        checkInput(x);
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
    }

    private static float[][] deepCopy(float[][] a) {
        float[][] copy = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        return algorithm() + "[dimension=" + dimension + ", optimizer=" + config.optimizer().configName()
                + ", updates=" + updates + ", kernels=" + kernels.name() + "]";
    }
}
