package io.tributary.learn.selection;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Online model selection among classifiers of the same task, dimension and number of classes (see
 * {@link ModelSelector} and {@link Strategy}). Itself a {@link Classifier}: {@link #predictProbaOne} is the current
 * winner's prediction, and {@link #learnOne} scores the participating candidates on the event (before they learn
 * from it: prequential) and then trains them.
 *
 * <pre>{@code
 * SequencedMap<String, Classifier> candidates = new LinkedHashMap<>();
 * candidates.put("adagrad_0.5", (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", d,
 *         Map.of("learning_rate", 0.5))));
 * candidates.put("sgd_0.01", (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", d,
 *         Map.of("optimizer", "sgd", "learning_rate", 0.01))));
 * ClassifierSelector model = new ClassifierSelector(candidates, ClassificationLoss.LOG_LOSS,
 *         LossAverage.window(1000), Strategy.greedy());
 * }</pre>
 */
public final class ClassifierSelector extends CandidatePool<Classifier> implements Classifier {

    private final ClassificationLoss loss;
    private final Task task;
    private final int numClasses;

    /**
     * @param candidates named candidates, in a defined order (which breaks ties and picks the first server); the
     *                   selector owns them from now on
     */
    public ClassifierSelector(SequencedMap<String, ? extends Classifier> candidates, ClassificationLoss loss,
            LossAverage average, Strategy strategy) {
        super(candidates, Classifier[]::new, Objects.requireNonNull(loss, "loss").configName(), average, strategy);
        this.loss = loss;
        this.task = this.candidates[0].task();
        this.numClasses = this.candidates[0].numClasses();
    }

    /**
     * The selector that {@link #state()} described, over the candidates restored in their own trained state: it
     * predicts and continues learning exactly like the one the state was taken from (the snapshot codec's way
     * back).
     *
     * @throws IllegalArgumentException when the candidates do not compete (as for the constructor), or the state
     *                                  does not fit them and the configuration
     */
    public static ClassifierSelector restore(SequencedMap<String, ? extends Classifier> candidates,
            ClassificationLoss loss, LossAverage average, Strategy strategy, SelectorState state) {
        ClassifierSelector selector = new ClassifierSelector(candidates, loss, average, strategy);
        selector.load(state);
        return selector;
    }

    @Override
    String mismatch(Classifier first, Classifier c) {
        return c.task() != first.task() || c.dimension() != first.dimension() || c.numClasses() != first.numClasses()
                ? c.task() + ", dimension " + c.dimension() + ", " + c.numClasses() + " classes vs " + first.task()
                        + ", dimension " + first.dimension() + ", " + first.numClasses() + " classes"
                : null;
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        return server().predictProbaOne(x);
    }

    @Override
    public int predictOne(FeatureVector x) {
        return server().predictOne(x);
    }

    /**
     * Scores the participating candidates on (x, y), then trains them on it. The input is checked before any
     * candidate is touched, so a bad instance leaves every candidate as it was.
     */
    @Override
    public void learnOne(FeatureVector x, int y) {
        checkFeatures(x);
        if (y < 0 || y >= numClasses) {
            throw new IllegalArgumentException("label must be in [0, " + (numClasses - 1) + "], got " + y);
        }
        for (int i : competition.participants()) {
            Classifier c = candidates[i];
            double l = loss.loss(y, c.predictProbaOne(x));
            competition.record(i, l, loss.reward(l));
            c.learnOne(x, y);
        }
        eventDone();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public Task task() {
        return task;
    }

    public ClassificationLoss loss() {
        return loss;
    }
}
