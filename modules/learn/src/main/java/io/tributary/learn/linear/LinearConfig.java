package io.tributary.learn.linear;

import java.util.Objects;

/**
 * Everything that defines a linear learner apart from its learned state.
 *
 * <p>The penalty on the weights (never on the intercept) is {@code l1 * |w|_1 + (l2 / 2) * |w|_2^2}: {@code l2}
 * enters every gradient as {@code l2 * w}, and {@code l1} is applied by a proximal (soft-threshold) step after each
 * gradient step, which sets weights to exactly zero (see {@link LinearModel}). Elastic net is both at once.
 *
 * @param dimension    number of input features, {@code > 0}
 * @param numClasses   1 for regression, 2 for binary logistic regression, {@code >= 2} for softmax regression
 * @param optimizer    {@link Optimizer#SGD}, {@link Optimizer#ADAGRAD} or {@link Optimizer#ADAM}
 * @param learningRate base step size, {@code > 0}
 * @param l1           L1 penalty on the weights, {@code >= 0}
 * @param l2           L2 penalty on the weights, {@code >= 0}
 * @param schedule     how the base step size decays with the number of updates
 * @param powerT       exponent of the {@link Schedule#INVSCALING} schedule, {@code >= 0}; ignored otherwise
 * @param decaySteps   period of the {@link Schedule#STEP} schedule, {@code >= 1}; ignored otherwise
 * @param decayRate    factor of the {@link Schedule#STEP} schedule, in {@code (0, 1]}; ignored otherwise
 * @param epsilon      AdaGrad's and Adam's denominator guard, {@code > 0}; ignored by SGD
 * @param beta1        Adam's decay of the gradient mean, in {@code [0, 1)}; ignored otherwise
 * @param beta2        Adam's decay of the squared-gradient mean, in {@code [0, 1)}; ignored otherwise
 * @param classWeights per-class loss weights (classifiers only); {@link ClassWeights#uniform()} by default
 */
public record LinearConfig(
        int dimension,
        int numClasses,
        Optimizer optimizer,
        double learningRate,
        double l1,
        double l2,
        Schedule schedule,
        double powerT,
        long decaySteps,
        double decayRate,
        double epsilon,
        double beta1,
        double beta2,
        ClassWeights classWeights) {

    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAGRAD;
    public static final Schedule DEFAULT_SCHEDULE = Schedule.CONSTANT;
    /** Matches scikit-learn's default for its inverse-scaling schedule. */
    public static final double DEFAULT_POWER_T = 0.25;
    /** Small enough not to bias steps, large enough that an all-zero coordinate gives 0/eps = 0, not NaN. */
    public static final double DEFAULT_EPSILON = 1e-8;
    /** Adam's defaults, from the paper. */
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    /** Step decay defaults: halve the rate every 1000 updates. */
    public static final long DEFAULT_DECAY_STEPS = 1000;
    public static final double DEFAULT_DECAY_RATE = 0.5;

    public LinearConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(classWeights, "classWeights");
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
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new IllegalArgumentException("l1 must be >= 0 and finite, got " + l1);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0 and finite, got " + l2);
        }
        if (!(powerT >= 0) || !Double.isFinite(powerT)) {
            throw new IllegalArgumentException("power_t must be >= 0 and finite, got " + powerT);
        }
        if (decaySteps < 1) {
            throw new IllegalArgumentException("decay_steps must be >= 1, got " + decaySteps);
        }
        if (!(decayRate > 0 && decayRate <= 1)) {
            throw new IllegalArgumentException("decay_rate must be in (0, 1], got " + decayRate);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon) || (float) epsilon == 0f) {
            throw new IllegalArgumentException(
                    "epsilon must be positive, finite and representable as a float, got " + epsilon);
        }
        if (!(beta1 >= 0 && beta1 < 1) || (float) beta1 >= 1f) {
            throw new IllegalArgumentException("beta1 must be in [0, 1) (also as a float), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1) || (float) beta2 >= 1f) {
            throw new IllegalArgumentException("beta2 must be in [0, 1) (also as a float), got " + beta2);
        }
        classWeights.checkedFor(numClasses);
    }

    /**
     * The configuration of format version 1 and earlier code: no L1, no Adam, no step schedule, uniform class
     * weights; the other fields take their defaults.
     */
    public LinearConfig(int dimension, int numClasses, Optimizer optimizer, double learningRate, double l2,
            Schedule schedule, double powerT, double epsilon) {
        this(dimension, numClasses, optimizer, learningRate, 0.0, l2, schedule, powerT, DEFAULT_DECAY_STEPS,
                DEFAULT_DECAY_RATE, epsilon, DEFAULT_BETA1, DEFAULT_BETA2, ClassWeights.uniform());
    }

    /** A regression config with the defaults (AdaGrad at its default rate, no penalty, constant schedule). */
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
     * Switches optimizer and adopts that optimizer's default learning rate (the defaults differ by design);
     * call {@link #withLearningRate} afterwards to override it.
     */
    public LinearConfig withOptimizer(Optimizer optimizer) {
        return new LinearConfig(dimension, numClasses, optimizer, optimizer.defaultLearningRate(), l1, l2, schedule,
                powerT, decaySteps, decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withLearningRate(double learningRate) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withL1(double l1) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withL2(double l2) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withSchedule(Schedule schedule, double powerT) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    /** Selects the {@link Schedule#STEP} schedule: {@code lr * decayRate^floor(t / decaySteps)}. */
    public LinearConfig withStepDecay(long decaySteps, double decayRate) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, Schedule.STEP, powerT,
                decaySteps, decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withEpsilon(double epsilon) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    /** Adam's moment decays (does not switch the optimizer). */
    public LinearConfig withBetas(double beta1, double beta2) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    public LinearConfig withClassWeights(ClassWeights classWeights) {
        return new LinearConfig(dimension, numClasses, optimizer, learningRate, l1, l2, schedule, powerT, decaySteps,
                decayRate, epsilon, beta1, beta2, classWeights);
    }

    /** The learning rate for the update that follows {@code t} earlier updates. */
    public double learningRateAt(long t) {
        return schedule.rate(learningRate, powerT, decaySteps, decayRate, t);
    }
}
