package io.tributary.learn.forecast;

import io.tributary.learn.simd.Kernels;

/**
 * An affine map {@code R^in -> R^out} trained by Adam on the squared error, through the {@link Kernels}.
 *
 * <p>Layout: one {@code (in + 1) x out} row-major matrix whose last row is the bias, so that the input augmented
 * with a constant 1 makes the forward pass one {@link Kernels#matMulAdd} and the gradient one outer product
 * ({@link Kernels#transposedMatMulAdd}), and one {@link Kernels#adamStep} updates weights and bias together. All
 * three are element-wise kernels, so the SIMD and the scalar kernels train bit-identical maps. The map starts at
 * zero: each forecaster's input and target are arranged so that the zero map is the naive forecast.
 */
final class AdamLinearMap {

    private final int in;
    private final int out;
    private final Kernels kernels;
    private final float[] params;
    private final float[] m;
    private final float[] v;
    private final float[] grad;
    private final float[] augmented;
    private float[] batch = new float[0];
    private long steps;

    AdamLinearMap(int in, int out, Kernels kernels) {
        long n = (long) (in + 1) * out;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + in + " -> " + out + " map has too many parameters (" + n + ")");
        }
        this.in = in;
        this.out = out;
        this.kernels = kernels;
        this.params = new float[(int) n];
        this.m = new float[(int) n];
        this.v = new float[(int) n];
        this.grad = new float[(int) n];
        this.augmented = new float[in + 1];
        augmented[in] = 1f;
    }

    static int parameterCount(int in, int out) {
        return (in + 1) * out;
    }

    int parameterCount() {
        return params.length;
    }

    void restore(float[] p, float[] firstMoments, float[] secondMoments, long stepCount) {
        if (p.length != params.length || firstMoments.length != params.length
                || secondMoments.length != params.length) {
            throw new IllegalArgumentException("state has " + p.length + " parameters, the " + in + " -> " + out
                    + " map has " + params.length);
        }
        for (float[] a : new float[][] {p, firstMoments, secondMoments}) {
            if (!kernels.allFinite(a, a.length)) {
                throw new IllegalArgumentException("parameters or moments contain NaN or infinity");
            }
        }
        System.arraycopy(p, 0, params, 0, p.length);
        System.arraycopy(firstMoments, 0, m, 0, m.length);
        System.arraycopy(secondMoments, 0, v, 0, v.length);
        this.steps = stepCount;
    }

    /** {@code y = W^T x + b} for one input of {@code in} values. */
    void apply(float[] x, float[] y) {
        System.arraycopy(x, 0, augmented, 0, in);
        java.util.Arrays.fill(y, 0, out, 0f);
        kernels.matMulAdd(augmented, 0, params, 0, y, 0, 1, in + 1, out);
    }

    /** The map of {@code count} inputs ({@code count x in}, row-major) into {@code y} ({@code count x out}). */
    void apply(float[] xs, int count, float[] y) {
        int width = in + 1;
        if (batch.length < count * width) {
            batch = new float[count * width];
        }
        for (int r = 0; r < count; r++) {
            System.arraycopy(xs, r * in, batch, r * width, in);
            batch[r * width + in] = 1f;
        }
        java.util.Arrays.fill(y, 0, count * out, 0f);
        kernels.matMulAdd(batch, 0, params, 0, y, 0, count, width, out);
    }

    /**
     * One Adam step on the loss {@code sum_j (y_j - target_j)^2 / 2} at input {@code x}, where {@code error} holds
     * {@code y - target} for the current parameters (the caller has just applied the map).
     */
    void step(float[] x, float[] error, float learningRate) {
        System.arraycopy(x, 0, augmented, 0, in);
        java.util.Arrays.fill(grad, 0f);
        // dL/dW[i][j] = x_i * error_j: an outer product, C += A^T B with A = x (1 x (in+1)), B = error (1 x out).
        kernels.transposedMatMulAdd(augmented, 0, error, 0, grad, 0, in + 1, 1, out);
        steps++;
        // 1 - beta^t as -expm1(t ln beta), as in Mlp.applyAdamW.
        float bc1 = (float) -Math.expm1(steps * Math.log(WindowConfig.BETA1));
        float bc2 = (float) -Math.expm1(steps * Math.log(WindowConfig.BETA2));
        kernels.adamStep(params, m, v, grad, 1f, learningRate, 0f, 0f, WindowConfig.BETA1, WindowConfig.BETA2,
                WindowConfig.EPSILON, bc1, bc2, params.length);
    }

    long steps() {
        return steps;
    }

    float[] parameters() {
        return params.clone();
    }

    float[] firstMoments() {
        return m.clone();
    }

    float[] secondMoments() {
        return v.clone();
    }

    /** Weight from input {@code i} to output {@code j} ({@code i == in} is the bias). */
    float weight(int i, int j) {
        return params[i * out + j];
    }
}
