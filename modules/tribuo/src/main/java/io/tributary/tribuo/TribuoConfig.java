package io.tributary.tribuo;

import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The validated settings of a Tribuo learner: what to train ({@link #trainer()} and its options), on which window,
 * and when. Built from a {@link LearnerSpec} by {@link #parse}; every default is filled in, so
 * {@link #hyperparameters()} spells out the whole configuration (the snapshot codec stores that and parses it
 * back, which re-validates it).
 *
 * @param trainerOptions the chosen trainer's options, every one present (defaults filled in), values
 *                       {@link Long}, {@link Double}, {@link Boolean} or {@link String}
 */
public record TribuoConfig(Task task, int dimension, int numClasses, TrainerKind trainer, WindowKind windowKind,
                           int window, int retrainEvery, long retrainIntervalMs, int minTrain, int evalEvents,
                           boolean synchronous, long seed, Map<String, Object> trainerOptions) {

    /** The algorithm name in configs and snapshots. */
    public static final String ALGORITHM = "tribuo";

    /** Required: the trainer family, one of {@link TrainerKind}'s config names. */
    public static final String TRAINER = "trainer";
    /** Labelled events the window holds, {@code >= 1}; default 2000. */
    public static final String WINDOW = "window";
    /** {@code sliding} (the last {@code window} events, default) or {@code reservoir} (a uniform sample of all). */
    public static final String WINDOW_KIND = "window_kind";
    /** Labelled events between retrains, {@code >= 1}; default 500. */
    public static final String RETRAIN_EVERY = "retrain_every";
    /** Also retrain once this many ms passed since the last retrain (checked as events arrive); 0 (default) = off. */
    public static final String RETRAIN_INTERVAL_MS = "retrain_interval_ms";
    /** Labelled events before the first model is trained, {@code >= 1}; default 100. */
    public static final String MIN_TRAIN = "min_train";
    /** Held-out labelled events each new model is evaluated on, {@code >= 0} (0 = no evaluation); default 200. */
    public static final String EVAL_EVENTS = "eval_events";
    /** Train on the calling thread instead of a background one (deterministic; for tests); default false. */
    public static final String SYNCHRONOUS = "synchronous";
    /** Seed of the reservoir sample and of the trainers' randomness; default Tribuo's 12345. */
    public static final String SEED = "seed";

    /** linear_sgd: {@code adagrad} (default), {@code sgd} (constant rate) or {@code adam}. */
    public static final String OPTIMIZER = "optimizer";
    /** linear_sgd: the optimiser's rate, {@code > 0}, default 0.1; xgboost: eta, in {@code (0, 1]}, default 0.3. */
    public static final String LEARNING_RATE = "learning_rate";
    /** linear_sgd: passes over the window per retrain, {@code >= 1}; default 5. */
    public static final String EPOCHS = "epochs";
    /** linear_sgd: examples per gradient step, {@code >= 1}; default 1. */
    public static final String MINIBATCH_SIZE = "minibatch_size";
    /** linear_sgd, logistic_regression, random_forest: start from the served model (see the README); default false. */
    public static final String WARM_START = "warm_start";
    /** cart, random_forest (default 12 for both), xgboost (default 6): maximum tree depth, {@code >= 1}. */
    public static final String MAX_DEPTH = "max_depth";
    /** cart, random_forest: least example weight in a child, {@code > 0}, default 5; xgboost: {@code >= 0}, default 1. */
    public static final String MIN_CHILD_WEIGHT = "min_child_weight";
    /**
     * cart (default 1), random_forest (default sqrt(d)/d for classification, 1/3 for regression, Breiman's), xgboost
     * (per tree, default 1): the fraction of features considered, in {@code (0, 1]}.
     */
    public static final String FEATURE_FRACTION = "feature_fraction";
    /** random_forest (default 25), xgboost (boosting rounds, default 50): trees, {@code >= 1}. */
    public static final String NUM_TREES = "num_trees";
    /** random_forest with warm_start: trees trained per retrain, in {@code [1, num_trees]}; default num_trees / 5. */
    public static final String NEW_TREES = "new_trees";
    /** xgboost: row subsample per tree, in {@code (0, 1]}; default 1. */
    public static final String SUBSAMPLE = "subsample";
    /** xgboost: L1 penalty on leaf weights (alpha), {@code >= 0}; default 0. */
    public static final String L1 = "l1";
    /** xgboost: L2 penalty on leaf weights (lambda), {@code >= 0}; default 1. */
    public static final String L2 = "l2";
    /** xgboost: native training threads, in {@code [1, 64]}; default 1 (the retrain shares the host). */
    public static final String THREADS = "threads";

    /** The keys every trainer accepts. */
    public static final List<String> COMMON = List.of(TRAINER, WINDOW, WINDOW_KIND, RETRAIN_EVERY,
            RETRAIN_INTERVAL_MS, MIN_TRAIN, EVAL_EVENTS, SYNCHRONOUS, SEED);

    /** Every key some trainer accepts, common keys first. */
    public static final List<String> ALL_KEYS;

    static {
        List<String> all = new ArrayList<>(COMMON);
        for (TrainerKind k : TrainerKind.values()) {
            for (String o : k.options()) {
                if (!all.contains(o)) {
                    all.add(o);
                }
            }
        }
        ALL_KEYS = List.copyOf(all);
    }

    static final int DEFAULT_WINDOW = 2000;
    static final int DEFAULT_RETRAIN_EVERY = 500;
    static final int DEFAULT_MIN_TRAIN = 100;
    static final int DEFAULT_EVAL_EVENTS = 200;
    /** Tribuo's {@code Trainer.DEFAULT_SEED}. */
    static final long DEFAULT_SEED = 12345L;
    /** Keeps a typo (an extra zero) from allocating gigabytes for the window's slots. */
    static final int MAX_WINDOW = 1_000_000;

    /** Checks the ranges {@link #parse} guarantees, for configs built directly; prefer {@link #parse}. */
    public TribuoConfig {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(windowKind, "windowKind");
        boolean classesFit = switch (task) {
            case REGRESSION -> numClasses == 1;
            case BINARY_CLASSIFICATION -> numClasses == 2;
            case MULTICLASS_CLASSIFICATION -> numClasses >= 2;
        };
        if (dimension <= 0 || !classesFit) {
            throw new IllegalArgumentException("dimension " + dimension + " and " + numClasses + " classes do not fit "
                    + "task " + task);
        }
        if (window < 1 || window > MAX_WINDOW || retrainEvery < 1 || retrainIntervalMs < 0 || minTrain < 1
                || evalEvents < 0) {
            throw new IllegalArgumentException("window " + window + ", retrain_every " + retrainEvery
                    + ", retrain_interval_ms " + retrainIntervalMs + ", min_train " + minTrain + ", eval_events "
                    + evalEvents + ": out of range");
        }
        trainerOptions = Collections.unmodifiableMap(new LinkedHashMap<>(trainerOptions));
    }

    /** Which labelled events the window keeps. */
    public enum WindowKind {
        /** The most recent {@code window} events. */
        SLIDING,
        /** A uniform sample of every event seen so far (Vitter's algorithm R), drawn with {@code seed}. */
        RESERVOIR;

        String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validates {@code spec}'s hyper-parameters and fills in the defaults.
     *
     * @throws IllegalArgumentException naming the offending key and what is allowed
     */
    public static TribuoConfig parse(LearnerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, ?> hp = spec.hyperparameters();
        Object trainerValue = hp.get(TRAINER);
        if (trainerValue == null) {
            throw new IllegalArgumentException("algorithm tribuo needs hyper-parameter '" + TRAINER + "', one of "
                    + TrainerKind.allowedNames());
        }
        TrainerKind trainer = Values.choice(TRAINER, trainerValue, TrainerKind.allowedNames(),
                TrainerKind::fromConfigName);
        if (!trainer.supports(spec.task())) {
            throw new IllegalArgumentException("trainer " + trainer.configName() + " cannot do task " + spec.task()
                    + "; trainers for " + spec.task() + ": " + String.join(", ", java.util.Arrays
                            .stream(TrainerKind.values()).filter(k -> k.supports(spec.task()))
                            .map(TrainerKind::configName).toList()));
        }
        for (String key : hp.keySet()) {
            if (COMMON.contains(key) || trainer.options().contains(key)) {
                continue;
            }
            if (ALL_KEYS.contains(key)) {
                throw new IllegalArgumentException("hyper-parameter '" + key + "' does not apply to trainer "
                        + trainer.configName() + "; its options are: " + String.join(", ", trainer.options())
                        + (trainer == TrainerKind.LOGISTIC_REGRESSION
                                ? " (Tribuo's LogisticRegressionTrainer fixes AdaGrad at 1.0 and 5 epochs; use"
                                + " trainer linear_sgd to choose them)" : ""));
            }
            throw new IllegalArgumentException("unknown hyper-parameter '" + key + "' for tribuo; allowed: "
                    + String.join(", ", COMMON) + ", and for trainer " + trainer.configName() + ": "
                    + String.join(", ", trainer.options()));
        }
        int window = Values.integer(hp, WINDOW, DEFAULT_WINDOW, 1, MAX_WINDOW);
        WindowKind kind = hp.containsKey(WINDOW_KIND)
                ? Values.choice(WINDOW_KIND, hp.get(WINDOW_KIND), "sliding, reservoir",
                        s -> WindowKind.valueOf(s.trim().toUpperCase(Locale.ROOT)))
                : WindowKind.SLIDING;
        int retrainEvery = Values.integer(hp, RETRAIN_EVERY, DEFAULT_RETRAIN_EVERY, 1, Integer.MAX_VALUE);
        long interval = Values.longInteger(hp, RETRAIN_INTERVAL_MS, 0, 0, Long.MAX_VALUE / 2);
        int minTrain = Values.integer(hp, MIN_TRAIN, DEFAULT_MIN_TRAIN, 1, Integer.MAX_VALUE);
        int evalEvents = Values.integer(hp, EVAL_EVENTS, DEFAULT_EVAL_EVENTS, 0, MAX_WINDOW);
        boolean synchronous = Values.bool(hp, SYNCHRONOUS, false);
        long seed = Values.longInteger(hp, SEED, DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        Map<String, Object> options = trainerOptions(trainer, spec, hp);
        return new TribuoConfig(spec.task(), spec.dimension(), spec.effectiveNumClasses(), trainer, kind, window,
                retrainEvery, interval, minTrain, evalEvents, synchronous, seed, options);
    }

    private static Map<String, Object> trainerOptions(TrainerKind trainer, LearnerSpec spec, Map<String, ?> hp) {
        Map<String, Object> o = new LinkedHashMap<>();
        boolean classification = spec.task().isClassification();
        int d = spec.dimension();
        switch (trainer) {
            case LINEAR_SGD -> {
                o.put(OPTIMIZER, hp.containsKey(OPTIMIZER)
                        ? Values.choice(OPTIMIZER, hp.get(OPTIMIZER), "adagrad, sgd, adam", s -> {
                            String n = s.trim().toLowerCase(Locale.ROOT);
                            if (!List.of("adagrad", "sgd", "adam").contains(n)) {
                                throw new IllegalArgumentException(n);
                            }
                            return n;
                        })
                        : "adagrad");
                o.put(LEARNING_RATE, Values.positive(hp, LEARNING_RATE, 0.1));
                o.put(EPOCHS, (long) Values.integer(hp, EPOCHS, 5, 1, 10_000));
                o.put(MINIBATCH_SIZE, (long) Values.integer(hp, MINIBATCH_SIZE, 1, 1, MAX_WINDOW));
                o.put(WARM_START, Values.bool(hp, WARM_START, false));
            }
            case LOGISTIC_REGRESSION -> o.put(WARM_START, Values.bool(hp, WARM_START, false));
            case CART -> {
                o.put(MAX_DEPTH, (long) Values.integer(hp, MAX_DEPTH, 12, 1, 1000));
                o.put(MIN_CHILD_WEIGHT, Values.positive(hp, MIN_CHILD_WEIGHT, 5.0));
                o.put(FEATURE_FRACTION, featureFraction(hp, d, 1.0));
            }
            case RANDOM_FOREST -> {
                int numTrees = Values.integer(hp, NUM_TREES, 25, 1, 10_000);
                o.put(NUM_TREES, (long) numTrees);
                o.put(MAX_DEPTH, (long) Values.integer(hp, MAX_DEPTH, 12, 1, 1000));
                o.put(MIN_CHILD_WEIGHT, Values.positive(hp, MIN_CHILD_WEIGHT, 5.0));
                // Breiman's defaults: sqrt(d) features per split for classification, d/3 for regression.
                double byDefault = classification ? Math.sqrt(d) / d : 1.0 / 3;
                o.put(FEATURE_FRACTION, featureFraction(hp, d, Math.max(byDefault, 1.0 / d)));
                boolean warm = Values.bool(hp, WARM_START, false);
                o.put(WARM_START, warm);
                if (hp.containsKey(NEW_TREES) && !warm) {
                    throw new IllegalArgumentException("hyper-parameter '" + NEW_TREES + "' only applies with "
                            + WARM_START + "=true");
                }
                if (warm) {
                    o.put(NEW_TREES, (long) Values.integer(hp, NEW_TREES, Math.max(1, numTrees / 5), 1, numTrees));
                }
            }
            case XGBOOST -> {
                o.put(NUM_TREES, (long) Values.integer(hp, NUM_TREES, 50, 1, 10_000));
                double eta = Values.positive(hp, LEARNING_RATE, 0.3);
                if (eta > 1) {
                    throw new IllegalArgumentException("hyper-parameter '" + LEARNING_RATE
                            + "' (XGBoost's eta) must be in (0, 1], got " + hp.get(LEARNING_RATE));
                }
                o.put(LEARNING_RATE, eta);
                o.put(MAX_DEPTH, (long) Values.integer(hp, MAX_DEPTH, 6, 1, 1000));
                o.put(MIN_CHILD_WEIGHT, Values.nonNegative(hp, MIN_CHILD_WEIGHT, 1.0));
                o.put(SUBSAMPLE, Values.fraction(hp, SUBSAMPLE, 1.0));
                o.put(FEATURE_FRACTION, Values.fraction(hp, FEATURE_FRACTION, 1.0));
                o.put(L1, Values.nonNegative(hp, L1, 0.0));
                o.put(L2, Values.nonNegative(hp, L2, 1.0));
                o.put(THREADS, (long) Values.integer(hp, THREADS, 1, 1, 64));
            }
        }
        return o;
    }

    /** A fraction in (0, 1] that leaves at least one feature per split ({@code round(fraction * d) >= 1}). */
    private static double featureFraction(Map<String, ?> hp, int d, double fallback) {
        double f = Values.fraction(hp, FEATURE_FRACTION, fallback);
        if (Math.round((float) f * d) < 1) {
            throw new IllegalArgumentException("hyper-parameter '" + FEATURE_FRACTION + "' is " + f + ", which leaves "
                    + "no feature to split on at dimension " + d + "; it must be at least " + (0.5 / d));
        }
        return f;
    }

    /** The whole configuration as hyper-parameters (common keys, then the trainer's), defaults spelled out. */
    public Map<String, Object> hyperparameters() {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put(TRAINER, trainer.configName());
        hp.put(WINDOW, (long) window);
        hp.put(WINDOW_KIND, windowKind.configName());
        hp.put(RETRAIN_EVERY, (long) retrainEvery);
        hp.put(RETRAIN_INTERVAL_MS, retrainIntervalMs);
        hp.put(MIN_TRAIN, (long) minTrain);
        hp.put(EVAL_EVENTS, (long) evalEvents);
        hp.put(SYNCHRONOUS, synchronous);
        hp.put(SEED, seed);
        hp.putAll(trainerOptions);
        return Collections.unmodifiableMap(hp);
    }

    /** The spec that {@link #parse} turns back into this config. */
    public LearnerSpec spec() {
        return new LearnerSpec(ALGORITHM, task, dimension, task == Task.MULTICLASS_CLASSIFICATION ? numClasses : 0,
                hyperparameters());
    }

    boolean warmStart() {
        return Boolean.TRUE.equals(trainerOptions.get(WARM_START));
    }

    long longOption(String key) {
        return (Long) required(key);
    }

    double doubleOption(String key) {
        return (Double) required(key);
    }

    String stringOption(String key) {
        return (String) required(key);
    }

    private Object required(String key) {
        Object v = trainerOptions.get(key);
        if (v == null) {
            throw new IllegalStateException("trainer " + trainer.configName() + " has no option " + key);
        }
        return v;
    }
}
