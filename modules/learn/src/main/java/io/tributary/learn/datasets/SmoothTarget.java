package io.tributary.learn.datasets;

import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A smooth non-linear 5-D regression stream, the MLP's test and benchmark problem: features uniform in
 * {@code [-1, 1]^5} and
 *
 * <pre>
 *   y = sin(pi x1) + x2 x3 + cos(pi x4 x5) / 2 + x5^2 / 2 + N(0, noiseStd^2)
 * </pre>
 *
 * One period of a sine, a product, an interaction inside a cosine and a square: every coordinate matters and no
 * linear model comes close: the best linear fit explains 47 % of the variance ({@code 3 / pi^2} of the
 * {@value #VARIANCE_APPROX}, the sine's linear part). The noise-free target's variance, {@value #VARIANCE_APPROX}
 * to three digits, is {@code 1/2 + 1/9 + 0.0410} (the last term, the variance of
 * {@code cos(pi x4 x5)/2 + x5^2/2}, by numerical integration); with noise the best possible R^2 is
 * {@code VARIANCE_APPROX / (VARIANCE_APPROX + noiseStd^2)}.
 */
public final class SmoothTarget implements DataStream {

    /** Input dimension of the stream. */
    public static final int DIMENSION = 5;
    /** Variance of the noise-free target over the input distribution, to three digits. */
    public static final double VARIANCE_APPROX = 0.652;

    private final double noiseStd;
    private final RandomGenerator random;

    public SmoothTarget(double noiseStd, long seed) {
        this(noiseStd, new SplittableRandom(seed));
    }

    /** The stream takes ownership of {@code random}. */
    public SmoothTarget(double noiseStd, RandomGenerator random) {
        if (!(noiseStd >= 0) || !Double.isFinite(noiseStd)) {
            throw new IllegalArgumentException("noiseStd must be >= 0 and finite, got " + noiseStd);
        }
        this.noiseStd = noiseStd;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The noise-free target at {@code x} (the first five coordinates are used). */
    public static double f(float[] x) {
        return Math.sin(Math.PI * x[0]) + (double) x[1] * x[2] + 0.5 * Math.cos(Math.PI * x[3] * x[4])
                + 0.5 * x[4] * x[4];
    }

    @Override
    public LabelledInstance next() {
        float[] x = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        double y = f(x);
        if (noiseStd > 0) {
            y += noiseStd * random.nextGaussian();
        }
        return new LabelledInstance(x, y);
    }

    @Override
    public int dimension() {
        return DIMENSION;
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
