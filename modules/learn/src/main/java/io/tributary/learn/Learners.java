package io.tributary.learn;

import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.simd.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds learners from a {@link LearnerSpec}, the form in which configs and control messages name them.
 *
 * <table>
 *   <caption>Algorithms</caption>
 *   <tr><th>algorithm</th><th>task</th><th>builds</th></tr>
 *   <tr><td>{@code linear_regression}</td><td>REGRESSION</td><td>{@link LinearRegression}</td></tr>
 *   <tr><td>{@code logistic_regression}</td><td>BINARY_CLASSIFICATION</td><td>{@link LogisticRegression}</td></tr>
 *   <tr><td>{@code logistic_regression}</td><td>MULTICLASS_CLASSIFICATION</td><td>{@link SoftmaxRegression}</td></tr>
 *   <tr><td>{@code softmax_regression}</td><td>MULTICLASS_CLASSIFICATION</td><td>{@link SoftmaxRegression}</td></tr>
 * </table>
 *
 * <p>Every algorithm takes the hyper-parameters named by the constants below. Anything else (an unknown key,
 * a value of the wrong type or out of range, a task the algorithm cannot do) is an
 * {@link IllegalArgumentException} that names the offending key and what is allowed.
 */
public final class Learners {

    /** Optimizer: {@code sgd} or {@code adagrad} (default {@code adagrad}). */
    public static final String OPTIMIZER = "optimizer";
    /** Base learning rate, {@code > 0}; default 0.05 for AdaGrad, 0.01 for SGD. */
    public static final String LEARNING_RATE = "learning_rate";
    /** L2 penalty on the weights (not the intercept), {@code >= 0}; default 0. */
    public static final String L2 = "l2";
    /** Learning-rate schedule: {@code constant} (default) or {@code invscaling} ({@code lr / (t+1)^power_t}). */
    public static final String SCHEDULE = "schedule";
    /** Exponent of the {@code invscaling} schedule, {@code >= 0}; default 0.25; only allowed with invscaling. */
    public static final String POWER_T = "power_t";
    /** AdaGrad's denominator guard, {@code > 0}; default 1e-8; only allowed with adagrad. */
    public static final String EPSILON = "epsilon";

    private static final List<String> ALGORITHMS =
            List.of(LinearRegression.ALGORITHM, LogisticRegression.ALGORITHM, SoftmaxRegression.ALGORITHM);
    private static final List<String> HYPERPARAMETERS =
            List.of(OPTIMIZER, LEARNING_RATE, L2, SCHEDULE, POWER_T, EPSILON);

    private Learners() {
    }

    /** The algorithm names {@link #create} understands. */
    public static List<String> algorithms() {
        return ALGORITHMS;
    }

    /** The hyper-parameter keys the linear algorithms accept. */
    public static List<String> hyperparameters() {
        return HYPERPARAMETERS;
    }

    /** Builds the learner with {@link Kernels#preferred()}. */
    public static OnlineLearner create(LearnerSpec spec) {
        return create(spec, Kernels.preferred());
    }

    public static OnlineLearner create(LearnerSpec spec, Kernels kernels) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(kernels, "kernels");
        String algorithm = normalise(spec.algorithm());
        Task task = spec.task();
        return switch (algorithm) {
            case LinearRegression.ALGORITHM -> {
                requireTask(algorithm, task, Task.REGRESSION);
                yield new LinearRegression(config(spec), kernels);
            }
            case LogisticRegression.ALGORITHM -> {
                requireTask(algorithm, task, Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION);
                // Multiclass logistic regression is the multinomial (softmax) model, not one-vs-rest.
                yield task == Task.BINARY_CLASSIFICATION
                        ? new LogisticRegression(config(spec), kernels)
                        : new SoftmaxRegression(config(spec), kernels);
            }
            case SoftmaxRegression.ALGORITHM -> {
                requireTask(algorithm, task, Task.MULTICLASS_CLASSIFICATION);
                yield new SoftmaxRegression(config(spec), kernels);
            }
            default -> throw new IllegalArgumentException(
                    "unknown algorithm '" + algorithm + "'; allowed: " + String.join(", ", ALGORITHMS));
        };
    }

    private static void requireTask(String algorithm, Task task, Task... allowed) {
        for (Task t : allowed) {
            if (t == task) {
                return;
            }
        }
        throw new IllegalArgumentException("algorithm " + algorithm + " cannot do task " + task + "; allowed: "
                + String.join(", ", Arrays.stream(allowed).map(Task::name).toList()));
    }

    /** Translates the hyper-parameter map into a {@link LinearConfig}, checking every key and value. */
    private static LinearConfig config(LearnerSpec spec) {
        Map<String, ?> hp = spec.hyperparameters();
        for (String key : hp.keySet()) {
            if (!HYPERPARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for " + spec.algorithm()
                        + "; allowed: " + String.join(", ", HYPERPARAMETERS));
            }
        }
        Optimizer optimizer = hp.containsKey(OPTIMIZER)
                ? choice(OPTIMIZER, hp.get(OPTIMIZER), Optimizer.allowedNames(), Optimizer::fromConfigName)
                : LinearConfig.DEFAULT_OPTIMIZER;
        Schedule schedule = hp.containsKey(SCHEDULE)
                ? choice(SCHEDULE, hp.get(SCHEDULE), Schedule.allowedNames(), Schedule::fromConfigName)
                : LinearConfig.DEFAULT_SCHEDULE;
        if (hp.containsKey(POWER_T) && schedule != Schedule.INVSCALING) {
            throw new IllegalArgumentException("hyper-parameter '" + POWER_T + "' only applies with "
                    + SCHEDULE + "=" + Schedule.INVSCALING.configName() + ", but " + SCHEDULE + " is "
                    + schedule.configName());
        }
        if (hp.containsKey(EPSILON) && optimizer != Optimizer.ADAGRAD) {
            throw new IllegalArgumentException("hyper-parameter '" + EPSILON + "' only applies with "
                    + OPTIMIZER + "=" + Optimizer.ADAGRAD.configName() + ", but " + OPTIMIZER + " is "
                    + optimizer.configName());
        }
        double learningRate = number(hp, LEARNING_RATE, optimizer.defaultLearningRate(), false);
        double l2 = number(hp, L2, 0.0, true);
        double powerT = number(hp, POWER_T, LinearConfig.DEFAULT_POWER_T, true);
        double epsilon = number(hp, EPSILON, LinearConfig.DEFAULT_EPSILON, false);
        return new LinearConfig(spec.dimension(), spec.effectiveNumClasses(), optimizer, learningRate, l2, schedule,
                powerT, epsilon);
    }

    private static <E extends Enum<E>> E choice(
            String key, Object value, String allowed, Function<String, E> parse) {
        if (!(value instanceof CharSequence text)) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a string (one of " + allowed
                    + "), got " + describe(value));
        }
        try {
            return parse.apply(text.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be one of " + allowed
                    + ", got '" + text + "'", e);
        }
    }

    /** A finite number, {@code >= 0} when {@code zeroAllowed} and {@code > 0} otherwise. */
    private static double number(Map<String, ?> hp, String key, double fallback, boolean zeroAllowed) {
        Object value = hp.get(key);
        if (value == null) {
            return fallback;
        }
        double v;
        if (value instanceof Number n) {
            v = n.doubleValue();
        } else if (value instanceof CharSequence text) {
            try {
                v = Double.parseDouble(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "hyper-parameter '" + key + "' must be a number, got '" + text + "'", e);
            }
        } else {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + key + "' must be a number, got " + describe(value));
        }
        boolean ok = Double.isFinite(v) && (zeroAllowed ? v >= 0 : v > 0) && (v == 0 || (float) v != 0f);
        if (!ok) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a finite number "
                    + (zeroAllowed ? ">= 0" : "> 0") + (zeroAllowed ? "" : " (and not below float range)")
                    + ", got " + value);
        }
        return v;
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " " + value;
    }

    /**
     * A learner behind a chain of transforms: a {@link io.tributary.learn.transform.Pipeline} whose input dimension is
     * {@code spec.dimension()}, its learner built from {@code spec} for the last transform's output dimension. With
     * no transforms this is {@link #create(LearnerSpec)}. See {@link io.tributary.learn.transform.Pipelines}.
     */
    public static OnlineLearner create(LearnerSpec spec, List<io.tributary.learn.transform.TransformSpec> transforms) {
        Objects.requireNonNull(transforms, "transforms");
        return transforms.isEmpty() ? create(spec)
                : io.tributary.learn.transform.Pipelines.create(transforms, spec);
    }

    /** Algorithm names are matched case-insensitively and trimmed, as they often come from hand-written configs. */
    static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
