package io.tributary.learn.selection;

import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.function.IntFunction;

/**
 * What every selector shares, whatever the candidates predict: the candidates, the {@link Competition} that scores
 * them, the input checks made before any candidate is touched, and the {@link ModelSelector} accessors. Subclasses
 * add the typed {@code predictOne}/{@code learnOne} and the loss.
 *
 * @param <M> the candidates' type ({@code Classifier} or {@code Regressor})
 */
abstract sealed class CandidatePool<M extends OnlineLearner> implements ModelSelector
        permits ClassifierSelector, RegressorSelector {

    final M[] candidates;
    final Competition competition;
    private final int dimension;
    private long updates;

    /** @param lossName the loss as configured, shown on the scoreboard */
    CandidatePool(SequencedMap<String, ? extends M> candidates, IntFunction<M[]> array, String lossName,
            LossAverage average, Strategy strategy) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(average, "average");
        Objects.requireNonNull(strategy, "strategy");
        String[] names = Competition.checkNames(candidates.sequencedKeySet());
        this.candidates = candidates.sequencedValues().toArray(array);
        for (int i = 0; i < names.length; i++) {
            Objects.requireNonNull(this.candidates[i], "candidate " + names[i]);
            String mismatch = mismatch(this.candidates[0], this.candidates[i]);
            if (mismatch != null) {
                throw new IllegalArgumentException("candidate " + names[i] + " does not match candidate " + names[0] + ": " + mismatch);
            }
        }
        this.dimension = this.candidates[0].dimension();
        this.competition = new Competition(names, strategy, average, lossName);
    }

    /**
     * Puts this freshly built selector in {@code state} (the restore factories).
     *
     * @throws IllegalArgumentException when the state does not fit this selector's candidates and configuration
     */
    final void load(SelectorState state) {
        Objects.requireNonNull(state, "state");
        competition.restore(state);
        updates = state.updates();
    }

    /** Why {@code other} cannot compete with {@code first} (different task, dimension, classes), or null. */
    abstract String mismatch(M first, M other);

    /** The checks every learnOne makes before any candidate is touched, so a bad instance changes nothing. */
    final void checkFeatures(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != dimension) {
            throw new IllegalArgumentException("expected dimension " + dimension + ", got " + x.dimension());
        }
        if (!x.isFinite()) {
            throw new IllegalArgumentException("features contain NaN or infinity; refusing to learn from them");
        }
    }

    /** Closes one event of the competition, after every participant was scored and trained. */
    final void eventDone() {
        competition.endEvent();
        updates++;
    }

    final M server() {
        return candidates[competition.winner()];
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    /** Events this selector has learned from (each candidate's own count is on the {@link #scoreboard()}). */
    @Override
    public final long updates() {
        return updates;
    }

    @Override
    public final String algorithm() {
        return ALGORITHM;
    }

    @Override
    public final String winner() {
        return competition.name(competition.winner());
    }

    /** The candidate serving predictions now. */
    public final M winnerModel() {
        return server();
    }

    @Override
    public final List<String> candidateNames() {
        return competition.names();
    }

    @Override
    public final M candidate(String name) {
        return candidates[competition.indexOf(name)];
    }

    @Override
    public final Scoreboard scoreboard() {
        return competition.scoreboard(i -> candidates[i].updates());
    }

    @Override
    public final Strategy strategy() {
        return competition.strategy();
    }

    /** How each candidate's losses are averaged. */
    public final LossAverage average() {
        return competition.average();
    }

    /**
     * A copy of the competition's learned state, for snapshots: with the candidates' own snapshots and the
     * configuration ({@link #strategy()}, {@link #average()}, the loss) it is everything a restored selector needs
     * to continue exactly like this one. The candidates are not part of it.
     */
    public final SelectorState state() {
        return competition.state(updates);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + competition.strategy().name() + ", " + competition.lossName()
                + ", winner=" + winner() + ", candidates=" + candidateNames() + "]";
    }
}
