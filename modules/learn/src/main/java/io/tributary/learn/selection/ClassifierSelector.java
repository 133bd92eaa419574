package io.tributary.learn.selection;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.Task;
import java.util.List;
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
public final class ClassifierSelector implements Classifier, ModelSelector {

    private final Classifier[] candidates;
    private final ClassificationLoss loss;
    private final Competition competition;
    private final Task task;
    private final int dimension;
    private final int numClasses;
    private long updates;

    /**
     * @param candidates named candidates, in a defined order (which breaks ties and picks the first server); the
     *                   selector owns them from now on
     */
    public ClassifierSelector(SequencedMap<String, ? extends Classifier> candidates, ClassificationLoss loss,
            LossAverage average, Strategy strategy) {
        Objects.requireNonNull(candidates, "candidates");
        this.loss = Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(average, "average");
        Objects.requireNonNull(strategy, "strategy");
        String[] names = Competition.checkNames(candidates.sequencedKeySet());
        this.candidates = candidates.sequencedValues().toArray(Classifier[]::new);
        Classifier first = this.candidates[0];
        for (int i = 0; i < names.length; i++) {
            Classifier c = Objects.requireNonNull(this.candidates[i], "candidate " + names[i]);
            if (c.task() != first.task() || c.dimension() != first.dimension()
                    || c.numClasses() != first.numClasses()) {
                throw new IllegalArgumentException("candidate " + names[i] + " (" + c.task() + ", dimension "
                        + c.dimension() + ", " + c.numClasses() + " classes) does not match candidate " + names[0]
                        + " (" + first.task() + ", dimension " + first.dimension() + ", " + first.numClasses()
                        + " classes)");
            }
        }
        this.task = first.task();
        this.dimension = first.dimension();
        this.numClasses = first.numClasses();
        this.competition = new Competition(names, strategy, average, loss.configName());
    }

    @Override
    public float[] predictProbaOne(FeatureVector x) {
        return candidates[competition.winner()].predictProbaOne(x);
    }

    @Override
    public int predictOne(FeatureVector x) {
        return candidates[competition.winner()].predictOne(x);
    }

    /**
     * Scores the participating candidates on (x, y), then trains them on it. The input is checked before any
     * candidate is touched, so a bad instance leaves every candidate as it was.
     */
    @Override
    public void learnOne(FeatureVector x, int y) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
        if (y < 0 || y >= numClasses) {
            throw new IllegalArgumentException("label must be in [0, " + (numClasses - 1) + "], got " + y);
        }
        for (int i : competition.participants()) {
            Classifier c = candidates[i];
            double l = loss.loss(y, c.predictProbaOne(x));
            competition.record(i, l, loss.reward(l));
            c.learnOne(x, y);
        }
        competition.endEvent();
        updates++;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Events this selector has learned from (each candidate's own count is on the {@link #scoreboard()}). */
    @Override
    public long updates() {
        return updates;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public String winner() {
        return competition.name(competition.winner());
    }

    /** The candidate serving predictions now. */
    public Classifier winnerModel() {
        return candidates[competition.winner()];
    }

    @Override
    public List<String> candidateNames() {
        return competition.names();
    }

    @Override
    public Classifier candidate(String name) {
        return candidates[competition.indexOf(name)];
    }

    @Override
    public Scoreboard scoreboard() {
        return competition.scoreboard(i -> candidates[i].updates());
    }

    @Override
    public Strategy strategy() {
        return competition.strategy();
    }

    public ClassificationLoss loss() {
        return loss;
    }

    @Override
    public String toString() {
        return "ClassifierSelector[" + competition.strategy().name() + ", " + loss.configName() + ", winner="
                + winner() + ", candidates=" + candidateNames() + "]";
    }
}
