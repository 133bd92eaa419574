package io.tributary.learn.datasets;

import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * K isotropic Gaussian clusters: each instance picks a class uniformly, then draws its features from
 * {@code N(centre_k, std^2 I)}. Centres are drawn once, uniform in {@code [-spread, spread]^d}.
 */
public final class GaussianBlobs implements DataStream {

    private final int dimension;
    private final int numClasses;
    private final double std;
    private final RandomGenerator random;
    private final double[][] centres;

    /** Centres in {@code [-5, 5]^d}, unit noise: well separated for a few classes in a few dimensions. */
    public GaussianBlobs(int dimension, int numClasses, long seed) {
        this(dimension, numClasses, 5.0, 1.0, new SplittableRandom(seed));
    }

    /** The stream takes ownership of {@code random}. */
    public GaussianBlobs(int dimension, int numClasses, double spread, double std, RandomGenerator random) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
        }
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread must be positive and finite, got " + spread);
        }
        if (!(std >= 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("std must be >= 0 and finite, got " + std);
        }
        this.dimension = dimension;
        this.numClasses = numClasses;
        this.std = std;
        this.random = Objects.requireNonNull(random, "random");
        this.centres = new double[numClasses][dimension];
        for (double[] centre : centres) {
            for (int i = 0; i < dimension; i++) {
                centre[i] = random.nextDouble(-spread, spread);
            }
        }
    }

    @Override
    public LabelledInstance next() {
        int k = random.nextInt(numClasses);
        double[] centre = centres[k];
        float[] x = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            x[i] = (float) (centre[i] + std * random.nextGaussian());
        }
        return new LabelledInstance(x, k);
    }

    /** A copy of class {@code k}'s centre. */
    public double[] centre(int k) {
        Objects.checkIndex(k, numClasses);
        return centres[k].clone();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Task task() {
        return Task.MULTICLASS_CLASSIFICATION;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }
}
