package io.tributary.learn.ftrl;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.SparseVector;
import java.util.Arrays;
import java.util.Objects;

/**
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013, Algorithm 1) for a
 * single linear output over sparse, high-dimensional input.
 *
 * <p>Per coordinate it keeps {@code z_i} and {@code n_i}, both {@code float}: <b>8 bytes per coordinate</b>
 * (8 MiB at {@code 2^20}), plus scratch space proportional to the largest instance seen. Weights are never stored;
 * the weight of an active coordinate is computed when an instance needs it:
 * <pre>
 *   w_i = 0                                                     if |z_i| &lt;= l1
 *   w_i = -(z_i - sign(z_i) l1) / ((beta + sqrt(n_i)) / alpha + l2)   otherwise
 * </pre>
 * so a weight is exactly zero while its {@code |z_i|} stays within {@code l1}. After the prediction, with loss
 * derivative {@code g} with respect to the margin, each active coordinate moves by
 * <pre>
 *   g_i = g x_i;  sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha;  z_i += g_i - sigma_i w_i;  n_i += g_i^2
 * </pre>
 * Coordinates absent from an instance cost nothing: this is exact FTRL-Proximal, not a lazy approximation, since
 * a zero gradient leaves {@code z_i} and {@code n_i} unchanged. The arithmetic is in double; only the stored
 * {@code z} and {@code n} are rounded to float.
 *
 * <p>The intercept follows the same recurrences with its own {@code z, n} but without penalty (as in the linear
 * family): {@code b = -z_b / ((beta + sqrt(n_b)) / alpha)}.
 *
 * <p>Repeated indices in a sparse instance are merged (their values added) before the update, so that each
 * coordinate receives one gradient per instance.
 */
public abstract sealed class FtrlModel implements OnlineLearner permits FtrlClassifier, FtrlRegressor {

    private final FtrlConfig config;
    private final int dimension;
    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;
    private final float[] z;
    private final float[] n;
    private double interceptZ;
    private double interceptN;
    private final long[] classCounts;
    private long classTotal;
    private long updates;

    // Scratch space of learnOne: the instance's merged coordinates and their weights at prediction time.
    private int[] scratchIndex = new int[16];
    private double[] scratchValue = new double[16];
    private double[] scratchWeight = new double[16];
    private long[] scratchKeys = new long[16];

    FtrlModel(FtrlConfig config, int numClasses, FtrlState state) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.numClasses() != numClasses) {
            throw new IllegalArgumentException("ftrl " + (numClasses == 1 ? "regression" : "classification")
                    + " needs numClasses " + numClasses + ", got " + config.numClasses());
        }
        this.dimension = config.dimension();
        this.alpha = config.alpha();
        this.beta = config.beta();
        this.l1 = config.l1();
        this.l2 = config.l2();
        boolean balanced = config.classWeights().isBalanced();
        if (state == null) {
            z = new float[dimension];
            n = new float[dimension];
            classCounts = balanced ? new long[numClasses] : null;
        } else {
            if (state.dimension() != dimension) {
                throw new IllegalArgumentException(
                        "state has dimension " + state.dimension() + ", the config needs " + dimension);
            }
            if ((state.classCounts() != null) != balanced
                    || (balanced && state.classCounts().length != numClasses)) {
                throw new IllegalArgumentException(balanced
                        ? "balanced class weights need " + numClasses + " class counts in the state"
                        : "state carries class counts but the class weights are " + config.classWeights());
            }
            z = state.z().clone();
            n = state.n().clone();
            interceptZ = state.interceptZ();
            interceptN = state.interceptN();
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

    public final FtrlConfig config() {
        return config;
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
    public final FtrlState state() {
        return new FtrlState(updates, z.clone(), n.clone(), interceptZ, interceptN,
                classCounts == null ? null : classCounts.clone());
    }

    /** The current weight of coordinate {@code i} (computed from {@code z_i, n_i}). */
    public final double weight(int i) {
        Objects.checkIndex(i, dimension);
        return weightOf(i);
    }

    /** All weights, computed now: O(dimension), for inspection rather than the hot path. */
    public final float[] weights() {
        float[] w = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            w[i] = (float) weightOf(i);
        }
        return w;
    }

    /** How many weights are not exactly zero: O(dimension). */
    public final int nonZeroWeights() {
        int count = 0;
        for (int i = 0; i < dimension; i++) {
            if (Math.abs(z[i]) > l1) {
                count++;
            }
        }
        return count;
    }

    /** How many coordinates have received a non-zero gradient (whose state a sparse snapshot must keep). */
    public final int touchedCoordinates() {
        int count = 0;
        for (int i = 0; i < dimension; i++) {
            if (n[i] != 0f || z[i] != 0f) {
                count++;
            }
        }
        return count;
    }

    public final double intercept() {
        double denominator = (beta + Math.sqrt(interceptN)) / alpha;
        return denominator == 0 ? 0.0 : -interceptZ / denominator;
    }

    private double weightOf(int i) {
        double zi = z[i];
        if (Math.abs(zi) <= l1) {
            return 0.0;
        }
        double denominator = (beta + Math.sqrt(n[i])) / alpha + l2;
        // z_i != 0 implies an earlier non-zero gradient, so n_i > 0; the guard covers beta = l2 = 0 regardless.
        return denominator == 0 ? 0.0 : -(zi - Math.copySign(l1, zi)) / denominator;
    }

    /** {@code w . x + b} with the current weights; changes nothing. */
    final double margin(FeatureVector x) {
        double sum = intercept();
        switch (x) {
            case DenseVector d -> {
                float[] v = d.values();
                for (int i = 0; i < dimension; i++) {
                    if (v[i] != 0f) {
                        sum += weightOf(i) * v[i];
                    }
                }
            }
            case SparseVector s -> {
                int[] idx = s.indices();
                float[] v = s.values();
                for (int k = 0; k < idx.length; k++) {
                    sum += weightOf(idx[k]) * v[k];
                }
            }
        }
        return sum;
    }

    /** The loss derivative with respect to the margin, for the subclass's loss and target. */
    @FunctionalInterface
    interface LossDerivative {
        double at(double margin);
    }

    /**
     * One FTRL-Proximal step: gathers the active coordinates, computes their weights and the margin, asks for the
     * loss derivative, scales it by {@code weight} (the class weight) and updates every active coordinate and the
     * intercept. Input validation is the caller's.
     */
    final void learn(FeatureVector x, LossDerivative derivative, double weight) {
        int nnz = gather(x);
        int[] idx = scratchIndex;
        double[] val = scratchValue;
        double[] w = scratchWeight;
        double interceptWeight = intercept();
        double margin = interceptWeight;
        for (int k = 0; k < nnz; k++) {
            double wk = weightOf(idx[k]);
            w[k] = wk;
            margin += wk * val[k];
        }
        double g = derivative.at(margin) * weight;
        for (int k = 0; k < nnz; k++) {
            int i = idx[k];
            double gi = g * val[k];
            double ni = n[i];
            double updated = ni + gi * gi;
            double sigma = (Math.sqrt(updated) - Math.sqrt(ni)) / alpha;
            z[i] = (float) (z[i] + gi - sigma * w[k]);
            n[i] = (float) updated;
        }
        double updatedN = interceptN + g * g;
        double sigma = (Math.sqrt(updatedN) - Math.sqrt(interceptN)) / alpha;
        interceptZ += g - sigma * interceptWeight;
        interceptN = updatedN;
        updates++;
    }

    /** The class weight of a training instance of class {@code y}; counts it under balanced weights. */
    final double classWeight(int y) {
        if (classCounts != null) {
            classCounts[y]++;
            classTotal++;
        }
        return config.classWeights().weight(y, classCounts, classTotal);
    }

    /**
     * Copies the instance's non-zero coordinates into the scratch arrays, merging repeated indices, and returns
     * how many there are. Sparse input with strictly increasing indices (what {@code FeatureHasher} produces) is
     * copied as is.
     */
    private int gather(FeatureVector x) {
        switch (x) {
            case DenseVector d -> {
                float[] v = d.values();
                int count = 0;
                for (int i = 0; i < dimension; i++) {
                    if (v[i] != 0f) {
                        count++;
                    }
                }
                ensureScratch(count);
                int k = 0;
                for (int i = 0; i < dimension; i++) {
                    if (v[i] != 0f) {
                        scratchIndex[k] = i;
                        scratchValue[k] = v[i];
                        k++;
                    }
                }
                return count;
            }
            case SparseVector s -> {
                int[] idx = s.indices();
                float[] v = s.values();
                int nnz = idx.length;
                ensureScratch(nnz);
                boolean increasing = true;
                for (int k = 1; k < nnz && increasing; k++) {
                    increasing = idx[k] > idx[k - 1];
                }
                if (increasing) {
                    for (int k = 0; k < nnz; k++) {
                        scratchIndex[k] = idx[k];
                        scratchValue[k] = v[k];
                    }
                    return nnz;
                }
                // Sort (index, position) pairs, then add up the values of equal indices in their original order.
                long[] keys = scratchKeys;
                for (int k = 0; k < nnz; k++) {
                    keys[k] = ((long) idx[k] << 32) | k;
                }
                Arrays.sort(keys, 0, nnz);
                int out = -1;
                for (int k = 0; k < nnz; k++) {
                    int index = (int) (keys[k] >>> 32);
                    float value = v[(int) keys[k]];
                    if (out >= 0 && scratchIndex[out] == index) {
                        scratchValue[out] += value;
                    } else {
                        out++;
                        scratchIndex[out] = index;
                        scratchValue[out] = value;
                    }
                }
                return out + 1;
            }
        }
    }

    private void ensureScratch(int size) {
        if (scratchIndex.length < size) {
            int capacity = Math.max(size, 2 * scratchIndex.length);
            scratchIndex = new int[capacity];
            scratchValue = new double[capacity];
            scratchWeight = new double[capacity];
            scratchKeys = new long[capacity];
        }
    }

    /** Rejects input of the wrong dimension; prediction tolerates non-finite values (they propagate). */
    final void checkInput(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
    }

    /** Learning additionally rejects NaN and infinity: one bad record would otherwise poison the state. */
    final void checkTrainingInput(FeatureVector x) {
        checkInput(x);
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
    }

    @Override
    public String toString() {
        return algorithm() + "[dimension=" + dimension + ", task=" + task() + ", updates=" + updates + "]";
    }
}
