package io.tributary.learn.datasets;

import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A regression stream with a known answer: {@code y = w . x + b + N(0, noiseStd^2)}, features uniform in
 * {@code [-1, 1]^d}, weights and intercept drawn once, uniform in {@code [-1, 1]}.
 */
public final class LinearTarget implements DataStream {

    private final int dimension;
    private final double noiseStd;
    private final RandomGenerator random;
    private final double[] weights;
    private final double bias;

    public LinearTarget(int dimension, double noiseStd, long seed) {
        this(dimension, noiseStd, new SplittableRandom(seed));
    }

    /** The stream takes ownership of {@code random}. */
    public LinearTarget(int dimension, double noiseStd, RandomGenerator random) {
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (!(noiseStd >= 0) || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("noiseStd must be >= 0 and finite, got " + noiseStd);
        }
        this.dimension = dimension;
        this.noiseStd = noiseStd;
        this.random = Objects.requireNonNull(random, "random");
        this.weights = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            weights[i] = random.nextDouble(-1, 1);
        }
        this.bias = random.nextDouble(-1, 1);
    }

    @Override
    public LabelledInstance next() {
        float[] x = new float[dimension];
        double y = bias;
        for (int i = 0; i < dimension; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
            y += weights[i] * x[i];
        }
        if (noiseStd > 0) {
            y += noiseStd * random.nextGaussian();
        }
        return new LabelledInstance(x, y);
    }

    /** A copy of the true weights. */
    public double[] weights() {
        return weights.clone();
    }

    /** The true intercept. */
    public double bias() {
        return bias;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public int numClasses() {
        return 1;
    }
}
