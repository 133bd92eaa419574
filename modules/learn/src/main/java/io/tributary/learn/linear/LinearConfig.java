package io.tributary.learn.linear;

import java.util.Objects;

/**
 * Everything that defines a linear learner apart from its learned state.
 *
 * @param dimension    number of input features, {@code > 0}
 * @param numClasses   1 for regression, 2 for binary logistic regression, {@code >= 2} for softmax regression
 * @param optimizer    {@link Optimizer#SGD} or {@link Optimizer#ADAGRAD}
 * @param learningRate base step size, {@code > 0}
 * @param l2           L2 penalty on the weights (never on the intercept), {@code >= 0}
 * @param schedule     how the base step size decays with the number of updates
 * @param powerT       exponent of the {@link Schedule#INVSCALING} schedule, {@code >= 0}; ignored otherwise
 * @param epsilon      AdaGrad's denominator guard, {@code > 0}; ignored by SGD
 */
public record LinearConfig(
        int dimension,
        int numClasses,
        Optimizer optimizer,
        double learningRate,
        double l2,
        Schedule schedule,
        double powerT,
        double epsilon) {

    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAGRAD;
    public static final Schedule DEFAULT_SCHEDULE = Schedule.CONSTANT;
    /** Matches scikit-learn's default for its inverse-scaling schedule. */
    public static final double DEFAULT_POWER_T = 0.25;
    /** Small enough not to bias steps, large enough that an all-zero coordinate gives 0/eps = 0, not NaN. */
    public static final double DEFAULT_EPSILON = 1e-8;

    public LinearConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    "numClasses must be 1 (regression) or at least 2 (classification), got " + numClasses);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate) || (float) learningRate == 0f) {
            throw new IllegalArgumentException(
                    "learning rate must be positive, finite and representable as a float, got " + learningRate);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0 and finite, got " + l2);
        }
        if (!(powerT >= 0) || !Double.isFinite(powerT)) {
            throw new IllegalArgumentException("power_t must be >= 0 and finite, got " + powerT);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon) || (float) epsilon == 0f) {
            throw new IllegalArgumentException(
                    "epsilon must be positive, finite and representable as a float, got " + epsilon);
        }
    }

    /** A regression config with the defaults (AdaGrad at its default rate, no L2, constant schedule). */
    public static LinearConfig regression(int dimension) {
        return defaults(dimension, 1);
    }

    /** A binary classification config with the defaults. */
    public static LinearConfig binary(int dimension) {
        return defaults(dimension, 2);
    }

    /** A {@code numClasses}-class config with the defaults. */
    public static LinearConfig multiclass(int dimension, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs numClasses >= 2, got " + numClasses);
        }
        return defaults(dimension, numClasses);
    }

    private static LinearConfig defaults(int dimension, int numClasses) {
        return new LinearConfig(dimension, numClasses, DEFAULT_OPTIMIZER, DEFAULT_OPTIMIZER.defaultLearningRate(),
                0.0, DEFAULT_SCHEDULE, DEFAULT_POWER_T, DEFAULT_EPSILON);
    }

    /**
     * Switches optimizer and adopts that optimizer's default learning rate (the two defaults differ by design);
     * call {@link #withLearningRate} afterwards to override it.
     */
    public LinearConfig withOptimizer(Optimizer optimizer) {
        return new LinearConfig(dimension, numClasses, optimizer, optimizer.defaultLearningRate(), l2, schedule,
                powerT, epsilon);
    }

    public LinearConfig withLearningRate(double learningRate) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l2, schedule, powerT, epsilon);
    }

    public LinearConfig withL2(double l2) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l2, schedule, powerT, epsilon);
    }

    public LinearConfig withSchedule(Schedule schedule, double powerT) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l2, schedule, powerT, epsilon);
    }

    public LinearConfig withEpsilon(double epsilon) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l2, schedule, powerT, epsilon);
    }

    /** The learning rate for the update that follows {@code t} earlier updates. */
    public double learningRateAt(long t) {
        return schedule.rate(learningRate, powerT, t);
    }
}
