package io.tributary.learn.selection;

/**
 * How a selector spends its events on its candidates and which one serves predictions.
 *
 * <ul>
 *   <li>{@link Greedy}: every candidate is scored (prequentially: predict, then learn) and trained on every
 *       event; the candidate with the lowest prequential loss serves. Costs K models per event.</li>
 *   <li>{@link Ucb1} and {@link EpsilonGreedy}: a multi-armed bandit over the candidates. Each event goes to one
 *       candidate, the arm the policy pulls, which alone is scored and then trained on it; its reward is
 *       {@code 1 - normalised loss}, in [0, 1] (see {@link ClassificationLoss} and {@link RegressionLoss}). The arm
 *       with the highest mean reward serves. Costs one model per event, at the price of candidates that see
 *       fewer events.</li>
 *   <li>{@link SuccessiveHalving}: every surviving candidate is scored and trained on every event; at the end of
 *       each round of {@code roundLength} events the survivors are ranked by their mean loss over that round and
 *       the better half (rounded up) survives, until one is left, which then serves and learns alone. K
 *       candidates need {@code ceil(log2 K)} rounds.</li>
 * </ul>
 */
public sealed interface Strategy {

    /** Stable name, e.g. for the scoreboard. */
    String name();

    /** All candidates learn; the best by prequential loss serves. */
    record Greedy() implements Strategy {
        @Override
        public String name() {
            return "greedy";
        }
    }

    /**
     * UCB1 (Auer, Cesa-Bianchi and Fischer 2002): pull every arm once, then the arm maximising
     * {@code meanReward + c · sqrt(2 ln(pulls) / pulls_arm)}; {@code c = 1} is the textbook policy, smaller values
     * explore less.
     */
    record Ucb1(double exploration) implements Strategy {
        public Ucb1 {
            if (!(exploration >= 0) || !Double.isFinite(exploration)) {
                throw new IllegalArgumentException("exploration must be >= 0 and finite, got " + exploration);
            }
        }

        @Override
        public String name() {
            return "ucb1";
        }
    }

    /**
     * Pull every arm once, then, with probability {@code epsilon}, an arm chosen uniformly at random, otherwise the
     * arm with the highest mean reward. Seeded, so runs are reproducible.
     */
    record EpsilonGreedy(double epsilon, long seed) implements Strategy {
        public EpsilonGreedy {
            if (!(epsilon >= 0 && epsilon <= 1)) {
                throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
            }
        }

        @Override
        public String name() {
            return "epsilon_greedy";
        }
    }

    /** Keep the better half of the survivors every {@code roundLength} events until one remains. */
    record SuccessiveHalving(int roundLength) implements Strategy {
        public SuccessiveHalving {
            if (roundLength <= 0) {
                throw new IllegalArgumentException("roundLength must be positive, got " + roundLength);
            }
        }

        @Override
        public String name() {
            return "successive_halving";
        }
    }

    static Strategy greedy() {
        return new Greedy();
    }

    static Strategy ucb1() {
        return new Ucb1(1.0);
    }

    static Strategy ucb1(double exploration) {
        return new Ucb1(exploration);
    }

    static Strategy epsilonGreedy(double epsilon, long seed) {
        return new EpsilonGreedy(epsilon, seed);
    }

    static Strategy successiveHalving(int roundLength) {
        return new SuccessiveHalving(roundLength);
    }
}
