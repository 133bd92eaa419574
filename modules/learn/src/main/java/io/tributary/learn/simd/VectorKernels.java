package io.tributary.learn.simd;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
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

    @Override
    public String toString() {
        return name();
    }
}
