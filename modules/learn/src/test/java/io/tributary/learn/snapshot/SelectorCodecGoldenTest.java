package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Regressor;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import io.tributary.learn.selection.ClassificationLoss;
import io.tributary.learn.selection.ClassifierSelector;
import io.tributary.learn.selection.LossAverage;
import io.tributary.learn.selection.RegressionLoss;
import io.tributary.learn.selection.RegressorSelector;
import io.tributary.learn.selection.Scoreboard;
import io.tributary.learn.selection.Strategy;
import io.tributary.learn.simd.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Selector snapshots written by format version 1 when it was introduced, kept as literals: a later build must still
 * read them. The expected standings are not copied from the decoder's output: each test replays the same seeded
 * training with every candidate on its own and the strategy worked out by hand (successive halving's round sums and
 * cut, ε-greedy's draws from the JDK's SplittableRandom, which is the same SplitMix64 sequence), and checks the
 * decoded selector against that, then continues both and checks they still agree, which they only can if every
 * counter, the round in progress and the generator's position were read back right.
 */
class SelectorCodecGoldenTest {

    private static final int D = 2;
    private static final Kernels KERNELS = Kernels.scalar();

    private static Classifier logistic(Map<String, ?> hp) {
        return (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", D, hp), KERNELS);
    }

    private static Regressor linear(Map<String, ?> hp) {
        return (Regressor) Learners.create(LearnerSpec.regression("linear_regression", D, hp), KERNELS);
    }

    // ---- successive halving, log loss, window ----

    private static final int ROUND = 5;
    private static final int WINDOW = 4;
    private static final int HALVING_EVENTS = 8;

    private static SequencedMap<String, Classifier> halvingCandidates() {
        SequencedMap<String, Classifier> c = new LinkedHashMap<>();
        c.put("sgd", logistic(Map.of("optimizer", "sgd", "learning_rate", 0.1)));
        c.put("adagrad", logistic(Map.of("learning_rate", 0.5)));
        c.put("slow", logistic(Map.of("optimizer", "sgd", "learning_rate", 1e-3)));
        return c;
    }

    /**
     * How the literal was made: three logistic regressions, successive halving in rounds of 5 over a window of 4,
     * 8 events of Hyperplane(2, seed 3): one candidate out after the first round, 3 events into the second.
     */
    static ClassifierSelector halvingSelector() {
        ClassifierSelector s = new ClassifierSelector(halvingCandidates(), ClassificationLoss.LOG_LOSS,
                LossAverage.window(WINDOW), Strategy.successiveHalving(ROUND));
        Hyperplane stream = new Hyperplane(D, 3);
        for (int t = 0; t < HALVING_EVENTS; t++) {
            LabelledInstance li = stream.next();
            s.learnOne(li.features(), li.label());
        }
        return s;
    }

    /** {@link #halvingSelector()}, encoded by format version 1 (base64). */
    static final String HALVING_V1 = """
            VFJCUwEAAQgAbG9nX2xvc3MABAAAAAMFAAAAAwAAAAgAAAAAAAAACAAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAMAAAAB
            AAAA4oRbvnCuLUAVAAAAAAAAAAIAAAAAAAAAAgAAAAMAc2dkCAAAAAAAAAABAAAAAAAAAAAAAAAA+HUA6yW6AUAEAAAAAAAA
            AAAAAAAAAAAA3fwmPvGkBkCVG5pMLavjP5Z+DVHd8uk/TRH65T2f5D/8R/p0fFboP2IAAABUUkJMAQATAGxvZ2lzdGljX3Jl
            Z3Jlc3Npb24BAgAAAAIAAAAAAJqZmZmZmbk/AAAAAAAAAAAAAAAAAADQPzqMMOKOeUU+CAAAAAAAAAABAAAANtXbvRTgWD2q
            g6y9R8n66wcAYWRhZ3JhZAUAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAABAAAAAEAAAAAAAAAAQAAAGlavojvCAhAGTMt
            HZUy2T8Sw3CA19f0P6R9VUE9tuk/UswrUock4D9uAAAAVFJCTAEAEwBsb2dpc3RpY19yZWdyZXNzaW9uAQIAAAACAAAAAQAA
            AAAAAADgPwAAAAAAAAAAAAAAAAAA0D86jDDijnlFPgUAAAAAAAAAAQAAAHYaL7+fdZy9bID9vnpAEz/QSrE+AY+sP4dHKgAE
            AHNsb3cIAAAAAAAAAAEAAAAAAAAAAAAAAAChROxiZKUAQAQAAAAAAAAAAAAAAAAAAACnDDFgRS8GQBUgE/WDJ+Y/WoIw4q83
            5j+uBYiXjinmP3yK+BFTNOY/YgAAAFRSQkwBABMAbG9naXN0aWNfcmVncmVzc2lvbgECAAAAAgAAAAAA/Knx0k1iUD8AAAAA
            AAAAAAAAAAAAANA/Ooww4o55RT4IAAAAAAAAAAEAAABHr5a6iy3lOY3agrrWS7UPGIN4+Q==
            """;

    /** Successive halving by hand: each candidate on its own, scored then trained while it survives. */
    private static final class HalvingReplay {
        final List<String> names;
        final List<Classifier> models;
        final List<List<Double>> losses = new ArrayList<>();
        final double[] roundSum;
        final int[] eliminated;
        final List<Integer> alive = new ArrayList<>();
        int rounds;
        int inRound;

        HalvingReplay() {
            SequencedMap<String, Classifier> c = halvingCandidates();
            names = List.copyOf(c.sequencedKeySet());
            models = List.copyOf(c.sequencedValues());
            roundSum = new double[names.size()];
            eliminated = new int[names.size()];
            for (int i = 0; i < names.size(); i++) {
                losses.add(new ArrayList<>());
                alive.add(i);
            }
        }

        void learn(LabelledInstance li) {
            for (int i : alive) {
                float[] p = models.get(i).predictProbaOne(li.features());
                double l = -Math.log(Math.max(p[li.label()], 1e-15));
                losses.get(i).add(l);
                roundSum[i] += l;
                models.get(i).learnOne(li.features(), li.label());
            }
            if (alive.size() > 1 && ++inRound == ROUND) {
                List<Integer> ranked = new ArrayList<>(alive);
                ranked.sort((a, b) -> Double.compare(roundSum[a], roundSum[b]));
                int keep = (ranked.size() + 1) / 2;
                rounds++;
                for (int i : ranked.subList(keep, ranked.size())) {
                    eliminated[i] = rounds;
                }
                alive.retainAll(ranked.subList(0, keep));
                Arrays.fill(roundSum, 0);
                inRound = 0;
            }
        }

        double windowLoss(int i) {
            List<Double> l = losses.get(i);
            List<Double> last = l.subList(Math.max(0, l.size() - WINDOW), l.size());
            return last.stream().mapToDouble(Double::doubleValue).sum() / last.size();
        }

        String winner() {
            int best = alive.getFirst();
            for (int i : alive) {
                if (windowLoss(i) < windowLoss(best)) {
                    best = i;
                }
            }
            return names.get(best);
        }
    }

    @Test
    void aVersion1SuccessiveHalvingSnapshotDecodesToTheReplayedStandings() {
        byte[] golden = Base64.getMimeDecoder().decode(HALVING_V1);
        ClassifierSelector decoded = (ClassifierSelector) LearnerCodec.decode(golden, KERNELS);
        assertArrayEquals(golden, LearnerCodec.encode(decoded), "re-encoding gives the stored bytes");

        HalvingReplay replay = new HalvingReplay();
        Hyperplane stream = new Hyperplane(D, 3);
        for (int t = 0; t < HALVING_EVENTS; t++) {
            replay.learn(stream.next());
        }
        assertEquals(1, replay.rounds);
        assertEquals(HALVING_EVENTS - ROUND, replay.inRound, "the snapshot is mid-round");
        assertEquals(HALVING_EVENTS - ROUND, decoded.state().eventsInRound());
        assertStandings(replay, decoded.scoreboard(), HALVING_EVENTS);
        for (int i = 0; i < replay.names.size(); i++) {
            DenseVector probe = DenseVector.of(0.3f, 0.8f);
            assertEquals(replay.models.get(i).predictProbaOne(probe)[1],
                    decoded.candidate(replay.names.get(i)).predictProbaOne(probe)[1], 1e-6, replay.names.get(i));
        }

        // Both go on to finish the second round: the decoded selector halves at the right event.
        for (int t = HALVING_EVENTS; t < 3 * ROUND; t++) {
            LabelledInstance li = stream.next();
            replay.learn(li);
            decoded.learnOne(li.features(), li.label());
        }
        assertEquals(2, replay.rounds);
        assertStandings(replay, decoded.scoreboard(), 3 * ROUND);
    }

    private static void assertStandings(HalvingReplay replay, Scoreboard board, int events) {
        assertEquals("successive_halving", board.strategy());
        assertEquals("log_loss", board.loss());
        assertEquals(events, board.events());
        assertEquals(replay.rounds, board.rounds());
        assertEquals(replay.winner(), board.winner());
        for (int i = 0; i < replay.names.size(); i++) {
            Scoreboard.Entry e = board.candidates().get(i);
            String name = replay.names.get(i);
            assertEquals(name, e.name());
            assertEquals(replay.losses.get(i).size(), e.evaluated(), name);
            assertEquals(replay.losses.get(i).size(), e.updates(), name);
            assertEquals(replay.eliminated[i], e.eliminatedInRound(), name);
            assertEquals(replay.eliminated[i] == 0, e.active(), name);
            assertEquals(replay.windowLoss(i), e.loss(), 1e-12, name);
            assertTrue(Double.isNaN(e.meanReward()), name);
        }
    }

    // ---- epsilon-greedy, squared loss, fading ----

    private static final double EPSILON = 0.3;
    private static final long SEED = 2024;
    private static final double ALPHA = 0.8;
    private static final int BANDIT_EVENTS = 12;

    private static SequencedMap<String, Regressor> banditCandidates() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("sgd", linear(Map.of("optimizer", "sgd", "learning_rate", 0.05)));
        c.put("adagrad", linear(Map.of("learning_rate", 0.5)));
        return c;
    }

    /** How the literal was made: two linear regressions, ε-greedy (0.3, seed 2024) with fading α = 0.8. */
    static RegressorSelector banditSelector() {
        RegressorSelector s = new RegressorSelector(banditCandidates(), RegressionLoss.SQUARED,
                LossAverage.fading(ALPHA), Strategy.epsilonGreedy(EPSILON, SEED));
        LinearTarget stream = new LinearTarget(D, 0.1, 5);
        for (int t = 0; t < BANDIT_EVENTS; t++) {
            LabelledInstance li = stream.next();
            s.learnOne(li.features(), li.y());
        }
        return s;
    }

    /** {@link #banditSelector()}, encoded by format version 1 (base64). */
    static final String BANDIT_V1 = """
            VFJCUwEAAAcAc3F1YXJlZAGamZmZmZnpPwIzMzMzMzPTP+gHAAAAAAAAAgAAAAwAAAAAAAAADAAAAAAAAAAAAAAADAAAAAAA
            AAAO0RL2JKgIpwAAAAAAAAAAw+DYFXm9DkAMAAAAAAAAAAIAAAAAAAAAAQAAAAMAc2dkCQAAAAAAAAABAAAAAJiyklc/OxlA
            AAAAAAAAAAAc5MKUUJzlP3ruuSPOUBFACQAAAAAAAAAAAAAAAAAAAGAAAABUUkJMAQARAGxpbmVhcl9yZWdyZXNzaW9uAAIA
            AAABAAAAAACamZmZmZmpPwAAAAAAAAAAAAAAAAAA0D86jDDijnlFPgkAAAAAAAAAAQAAAPKF/DyN+T496f8svmj5DUsHAGFk
            YWdyYWQDAAAAAAAAAAEAAAAAKxMl+eKi8D8AAAAAAAAAAKp1U1a0kvs/hutRuB6FA0ADAAAAAAAAAAAAAAAAAAAAbAAAAFRS
            QkwBABEAbGluZWFyX3JlZ3Jlc3Npb24AAgAAAAEAAAABAAAAAAAAAOA/AAAAAAAAAAAAAAAAAADQPzqMMOKOeUU+AwAAAAAA
            AAABAAAAuRDfvg9grz6c19C+c6fmP5+sLD+abQNAtGyj/RFn/q0=
            """;

    /** ε-greedy by hand, drawing from the JDK's SplitMix64. */
    private static final class BanditReplay {
        final List<String> names;
        final List<Regressor> models;
        final List<List<Double>> losses = new ArrayList<>();
        final double[] rewardSum;
        final SplittableRandom random = new SplittableRandom(SEED);
        double pooledSum;
        int pooled;
        int explored;

        BanditReplay() {
            SequencedMap<String, Regressor> c = banditCandidates();
            names = List.copyOf(c.sequencedKeySet());
            models = List.copyOf(c.sequencedValues());
            rewardSum = new double[names.size()];
            for (int i = 0; i < names.size(); i++) {
                losses.add(new ArrayList<>());
            }
        }

        int pull() {
            for (int i = 0; i < names.size(); i++) {
                if (losses.get(i).isEmpty()) {
                    return i;
                }
            }
            if (random.nextDouble() < EPSILON) {
                explored++;
                // Two arms, a power of two: the arm is the draw's top bit.
                return (int) (random.nextLong() >>> 63);
            }
            return best();
        }

        int best() {
            int best = -1;
            for (int i = 0; i < names.size(); i++) {
                if (!losses.get(i).isEmpty() && (best < 0 || meanReward(i) > meanReward(best))) {
                    best = i;
                }
            }
            return best;
        }

        double meanReward(int i) {
            return rewardSum[i] / losses.get(i).size();
        }

        void learn(LabelledInstance li) {
            int i = pull();
            double e = li.y() - models.get(i).predictOne(li.features());
            double l = e * e;
            // RegressionLoss's documented reward: s / (l + s), s the mean of the earlier losses; 1/2 before any.
            double reward = pooled == 0 ? (l == 0 ? 1 : 0.5) : (pooledSum / pooled) / (l + pooledSum / pooled);
            losses.get(i).add(l);
            rewardSum[i] += reward;
            pooledSum += l;
            pooled++;
            models.get(i).learnOne(li.features(), li.y());
        }

        /** The fading mean in closed form: sum of α^(n-j) l_j over sum of α^(n-j). */
        double fadingLoss(int i) {
            List<Double> l = losses.get(i);
            double s = 0;
            double w = 0;
            for (int j = 0; j < l.size(); j++) {
                double f = Math.pow(ALPHA, l.size() - 1 - j);
                s += f * l.get(j);
                w += f;
            }
            return s / w;
        }
    }

    @Test
    void aVersion1EpsilonGreedySnapshotDecodesToTheReplayedStandingsAndGeneratorPosition() {
        byte[] golden = Base64.getMimeDecoder().decode(BANDIT_V1);
        RegressorSelector decoded = (RegressorSelector) LearnerCodec.decode(golden, KERNELS);
        assertArrayEquals(golden, LearnerCodec.encode(decoded), "re-encoding gives the stored bytes");

        BanditReplay replay = new BanditReplay();
        LinearTarget stream = new LinearTarget(D, 0.1, 5);
        for (int t = 0; t < BANDIT_EVENTS; t++) {
            replay.learn(stream.next());
        }
        assertTrue(replay.explored > 0, "the snapshot's history includes an exploration draw");
        assertBanditStandings(replay, decoded.scoreboard(), BANDIT_EVENTS);

        // Continuing is only the same if the decoded generator is at the replay's position in the sequence.
        int exploredBefore = replay.explored;
        for (int t = BANDIT_EVENTS; t < 60; t++) {
            LabelledInstance li = stream.next();
            replay.learn(li);
            decoded.learnOne(li.features(), li.y());
        }
        assertTrue(replay.explored > exploredBefore, "explorations after the restore too");
        assertBanditStandings(replay, decoded.scoreboard(), 60);
    }

    private static void assertBanditStandings(BanditReplay replay, Scoreboard board, int events) {
        assertEquals("epsilon_greedy", board.strategy());
        assertEquals("squared", board.loss());
        assertEquals(events, board.events());
        assertEquals(replay.names.get(replay.best()), board.winner());
        for (int i = 0; i < replay.names.size(); i++) {
            Scoreboard.Entry e = board.candidates().get(i);
            String name = replay.names.get(i);
            assertEquals(name, e.name());
            assertEquals(replay.losses.get(i).size(), e.evaluated(), name);
            assertEquals(replay.losses.get(i).size(), e.updates(), name);
            assertEquals(replay.meanReward(i), e.meanReward(), 1e-12, name);
            double loss = replay.fadingLoss(i);
            assertEquals(loss, e.loss(), 1e-12 * (1 + loss), name);
            assertTrue(e.active());
        }
    }
}
