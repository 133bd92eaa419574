package io.tributary.streams.config;

import io.tributary.learn.Learners;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Task;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.Pipelines;
import io.tributary.learn.transform.Transform;
import io.tributary.learn.transform.TransformSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model declared in the YAML config: what it predicts, from which features, with which algorithm.
 *
 * @param name            unique name; appears in every prediction and metric
 * @param task            regression, binary or multiclass classification
 * @param algorithm       a learner name from {@link Learners#algorithms()}
 * @param layout          how features are read from events
 * @param dimension       input dimension (for NAMED: the number of names)
 * @param featureNames    NAMED layout only: the names, in vector order; empty otherwise
 * @param classes         optional class names for classification (index = position); labels may then be given by name
 * @param numClasses      number of classes (2 for binary, 0 for regression)
 * @param hyperparameters passed to the learner factory, which validates them
 * @param drift           the drift watch, or null for none
 * @param transforms      stream transforms in front of the learner (a pipeline), in order; empty for none
 * @param selection       for {@code algorithm: model_selection} only: the candidates and how one is chosen; else null
 * @param scope           one replica per partition (default) or one model per record key
 */
public record ModelDefinition(
        String name,
        Task task,
        String algorithm,
        FeatureLayout layout,
        int dimension,
        List<String> featureNames,
        List<String> classes,
        int numClasses,
        Map<String, Object> hyperparameters,
        DriftSpec drift,
        List<TransformSpec> transforms,
        SelectionSpec selection,
        ScopeSpec scope) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ModelDefinition {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(layout, "layout");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name '" + name
                    + "' must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("model '" + name + "': algorithm is required, one of " + Learners.algorithms());
        }
        featureNames = List.copyOf(featureNames == null ? List.of() : featureNames);
        classes = List.copyOf(classes == null ? List.of() : classes);
        hyperparameters = Map.copyOf(hyperparameters == null ? Map.of() : hyperparameters);
        transforms = List.copyOf(transforms == null ? List.of() : transforms);
        scope = scope == null ? ScopeSpec.PARTITION : scope;
        if (dimension <= 0) {
            throw new IllegalArgumentException("model '" + name + "': feature dimension must be positive, got " + dimension);
        }
        if (layout == FeatureLayout.NAMED && featureNames.size() != dimension) {
            throw new IllegalArgumentException("model '" + name + "': named layout needs the list of feature names");
        }
        if (task == Task.REGRESSION && (numClasses != 0 || !classes.isEmpty())) {
            throw new IllegalArgumentException("model '" + name + "': a regression model has no classes");
        }
        if (task == Task.BINARY_CLASSIFICATION && numClasses != 2) {
            throw new IllegalArgumentException("model '" + name + "': binary classification has exactly 2 classes, got " + numClasses);
        }
        if (task == Task.MULTICLASS_CLASSIFICATION && numClasses < 2) {
            throw new IllegalArgumentException("model '" + name
                    + "': multiclass classification needs 'classes' (names) or 'num_classes' of at least 2");
        }
        if (!classes.isEmpty() && classes.size() != numClasses) {
            throw new IllegalArgumentException("model '" + name + "': " + classes.size() + " class names for " + numClasses + " classes");
        }
        boolean selects = ModelSelector.ALGORITHM.equals(algorithm.trim().toLowerCase(java.util.Locale.ROOT));
        if (selects && selection == null) {
            throw new IllegalArgumentException("model '" + name + "': algorithm " + ModelSelector.ALGORITHM
                    + " needs a 'selection' block with the candidates");
        }
        if (!selects && selection != null) {
            throw new IllegalArgumentException("model '" + name + "': a 'selection' block needs algorithm "
                    + ModelSelector.ALGORITHM + ", got " + algorithm);
        }
        if (selects && !hyperparameters.isEmpty()) {
            throw new IllegalArgumentException("model '" + name + "': with model_selection, hyper-parameters belong to "
                    + "each candidate (selection.candidates[].hyperparameters)");
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("model '" + name + "': class names must be distinct: " + classes);
        }
    }

    /** The learner spec this definition asks for; building it validates algorithm and hyper-parameters. */
    public LearnerSpec learnerSpec() {
        return new LearnerSpec(algorithm, task, dimension, numClasses, hyperparameters);
    }

    /**
     * A fresh, untrained learner (behind its transforms, if any): a single learner, or a model selector over fresh
     * candidates. Throws IllegalArgumentException naming what is wrong with the spec.
     */
    public OnlineLearner newLearner() {
        if (selection == null) {
            return Learners.create(learnerSpec(), transforms);
        }
        List<Transform> built = Pipelines.transforms(dimension, transforms);
        int d = built.isEmpty() ? dimension : built.getLast().outputDimension();
        ModelSelector selector = selection.newSelector(task, d, numClasses);
        return built.isEmpty() ? selector : Pipeline.of(built, selector);
    }
}
