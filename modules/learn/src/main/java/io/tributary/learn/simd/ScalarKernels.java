package io.tributary.learn.simd;

import java.util.Objects;

/**
 * Plain-loop kernels. Each element goes through the same IEEE operations as in {@link VectorKernels} (including
 * the fused multiply-adds), so the element-wise kernels agree with the SIMD ones bit for bit and {@link #dot}
 * differs only by summation order.
 */
public final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] w, float[] x, int n) {
        check(n, w, x);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum = Math.fma(w[i], x[i], sum);
        }
        return sum;
    }

    @Override
    public void axpy(float a, float[] x, float[] y, int n) {
        check(n, x, y);
        for (int i = 0; i < n; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    @Override
    public void scale(float a, float[] x, int n) {
        check(n, x, x);
        for (int i = 0; i < n; i++) {
            x[i] *= a;
        }
    }

    @Override
    public void sgdStep(float[] w, float[] x, float g, float lr, float l2, int n) {
        check(n, w, x);
        float negLr = -lr;
        for (int i = 0; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            w[i] = Math.fma(negLr, grad, w[i]);
        }
    }

    @Override
    public void adagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l2, float eps, int n) {
        check(n, w, x);
        Objects.checkFromIndexSize(0, n, acc.length);
        for (int i = 0; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            float a = Math.fma(grad, grad, acc[i]);
            acc[i] = a;
            // Float sqrt via double is correctly rounded, matching the vector lane-wise SQRT exactly.
            w[i] = w[i] - (lr * grad) / ((float) Math.sqrt(a) + eps);
        }
    }

    @Override
    public void proximalSgdStep(float[] w, float[] x, float g, float lr, float l1, float l2, int n) {
        check(n, w, x);
        float negLr = -lr;
        float th = lr * l1;
        for (int i = 0; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            w[i] = Kernels.shrink(Math.fma(negLr, grad, w[i]), th);
        }
    }

    @Override
    public void proximalAdagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l1, float l2,
            float eps, int n) {
        check(n, w, x);
        Objects.checkFromIndexSize(0, n, acc.length);
        float lrL1 = lr * l1;
        for (int i = 0; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            float a = Math.fma(grad, grad, acc[i]);
            acc[i] = a;
            float denom = (float) Math.sqrt(a) + eps;
            w[i] = Kernels.shrink(w[i] - (lr * grad) / denom, lrL1 / denom);
        }
    }

    @Override
    public void adamStep(float[] w, float[] m, float[] v, float[] x, float g, float lr, float l1, float l2,
            float beta1, float beta2, float eps, float bc1, float bc2, int n) {
        check(n, w, x);
        check(n, m, v);
        float omb1 = 1f - beta1;
        float omb2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            float mi = Math.fma(beta1, m[i], omb1 * grad);
            float vi = Math.fma(omb2 * grad, grad, beta2 * v[i]);
            m[i] = mi;
            v[i] = vi;
            float eta = lr / ((float) Math.sqrt(vi / bc2) + eps);
            w[i] = Kernels.shrink(w[i] - eta * (mi / bc1), eta * l1);
        }
    }

    /**
     * The loop over {@code k} runs outside the one over {@code j}: each {@code C[r][j]} still receives its products
     * in increasing {@code k}, as the contract requires, and the inner loop is then contiguous in {@code B} and
     * {@code C}, which C2 can vectorise by itself.
     */
    @Override
    public void matMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int inner,
            int cols) {
        checkMatrices(a, aOff, b, bOff, c, cOff, rows, inner, cols);
        for (int r = 0; r < rows; r++) {
            int aRow = aOff + r * inner;
            int cRow = cOff + r * cols;
            for (int k = 0; k < inner; k++) {
                float ak = a[aRow + k];
                int bRow = bOff + k * cols;
                for (int j = 0; j < cols; j++) {
                    c[cRow + j] = Math.fma(ak, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }

    @Override
    public void transposedMatMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows,
            int inner, int cols) {
        checkMatrices(a, aOff, b, bOff, c, cOff, rows, inner, cols);
        for (int r = 0; r < rows; r++) {
            int cRow = cOff + r * cols;
            for (int k = 0; k < inner; k++) {
                float ak = a[aOff + k * rows + r];
                int bRow = bOff + k * cols;
                for (int j = 0; j < cols; j++) {
                    c[cRow + j] = Math.fma(ak, b[bRow + j], c[cRow + j]);
                }
            }
        }
    }

    @Override
    public void silu(float[] values, float[] derivatives, int off, int n) {
        checkActivation(values, derivatives, off, n);
        for (int i = off; i < off + n; i++) {
            float z = values[i];
            float s = 1f / (1f + Exponential.exp(-z));
            float a = z * s;
            values[i] = a;
            derivatives[i] = Math.fma(a, 1f - s, s);
        }
    }

    @Override
    public void tanh(float[] values, float[] derivatives, int off, int n) {
        checkActivation(values, derivatives, off, n);
        for (int i = off; i < off + n; i++) {
            float z = values[i];
            float e = Exponential.exp(-2f * Math.abs(z));
            float t = (1f - e) / (1f + e);
            t = z < 0f ? -t : t;
            values[i] = t;
            derivatives[i] = Math.fma(-t, t, 1f);
        }
    }

    @Override
    public void relu(float[] values, float[] derivatives, int off, int n) {
        checkActivation(values, derivatives, off, n);
        for (int i = off; i < off + n; i++) {
            float z = values[i];
            values[i] = Math.max(z, 0f);
            derivatives[i] = z > 0f ? 1f : 0f;
        }
    }

    /** The three matrices of a {@code rows x inner} by {@code inner x cols} product fit their arrays. */
    static void checkMatrices(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int inner,
            int cols) {
        if (rows < 0 || inner < 0 || cols < 0) {
            throw new IndexOutOfBoundsException(
                    "negative matrix shape: rows " + rows + ", inner " + inner + ", cols " + cols);
        }
        checkRange(a, aOff, (long) rows * inner, "A");
        checkRange(b, bOff, (long) inner * cols, "B");
        checkRange(c, cOff, (long) rows * cols, "C");
    }

    static void checkActivation(float[] values, float[] derivatives, int off, int n) {
        checkRange(values, off, n, "values");
        checkRange(derivatives, off, n, "derivatives");
    }

    /** {@code [off, off + size)} lies within {@code array}. */
    static void checkRange(float[] array, int off, long size, String what) {
        if (off < 0 || size < 0 || size > array.length - (long) off) {
            throw new IndexOutOfBoundsException(what + ": " + size + " entries from offset " + off
                    + " do not fit an array of " + array.length);
        }
    }

    static void check(int n, float[] a, float[] b) {
        Objects.checkFromIndexSize(0, n, a.length);
        Objects.checkFromIndexSize(0, n, b.length);
    }

    @Override
    public String toString() {
        return name();
    }
}
