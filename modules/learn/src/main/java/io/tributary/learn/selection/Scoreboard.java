package io.tributary.learn.selection;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a selector's competition, for logs and metrics export.
 *
 * @param strategy   {@link Strategy#name()}
 * @param loss       the loss's config name, e.g. {@code log_loss}
 * @param events     events the selector has learned from
 * @param winner     the name of the candidate that serves predictions now
 * @param rounds     successive halving: rounds completed; 0 for other strategies
 * @param candidates one entry per candidate, in the order they were given
 */
public record Scoreboard(String strategy, String loss, long events, String winner, int rounds,
        List<Entry> candidates) {

    public Scoreboard {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(winner, "winner");
        candidates = List.copyOf(candidates);
    }

    /**
     * One candidate's standing.
     *
     * @param name       the candidate's name
     * @param loss       its prequential loss ({@link LossAverage}); NaN before its first evaluation
     * @param evaluated  events on which it was scored (and then trained): all events under greedy, its pulls under
     *                   a bandit, the events until its elimination under successive halving
     * @param updates    the candidate's own {@code updates()} count
     * @param meanReward bandits: mean reward over its pulls, NaN before the first; NaN for other strategies
     * @param active     false once successive halving has eliminated it
     * @param eliminatedInRound successive halving: the round (1-based) that eliminated it, 0 while active
     */
    public record Entry(String name, double loss, long evaluated, long updates, double meanReward, boolean active,
            int eliminatedInRound) {

        public Entry {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The entry of the named candidate. */
    public Entry entry(String name) {
        for (Entry e : candidates) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no candidate named '" + name + "'");
    }
}
