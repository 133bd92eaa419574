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

    @SuppressWarnings("unchecked")
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
        float sum = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) {
            sum = Math.fma(w[i], x[i], sum);
        }
        return sum;
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

    @Override
    public String toString() {
        return name();
    }
}
