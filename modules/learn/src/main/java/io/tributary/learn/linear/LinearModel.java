package io.tributary.learn.linear;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.SparseVector;
import io.tributary.learn.simd.Kernels;
import java.util.Objects;

/**
 * Shared machinery of the linear learners: {@code rows} linear functions {@code w_r . x + b_r} of the input,
 * trained by SGD, AdaGrad or Adam on a loss whose derivative with respect to each margin the subclass supplies.
 *
 * <p>Dense input runs through the {@link Kernels}; sparse input touches only its stored coordinates. The L2
 * penalty on sparse input is applied to the active coordinates only (the "lazy" approximation): exact L2 would
 * shrink every weight on every step, which costs O(dimension) per instance and defeats the point of sparse
 * input. With {@code l2 = 0} dense and sparse encodings of the same data train identical models (up to dot
 * product rounding); with {@code l2 > 0} inactive weights decay less under sparse input. The intercept is never
 * penalised.
 *
 * <p><b>L1.</b> With {@code l1 > 0} every gradient step is followed by a proximal step for {@code l1 |w|_1}, the
 * soft-threshold {@code w <- sign(w) max(|w| - eta l1, 0)} at the coordinate's own step size {@code eta}
 * ({@code lr_t} for SGD, {@code lr_t / (sqrt(acc) + eps)} for AdaGrad, {@code lr_t / (sqrt(v_hat) + eps)} for Adam).
 * This is proximal SGD / FOBOS (Duchi and Singer, 2009), i.e. the truncated gradient of Langford, Li and Zhang (2009)
 * with truncation every step and no threshold cap. Unlike adding {@code l1 sign(w)} to the gradient, it sets a
 * weight to exactly zero whenever the step's gradient for that weight is within {@code l1}. Adam's averaged
 * gradient therefore keeps the weights whose batch optimum is zero at exactly zero once converged, while with SGD
 * and AdaGrad on noisy data single instances keep nudging such weights off zero by at most {@code eta (|g| - l1)}
 * (the module README has the numbers). On sparse input it too is lazy: only the active coordinates are thresholded.
 *
 * <p><b>Adam</b> keeps per-coordinate first and second moments and bias-corrects them with the global step count
 * {@code t = updates + 1}; on sparse input the moments of absent coordinates are left as they are ("lazy" Adam).
 *
 * <p><b>Class weights</b> multiply a classifier's loss derivative by the weight of the instance's class
 * ({@link ClassWeights}).
 */
public abstract sealed class LinearModel implements OnlineLearner, io.tributary.learn.mixing.Mixable
        permits LinearRegression, LogisticRegression, SoftmaxRegression {

    private final LinearConfig config;
    private final Kernels kernels;
    private final int dimension;
    private final float[][] weights;
    private final float[] intercepts;
    /** AdaGrad's sums of squared gradients or Adam's second moments; null under SGD. */
    private final float[][] weightAcc;
    private final float[] interceptAcc;
    /** Adam's first moments; null otherwise. */
    private final float[][] weightMom;
    private final float[] interceptMom;
    /** Running class counts for balanced class weights; null otherwise. */
    private final long[] classCounts;
    private long classTotal;
    private final Optimizer optimizer;
    private final float l1;
    private final float l2;
    private final float epsilon;
    private final float beta1;
    private final float beta2;
    private long updates;

    LinearModel(LinearConfig config, Kernels kernels, int rows, LinearState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.dimension = config.dimension();
        this.optimizer = config.optimizer();
        this.l1 = (float) config.l1();
        this.l2 = (float) config.l2();
        this.epsilon = (float) config.epsilon();
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        boolean accumulators = optimizer != Optimizer.SGD;
        boolean moments = optimizer == Optimizer.ADAM;
        boolean balanced = config.classWeights().isBalanced();
        if (state == null) {
            weights = new float[rows][dimension];
            intercepts = new float[rows];
            weightAcc = accumulators ? new float[rows][dimension] : null;
            interceptAcc = accumulators ? new float[rows] : null;
            weightMom = moments ? new float[rows][dimension] : null;
            interceptMom = moments ? new float[rows] : null;
            classCounts = balanced ? new long[config.numClasses()] : null;
            updates = 0;
        } else {
            if (state.rows() != rows || state.dimension() != dimension) {
                throw new IllegalArgumentException("state has " + state.rows() + "x" + state.dimension()
                        + " weights, the config needs " + rows + "x" + dimension);
            }
            if (state.hasAccumulators() != accumulators) {
                throw new IllegalArgumentException(accumulators
                        ? "state lacks the " + optimizer.configName() + " accumulators the config's optimizer needs"
                        : "state carries AdaGrad accumulators but the config's optimizer is " + config.optimizer());
            }
            if (state.hasMoments() != moments) {
                throw new IllegalArgumentException(moments
                        ? "state lacks the Adam moments the config's optimizer needs"
                        : "state carries Adam moments but the config's optimizer is " + config.optimizer());
            }
            if (state.hasClassCounts() != balanced
                    || (balanced && state.classCounts().length != config.numClasses())) {
                throw new IllegalArgumentException(balanced
                        ? "balanced class weights need " + config.numClasses() + " class counts in the state"
                        : "state carries class counts but the class weights are " + config.classWeights());
            }
            weights = deepCopy(state.weights());
            intercepts = state.intercepts().clone();
            weightAcc = accumulators ? deepCopy(state.weightAccumulators()) : null;
            interceptAcc = accumulators ? state.interceptAccumulators().clone() : null;
            weightMom = moments ? deepCopy(state.weightMoments()) : null;
            interceptMom = moments ? state.interceptMoments().clone() : null;
            classCounts = balanced ? state.classCounts().clone() : null;
            updates = state.updates();
        }
        long total = 0;
        if (classCounts != null) {
            for (long c : classCounts) {
                total += c;
            }
        }
        classTotal = total;
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
                interceptAcc == null ? null : interceptAcc.clone(),
                weightMom == null ? null : deepCopy(weightMom),
                interceptMom == null ? null : interceptMom.clone(),
                classCounts == null ? null : classCounts.clone());
    }

    /** Weights row by row (rows × dimension), then the intercepts: what parameter mixing averages. */
    @Override
    public final float[] parameters() {
        int d = dimension;
        float[] out = new float[weights.length * d + weights.length];
        for (int r = 0; r < weights.length; r++) {
            System.arraycopy(weights[r], 0, out, r * d, d);
        }
        System.arraycopy(intercepts, 0, out, weights.length * d, weights.length);
        return out;
    }

    /**
     * Replaces weights and intercepts (the layout of {@link #parameters()}); accumulators, moments, class counts and
     * the update count stay as they are, so the optimizer carries on from its own history.
     */
    @Override
    public final void loadParameters(float[] parameters) {
        int d = dimension;
        if (parameters.length != weights.length * d + weights.length) {
            throw new IllegalArgumentException("expected " + (weights.length * d + weights.length) + " parameters, got " + parameters.length);
        }
        for (float p : parameters) {
            if (!Float.isFinite(p)) {
                throw new IllegalArgumentException("parameters contain NaN or infinity");
            }
        }
        for (int r = 0; r < weights.length; r++) {
            System.arraycopy(parameters, r * d, weights[r], 0, d);
        }
        System.arraycopy(parameters, weights.length * d, intercepts, 0, weights.length);
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
        // Split into small methods (dense or sparse first, then the optimizer) rather than one method over all
        // cases: C2 inlines a hot method only up to 325 bytes of bytecode (FreqInlineSize), and under that the
        // learner's learnOne, this dispatch and the kernel compile into one piece of code instead of two calls.
        switch (x) {
            case DenseVector d -> denseStep(row, d.values(), g, lr);
            case SparseVector s -> sparseStep(row, s, g, lr);
        }
    }

    private void denseStep(int row, float[] x, float g, float lr) {
        float[] w = weights[row];
        switch (optimizer) {
            case SGD -> {
                if (l1 == 0f) {
                    kernels.sgdStep(w, x, g, lr, l2, dimension);
                } else {
                    kernels.proximalSgdStep(w, x, g, lr, l1, l2, dimension);
                }
                sgdIntercept(row, g, lr);
            }
            case ADAGRAD -> {
                if (l1 == 0f) {
                    kernels.adagradStep(w, weightAcc[row], x, g, lr, l2, epsilon, dimension);
                } else {
                    kernels.proximalAdagradStep(w, weightAcc[row], x, g, lr, l1, l2, epsilon, dimension);
                }
                adagradIntercept(row, g, lr);
            }
            case ADAM -> {
                float bc1 = adamBiasCorrection(beta1);
                float bc2 = adamBiasCorrection(beta2);
                kernels.adamStep(w, weightMom[row], weightAcc[row], x, g, lr, l1, l2, beta1, beta2, epsilon, bc1, bc2,
                        dimension);
                adamIntercept(row, g, lr, bc1, bc2);
            }
        }
    }

    private void sparseStep(int row, SparseVector x, float g, float lr) {
        float[] w = weights[row];
        int[] indices = x.indices();
        float[] values = x.values();
        int nnz = indices.length;
        switch (optimizer) {
            case SGD -> {
                if (l1 == 0f) {
                    kernels.sgdStepSparse(w, indices, values, nnz, g, lr, l2);
                } else {
                    kernels.proximalSgdStepSparse(w, indices, values, nnz, g, lr, l1, l2);
                }
                sgdIntercept(row, g, lr);
            }
            case ADAGRAD -> {
                if (l1 == 0f) {
                    kernels.adagradStepSparse(w, weightAcc[row], indices, values, nnz, g, lr, l2, epsilon);
                } else {
                    kernels.proximalAdagradStepSparse(w, weightAcc[row], indices, values, nnz, g, lr, l1, l2,
                            epsilon);
                }
                adagradIntercept(row, g, lr);
            }
            case ADAM -> {
                float bc1 = adamBiasCorrection(beta1);
                float bc2 = adamBiasCorrection(beta2);
                kernels.adamStepSparse(w, weightMom[row], weightAcc[row], indices, values, nnz, g, lr, l1, l2, beta1,
                        beta2, epsilon, bc1, bc2);
                adamIntercept(row, g, lr, bc1, bc2);
            }
        }
    }

    /** SGD on the intercept (never penalised). */
    private void sgdIntercept(int row, float g, float lr) {
        intercepts[row] -= lr * g;
    }

    /** AdaGrad on the intercept (never penalised). */
    private void adagradIntercept(int row, float g, float lr) {
        float a = Math.fma(g, g, interceptAcc[row]);
        interceptAcc[row] = a;
        intercepts[row] -= (lr * g) / ((float) Math.sqrt(a) + epsilon);
    }

    /**
     * Adam's bias correction {@code 1 - beta^t} of update {@code t = updates + 1}, in double and then rounded once,
     * computed as {@code -expm1(t ln beta)}: accurate for beta near 1, and exactly 1 for beta = 0.
     */
    private float adamBiasCorrection(float beta) {
        return (float) -Math.expm1((updates + 1) * Math.log(beta));
    }

    /** The intercept follows Adam's recurrences too, without penalty. */
    private void adamIntercept(int row, float g, float lr, float bc1, float bc2) {
        float mb = Math.fma(beta1, interceptMom[row], (1f - beta1) * g);
        float vb = Math.fma((1f - beta2) * g, g, beta2 * interceptAcc[row]);
        interceptMom[row] = mb;
        interceptAcc[row] = vb;
        float eta = lr / ((float) Math.sqrt(vb / bc2) + epsilon);
        intercepts[row] -= eta * (mb / bc1);
    }

    /**
     * The class weight of a training instance of class {@code y}; with balanced weights this also counts the
     * instance, so call it exactly once per accepted {@code learnOne}, after validating the input.
     */
    final float classWeight(int y) {
        if (classCounts != null) {
            classCounts[y]++;
            classTotal++;
        }
        return config.classWeights().weight(y, classCounts, classTotal);
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

    /**
     * The margin {@code w_row . x + b_row} of a learning step, after rejecting input of the wrong dimension or with
     * NaN or infinite features; nothing has changed when it throws. Learning rejects NaN and infinity because one
     * bad record would otherwise poison every weight.
     *
     * <p>The finiteness check rides on the margin rather than costing a pass over {@code x} of its own (at d = 100
     * that pass was a fifth of a vectorised {@code learnOne}): a NaN or infinite {@code x_i} makes {@code w_i x_i}
     * NaN or infinite ({@code 0 * inf} is NaN), and a sum with a NaN or infinite term is never finite (see
     * {@link Kernels#dot}), so a finite margin proves every feature finite. Only a non-finite margin needs the
     * explicit scan, to tell bad input from finite input whose margin overflowed (or weights that already
     * diverged), which is learned from as before.
     */
    final float trainingMargin(int row, FeatureVector x) {
        checkInput(x);
        float margin = margin(row, x);
        if (!Float.isFinite(margin)) {
            requireFiniteFeatures(x);
        }
        return margin;
    }

    /**
     * Rejects NaN and infinite features. Only needed where no finite margin of {@code x} has been seen: see
     * {@link #trainingMargin}.
     */
    static void requireFiniteFeatures(FeatureVector x) {
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
