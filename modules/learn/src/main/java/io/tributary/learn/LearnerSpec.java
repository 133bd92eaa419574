package io.tributary.learn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to build: an algorithm name (see {@link Learners#algorithms()}), the task, the input dimension, the
 * number of classes and algorithm hyper-parameters (keys in {@link Learners}).
 *
 * <p>The constructor checks the shape of the spec; {@link Learners#create} checks the algorithm and its
 * hyper-parameters.
 *
 * @param numClasses 0 or 1 for regression; 0 or 2 for binary classification (0 meaning "implied by the task");
 *                   at least 2 for multiclass classification
 * @param hyperparameters copied; values are numbers or strings (strings holding numbers are accepted, since
 *                        configs often arrive as text), or, for {@code class_weights}, a list or a map (copied
 *                        too)
 */
public record LearnerSpec(String algorithm, Task task, int dimension, int numClasses, Map<String, ?> hyperparameters) {

    public LearnerSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(task, "task");
        if (algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm must not be blank; allowed: "
                    + String.join(", ", Learners.algorithms()));
        }
        if (dimension <= 0) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        switch (task) {
            case REGRESSION -> {
                if (numClasses != 0 && numClasses != 1) {
                    throw new IllegalArgumentException(
                            "numClasses must be 0 or 1 for task REGRESSION, got " + numClasses);
                }
            }
            case BINARY_CLASSIFICATION -> {
                if (numClasses != 0 && numClasses != 2) {
                    throw new IllegalArgumentException(
                            "numClasses must be 2 for task BINARY_CLASSIFICATION, got " + numClasses);
                }
            }
            case MULTICLASS_CLASSIFICATION -> {
                if (numClasses < 2) {
                    throw new IllegalArgumentException(
                            "numClasses must be at least 2 for task MULTICLASS_CLASSIFICATION, got " + numClasses);
                }
            }
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        if (hyperparameters != null) {
            for (Map.Entry<String, ?> e : hyperparameters.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("hyper-parameter names must not be null");
                }
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("hyper-parameter '" + e.getKey() + "' has no value (null)");
                }
                copy.put(e.getKey(), copyValue(e.getKey(), e.getValue()));
            }
        }
        hyperparameters = Collections.unmodifiableMap(copy);
    }

    /** Lists and maps (e.g. {@code class_weights}) are copied into unmodifiable ones, so the spec stays immutable. */
    private static Object copyValue(String key, Object value) {
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item == null) {
                    throw new IllegalArgumentException("hyper-parameter '" + key + "' holds a null item");
                }
            }
            return List.copyOf(list);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("hyper-parameter '" + key + "' holds a null key or value");
                }
                copy.put(e.getKey(), e.getValue());
            }
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }

    public static LearnerSpec regression(String algorithm, int dimension, Map<String, ?> hyperparameters) {
        return new LearnerSpec(algorithm, Task.REGRESSION, dimension, 1, hyperparameters);
    }

    public static LearnerSpec binary(String algorithm, int dimension, Map<String, ?> hyperparameters) {
        return new LearnerSpec(algorithm, Task.BINARY_CLASSIFICATION, dimension, 2, hyperparameters);
    }

    public static LearnerSpec multiclass(
            String algorithm, int dimension, int numClasses, Map<String, ?> hyperparameters) {
        return new LearnerSpec(algorithm, Task.MULTICLASS_CLASSIFICATION, dimension, numClasses, hyperparameters);
    }

    /** The number of classes the task implies: 1 for regression, 2 for binary, as given for multiclass. */
    public int effectiveNumClasses() {
        return switch (task) {
            case REGRESSION -> 1;
            case BINARY_CLASSIFICATION -> 2;
            case MULTICLASS_CLASSIFICATION -> numClasses;
        };
    }
}
