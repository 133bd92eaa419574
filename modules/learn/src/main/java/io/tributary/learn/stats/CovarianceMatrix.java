package io.tributary.learn.stats;

import io.tributary.learn.DenseVector;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.SparseVector;
import java.util.Objects;

/**
 * Running means, covariance and correlation matrices of {@code d} features, by the online co-moment update (the
 * multivariate form of {@link Welford}), mergeable across partitions.
 *
 * <p>For an instance {@code x} of weight {@code w}: {@code W += w; d_i = x_i - mean_i; mean_i += d_i * w / W;
 * C_ij += w * d_i * (x_j - mean_j)} (the new mean on the right). {@code C} is the co-moment matrix
 * {@code sum(w (x - mean)(x - mean)^T)}; its diagonal is each feature's {@link Welford#m2()}. Merging {@code a} and
 * {@code b} adds {@code C_a + C_b + delta delta^T * Wa * Wb / W} with {@code delta = mean_b - mean_a}. Like
 * {@link Welford}, this never forms sums of raw products and so keeps its accuracy when the means are large
 * compared with the spreads.
 *
 * <p>Each update costs O(d^2) (the upper triangle), whatever the input's sparsity: a sparse vector's absent
 * coordinates are zeros, which still move the means. Weights are frequency weights, as in {@link Welford}. Values
 * and weights must be finite.
 *
 * <p>Not thread-safe.
 */
public final class CovarianceMatrix {

    private final int dimension;
    private final double[] mean;
    /** Upper triangle (i <= j) of the co-moment matrix, row-major in a full d x d array; the lower half is unused. */
    private final double[] comoment;
    private final double[] delta;
    private long count;
    private double weight;

    public CovarianceMatrix(int dimension) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.comoment = new double[dimension * dimension];
        this.delta = new double[dimension];
    }

    public int dimension() {
        return dimension;
    }

    /** Number of instances added (with a positive weight), merged summaries included. */
    public long count() {
        return count;
    }

    /** Sum of the weights. */
    public double weight() {
        return weight;
    }

    public void add(double[] x) {
        add(x, 1.0);
    }

    /** Adds instance {@code x} with weight {@code w >= 0}; a zero weight changes nothing. */
    public void add(double[] x, double w) {
        Objects.requireNonNull(x, "x");
        if (x.length != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.length);
        }
        if (!(w >= 0) || !Double.isFinite(w)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + w);
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("values must be finite, got " + v);
            }
        }
        if (w == 0) {
            return;
        }
        count++;
        weight += w;
        double f = w / weight;
        for (int i = 0; i < dimension; i++) {
            delta[i] = x[i] - mean[i];
            mean[i] += delta[i] * f;
        }
        for (int i = 0; i < dimension; i++) {
            double wdi = w * delta[i];
            int row = i * dimension;
            for (int j = i; j < dimension; j++) {
                comoment[row + j] += wdi * (x[j] - mean[j]);
            }
        }
    }

    /** Adds a feature vector (sparse: absent coordinates are 0) with weight 1. */
    public void add(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        double[] values = new double[x.dimension()];
        switch (x) {
            case DenseVector d -> {
                float[] v = d.values();
                for (int i = 0; i < v.length; i++) {
                    values[i] = v[i];
                }
            }
            case SparseVector s -> {
                for (int k = 0; k < s.indices().length; k++) {
                    values[s.indices()[k]] += s.values()[k];
                }
            }
        }
        add(values, 1.0);
    }

    /** Folds {@code other}'s instances into this summary (Chan et al.); {@code other} is unchanged. */
    public void merge(CovarianceMatrix other) {
        Objects.requireNonNull(other, "other");
        if (other.dimension != dimension) {
            throw new IllegalArgumentException(
                    "cannot merge dimension " + other.dimension + " into dimension " + dimension);
        }
        if (other.weight == 0) {
            return;
        }
        if (weight == 0) {
            System.arraycopy(other.mean, 0, mean, 0, dimension);
            System.arraycopy(other.comoment, 0, comoment, 0, comoment.length);
            count = other.count;
            weight = other.weight;
            return;
        }
        double total = weight + other.weight;
        double f = other.weight / total;
        double g = weight * f;
        for (int i = 0; i < dimension; i++) {
            delta[i] = other.mean[i] - mean[i];
        }
        for (int i = 0; i < dimension; i++) {
            int row = i * dimension;
            for (int j = i; j < dimension; j++) {
                comoment[row + j] += other.comoment[row + j] + delta[i] * delta[j] * g;
            }
        }
        for (int i = 0; i < dimension; i++) {
            mean[i] += delta[i] * f;
        }
        weight = total;
        count += other.count;
    }

    /** Feature {@code i}'s mean; NaN when empty. */
    public double mean(int i) {
        Objects.checkIndex(i, dimension);
        return weight == 0 ? Double.NaN : mean[i];
    }

    /** A copy of the means; NaNs when empty. */
    public double[] means() {
        double[] out = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = mean(i);
        }
        return out;
    }

    /** The co-moment {@code sum(w (x_i - mean_i)(x_j - mean_j))}. */
    public double comoment(int i, int j) {
        Objects.checkIndex(i, dimension);
        Objects.checkIndex(j, dimension);
        return i <= j ? comoment[i * dimension + j] : comoment[j * dimension + i];
    }

    /** Population covariance {@code C_ij / W}; NaN when empty. */
    public double covariance(int i, int j) {
        return weight == 0 ? Double.NaN : comoment(i, j) / weight;
    }

    /** Sample covariance {@code C_ij / (W - 1)}; NaN while {@code W <= 1}. */
    public double sampleCovariance(int i, int j) {
        return weight <= 1 ? Double.NaN : comoment(i, j) / (weight - 1);
    }

    /**
     * Pearson correlation {@code C_ij / sqrt(C_ii C_jj)} (the normaliser cancels, so population and sample agree),
     * clamped to {@code [-1, 1]}; NaN when either feature has had no spread so far.
     */
    public double correlation(int i, int j) {
        double cii = comoment(i, i);
        double cjj = comoment(j, j);
        if (!(cii > 0) || !(cjj > 0)) {
            return Double.NaN;
        }
        if (i == j) {
            return 1.0;
        }
        double r = comoment(i, j) / Math.sqrt(cii * cjj);
        return Math.max(-1.0, Math.min(1.0, r));
    }

    /** The population covariance matrix (a fresh array). */
    public double[][] covarianceMatrix() {
        double[][] out = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                out[i][j] = covariance(i, j);
            }
        }
        return out;
    }

    /** The sample covariance matrix (a fresh array). */
    public double[][] sampleCovarianceMatrix() {
        double[][] out = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                out[i][j] = sampleCovariance(i, j);
            }
        }
        return out;
    }

    /** The correlation matrix (a fresh array). */
    public double[][] correlationMatrix() {
        double[][] out = new double[dimension][dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                out[i][j] = correlation(i, j);
            }
        }
        return out;
    }
}
