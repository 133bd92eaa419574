package io.tributary.learn.selection;

import java.util.List;
import java.util.Objects;

/**
 * The learned state of a selector's competition, everything besides its configuration (candidates, loss,
 * {@link LossAverage}, {@link Strategy}) that a restored selector needs to continue bit for bit like the original:
 * per candidate its loss average, evaluations, reward sum, successive-halving status and current round loss, and
 * for the selector the bandit's pull count and generator state, the round in progress, the pooled loss scale of
 * the regression rewards, and the winner.
 *
 * <p>A plain data carrier for snapshots ({@code SelectorCodec}): {@code state()} on a selector hands out copies
 * and {@code restore} copies what it gets and checks it against the configuration. The per-candidate arrays are
 * indexed like the candidates, in the order they were given.
 *
 * @param updates           events the selector has learned from ({@code updates()})
 * @param events            events the competition has closed; equals {@code updates}
 * @param winner            index of the candidate serving predictions
 * @param trackers          each candidate's loss average
 * @param evaluated         events on which each candidate was scored
 * @param active            false once successive halving eliminated the candidate
 * @param eliminatedInRound successive halving: the round that eliminated it, 0 while active
 * @param participants      indices of the candidates taking part in events (the active ones, ascending)
 * @param rewardSum         bandits: each candidate's sum of rewards
 * @param totalPulls        bandits: pulls so far (UCB1's {@code t})
 * @param randomState       ε-greedy: the state of its generator (SplitMix64); 0 for other strategies
 * @param roundLoss         successive halving: each candidate's loss summed over the round in progress
 * @param eventsInRound     successive halving: events of the round in progress
 * @param rounds            successive halving: rounds completed
 * @param pooledLossSum     sum of every finite loss recorded (all candidates), the regression rewards' scale
 * @param pooledLosses      how many losses that sum holds
 */
public record SelectorState(long updates, long events, int winner, List<Tracker> trackers, long[] evaluated,
        boolean[] active, int[] eliminatedInRound, int[] participants, double[] rewardSum, long totalPulls,
        long randomState, double[] roundLoss, int eventsInRound, int rounds, double pooledLossSum,
        long pooledLosses) {

    /** Checks what needs no configuration: presence, and that every per-candidate array has one entry each. */
    public SelectorState {
        Objects.requireNonNull(evaluated, "evaluated");
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(eliminatedInRound, "eliminatedInRound");
        Objects.requireNonNull(participants, "participants");
        Objects.requireNonNull(rewardSum, "rewardSum");
        Objects.requireNonNull(roundLoss, "roundLoss");
        trackers = List.copyOf(trackers);
        int k = trackers.size();
        if (k == 0 || evaluated.length != k || active.length != k || eliminatedInRound.length != k
                || rewardSum.length != k || roundLoss.length != k) {
            throw new IllegalArgumentException("inconsistent candidate counts: " + k + " trackers, "
                    + evaluated.length + " evaluated, " + active.length + " active, " + eliminatedInRound.length
                    + " eliminatedInRound, " + rewardSum.length + " rewardSum, " + roundLoss.length + " roundLoss");
        }
    }

    /** Number of candidates. */
    public int size() {
        return trackers.size();
    }

    /** A candidate's loss average: {@link WindowTracker} or {@link FadingTracker}, as its {@link LossAverage}. */
    public sealed interface Tracker permits WindowTracker, FadingTracker {
    }

    /**
     * {@link LossAverage.Window}'s ring of the last losses and its running sum, rebuilt from the ring once per
     * ring length of updates.
     *
     * @param ring         the ring, of the window's size; slots from {@code size} on are unused (0)
     * @param next         the slot the next loss goes to
     * @param size         losses in the ring
     * @param nonFinite    how many of them are infinite
     * @param sum          running sum of the finite ones
     * @param sinceRebuild updates since the sum was last rebuilt
     */
    public record WindowTracker(double[] ring, int next, int size, int nonFinite, double sum, int sinceRebuild)
            implements Tracker {

        public WindowTracker {
            Objects.requireNonNull(ring, "ring");
        }
    }

    /**
     * {@link LossAverage.Fading}'s faded sum and weight ({@link io.tributary.learn.metrics.FadingMean}), and how
     * many more evaluations an infinite loss keeps the average infinite.
     *
     * @param sum      the faded sum of the finite losses
     * @param weight   the faded count
     * @param count    finite losses absorbed
     * @param poisoned evaluations left during which the average stays infinite
     */
    public record FadingTracker(double sum, double weight, long count, long poisoned) implements Tracker {
    }
}
