package io.tributary.learn.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;

/**
 * The bookkeeping shared by {@link ClassifierSelector} and {@link RegressorSelector}: which candidates take part
 * in an event, their losses and rewards, successive-halving rounds, and the winner.
 */
final class Competition {

    private final String[] names;
    private final Strategy strategy;
    private final LossAverage average;
    private final String lossName;
    private final LossTracker[] trackers;
    private final long[] evaluated;
    private final boolean[] active;
    private final int[] eliminatedInRound;
    private int[] participants;

    private final double[] rewardSum;
    private long totalPulls;
    /** ε-greedy only; not final because a restore replaces it with one in the stored state. */
    private SplitMix64 random;
    private final int[] pulled = new int[1];

    private final double[] roundLoss;
    private int eventsInRound;
    private int rounds;

    private double pooledLossSum;
    private long pooledLosses;
    private long events;
    private int winner;

    String lossName() {
        return lossName;
    }

    Competition(String[] names, Strategy strategy, LossAverage average, String lossName) {
        this.names = names.clone();
        this.strategy = strategy;
        this.average = average;
        this.lossName = lossName;
        int k = names.length;
        this.trackers = new LossTracker[k];
        for (int i = 0; i < k; i++) {
            trackers[i] = LossTracker.of(average);
        }
        this.evaluated = new long[k];
        this.active = new boolean[k];
        Arrays.fill(active, true);
        this.eliminatedInRound = new int[k];
        this.participants = activeIndices();
        this.rewardSum = new double[k];
        this.random = strategy instanceof Strategy.EpsilonGreedy eg ? new SplitMix64(eg.seed()) : null;
        this.roundLoss = new double[k];
    }

    /** A copy of everything that changes as events are recorded; {@code updates} is the selector's own count. */
    SelectorState state(long updates) {
        List<SelectorState.Tracker> trackerStates = new ArrayList<>(trackers.length);
        for (LossTracker t : trackers) {
            trackerStates.add(t.state());
        }
        return new SelectorState(updates, events, winner, trackerStates, evaluated.clone(), active.clone(),
                eliminatedInRound.clone(), participants.clone(), rewardSum.clone(), totalPulls,
                random == null ? 0 : random.state(), roundLoss.clone(), eventsInRound, rounds, pooledLossSum,
                pooledLosses);
    }

    /**
     * Puts this fresh competition in {@code state}, after checking that the state is one this configuration can
     * reach (sizes, ranges, and the relations between counters that recording keeps), so that a corrupted snapshot
     * is rejected rather than producing a selector that fails later. Only relations that hold after every
     * {@link #record} are checked, not those that need the event to be closed: a candidate that throws while
     * learning leaves an event half recorded, and the snapshot taken after it must still restore.
     *
     * @throws IllegalArgumentException naming the first inconsistency
     */
    void restore(SelectorState state) {
        int k = names.length;
        check(state.size() == k, "state for " + state.size() + " candidates, the selector has " + k);
        LossTracker[] restored = new LossTracker[k];
        for (int i = 0; i < k; i++) {
            try {
                restored[i] = LossTracker.restore(average, state.trackers().get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("candidate " + names[i] + ": " + e.getMessage(), e);
            }
        }
        long evaluations = 0;
        for (int i = 0; i < k; i++) {
            check(state.evaluated()[i] >= 0, "candidate " + names[i] + " evaluated " + state.evaluated()[i] + " times");
            evaluations += state.evaluated()[i];
            check(!Double.isNaN(state.roundLoss()[i]) && state.roundLoss()[i] >= 0
                            && Double.isFinite(state.rewardSum()[i]) && state.rewardSum()[i] >= 0,
                    "candidate " + names[i] + " has round loss " + state.roundLoss()[i] + ", reward sum "
                            + state.rewardSum()[i]);
        }
        check(state.events() >= 0 && state.updates() == state.events(),
                "updates " + state.updates() + " and events " + state.events() + " must be equal and >= 0");
        check(state.winner() >= 0 && state.winner() < k, "winner " + state.winner() + " is not a candidate index");
        check(state.pooledLosses() >= 0 && state.pooledLosses() <= evaluations && state.pooledLossSum() >= 0,
                state.pooledLosses() + " pooled losses summing to " + state.pooledLossSum() + " from " + evaluations
                        + " evaluations");
        if (isBandit()) {
            check(state.totalPulls() == evaluations, state.totalPulls() + " pulls, " + evaluations + " evaluations");
        } else {
            check(state.totalPulls() == 0 && Arrays.stream(state.rewardSum()).allMatch(r -> r == 0),
                    "pulls or rewards for a " + strategy.name() + " selector");
        }
        check(random != null || state.randomState() == 0, "a generator state for a " + strategy.name() + " selector");
        if (strategy instanceof Strategy.SuccessiveHalving sh) {
            check(state.rounds() >= 0 && state.eventsInRound() >= 0 && state.eventsInRound() < sh.roundLength(),
                    "round " + state.rounds() + ", " + state.eventsInRound() + " events into a round of "
                            + sh.roundLength());
            for (int i = 0; i < k; i++) {
                int round = state.eliminatedInRound()[i];
                check(round >= 0 && round <= state.rounds() && state.active()[i] == (round == 0),
                        "candidate " + names[i] + (state.active()[i] ? " is active" : " is eliminated")
                                + " with elimination round " + round + " of " + state.rounds());
            }
        } else {
            boolean allActive = true;
            for (int i = 0; i < k; i++) {
                allActive &= state.active()[i] && state.eliminatedInRound()[i] == 0 && state.roundLoss()[i] == 0;
            }
            check(allActive && state.rounds() == 0 && state.eventsInRound() == 0,
                    "eliminations or rounds for a " + strategy.name() + " selector");
        }
        int[] activeIndices = IntStream.range(0, k).filter(i -> state.active()[i]).toArray();
        check(activeIndices.length > 0, "every candidate is eliminated");
        check(Arrays.equals(activeIndices, state.participants()), "participants "
                + Arrays.toString(state.participants()) + " are not the active candidates "
                + Arrays.toString(activeIndices));

        System.arraycopy(restored, 0, trackers, 0, k);
        System.arraycopy(state.evaluated(), 0, evaluated, 0, k);
        System.arraycopy(state.active(), 0, active, 0, k);
        System.arraycopy(state.eliminatedInRound(), 0, eliminatedInRound, 0, k);
        participants = activeIndices;
        System.arraycopy(state.rewardSum(), 0, rewardSum, 0, k);
        totalPulls = state.totalPulls();
        if (random != null) {
            random = new SplitMix64(state.randomState());
        }
        System.arraycopy(state.roundLoss(), 0, roundLoss, 0, k);
        eventsInRound = state.eventsInRound();
        rounds = state.rounds();
        pooledLossSum = state.pooledLossSum();
        pooledLosses = state.pooledLosses();
        events = state.events();
        winner = state.winner();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent selector state: " + what);
        }
    }

    boolean isBandit() {
        return strategy instanceof Strategy.Ucb1 || strategy instanceof Strategy.EpsilonGreedy;
    }

    /** The candidates that are scored on, then learn from, the coming event. The caller must not keep the array. */
    int[] participants() {
        if (!isBandit()) {
            return participants;
        }
        pulled[0] = pull();
        return pulled;
    }

    private int pull() {
        int k = names.length;
        for (int i = 0; i < k; i++) {
            if (evaluated[i] == 0) {
                return i;
            }
        }
        if (strategy instanceof Strategy.EpsilonGreedy eg && random.nextDouble() < eg.epsilon()) {
            return random.nextInt(k);
        }
        double c = strategy instanceof Strategy.Ucb1 ucb ? ucb.exploration() : 0.0;
        double logT = Math.log(totalPulls);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double score = rewardSum[i] / evaluated[i];
            if (c > 0) {
                score += c * Math.sqrt(2 * logT / evaluated[i]);
            }
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** Mean of every finite loss recorded so far (all candidates); NaN before the first. */
    double pooledMeanLoss() {
        return pooledLosses == 0 ? Double.NaN : pooledLossSum / pooledLosses;
    }

    /** Records candidate i's loss on the current event and its reward (used by the bandits only). */
    void record(int i, double loss, double reward) {
        trackers[i].add(loss);
        evaluated[i]++;
        if (Double.isFinite(loss)) {
            pooledLossSum += loss;
            pooledLosses++;
        }
        if (isBandit()) {
            rewardSum[i] += reward;
            totalPulls++;
        } else if (strategy instanceof Strategy.SuccessiveHalving) {
            roundLoss[i] += loss;
        }
    }

    /** Closes the current event: successive-halving rounds end here, and the winner is re-chosen. */
    void endEvent() {
        events++;
        if (strategy instanceof Strategy.SuccessiveHalving sh && participants.length > 1
                && ++eventsInRound == sh.roundLength()) {
            halve();
        }
        winner = chooseWinner();
    }

    private void halve() {
        Integer[] order = new Integer[participants.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = participants[j];
        }
        // Stable sort: equal round losses keep the order the candidates were given in.
        Arrays.sort(order, (a, b) -> Double.compare(roundLoss[a], roundLoss[b]));
        int keep = (order.length + 1) / 2;
        rounds++;
        for (int j = keep; j < order.length; j++) {
            active[order[j]] = false;
            eliminatedInRound[order[j]] = rounds;
        }
        participants = activeIndices();
        Arrays.fill(roundLoss, 0.0);
        eventsInRound = 0;
    }

    private int[] activeIndices() {
        return IntStream.range(0, names.length).filter(i -> active[i]).toArray();
    }

    private int chooseWinner() {
        int best = -1;
        if (isBandit()) {
            double bestReward = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < names.length; i++) {
                if (evaluated[i] > 0 && rewardSum[i] / evaluated[i] > bestReward) {
                    bestReward = rewardSum[i] / evaluated[i];
                    best = i;
                }
            }
        } else {
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int i : participants) {
                double l = trackers[i].mean();
                if (evaluated[i] > 0 && (best < 0 || l < bestLoss)) {
                    bestLoss = l;
                    best = i;
                }
            }
        }
        return best < 0 ? participants[0] : best;
    }

    int winner() {
        return winner;
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no candidate named '" + name + "'; candidates: "
                + String.join(", ", names));
    }

    List<String> names() {
        return List.of(names);
    }

    long events() {
        return events;
    }

    Strategy strategy() {
        return strategy;
    }

    LossAverage average() {
        return average;
    }

    Scoreboard scoreboard(IntToLongFunction updates) {
        List<Scoreboard.Entry> entries = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            double reward = isBandit() && evaluated[i] > 0 ? rewardSum[i] / evaluated[i] : Double.NaN;
            entries.add(new Scoreboard.Entry(names[i], trackers[i].mean(), evaluated[i], updates.applyAsLong(i),
                    reward, active[i], eliminatedInRound[i]));
        }
        return new Scoreboard(strategy.name(), lossName, events, names[winner], rounds, entries);
    }

    static String[] checkNames(Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a selector needs at least one candidate");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("candidate names must not be null or blank");
            }
        }
        return names.toArray(String[]::new);
    }
}
