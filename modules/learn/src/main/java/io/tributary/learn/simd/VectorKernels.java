package io.tributary.learn.simd;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on {@link FloatVector#SPECIES_PREFERRED}: a vector main loop and a scalar tail that performs the
 * same per-element operations as {@link ScalarKernels}.
 *
 * <p>Only {@link KernelSelection} instantiates this class, reflectively and after checking that
 * {@code jdk.incubator.vector} is in the boot layer; nothing else may name it, so that the rest of the library
 * still loads without {@code --add-modules}.
 */
final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /**
     * Rotations by LANES/2, LANES/4, …, 1: adding a vector to its rotated self that many times leaves the total in
     * every lane, in a fixed tree order. {@code reduceLanes(ADD)} leaves the order of a float sum unspecified, and
     * the interpreter and the JIT-compiled intrinsic do differ in the last bit, so a restored model could predict a
     * hair differently from the original depending on JIT timing. This keeps the dot product deterministic.
     */
    private static final VectorShuffle<Float>[] FOLDS = folds();

    @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] folds = new VectorShuffle[steps];
        for (int k = 0, shift = LANES / 2; k < steps; k++, shift /= 2) {
            folds[k] = VectorShuffle.iota(SPECIES, shift, 1, true);
        }
        return folds;
    }

    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    VectorKernels() {
    }

    @Override
    public String name() {
        return "vector(" + SPECIES.vectorBitSize() + "-bit, " + LANES + " lanes)";
    }

    @Override
    public float dot(float[] w, float[] x, int n) {
        ScalarKernels.check(n, w, x);
        int i = 0;
        // Four independent accumulators hide the FMA latency on long arrays.
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        FloatVector acc2 = FloatVector.zero(SPECIES);
        FloatVector acc3 = FloatVector.zero(SPECIES);
        int unrolled = n - (n % (4 * LANES));
        for (; i < unrolled; i += 4 * LANES) {
            acc0 = FloatVector.fromArray(SPECIES, w, i).fma(FloatVector.fromArray(SPECIES, x, i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, w, i + LANES)
                    .fma(FloatVector.fromArray(SPECIES, x, i + LANES), acc1);
            acc2 = FloatVector.fromArray(SPECIES, w, i + 2 * LANES)
                    .fma(FloatVector.fromArray(SPECIES, x, i + 2 * LANES), acc2);
            acc3 = FloatVector.fromArray(SPECIES, w, i + 3 * LANES)
                    .fma(FloatVector.fromArray(SPECIES, x, i + 3 * LANES), acc3);
        }
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            acc0 = FloatVector.fromArray(SPECIES, w, i).fma(FloatVector.fromArray(SPECIES, x, i), acc0);
        }
        // The scalar tail is a chain of its own, added last: it runs while the vector part is being reduced,
        // instead of waiting for the reduction. (A masked tail vector was slower: with fewer than LANES entries
        // left before the end of the array, the masked load takes its bounds-checking path.) Keep this method
        // under C2's inlining limit for hot methods (FreqInlineSize, 325 bytes of bytecode): inlined into the
        // learner's learnOne it costs no call.
        float tail = 0f;
        for (; i < n; i++) {
            tail = Math.fma(w[i], x[i], tail);
        }
        return sumLanes(acc0.add(acc1).add(acc2.add(acc3))) + tail;
    }

    /** x * 0 is 0 for every finite x and NaN for NaN or ±infinity, so one NaN lane anywhere marks a bad input. */
    @Override
    public boolean allFinite(float[] x, int n) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            acc = acc.add(FloatVector.fromArray(SPECIES, x, i).mul(0f));
        }
        float tail = 0f;
        for (; i < n; i++) {
            tail = Math.fma(x[i], 0f, tail);
        }
        return sumLanes(acc) == 0f && tail == 0f;
    }

    @Override
    public void axpy(float a, float[] x, float[] y, int n) {
        ScalarKernels.check(n, x, y);
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, i)
                    .fma(av, FloatVector.fromArray(SPECIES, y, i))
                    .intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }

    @Override
    public void scale(float a, float[] x, int n) {
        ScalarKernels.check(n, x, x);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector.fromArray(SPECIES, x, i).mul(a).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] *= a;
        }
    }

    @Override
    public void sgdStep(float[] w, float[] x, float g, float lr, float l2, int n) {
        ScalarKernels.check(n, w, x);
        float negLr = -lr;
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        FloatVector negLrV = FloatVector.broadcast(SPECIES, negLr);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, i);
            FloatVector grad = FloatVector.fromArray(SPECIES, x, i).fma(gv, wv.mul(l2));
            grad.fma(negLrV, wv).intoArray(w, i);
        }
        for (; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            w[i] = Math.fma(negLr, grad, w[i]);
        }
    }

    @Override
    public void adagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l2, float eps, int n) {
        ScalarKernels.check(n, w, x);
        Objects.checkFromIndexSize(0, n, acc.length);
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, i);
            FloatVector grad = FloatVector.fromArray(SPECIES, x, i).fma(gv, wv.mul(l2));
            FloatVector a = grad.fma(grad, FloatVector.fromArray(SPECIES, acc, i));
            a.intoArray(acc, i);
            FloatVector denom = a.sqrt().add(eps);
            wv.sub(grad.mul(lr).div(denom)).intoArray(w, i);
        }
        for (; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            float a = Math.fma(grad, grad, acc[i]);
            acc[i] = a;
            w[i] = w[i] - (lr * grad) / ((float) Math.sqrt(a) + eps);
        }
    }

    /** {@code u - clamp(u, -th, th)}, lane-wise: the same operations as {@link Kernels#shrink}. */
    private static FloatVector shrink(FloatVector u, FloatVector th) {
        return u.sub(u.min(th).max(th.neg()));
    }

    @Override
    public void proximalSgdStep(float[] w, float[] x, float g, float lr, float l1, float l2, int n) {
        ScalarKernels.check(n, w, x);
        float negLr = -lr;
        float th = lr * l1;
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        FloatVector negLrV = FloatVector.broadcast(SPECIES, negLr);
        FloatVector thV = FloatVector.broadcast(SPECIES, th);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, i);
            FloatVector grad = FloatVector.fromArray(SPECIES, x, i).fma(gv, wv.mul(l2));
            shrink(grad.fma(negLrV, wv), thV).intoArray(w, i);
        }
        for (; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            w[i] = Kernels.shrink(Math.fma(negLr, grad, w[i]), th);
        }
    }

    @Override
    public void proximalAdagradStep(float[] w, float[] acc, float[] x, float g, float lr, float l1, float l2,
            float eps, int n) {
        ScalarKernels.check(n, w, x);
        Objects.checkFromIndexSize(0, n, acc.length);
        float lrL1 = lr * l1;
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        FloatVector lrL1V = FloatVector.broadcast(SPECIES, lrL1);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, i);
            FloatVector grad = FloatVector.fromArray(SPECIES, x, i).fma(gv, wv.mul(l2));
            FloatVector a = grad.fma(grad, FloatVector.fromArray(SPECIES, acc, i));
            a.intoArray(acc, i);
            FloatVector denom = a.sqrt().add(eps);
            shrink(wv.sub(grad.mul(lr).div(denom)), lrL1V.div(denom)).intoArray(w, i);
        }
        for (; i < n; i++) {
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
        ScalarKernels.check(n, w, x);
        ScalarKernels.check(n, m, v);
        float omb1 = 1f - beta1;
        float omb2 = 1f - beta2;
        FloatVector gv = FloatVector.broadcast(SPECIES, g);
        FloatVector beta1V = FloatVector.broadcast(SPECIES, beta1);
        FloatVector lrV = FloatVector.broadcast(SPECIES, lr);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector wv = FloatVector.fromArray(SPECIES, w, i);
            FloatVector grad = FloatVector.fromArray(SPECIES, x, i).fma(gv, wv.mul(l2));
            FloatVector mi = beta1V.fma(FloatVector.fromArray(SPECIES, m, i), grad.mul(omb1));
            FloatVector vi = grad.mul(omb2).fma(grad, FloatVector.fromArray(SPECIES, v, i).mul(beta2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector eta = lrV.div(vi.div(bc2).sqrt().add(eps));
            shrink(wv.sub(eta.mul(mi.div(bc1))), eta.mul(l1)).intoArray(w, i);
        }
        for (; i < n; i++) {
            float grad = Math.fma(g, x[i], l2 * w[i]);
            float mi = Math.fma(beta1, m[i], omb1 * grad);
            float vi = Math.fma(omb2 * grad, grad, beta2 * v[i]);
            m[i] = mi;
            v[i] = vi;
            float eta = lr / ((float) Math.sqrt(vi / bc2) + eps);
            w[i] = Kernels.shrink(w[i] - eta * (mi / bc1), eta * l1);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dense layers. Each output element follows exactly the scalar kernel's chain of FMAs (increasing k, from the
    // element's current value); only the loop over output columns runs in lanes, and the blocking below changes
    // which elements are computed together, never the operations on one element.

    @Override
    public void matMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows, int inner,
            int cols) {
        ScalarKernels.checkMatrices(a, aOff, b, bOff, c, cOff, rows, inner, cols);
        product(a, aOff, inner, 1, b, bOff, c, cOff, rows, inner, cols);
    }

    @Override
    public void transposedMatMulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int rows,
            int inner, int cols) {
        ScalarKernels.checkMatrices(a, aOff, b, bOff, c, cOff, rows, inner, cols);
        product(a, aOff, 1, rows, b, bOff, c, cOff, rows, inner, cols);
    }

    /**
     * {@code C[r][j] += sum_k a[aOff + r * rowStride + k * kStride] * B[k][j]}: both products, the left operand
     * read row-wise ({@code rowStride = inner, kStride = 1}) or column-wise ({@code rowStride = 1,
     * kStride = rows}).
     *
     * <p>Rows go in pairs that share every load of {@code B}; with four vectors of columns per pair that makes
     * eight independent accumulators, enough to hide the FMA latency, and 14 vector registers in all. Columns left
     * over after the vectors are done by {@link #tailColumns}.
     */
    private static void product(float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] c,
            int cOff, int rows, int inner, int cols) {
        int wide = cols - cols % (4 * LANES);
        int narrow = SPECIES.loopBound(cols);
        if (narrow > 0) {
            int r = 0;
            for (; r + 1 < rows; r += 2) {
                int a0 = aOff + r * rowStride;
                int a1 = a0 + rowStride;
                int c0 = cOff + r * cols;
                int c1 = c0 + cols;
                int j = 0;
                for (; j < wide; j += 4 * LANES) {
                    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0 + j);
                    FloatVector x1 = FloatVector.fromArray(SPECIES, c, c0 + j + LANES);
                    FloatVector x2 = FloatVector.fromArray(SPECIES, c, c0 + j + 2 * LANES);
                    FloatVector x3 = FloatVector.fromArray(SPECIES, c, c0 + j + 3 * LANES);
                    FloatVector y0 = FloatVector.fromArray(SPECIES, c, c1 + j);
                    FloatVector y1 = FloatVector.fromArray(SPECIES, c, c1 + j + LANES);
                    FloatVector y2 = FloatVector.fromArray(SPECIES, c, c1 + j + 2 * LANES);
                    FloatVector y3 = FloatVector.fromArray(SPECIES, c, c1 + j + 3 * LANES);
                    for (int k = 0, i0 = a0, i1 = a1, bk = bOff + j; k < inner;
                            k++, i0 += kStride, i1 += kStride, bk += cols) {
                        FloatVector p = FloatVector.broadcast(SPECIES, a[i0]);
                        FloatVector q = FloatVector.broadcast(SPECIES, a[i1]);
                        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
                        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
                        FloatVector b2 = FloatVector.fromArray(SPECIES, b, bk + 2 * LANES);
                        FloatVector b3 = FloatVector.fromArray(SPECIES, b, bk + 3 * LANES);
                        x0 = b0.fma(p, x0);
                        x1 = b1.fma(p, x1);
                        x2 = b2.fma(p, x2);
                        x3 = b3.fma(p, x3);
                        y0 = b0.fma(q, y0);
                        y1 = b1.fma(q, y1);
                        y2 = b2.fma(q, y2);
                        y3 = b3.fma(q, y3);
                    }
                    x0.intoArray(c, c0 + j);
                    x1.intoArray(c, c0 + j + LANES);
                    x2.intoArray(c, c0 + j + 2 * LANES);
                    x3.intoArray(c, c0 + j + 3 * LANES);
                    y0.intoArray(c, c1 + j);
                    y1.intoArray(c, c1 + j + LANES);
                    y2.intoArray(c, c1 + j + 2 * LANES);
                    y3.intoArray(c, c1 + j + 3 * LANES);
                }
                for (; j < narrow; j += LANES) {
                    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0 + j);
                    FloatVector y0 = FloatVector.fromArray(SPECIES, c, c1 + j);
                    for (int k = 0, i0 = a0, i1 = a1, bk = bOff + j; k < inner;
                            k++, i0 += kStride, i1 += kStride, bk += cols) {
                        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
                        x0 = b0.fma(FloatVector.broadcast(SPECIES, a[i0]), x0);
                        y0 = b0.fma(FloatVector.broadcast(SPECIES, a[i1]), y0);
                    }
                    x0.intoArray(c, c0 + j);
                    y0.intoArray(c, c1 + j);
                }
            }
            if (r < rows) {
                int a0 = aOff + r * rowStride;
                int c0 = cOff + r * cols;
                int j = 0;
                for (; j < wide; j += 4 * LANES) {
                    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0 + j);
                    FloatVector x1 = FloatVector.fromArray(SPECIES, c, c0 + j + LANES);
                    FloatVector x2 = FloatVector.fromArray(SPECIES, c, c0 + j + 2 * LANES);
                    FloatVector x3 = FloatVector.fromArray(SPECIES, c, c0 + j + 3 * LANES);
                    for (int k = 0, i0 = a0, bk = bOff + j; k < inner; k++, i0 += kStride, bk += cols) {
                        FloatVector p = FloatVector.broadcast(SPECIES, a[i0]);
                        x0 = FloatVector.fromArray(SPECIES, b, bk).fma(p, x0);
                        x1 = FloatVector.fromArray(SPECIES, b, bk + LANES).fma(p, x1);
                        x2 = FloatVector.fromArray(SPECIES, b, bk + 2 * LANES).fma(p, x2);
                        x3 = FloatVector.fromArray(SPECIES, b, bk + 3 * LANES).fma(p, x3);
                    }
                    x0.intoArray(c, c0 + j);
                    x1.intoArray(c, c0 + j + LANES);
                    x2.intoArray(c, c0 + j + 2 * LANES);
                    x3.intoArray(c, c0 + j + 3 * LANES);
                }
                for (; j < narrow; j += LANES) {
                    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0 + j);
                    for (int k = 0, i0 = a0, bk = bOff + j; k < inner; k++, i0 += kStride, bk += cols) {
                        x0 = FloatVector.fromArray(SPECIES, b, bk).fma(FloatVector.broadcast(SPECIES, a[i0]), x0);
                    }
                    x0.intoArray(c, c0 + j);
                }
            }
        }
        if (narrow < cols) {
            tailColumns(a, aOff, rowStride, kStride, b, bOff, c, cOff, rows, inner, cols, narrow);
        }
    }

    /**
     * Columns {@code [from, cols)}, fewer than a vector: scalar chains, four rows at a time so that four
     * independent chains are in flight (a network's single regression output is such a column).
     */
    private static void tailColumns(float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff,
            float[] c, int cOff, int rows, int inner, int cols, int from) {
        int r = 0;
        for (; r + 3 < rows; r += 4) {
            int a0 = aOff + r * rowStride;
            for (int j = from; j < cols; j++) {
                int c0 = cOff + r * cols + j;
                float s0 = c[c0];
                float s1 = c[c0 + cols];
                float s2 = c[c0 + 2 * cols];
                float s3 = c[c0 + 3 * cols];
                for (int k = 0, i0 = a0, bk = bOff + j; k < inner; k++, i0 += kStride, bk += cols) {
                    float bv = b[bk];
                    s0 = Math.fma(a[i0], bv, s0);
                    s1 = Math.fma(a[i0 + rowStride], bv, s1);
                    s2 = Math.fma(a[i0 + 2 * rowStride], bv, s2);
                    s3 = Math.fma(a[i0 + 3 * rowStride], bv, s3);
                }
                c[c0] = s0;
                c[c0 + cols] = s1;
                c[c0 + 2 * cols] = s2;
                c[c0 + 3 * cols] = s3;
            }
        }
        for (; r < rows; r++) {
            int a0 = aOff + r * rowStride;
            for (int j = from; j < cols; j++) {
                int c0 = cOff + r * cols + j;
                float s0 = c[c0];
                for (int k = 0, i0 = a0, bk = bOff + j; k < inner; k++, i0 += kStride, bk += cols) {
                    s0 = Math.fma(a[i0], b[bk], s0);
                }
                c[c0] = s0;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Activations: lane-wise versions of ScalarKernels' formulas, operation for operation.

    /** {@link Exponential#exp}, lane-wise. */
    private static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(Exponential.MIN).min(Exponential.MAX);
        FloatVector t = c.fma(Exponential.LOG2E, Exponential.SHIFTER);
        FloatVector n = t.sub(Exponential.SHIFTER);
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, Exponential.NEG_LN2_HI), c);
        r = n.fma(FloatVector.broadcast(SPECIES, Exponential.NEG_LN2_LO), r);
        FloatVector p = r.fma(Exponential.C7, Exponential.C6);
        p = p.fma(r, FloatVector.broadcast(SPECIES, Exponential.C5));
        p = p.fma(r, FloatVector.broadcast(SPECIES, Exponential.C4));
        p = p.fma(r, FloatVector.broadcast(SPECIES, Exponential.C3));
        p = p.fma(r, FloatVector.broadcast(SPECIES, Exponential.C2));
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        p = p.fma(r, one);
        p = p.fma(r, one);
        FloatVector scale = t.reinterpretAsInts().sub(Exponential.SHIFTER_BITS).add(127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    @Override
    public void silu(float[] values, float[] derivatives, int off, int n) {
        ScalarKernels.checkActivation(values, derivatives, off, n);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = off;
        int bound = off + SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            FloatVector s = one.div(exp(z.neg()).add(1f));
            FloatVector act = z.mul(s);
            act.intoArray(values, i);
            act.fma(one.sub(s), s).intoArray(derivatives, i);
        }
        for (; i < off + n; i++) {
            float z = values[i];
            float s = 1f / (1f + Exponential.exp(-z));
            float act = z * s;
            values[i] = act;
            derivatives[i] = Math.fma(act, 1f - s, s);
        }
    }

    @Override
    public void tanh(float[] values, float[] derivatives, int off, int n) {
        ScalarKernels.checkActivation(values, derivatives, off, n);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = off;
        int bound = off + SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            FloatVector e = exp(z.abs().mul(-2f));
            FloatVector t = one.sub(e).div(e.add(1f));
            VectorMask<Float> negative = z.compare(VectorOperators.LT, 0f);
            t = t.blend(t.neg(), negative);
            t.intoArray(values, i);
            t.neg().fma(t, one).intoArray(derivatives, i);
        }
        for (; i < off + n; i++) {
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
        ScalarKernels.checkActivation(values, derivatives, off, n);
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        int i = off;
        int bound = off + SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            z.max(0f).intoArray(values, i);
            zero.blend(one, z.compare(VectorOperators.GT, 0f)).intoArray(derivatives, i);
        }
        for (; i < off + n; i++) {
            float z = values[i];
            values[i] = Math.max(z, 0f);
            derivatives[i] = z > 0f ? 1f : 0f;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
