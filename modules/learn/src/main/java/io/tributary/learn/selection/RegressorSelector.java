package io.tributary.learn.selection;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Online model selection among regressors of the same dimension (see {@link ModelSelector} and {@link Strategy}).
 * Itself a {@link Regressor}: {@link #predictOne} is the current winner's prediction, and {@link #learnOne} scores
 * the participating candidates on the event (before they learn from it: prequential) and then trains them.
 * Bandit rewards normalise the loss by a running scale, see {@link RegressionLoss}.
 */
public final class RegressorSelector implements Regressor, ModelSelector {

    private final Regressor[] candidates;
    private final RegressionLoss loss;
    private final Competition competition;
    private final int dimension;
    private long updates;

    /**
     * @param candidates named candidates, in a defined order (which breaks ties and picks the first server); the
     *                   selector owns them from now on
     */
    public RegressorSelector(SequencedMap<String, ? extends Regressor> candidates, RegressionLoss loss,
            LossAverage average, Strategy strategy) {
        Objects.requireNonNull(candidates, "candidates");
        this.loss = Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(average, "average");
        Objects.requireNonNull(strategy, "strategy");
        String[] names = Competition.checkNames(candidates.sequencedKeySet());
        this.candidates = candidates.sequencedValues().toArray(Regressor[]::new);
        Regressor first = this.candidates[0];
        for (int i = 0; i < names.length; i++) {
            Regressor c = Objects.requireNonNull(this.candidates[i], "candidate " + names[i]);
            if (c.dimension() != first.dimension()) {
                throw new IllegalArgumentException("candidate " + names[i] + " has dimension " + c.dimension()
                        + ", candidate " + names[0] + " has " + first.dimension());
            }
        }
        this.dimension = first.dimension();
        this.competition = new Competition(names, strategy, average, loss.configName());
    }

    @Override
    public double predictOne(FeatureVector x) {
        return candidates[competition.winner()].predictOne(x);
    }

    /**
     * Scores the participating candidates on (x, y), then trains them on it. The input is checked before any
     * candidate is touched, so a bad instance leaves every candidate as it was.
     */
    @Override
    public void learnOne(FeatureVector x, double y) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        for (int i : competition.participants()) {
            Regressor c = candidates[i];
            double l = loss.loss(y, c.predictOne(x));
            competition.record(i, l, reward(l));
            c.learnOne(x, y);
        }
        competition.endEvent();
        updates++;
    }

    /** {@code 1 - loss / (loss + s)}, s the mean of the losses recorded before this one. */
    private double reward(double l) {
        double s = competition.pooledMeanLoss();
        if (Double.isNaN(s)) {
            return l == 0 ? 1.0 : 0.5;
        }
        if (!Double.isFinite(l)) {
            return 0.0;
        }
        if (s == 0) {
            return l == 0 ? 1.0 : 0.0;
        }
        return s / (l + s);
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
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
    public Regressor winnerModel() {
        return candidates[competition.winner()];
    }

    @Override
    public List<String> candidateNames() {
        return competition.names();
    }

    @Override
    public Regressor candidate(String name) {
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

    public RegressionLoss loss() {
        return loss;
    }

    @Override
    public String toString() {
        return "RegressorSelector[" + competition.strategy().name() + ", " + loss.configName() + ", winner="
                + winner() + ", candidates=" + candidateNames() + "]";
    }
}
