package io.tributary.learn.datasets;

import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The rotating hyperplane stream (as in MOA and River), the standard benchmark for gradual concept drift.
 *
 * <p>Features are uniform in {@code [0, 1]^d}; the label is 1 when {@code sum(w_i x_i) >= sum(w_i) / 2}, so the
 * classes are balanced whatever the weights. A fraction {@code noise} of labels is flipped. After every instance
 * the first {@code driftFeatures} weights move by {@code magnitudeOfChange} in their current direction, and each
 * direction reverses with probability {@code sigma}: the hyperplane rotates slowly, back and forth.
 *
 * <p>Random draws per instance, in order: the d features, one draw for label noise, then one direction draw per
 * drifting feature (only when {@code magnitudeOfChange > 0}).
 */
public final class Hyperplane implements DataStream {

    private final int dimension;
    private final int driftFeatures;
    private final double magnitudeOfChange;
    private final double noise;
    private final double sigma;
    private final RandomGenerator random;
    private final double[] weights;
    private final double[] directions;

    /** River's defaults: 2 drifting features, no drift magnitude, 5% label noise, sigma 0.1. */
    public Hyperplane(int dimension, long seed) {
        this(dimension, Math.min(2, dimension), 0.0, 0.05, 0.1, seed);
    }

    public Hyperplane(int dimension, int driftFeatures, double magnitudeOfChange, double noise, double sigma,
            long seed) {
        this(dimension, driftFeatures, magnitudeOfChange, noise, sigma, new SplittableRandom(seed));
    }

    /** The stream takes ownership of {@code random}: sharing it would make the stream depend on other draws. */
    public Hyperplane(int dimension, int driftFeatures, double magnitudeOfChange, double noise, double sigma,
            RandomGenerator random) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (driftFeatures < 0 || driftFeatures > dimension) {
            throw new IllegalArgumentException(
                    "driftFeatures must be in [0, " + dimension + "], got " + driftFeatures);
        }
        if (!(magnitudeOfChange >= 0) || !Double.isFinite(magnitudeOfChange)) {
            throw new IllegalArgumentException("magnitudeOfChange must be >= 0 and finite, got " + magnitudeOfChange);
        }
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be in [0, 1], got " + noise);
        }
        if (!(sigma >= 0 && sigma <= 1)) {
            throw new IllegalArgumentException("sigma must be in [0, 1], got " + sigma);
        }
        this.dimension = dimension;
        this.driftFeatures = driftFeatures;
        this.magnitudeOfChange = magnitudeOfChange;
        this.noise = noise;
        this.sigma = sigma;
        this.random = Objects.requireNonNull(random, "random");
        this.weights = new double[dimension];
        this.directions = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            weights[i] = random.nextDouble();
            directions[i] = i < driftFeatures ? 1.0 : 0.0;
        }
    }

    @Override
    public LabelledInstance next() {
        float[] x = new float[dimension];
        double dot = 0;
        double weightSum = 0;
        for (int i = 0; i < dimension; i++) {
            x[i] = random.nextFloat();
            dot += weights[i] * x[i];
            weightSum += weights[i];
        }
        int label = dot >= weightSum / 2 ? 1 : 0;
        if (random.nextDouble() < noise) {
            label = 1 - label;
        }
        if (magnitudeOfChange > 0) {
            for (int i = 0; i < driftFeatures; i++) {
                weights[i] += directions[i] * magnitudeOfChange;
                if (random.nextDouble() < sigma) {
                    directions[i] = -directions[i];
                }
            }
        }
        return new LabelledInstance(x, label);
    }

    /** A copy of the current hyperplane weights. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Task task() {
        return Task.BINARY_CLASSIFICATION;
    }

    @Override
    public int numClasses() {
        return 2;
    }
}
