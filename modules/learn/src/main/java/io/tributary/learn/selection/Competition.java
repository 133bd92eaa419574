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
    private final String lossName;
    private final LossTracker[] trackers;
    private final long[] evaluated;
    private final boolean[] active;
    private final int[] eliminatedInRound;
    private int[] participants;

    private final double[] rewardSum;
    private long totalPulls;
    private final SplitMix64 random;
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
