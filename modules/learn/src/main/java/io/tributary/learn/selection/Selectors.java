package io.tributary.learn.selection;

import io.tributary.learn.Classifier;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Builds a {@link ModelSelector} from names, as a config file gives them: the task decides between
 * {@link ClassifierSelector} and {@link RegressorSelector}, the loss is a config name ({@code log_loss},
 * {@code zero_one}; {@code squared}, {@code absolute}), and each candidate is a {@link LearnerSpec} built by
 * {@link Learners#create}.
 */
public final class Selectors {

    private Selectors() {
    }

    /** The default loss of a task: log-loss for classifiers (it rewards calibrated probabilities), squared error for regressors. */
    public static String defaultLoss(Task task) {
        return task.isClassification() ? ClassificationLoss.LOG_LOSS.configName() : RegressionLoss.SQUARED.configName();
    }

    /**
     * A selector over learners built from {@code candidates} (name → spec, in order). Every spec must have the same
     * task, dimension and number of classes.
     *
     * @param loss a loss's config name for the task, or null for {@link #defaultLoss}
     * @throws IllegalArgumentException naming the candidate or the parameter that is wrong
     */
    public static ModelSelector create(Task task, SequencedMap<String, LearnerSpec> candidates, String loss,
            LossAverage average, Strategy strategy) {
        Objects.requireNonNull(candidates, "candidates");
        SequencedMap<String, OnlineLearner> built = new LinkedHashMap<>();
        for (Map.Entry<String, LearnerSpec> e : candidates.entrySet()) {
            if (e.getValue().task() != task) {
                throw new IllegalArgumentException("candidate '" + e.getKey() + "' is " + e.getValue().task()
                        + ", the selector is " + task);
            }
            if (ModelSelector.ALGORITHM.equals(e.getValue().algorithm().trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("candidate '" + e.getKey() + "': a selector cannot be a candidate");
            }
            try {
                built.put(e.getKey(), Learners.create(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("candidate '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return of(task, built, loss, average, strategy);
    }

    /** A selector over already built learners (owned by the selector from now on). */
    @SuppressWarnings("unchecked")
    public static ModelSelector of(Task task, SequencedMap<String, ? extends OnlineLearner> candidates, String loss,
            LossAverage average, Strategy strategy) {
        Objects.requireNonNull(task, "task");
        String lossName = loss == null ? defaultLoss(task) : loss.trim().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, ? extends OnlineLearner> e : candidates.entrySet()) {
            if (e.getValue() != null && e.getValue().task() != task) {
                throw new IllegalArgumentException("candidate '" + e.getKey() + "' is " + e.getValue().task()
                        + ", the selector is " + task);
            }
        }
        if (task.isClassification()) {
            return new ClassifierSelector((SequencedMap<String, Classifier>) candidates, classificationLoss(lossName),
                    average, strategy);
        }
        return new RegressorSelector((SequencedMap<String, Regressor>) candidates, regressionLoss(lossName), average,
                strategy);
    }

    /** The classification loss with this config name. */
    public static ClassificationLoss classificationLoss(String name) {
        for (ClassificationLoss l : ClassificationLoss.values()) {
            if (l.configName().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("loss '" + name + "' is not a classification loss; one of "
                + Arrays.stream(ClassificationLoss.values()).map(ClassificationLoss::configName).toList());
    }

    /** The regression loss with this config name. */
    public static RegressionLoss regressionLoss(String name) {
        for (RegressionLoss l : RegressionLoss.values()) {
            if (l.configName().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("loss '" + name + "' is not a regression loss; one of "
                + Arrays.stream(RegressionLoss.values()).map(RegressionLoss::configName).toList());
    }
}
