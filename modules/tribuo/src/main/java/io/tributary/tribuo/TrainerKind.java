package io.tributary.tribuo;

import io.tributary.learn.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The Tribuo trainer families the {@code trainer} hyper-parameter names, with the options each one takes. */
public enum TrainerKind {
    /**
     * Tribuo's {@code LinearSGDTrainer}: classification with {@code LogMulticlass} (softmax), regression with
     * {@code SquaredLoss}.
     */
    LINEAR_SGD("linear_sgd", true, List.of(TribuoConfig.OPTIMIZER, TribuoConfig.LEARNING_RATE, TribuoConfig.EPOCHS,
            TribuoConfig.MINIBATCH_SIZE, TribuoConfig.WARM_START)),
    /** Tribuo's {@code LogisticRegressionTrainer} (AdaGrad at 1.0, 5 epochs, fixed by Tribuo); classification only. */
    LOGISTIC_REGRESSION("logistic_regression", false, List.of(TribuoConfig.WARM_START)),
    /** One CART tree: {@code CARTClassificationTrainer} or {@code CARTRegressionTrainer}. */
    CART("cart", true, List.of(TribuoConfig.MAX_DEPTH, TribuoConfig.MIN_CHILD_WEIGHT, TribuoConfig.FEATURE_FRACTION)),
    /**
     * Bagged CART trees with a random feature subset per split, Tribuo's {@code RandomForestTrainer}, combined by
     * {@code VotingCombiner} (classification) or {@code AveragingCombiner} (regression).
     */
    RANDOM_FOREST("random_forest", true, List.of(TribuoConfig.NUM_TREES, TribuoConfig.MAX_DEPTH,
            TribuoConfig.MIN_CHILD_WEIGHT, TribuoConfig.FEATURE_FRACTION, TribuoConfig.WARM_START,
            TribuoConfig.NEW_TREES)),
    /** Gradient-boosted trees, Tribuo's XGBoost trainers (native {@code xgboost4j}). */
    XGBOOST("xgboost", true, List.of(TribuoConfig.NUM_TREES, TribuoConfig.LEARNING_RATE, TribuoConfig.MAX_DEPTH,
            TribuoConfig.MIN_CHILD_WEIGHT, TribuoConfig.SUBSAMPLE, TribuoConfig.FEATURE_FRACTION, TribuoConfig.L1,
            TribuoConfig.L2, TribuoConfig.THREADS));

    private final String configName;
    private final boolean regression;
    private final List<String> options;

    TrainerKind(String configName, boolean regression, List<String> options) {
        this.configName = configName;
        this.regression = regression;
        this.options = options;
    }

    /** The name used in configs. */
    public String configName() {
        return configName;
    }

    /** The trainer-specific hyper-parameter keys (on top of {@link TribuoConfig#COMMON}). */
    public List<String> options() {
        return options;
    }

    /** Whether the family can learn {@code task}. */
    public boolean supports(Task task) {
        return task.isClassification() || regression;
    }

    /** Whether {@code warm_start} means something for this family. */
    public boolean warmStartable() {
        return options.contains(TribuoConfig.WARM_START);
    }

    static TrainerKind fromConfigName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TrainerKind k : values()) {
            if (k.configName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown trainer '" + name + "'");
    }

    static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(TrainerKind::configName).toList());
    }
}
