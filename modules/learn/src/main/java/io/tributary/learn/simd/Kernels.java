package io.tributary.learn.simd;

/**
 * The hot loops of the learners: the linear learners' over the first {@code n} entries of dense float arrays, and
 * the neural network's dense layers and activations ({@link #matMulAdd}, {@link #transposedMatMulAdd},
 * {@link #silu}, {@link #tanh}, {@link #relu}) over row-major matrices stored from an offset.
 *
 * <p>Two implementations give the same results to within float rounding: a SIMD one on
 * {@code jdk.incubator.vector} ({@link #vector()}) and a plain-loop one ({@link #scalar()}). The element-wise
 * kernels ({@link #axpy}, {@link #scale}, {@link #sgdStep}, {@link #adagradStep}, {@link #proximalSgdStep},
 * {@link #proximalAdagradStep}, {@link #adamStep}) and the neural ones perform the same IEEE
 * operations per element in both, so they agree bit for bit; only reductions ({@link #dot}) differ, because a
 * SIMD reduction adds in another order.
 *
 * <p>Sparse inputs go through the {@code *Sparse} default methods: plain loops over the non-zero entries, which
 * is the right shape for sparse data (gathers would not pay off at typical densities). A repeated index is
 * applied once per occurrence.
 *
 * <p>Every method checks that {@code n} fits each array and throws {@link IndexOutOfBoundsException} otherwise.
 */
public interface Kernels {

    /** System property that forces the scalar kernels when set to {@code scalar}. */
    String SIMD_PROPERTY = "tributary.simd";

    /** Module that holds the Vector API; it must be added to the boot layer with {@code --add-modules}. */
    String VECTOR_MODULE = "jdk.incubator.vector";

    /** A short description for logs and benchmark labels, e.g. {@code vector(512-bit, 16 lanes)}. */
    String name();

    /**
     * {@code sum(w[i] * x[i])} over {@code i < n}.
     *
     * <p>Whatever the summation order, a NaN or infinite {@code x[i]} makes the result NaN or infinite: its product
     * is NaN or infinite ({@code 0 * inf} is NaN), and adding a NaN or an infinity never gives back a finite value.
     * The learners rely on this to skip a separate finiteness pass over their input (a finite dot proves {@code x}
     * finite), so an implementation must not, say, skip zero weights.
     */
    float dot(float[] w, float[] x, int n);

    /**
     * True when none of the first {@code n} values is NaN or infinite. Every learning step checks its input, so on
     * small models this check costs as much as the update itself: the vector kernels do it a vector at a time.
     */
    default boolean allFinite(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code y[i] += a * x[i]}. */
    void axpy(float a, float[] x, float[] y, int n);

    /** {@code x[i] *= a}. */
    void scale(float a, float[] x, int n);

    /**
     * One SGD step on a linear model whose loss derivative with respect to the margin is {@code g}:
     * {@code w[i] -= lr * (g * x[i] + l2 * w[i])}.
     */
    void sgdStep(float[] w, float[] x, float g, float lr, float l2, int n);

    /**
     * One AdaGrad step: {@code grad = g * x[i] + l2 * w[i]; acc[i] += grad^2;
     * w[i] -= lr * grad / (sqrt(acc[i]) + eps)}.
     */
    void adagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l2, float eps, int n);

    /**
     * A proximal SGD step for the elastic-net penalty {@code l1 |w|_1 + (l2/2) |w|^2}: the gradient step of
     * {@link #sgdStep}, then soft-thresholding by {@code lr * l1}:
     * {@code u = w[i] - lr * (g * x[i] + l2 * w[i]); w[i] = sign(u) * max(|u| - lr * l1, 0)}, computed as
     * {@code u - clamp(u, -lr * l1, lr * l1)} so that a thresholded weight is exactly {@code +0.0}.
     */
    void proximalSgdStep(float[] w, float[] x, float g, float lr, float l1, float l2, int n);

    /**
     * {@link #adagradStep} followed by soft-thresholding at each coordinate's own step size:
     * {@code eta = lr / (sqrt(acc[i]) + eps); u = w[i] - eta * grad; w[i] = u - clamp(u, -eta * l1, eta * l1)}
     * (AdaGrad's diagonal composite-mirror-descent / FOBOS form).
     */
    void proximalAdagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l1, float l2, float eps,
            int n);

    /**
     * One Adam step (Kingma and Ba, 2015) with an optional proximal L1 step, where {@code bc1 = 1 - beta1^t} and
     * {@code bc2 = 1 - beta2^t} are the bias corrections of update {@code t} (1-based):
     * <pre>
     *   grad = g * x[i] + l2 * w[i]
     *   m[i] = beta1 * m[i] + (1 - beta1) * grad
     *   v[i] = beta2 * v[i] + (1 - beta2) * grad^2
     *   eta  = lr / (sqrt(v[i] / bc2) + eps)
     *   u    = w[i] - eta * (m[i] / bc1)
     *   w[i] = u - clamp(u, -eta * l1, eta * l1)          (the identity when l1 = 0)
     * </pre>
     */
    void adamStep(float[] w, float[] m, float[] v, float[] x, float g, float lr, float l1, float l2, float beta1,
            float beta2, float eps, float bc1, float bc2, int n);

    // ---------------------------------------------------------------------------------------------------------
    // Dense layers of a neural network. Matrices are row-major float arrays starting at an offset, so that a
    // mini-batch, a layer's weights or a slice of a flat parameter array can be addressed without copying.
    // Every output element is computed by the same chain of IEEE operations in both implementations (the SIMD
    // one runs the innermost element-wise loop in lanes), so these kernels agree bit for bit.

    /**
     * Matrix product, accumulated: {@code C[r][j] += sum_k A[r][k] * B[k][j]} for {@code r < rows},
     * {@code j < cols}, with {@code A} {@code rows x inner} at {@code a[aOff..]}, {@code B} {@code inner x cols} at
     * {@code b[bOff..]} and {@code C} {@code rows x cols} at {@code c[cOff..]}. Each {@code C[r][j]} is one chain
     * of fused multiply-adds in increasing {@code k}, starting from its current value. A dense layer's forward pass
     * over a mini-batch is this with {@code A} = the inputs, {@code B} = the weights ({@code in x out}) and
     * {@code C} pre-filled with the biases. {@code C} must not overlap {@code A} or {@code B}.
     */
    void matMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int inner, int cols);

    /**
     * Transposed-left matrix product, accumulated: {@code C[r][j] += sum_k A[k][r] * B[k][j]}, i.e.
     * {@code C += A^T B}, with {@code A} {@code inner x rows}, {@code B} {@code inner x cols}, {@code C}
     * {@code rows x cols}; per element one chain of fused multiply-adds in increasing {@code k}. A dense layer's
     * weight gradient over a mini-batch is this with {@code A} = the layer's inputs ({@code batch x in}) and
     * {@code B} = the loss gradient at its outputs ({@code batch x out}). {@code C} must not overlap {@code A} or
     * {@code B}.
     */
    void transposedMatMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int inner,
            int cols);

    /**
     * SiLU (Elfwing, Uchibe and Doya, 2018; "swish"), in place: for {@code i} in {@code [off, off + n)},
     * {@code s = 1 / (1 + exp(-z))}, {@code values[i] = z * s} and {@code derivatives[i] = s + z s (1 - s)}, where
     * {@code z} is the value before the call and {@code exp} is {@link Exponential#exp}.
     */
    void silu(float[] values, float[] derivatives, int off, int n);

    /**
     * {@code tanh}, in place: {@code e = exp(-2|z|)}, {@code t = (1 - e) / (1 + e)} with the sign of {@code z},
     * {@code values[i] = t}, {@code derivatives[i] = 1 - t^2}. Accurate to a few 1e-8 in absolute terms (not
     * relative near 0, which an activation does not need).
     */
    void tanh(float[] values, float[] derivatives, int off, int n);

    /**
     * ReLU, in place: {@code values[i] = max(z, 0)} (as {@link Math#max}, so NaN stays NaN) and
     * {@code derivatives[i] = z > 0 ? 1 : 0}.
     */
    void relu(float[] values, float[] derivatives, int off, int n);

    /**
     * {@code sum(w[indices[k]] * values[k])} over the {@code nnz} stored entries; like {@link #dot}, never finite
     * when a stored value is NaN or infinite.
     */
    default float dotSparse(float[] w, int[] indices, float[] values, int nnz) {
        checkSparse(w, indices, values, nnz);
        float sum = 0f;
        for (int k = 0; k < nnz; k++) {
            sum = Math.fma(w[indices[k]], values[k], sum);
        }
        return sum;
    }

    /** {@link #sgdStep} restricted to the stored coordinates (L2 acts on those coordinates only). */
    default void sgdStepSparse(float[] w, int[] indices, float[] values, int nnz, float g, float lr, float l2) {
        checkSparse(w, indices, values, nnz);
        float negLr = -lr;
        for (int k = 0; k < nnz; k++) {
            int j = indices[k];
            float grad = Math.fma(g, values[k], l2 * w[j]);
            w[j] = Math.fma(negLr, grad, w[j]);
        }
    }

    /** {@link #adagradStep} restricted to the stored coordinates (L2 acts on those coordinates only). */
    default void adagradStepSparse(
            float[] w, float[] acc, int[] indices, float[] values, int nnz, float g, float lr, float l2, float eps) {
        checkSparse(w, indices, values, nnz);
        if (acc.length < w.length) {
            throw new IndexOutOfBoundsException(
                    "accumulator has " + acc.length + " entries, weights have " + w.length);
        }
        for (int k = 0; k < nnz; k++) {
            int j = indices[k];
            float grad = Math.fma(g, values[k], l2 * w[j]);
            float a = Math.fma(grad, grad, acc[j]);
            acc[j] = a;
            w[j] = w[j] - (lr * grad) / ((float) Math.sqrt(a) + eps);
        }
    }

    /** {@link #proximalSgdStep} restricted to the stored coordinates (L1 and L2 act on those coordinates only). */
    default void proximalSgdStepSparse(float[] w, int[] indices, float[] values, int nnz, float g, float lr, float l1,
            float l2) {
        checkSparse(w, indices, values, nnz);
        float negLr = -lr;
        float th = lr * l1;
        for (int k = 0; k < nnz; k++) {
            int j = indices[k];
            float grad = Math.fma(g, values[k], l2 * w[j]);
            w[j] = shrink(Math.fma(negLr, grad, w[j]), th);
        }
    }

    /** {@link #proximalAdagradStep} restricted to the stored coordinates. */
    default void proximalAdagradStepSparse(float[] w, float[] acc, int[] indices, float[] values, int nnz, float g,
            float lr, float l1, float l2, float eps) {
        checkSparse(w, indices, values, nnz);
        checkState(w, acc, "accumulator");
        float lrL1 = lr * l1;
        for (int k = 0; k < nnz; k++) {
            int j = indices[k];
            float grad = Math.fma(g, values[k], l2 * w[j]);
            float a = Math.fma(grad, grad, acc[j]);
            acc[j] = a;
            float denom = (float) Math.sqrt(a) + eps;
            w[j] = shrink(w[j] - (lr * grad) / denom, lrL1 / denom);
        }
    }

    /**
     * {@link #adamStep} restricted to the stored coordinates ("lazy" Adam: the moments of absent coordinates do
     * not decay, and the bias corrections use the learner's global step count).
     */
    default void adamStepSparse(float[] w, float[] m, float[] v, int[] indices, float[] values, int nnz, float g,
            float lr, float l1, float l2, float beta1, float beta2, float eps, float bc1, float bc2) {
        checkSparse(w, indices, values, nnz);
        checkState(w, m, "first-moment array");
        checkState(w, v, "second-moment array");
        float omb1 = 1f - beta1;
        float omb2 = 1f - beta2;
        for (int k = 0; k < nnz; k++) {
            int j = indices[k];
            float grad = Math.fma(g, values[k], l2 * w[j]);
            float mi = Math.fma(beta1, m[j], omb1 * grad);
            float vi = Math.fma(omb2 * grad, grad, beta2 * v[j]);
            m[j] = mi;
            v[j] = vi;
            float eta = lr / ((float) Math.sqrt(vi / bc2) + eps);
            w[j] = shrink(w[j] - eta * (mi / bc1), eta * l1);
        }
    }

    /**
     * Soft-thresholding {@code sign(u) * max(|u| - th, 0)} for {@code th >= 0}, written as
     * {@code u - clamp(u, -th, th)}: the form both kernel implementations use, exact zero included.
     */
    static float shrink(float u, float th) {
        return u - Math.max(-th, Math.min(th, u));
    }

    /**
     * The kernels to use by default: {@link #vector()} when {@code jdk.incubator.vector} is in the boot layer and
     * the system property {@value #SIMD_PROPERTY} is not {@code scalar}, otherwise {@link #scalar()}. Decided once,
     * on first call.
     */
    static Kernels preferred() {
        return KernelSelection.PREFERRED;
    }

    /** The plain-loop kernels; always available. */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The SIMD kernels.
     *
     * @throws IllegalStateException when {@code jdk.incubator.vector} is not in the boot layer
     */
    static Kernels vector() {
        return KernelSelection.vector();
    }

    /** Whether {@code jdk.incubator.vector} is in the boot layer, i.e. whether {@link #vector()} can succeed. */
    static boolean vectorAvailable() {
        return KernelSelection.vectorModulePresent();
    }

    private static void checkState(float[] w, float[] state, String what) {
        if (state.length < w.length) {
            throw new IndexOutOfBoundsException(what + " has " + state.length + " entries, weights have " + w.length);
        }
    }

    private static void checkSparse(float[] w, int[] indices, float[] values, int nnz) {
        if (nnz < 0 || nnz > indices.length || nnz > values.length) {
            throw new IndexOutOfBoundsException(
                    "nnz " + nnz + " does not fit " + indices.length + " indices and " + values.length + " values");
        }
        // Each index is bounds-checked by the array access itself; SparseVector already guarantees the range.
    }
}
