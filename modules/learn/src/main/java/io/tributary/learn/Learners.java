package io.tributary.learn;

import io.tributary.learn.forecast.DLinear;
import io.tributary.learn.forecast.ForecasterRegressor;
import io.tributary.learn.forecast.LagMlp;
import io.tributary.learn.forecast.NLinear;
import io.tributary.learn.forecast.SeasonalNaive;
import io.tributary.learn.forecast.WindowConfig;
import io.tributary.learn.ftrl.FtrlClassifier;
import io.tributary.learn.ftrl.FtrlConfig;
import io.tributary.learn.ftrl.FtrlRegressor;
import io.tributary.learn.linear.ClassWeights;
import io.tributary.learn.linear.LinearConfig;
import io.tributary.learn.linear.LinearRegression;
import io.tributary.learn.linear.LogisticRegression;
import io.tributary.learn.linear.Optimizer;
import io.tributary.learn.linear.Schedule;
import io.tributary.learn.linear.SoftmaxRegression;
import io.tributary.learn.neural.Activation;
import io.tributary.learn.neural.MlpClassifier;
import io.tributary.learn.neural.MlpConfig;
import io.tributary.learn.neural.MlpRegressor;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.spi.LearnerProvider;
import io.tributary.learn.spi.LearnerProviders;
import java.util.ArrayList;
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
 *   <tr><td>{@code ftrl}</td><td>BINARY_CLASSIFICATION</td><td>{@link FtrlClassifier}</td></tr>
 *   <tr><td>{@code ftrl}</td><td>REGRESSION</td><td>{@link FtrlRegressor}</td></tr>
 *   <tr><td>{@code mlp}</td><td>REGRESSION</td><td>{@link MlpRegressor}</td></tr>
 *   <tr><td>{@code mlp}</td><td>BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION</td><td>{@link MlpClassifier}</td></tr>
 *   <tr><td>{@code nlinear}, {@code dlinear}, {@code lag_mlp}, {@code seasonal_naive}</td><td>REGRESSION
 *       (dimension 1)</td><td>{@link ForecasterRegressor} around {@link NLinear}, {@link DLinear}, {@link LagMlp},
 *       {@link SeasonalNaive}</td></tr>
 * </table>
 *
 * <p>The linear algorithms take the hyper-parameters of {@link #hyperparameters()}, {@code ftrl} and {@code mlp}
 * those of {@link #hyperparameters(String)}; all are named by the constants below. Anything else (an unknown key,
 * a value of the wrong type or out of range, a task the algorithm cannot do) is an
 * {@link IllegalArgumentException} that names the offending key and what is allowed.
 *
 * <p>Algorithms that are not built in come from {@link LearnerProvider}s found on the class path (for example
 * {@code tribuo} from {@code tributary-tribuo}); they are consulted after the built-ins, with the spec's algorithm
 * name lower-cased and trimmed.
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
    /** AdaGrad's and Adam's denominator guard, {@code > 0}; default 1e-8; only allowed with adagrad or adam. */
    public static final String EPSILON = "epsilon";
    /** L1 penalty on the weights (not the intercept), {@code >= 0}; default 0. Elastic net: give both l1 and l2. */
    public static final String L1 = "l1";
    /** Adam's decay of the gradient mean, in {@code [0, 1)}; default 0.9; only allowed with adam. */
    public static final String BETA1 = "beta1";
    /** Adam's decay of the squared-gradient mean, in {@code [0, 1)}; default 0.999; only allowed with adam. */
    public static final String BETA2 = "beta2";
    /** Period of the {@code step} schedule, an integer {@code >= 1}; default 1000; only allowed with step. */
    public static final String DECAY_STEPS = "decay_steps";
    /** Factor of the {@code step} schedule, in {@code (0, 1]}; default 0.5; only allowed with step. */
    public static final String DECAY_RATE = "decay_rate";
    /**
     * Classifiers only: {@code "balanced"}, a list of one weight per class, or a map from class index (an integer
     * or a string holding one) to weight, absent classes weighing 1. Weights are finite and {@code > 0}.
     */
    public static final String CLASS_WEIGHTS = "class_weights";
    /** FTRL's learning-rate scale, {@code > 0}; default 0.05. */
    public static final String ALPHA = "alpha";
    /** FTRL's learning-rate smoothing, {@code >= 0}; default 1. */
    public static final String BETA = "beta";
    /**
     * MLP: the hidden layers' widths, a non-empty list of integers in {@code [1, 65536]} (e.g. {@code [64, 64, 64]},
     * the default) or a string of them separated by commas ({@code "64, 64, 64"}, brackets optional).
     */
    public static final String HIDDEN_LAYERS = "hidden_layers";
    /** MLP: the hidden layers' non-linearity, {@code silu} (default), {@code relu} or {@code tanh}. */
    public static final String ACTIVATION = "activation";
    /**
     * MLP: AdamW's decoupled weight decay, {@code >= 0} (default 0.01, PyTorch's), with
     * {@code learning_rate * weight_decay < 1}; biases are not decayed. The MLP also takes {@link #LEARNING_RATE}
     * ({@code > 0}, default 0.001), {@link #BETA1}, {@link #BETA2} (defaults 0.9, 0.999) and {@link #EPSILON}
     * (default 1e-8).
     */
    public static final String WEIGHT_DECAY = "weight_decay";
    /** MLP: instances per optimiser step, an integer in {@code [1, 65536]}; default 32; 1 is pure online learning. */
    public static final String BATCH_SIZE = "batch_size";
    /** MLP: seeds the weight initialisation, any integer; default 42. */
    public static final String SEED = "seed";
    /**
     * MLP: measure the hidden layers' dimensionality every this many optimiser steps, an integer {@code >= 0};
     * default 0 (off). See {@link io.tributary.learn.neural.DimensionalityTracker}.
     */
    public static final String TRACK_EVERY = "track_every";

    /**
     * Forecasters: points a forecast reads, an integer in {@code [1, 65536]}; default 24. Not for
     * {@code seasonal_naive}, whose window is its {@link #PERIOD}.
     */
    public static final String INPUT_SIZE = "input_size";
    /** Forecasters: points a forecast covers, an integer in {@code [1, 4096]}; default 1. */
    public static final String HORIZON = "horizon";
    /** {@code dlinear}: the moving-average kernel, an integer in {@code [1, 65536]}; default 25 (the paper's). */
    public static final String KERNEL = "kernel";
    /** {@code seasonal_naive}: the season's length in points, an integer in {@code [1, 65536]}; default 12. */
    public static final String PERIOD = "period";
    /**
     * {@code lag_mlp}: the hidden layers' widths, a list of integers in {@code [1, 65536]} or a string of them
     * separated by commas, or one integer; default {@code [32]}.
     */
    public static final String HIDDEN = "hidden";
    /**
     * {@code nlinear}, {@code dlinear}, {@code lag_mlp}: earlier (window, future) pairs trained on again with each new
     * point, an integer in {@code [0, 1024]}; default 0. See {@link WindowConfig#replay()}.
     */
    public static final String REPLAY = "replay";

    private static final List<String> ALGORITHMS = List.of(LinearRegression.ALGORITHM, LogisticRegression.ALGORITHM,
            SoftmaxRegression.ALGORITHM, FtrlClassifier.ALGORITHM, MlpRegressor.ALGORITHM, NLinear.ALGORITHM,
            DLinear.ALGORITHM, LagMlp.ALGORITHM, SeasonalNaive.ALGORITHM);
    private static final List<String> HYPERPARAMETERS = List.of(OPTIMIZER, LEARNING_RATE, L2, SCHEDULE, POWER_T,
            EPSILON, L1, BETA1, BETA2, DECAY_STEPS, DECAY_RATE, CLASS_WEIGHTS);
    private static final List<String> FTRL_HYPERPARAMETERS = List.of(ALPHA, BETA, L1, L2, CLASS_WEIGHTS);
    private static final List<String> MLP_HYPERPARAMETERS = List.of(HIDDEN_LAYERS, ACTIVATION, LEARNING_RATE,
            WEIGHT_DECAY, BETA1, BETA2, EPSILON, BATCH_SIZE, SEED, TRACK_EVERY);
    private static final List<String> NLINEAR_HYPERPARAMETERS = List.of(INPUT_SIZE, HORIZON, LEARNING_RATE, REPLAY);
    private static final List<String> DLINEAR_HYPERPARAMETERS = List.of(INPUT_SIZE, HORIZON, KERNEL, LEARNING_RATE,
            REPLAY);
    private static final List<String> LAG_MLP_HYPERPARAMETERS = List.of(INPUT_SIZE, HORIZON, HIDDEN, LEARNING_RATE,
            REPLAY, SEED);
    private static final List<String> SEASONAL_NAIVE_HYPERPARAMETERS = List.of(PERIOD, HORIZON);

    private Learners() {
    }

    /**
     * The algorithm names {@link #create} understands: the built-in ones, then those of the installed
     * {@link LearnerProvider}s.
     */
    public static List<String> algorithms() {
        List<String> all = new ArrayList<>(ALGORITHMS);
        all.addAll(LearnerProviders.installed().algorithms());
        return List.copyOf(all);
    }

    /** The algorithm names built into this module (no provider needed). */
    public static List<String> builtInAlgorithms() {
        return ALGORITHMS;
    }

    /** The hyper-parameter keys the linear algorithms accept. */
    public static List<String> hyperparameters() {
        return HYPERPARAMETERS;
    }

    /** The hyper-parameter keys {@code algorithm} accepts. */
    public static List<String> hyperparameters(String algorithm) {
        String name = normalise(Objects.requireNonNull(algorithm, "algorithm"));
        if (name.equals(FtrlClassifier.ALGORITHM)) {
            return FTRL_HYPERPARAMETERS;
        }
        if (name.equals(MlpRegressor.ALGORITHM)) {
            return MLP_HYPERPARAMETERS;
        }
        List<String> forecaster = forecasterHyperparameters(name);
        if (forecaster != null) {
            return forecaster;
        }
        if (ALGORITHMS.contains(name)) {
            return HYPERPARAMETERS;
        }
        return provider(name).hyperparameters(name);
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
            case FtrlClassifier.ALGORITHM -> {
                requireTask(algorithm, task, Task.BINARY_CLASSIFICATION, Task.REGRESSION);
                // FTRL's per-coordinate sparse updates do not go through the dense kernels.
                yield task == Task.BINARY_CLASSIFICATION
                        ? new FtrlClassifier(ftrlConfig(spec))
                        : new FtrlRegressor(ftrlConfig(spec));
            }
            case MlpRegressor.ALGORITHM -> {
                // Every task: the output head follows it (identity, sigmoid or softmax).
                MlpConfig config = mlpConfig(spec);
                yield task == Task.REGRESSION ? new MlpRegressor(config, kernels) : new MlpClassifier(config, kernels);
            }
            case NLinear.ALGORITHM, DLinear.ALGORITHM, LagMlp.ALGORITHM, SeasonalNaive.ALGORITHM ->
                    forecaster(spec, algorithm, kernels);
            default -> provider(algorithm).create(
                    new LearnerSpec(algorithm, task, spec.dimension(), spec.numClasses(), spec.hyperparameters()));
        };
    }

    private static List<String> forecasterHyperparameters(String algorithm) {
        return switch (algorithm) {
            case NLinear.ALGORITHM -> NLINEAR_HYPERPARAMETERS;
            case DLinear.ALGORITHM -> DLINEAR_HYPERPARAMETERS;
            case LagMlp.ALGORITHM -> LAG_MLP_HYPERPARAMETERS;
            case SeasonalNaive.ALGORITHM -> SEASONAL_NAIVE_HYPERPARAMETERS;
            default -> null;
        };
    }

    /**
     * A forecaster behind a {@link ForecasterRegressor}: task REGRESSION, dimension 1 (the event's target is the
     * series' next point; see the adapter's contract), its hyper-parameters checked.
     */
    private static ForecasterRegressor forecaster(LearnerSpec spec, String algorithm, Kernels kernels) {
        requireTask(algorithm, spec.task(), Task.REGRESSION);
        if (spec.dimension() != 1) {
            throw new IllegalArgumentException("algorithm " + algorithm + " needs dimension 1 (the series' next point"
                    + " arrives as the target; the forecaster keeps its own window), got " + spec.dimension());
        }
        Map<String, ?> hp = spec.hyperparameters();
        List<String> allowed = forecasterHyperparameters(algorithm);
        for (String key : hp.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for " + algorithm
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
        int horizon = boundedInteger(hp, HORIZON, WindowConfig.DEFAULT_HORIZON, 1, WindowConfig.MAX_HORIZON);
        if (algorithm.equals(SeasonalNaive.ALGORITHM)) {
            int period = boundedInteger(hp, PERIOD, SeasonalNaive.DEFAULT_PERIOD, 1, SeasonalNaive.MAX_PERIOD);
            return new ForecasterRegressor(new SeasonalNaive(period, horizon));
        }
        int inputSize = boundedInteger(hp, INPUT_SIZE, WindowConfig.DEFAULT_INPUT_SIZE, 1,
                WindowConfig.MAX_INPUT_SIZE);
        int replay = boundedInteger(hp, REPLAY, WindowConfig.DEFAULT_REPLAY, 0, WindowConfig.MAX_REPLAY);
        double defaultRate = switch (algorithm) {
            case NLinear.ALGORITHM -> NLinear.DEFAULT_LEARNING_RATE;
            case DLinear.ALGORITHM -> DLinear.DEFAULT_LEARNING_RATE;
            default -> LagMlp.DEFAULT_LEARNING_RATE;
        };
        double learningRate = number(hp, LEARNING_RATE, defaultRate, false);
        WindowConfig config = new WindowConfig(inputSize, horizon, learningRate, replay);
        return new ForecasterRegressor(switch (algorithm) {
            case NLinear.ALGORITHM -> new NLinear(config, kernels);
            case DLinear.ALGORITHM -> new DLinear(config,
                    boundedInteger(hp, KERNEL, DLinear.DEFAULT_KERNEL, 1, DLinear.MAX_KERNEL), kernels);
            default -> {
                List<Integer> hidden = hp.containsKey(HIDDEN) ? widths(HIDDEN, hp.get(HIDDEN)) : LagMlp.DEFAULT_HIDDEN;
                long seed = hp.containsKey(SEED) ? integer(SEED, hp.get(SEED)) : LagMlp.DEFAULT_SEED;
                long parameters = LagMlp.parameterCount(config, hidden);
                if (parameters > MlpConfig.MAX_PARAMETERS) {
                    throw new IllegalArgumentException("hyper-parameters '" + INPUT_SIZE + "', '" + HIDDEN + "' and '"
                            + HORIZON + "' give a network of " + parameters + " parameters, more than the "
                            + MlpConfig.MAX_PARAMETERS + " allowed");
                }
                yield new LagMlp(config, hidden, seed, kernels);
            }
        });
    }

    /** An integer in {@code [min, max]}, given as an integral number or a string holding one. */
    private static int boundedInteger(Map<String, ?> hp, String key, int fallback, int min, int max) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        long v = integer(key, hp.get(key));
        if (v < min || v > max) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be an integer in [" + min + ", "
                    + max + "], got " + hp.get(key));
        }
        return (int) v;
    }

    /** The provider of a non-built-in algorithm, or the error that lists every algorithm there is. */
    private static LearnerProvider provider(String algorithm) {
        return LearnerProviders.installed().forAlgorithm(algorithm).orElseThrow(() -> new IllegalArgumentException(
                "unknown algorithm '" + algorithm + "'; allowed: " + String.join(", ", algorithms())));
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
        if (hp.containsKey(EPSILON) && optimizer == Optimizer.SGD) {
            throw new IllegalArgumentException("hyper-parameter '" + EPSILON + "' only applies with "
                    + OPTIMIZER + "=" + Optimizer.ADAGRAD.configName() + " or " + Optimizer.ADAM.configName()
                    + ", but " + OPTIMIZER + " is " + optimizer.configName());
        }
        for (String key : List.of(BETA1, BETA2)) {
            if (hp.containsKey(key) && optimizer != Optimizer.ADAM) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "' only applies with "
                        + OPTIMIZER + "=" + Optimizer.ADAM.configName() + ", but " + OPTIMIZER + " is "
                        + optimizer.configName());
            }
        }
        for (String key : List.of(DECAY_STEPS, DECAY_RATE)) {
            if (hp.containsKey(key) && schedule != Schedule.STEP) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "' only applies with "
                        + SCHEDULE + "=" + Schedule.STEP.configName() + ", but " + SCHEDULE + " is "
                        + schedule.configName());
            }
        }
        double learningRate = number(hp, LEARNING_RATE, optimizer.defaultLearningRate(), false);
        double l1 = number(hp, L1, 0.0, true);
        double l2 = number(hp, L2, 0.0, true);
        double powerT = number(hp, POWER_T, LinearConfig.DEFAULT_POWER_T, true);
        double epsilon = number(hp, EPSILON, LinearConfig.DEFAULT_EPSILON, false);
        double beta1 = unitInterval(hp, BETA1, LinearConfig.DEFAULT_BETA1);
        double beta2 = unitInterval(hp, BETA2, LinearConfig.DEFAULT_BETA2);
        long decaySteps = positiveInteger(hp, DECAY_STEPS, LinearConfig.DEFAULT_DECAY_STEPS);
        double decayRate = number(hp, DECAY_RATE, LinearConfig.DEFAULT_DECAY_RATE, false);
        if (decayRate > 1) {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + DECAY_RATE + "' must be in (0, 1], got " + hp.get(DECAY_RATE));
        }
        ClassWeights classWeights = classWeights(spec);
        return new LinearConfig(spec.dimension(), spec.effectiveNumClasses(), optimizer, learningRate, l1, l2,
                schedule, powerT, decaySteps, decayRate, epsilon, beta1, beta2, classWeights);
    }

    /** Translates the hyper-parameter map into an {@link FtrlConfig}, checking every key and value. */
    private static FtrlConfig ftrlConfig(LearnerSpec spec) {
        Map<String, ?> hp = spec.hyperparameters();
        for (String key : hp.keySet()) {
            if (!FTRL_HYPERPARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for " + spec.algorithm()
                        + "; allowed: " + String.join(", ", FTRL_HYPERPARAMETERS));
            }
        }
        return new FtrlConfig(spec.dimension(), spec.effectiveNumClasses(),
                number(hp, ALPHA, FtrlConfig.DEFAULT_ALPHA, false),
                number(hp, BETA, FtrlConfig.DEFAULT_BETA, true),
                number(hp, L1, FtrlConfig.DEFAULT_L1, true),
                number(hp, L2, FtrlConfig.DEFAULT_L2, true),
                classWeights(spec));
    }

    /** Translates the hyper-parameter map into an {@link MlpConfig}, checking every key and value. */
    private static MlpConfig mlpConfig(LearnerSpec spec) {
        Map<String, ?> hp = spec.hyperparameters();
        for (String key : hp.keySet()) {
            if (!MLP_HYPERPARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for " + spec.algorithm()
                        + "; allowed: " + String.join(", ", MLP_HYPERPARAMETERS));
            }
        }
        List<Integer> hidden = hp.containsKey(HIDDEN_LAYERS) ? widths(HIDDEN_LAYERS, hp.get(HIDDEN_LAYERS))
                : MlpConfig.DEFAULT_HIDDEN_LAYERS;
        Activation activation = hp.containsKey(ACTIVATION)
                ? choice(ACTIVATION, hp.get(ACTIVATION), Activation.allowedNames(), Activation::fromConfigName)
                : MlpConfig.DEFAULT_ACTIVATION;
        double learningRate = number(hp, LEARNING_RATE, MlpConfig.DEFAULT_LEARNING_RATE, false);
        double weightDecay = number(hp, WEIGHT_DECAY, MlpConfig.DEFAULT_WEIGHT_DECAY, true);
        if (!((float) (1 - learningRate * weightDecay) > 0f)) {
            throw new IllegalArgumentException("hyper-parameters '" + LEARNING_RATE + "' * '" + WEIGHT_DECAY
                    + "' must be below 1 (each step multiplies the weights by 1 - lr * wd), got " + learningRate
                    + " * " + weightDecay);
        }
        double beta1 = unitInterval(hp, BETA1, MlpConfig.DEFAULT_BETA1);
        double beta2 = unitInterval(hp, BETA2, MlpConfig.DEFAULT_BETA2);
        double epsilon = number(hp, EPSILON, MlpConfig.DEFAULT_EPSILON, false);
        long batchSize = positiveInteger(hp, BATCH_SIZE, MlpConfig.DEFAULT_BATCH_SIZE);
        if (batchSize > MlpConfig.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("hyper-parameter '" + BATCH_SIZE + "' must be at most "
                    + MlpConfig.MAX_BATCH_SIZE + ", got " + hp.get(BATCH_SIZE));
        }
        long seed = hp.containsKey(SEED) ? integer(SEED, hp.get(SEED)) : MlpConfig.DEFAULT_SEED;
        long trackEvery = hp.containsKey(TRACK_EVERY) ? integer(TRACK_EVERY, hp.get(TRACK_EVERY))
                : MlpConfig.DEFAULT_TRACK_EVERY;
        if (trackEvery < 0 || trackEvery > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("hyper-parameter '" + TRACK_EVERY
                    + "' must be an integer >= 0 (0 = off), got " + hp.get(TRACK_EVERY));
        }
        return new MlpConfig(spec.task(), spec.dimension(), spec.effectiveNumClasses(), hidden, activation,
                learningRate, weightDecay, beta1, beta2, epsilon, (int) batchSize, seed, (int) trackEvery);
    }

    /**
     * {@code hidden_layers} (or {@code hidden}, named by {@code key}): a list of widths, or a string of them separated
     * by commas, brackets optional.
     */
    private static List<Integer> widths(String key, Object value) {
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else if (value instanceof CharSequence text) {
            String body = text.toString().trim();
            if (body.startsWith("[") && body.endsWith("]")) {
                body = body.substring(1, body.length() - 1).trim();
            }
            items = body.isEmpty() ? List.of() : Arrays.asList(body.split(","));
        } else if (value instanceof Number) {
            items = List.of(value);
        } else {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a list of layer"
                    + " widths such as [64, 64], got " + describe(value));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must list at least one"
                    + " width (an MLP without hidden layers is a linear model: use "
                    + (key.equals(HIDDEN) ? "nlinear" : "linear_regression or logistic_regression") + ")");
        }
        List<Integer> widths = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i) instanceof CharSequence t ? t.toString().trim() : items.get(i);
            String itemKey = key + "[" + i + "]";
            long w = integer(itemKey, item);
            if (w < 1 || w > MlpConfig.MAX_WIDTH) {
                throw new IllegalArgumentException("hyper-parameter '" + itemKey + "' must be an integer in [1, "
                        + MlpConfig.MAX_WIDTH + "], got " + items.get(i));
            }
            widths.add((int) w);
        }
        return widths;
    }

    /**
     * An integer, given as an integral number or a string holding one; longs are taken exactly, doubles only up to
     * 2^53 (beyond, they no longer hold every integer).
     */
    private static long integer(String key, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Long.parseLong(text.toString().trim());
            } catch (NumberFormatException e) {
                // Fall through: "64.0" is an integer written as a decimal.
            }
        }
        double v = number(key, value);
        if (v != Math.rint(v) || Math.abs(v) > 0x1p53) {
            throw new IllegalArgumentException("hyper-parameter '" + key + "' must be an integer, got " + value);
        }
        return (long) v;
    }

    /** {@code class_weights}: "balanced", a list with one weight per class, or a map from class index to weight. */
    private static ClassWeights classWeights(LearnerSpec spec) {
        Object value = spec.hyperparameters().get(CLASS_WEIGHTS);
        if (value == null) {
            return ClassWeights.uniform();
        }
        if (!spec.task().isClassification()) {
            throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS
                    + "' only applies to classification, but the task is " + spec.task());
        }
        int k = spec.effectiveNumClasses();
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0);
        switch (value) {
            case CharSequence text -> {
                if (normalise(text.toString()).equals("balanced")) {
                    return ClassWeights.balanced();
                }
                throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS + "' must be \"balanced\", a"
                        + " list of " + k + " weights or a map from class index to weight, got '" + text + "'");
            }
            case List<?> list -> {
                if (list.size() != k) {
                    throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS + "' lists " + list.size()
                            + " weights for " + k + " classes");
                }
                for (int c = 0; c < k; c++) {
                    weights[c] = classWeight(c, list.get(c));
                }
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    int c = classIndex(e.getKey(), k);
                    weights[c] = classWeight(c, e.getValue());
                }
            }
            default -> throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS + "' must be"
                    + " \"balanced\", a list of " + k + " weights or a map from class index to weight, got "
                    + describe(value));
        }
        return ClassWeights.of(weights);
    }

    private static int classIndex(Object key, int k) {
        long index;
        if (key instanceof Integer || key instanceof Long || key instanceof Short || key instanceof Byte) {
            index = ((Number) key).longValue();
        } else if (key instanceof CharSequence text) {
            try {
                index = Long.parseLong(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS
                        + "' keys must be class indices, got '" + text + "'", e);
            }
        } else {
            throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS
                    + "' keys must be class indices, got " + (key == null ? "null" : describe(key)));
        }
        if (index < 0 || index >= k) {
            throw new IllegalArgumentException("hyper-parameter '" + CLASS_WEIGHTS + "' has class index " + index
                    + ", outside [0, " + k + ")");
        }
        return (int) index;
    }

    private static double classWeight(int c, Object value) {
        String key = CLASS_WEIGHTS + "[" + c + "]";
        double w = number(key, value);
        if (!(w > 0) || !Double.isFinite(w) || (float) w == 0f || Float.isInfinite((float) w)) {
            throw new IllegalArgumentException("hyper-parameter '" + key
                    + "' must be a finite number > 0 (within float range), got " + value);
        }
        return w;
    }

    /** A number in {@code [0, 1)}. */
    private static double unitInterval(Map<String, ?> hp, String key, double fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        double v = number(key, hp.get(key));
        if (!(v >= 0 && v < 1) || (float) v >= 1f) {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + key + "' must be in [0, 1) (also as a float), got " + hp.get(key));
        }
        return v;
    }

    /** An integer {@code >= 1}, given as an integral number or a string holding one. */
    private static long positiveInteger(Map<String, ?> hp, String key, long fallback) {
        if (!hp.containsKey(key)) {
            return fallback;
        }
        Object value = hp.get(key);
        double v = number(key, value);
        if (!(v >= 1) || v != Math.rint(v) || v > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException(
                    "hyper-parameter '" + key + "' must be an integer >= 1, got " + value);
        }
        return (long) v;
    }

    /** Any finite or non-finite number, from a Number or a string holding one; range checks are the caller's. */
    private static double number(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence text) {
            try {
                return Double.parseDouble(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "hyper-parameter '" + key + "' must be a number, got '" + text + "'", e);
            }
        }
        throw new IllegalArgumentException("hyper-parameter '" + key + "' must be a number, got "
                + (value == null ? "null" : describe(value)));
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
