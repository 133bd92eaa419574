package io.tributary.learn.transform;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chain of {@link Transform}s ending in a learner, itself a learner: a {@link RegressorPipeline} is a
 * {@link Regressor}, a {@link ClassifierPipeline} a {@link Classifier}, so a pipeline plugs in wherever a learner
 * does (the factory, the snapshot codec, the stream processor).
 *
 * <p><b>Semantics.</b> With transforms {@code T_1..T_n} and learner {@code L}:
 * <ul>
 *   <li>{@code predictOne(x)}: {@code z_0 = x, z_i = T_i.transform(z_{i-1})} with each transform's current
 *       statistics, then {@code L.predict(z_n)}. Nothing changes.</li>
 *   <li>{@code learnOne(x, y)}: the same forward pass, with the same (current) statistics, then
 *       {@code L.learnOne(z_n, y)}, and only then {@code T_i.learnOne(z_{i-1})} for every transform: each transform
 *       learns from exactly the input it just transformed. So the learner trains on the very vector that
 *       {@code predictOne(x)} would have fed it a moment before (predict-then-learn stays honest), and a transform's
 *       statistics never include the instance being transformed.</li>
 * </ul>
 * {@code learnOne} is all or nothing: it rejects input of the wrong dimension or with NaN or infinity, and any
 * intermediate vector that is not finite, before anything is updated; if the learner rejects the instance (a bad
 * label), the transforms are not updated either. Prediction tolerates non-finite input (it propagates), like the
 * learners'.
 *
 * <p>{@link #dimension()} is the input dimension of the first transform; the learner's dimension must equal the last
 * transform's output dimension. {@link #updates()} is the learner's. {@link #algorithm()} joins the transform types
 * and the learner's algorithm with {@code |}, e.g. {@code standard_scaler|logistic_regression}.
 *
 * <p>Not thread-safe; the pipeline owns its transforms and learner (do not feed them from elsewhere).
 */
public abstract sealed class Pipeline implements OnlineLearner permits RegressorPipeline, ClassifierPipeline {

    private final List<Transform> transforms;
    private final OnlineLearner learner;
    private final String algorithm;

    Pipeline(List<? extends Transform> transforms, OnlineLearner learner) {
        Objects.requireNonNull(transforms, "transforms");
        this.learner = Objects.requireNonNull(learner, "learner");
        List<Transform> copy = new ArrayList<>(transforms.size());
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < transforms.size(); i++) {
            Transform t = Objects.requireNonNull(transforms.get(i), "transform " + i);
            if (i > 0 && transforms.get(i - 1).outputDimension() != t.inputDimension()) {
                throw new IllegalArgumentException("transform " + i + " (" + t.type() + ") takes dimension "
                        + t.inputDimension() + " but transform " + (i - 1) + " (" + transforms.get(i - 1).type()
                        + ") outputs dimension " + transforms.get(i - 1).outputDimension());
            }
            copy.add(t);
            name.append(t.type()).append('|');
        }
        if (!copy.isEmpty() && copy.getLast().outputDimension() != learner.dimension()) {
            throw new IllegalArgumentException("the last transform (" + copy.getLast().type() + ") outputs dimension "
                    + copy.getLast().outputDimension() + " but the learner (" + learner.algorithm() + ") takes "
                    + learner.dimension());
        }
        this.transforms = List.copyOf(copy);
        this.algorithm = name.append(learner.algorithm()).toString();
    }

    public static RegressorPipeline of(List<? extends Transform> transforms, Regressor learner) {
        return new RegressorPipeline(transforms, learner);
    }

    public static ClassifierPipeline of(List<? extends Transform> transforms, Classifier learner) {
        return new ClassifierPipeline(transforms, learner);
    }

    /** A {@link RegressorPipeline} or {@link ClassifierPipeline}, depending on the learner. */
    public static Pipeline of(List<? extends Transform> transforms, OnlineLearner learner) {
        return switch (learner) {
            case Regressor r -> new RegressorPipeline(transforms, r);
            case Classifier c -> new ClassifierPipeline(transforms, c);
            case null -> throw new NullPointerException("learner");
            default -> throw new IllegalArgumentException("learner " + learner.algorithm()
                    + " is neither a Regressor nor a Classifier");
        };
    }

    /** The transforms, in order (the live objects: inspect, do not feed). */
    public final List<Transform> transforms() {
        return transforms;
    }

    /** The final learner (the live object: inspect, do not feed). */
    public OnlineLearner learner() {
        return learner;
    }

    /** What the learner would see for {@code x}: the forward pass with the current statistics. Changes nothing. */
    public final FeatureVector transformOne(FeatureVector x) {
        checkInput(x);
        FeatureVector z = x;
        for (Transform t : transforms) {
            z = t.transform(z);
        }
        return z;
    }

    @Override
    public final Task task() {
        return learner.task();
    }

    @Override
    public final int dimension() {
        return transforms.isEmpty() ? learner.dimension() : transforms.getFirst().inputDimension();
    }

    @Override
    public final long updates() {
        return learner.updates();
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    final void checkInput(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension()) {
            throw new IllegalArgumentException("expected dimension " + dimension() + ", got " + x.dimension());
        }
    }

    /** {@code z_0 = x, ..., z_n}: every transform's input and the learner's, after checking they are all finite. */
    final FeatureVector[] forwardForTraining(FeatureVector x) {
        checkInput(x);
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
        FeatureVector[] z = new FeatureVector[transforms.size() + 1];
        z[0] = x;
        for (int i = 0; i < transforms.size(); i++) {
            z[i + 1] = transforms.get(i).transform(z[i]);
            if (!z[i + 1].isFinite()) {
                throw new IllegalArgumentException("transform " + i + " (" + transforms.get(i).type()
                        + ") produced NaN or infinity; refusing to learn from it");
            }
        }
        return z;
    }

    /** After the learner has learned: each transform learns from its own input. */
    final void learnTransforms(FeatureVector[] z) {
        for (int i = 0; i < transforms.size(); i++) {
            transforms.get(i).learnOne(z[i]);
        }
    }

    @Override
    public String toString() {
        return "Pipeline[" + algorithm + ", dimension=" + dimension() + ", updates=" + updates() + "]";
    }
}
