package io.tributary.learn.simd;

/**
 * The hot loops of the linear learners, over the first {@code n} entries of dense float arrays.
 *
 * <p>Two implementations give the same results to within float rounding: a SIMD one on
 * {@code jdk.incubator.vector} ({@link #vector()}) and a plain-loop one ({@link #scalar()}). The element-wise
 * kernels ({@link #axpy}, {@link #scale}, {@link #sgdStep}, {@link #adagradStep}) perform the same IEEE
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

    /** {@code sum(w[i] * x[i])} over {@code i < n}. */
    float dot(float[] w, float[] x, int n);

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

    /** {@code sum(w[indices[k]] * values[k])} over the {@code nnz} stored entries. */
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

    private static void checkSparse(float[] w, int[] indices, float[] values, int nnz) {
        if (nnz < 0 || nnz > indices.length || nnz > values.length) {
            throw new IndexOutOfBoundsException(
                    "nnz " + nnz + " does not fit " + indices.length + " indices and " + values.length + " values");
        }
        // Each index is bounds-checked by the array access itself; SparseVector already guarantees the range.
    }
}
