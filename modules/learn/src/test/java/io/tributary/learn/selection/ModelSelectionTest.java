package io.tributary.learn.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.Regressor;
import io.tributary.learn.datasets.DataStream;
import io.tributary.learn.datasets.GaussianBlobs;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import io.tributary.learn.metrics.ClassificationWindow;
import io.tributary.learn.metrics.FadingClassification;
import io.tributary.learn.metrics.RegressionWindow;
import io.tributary.learn.selection.Constant.ConstantClassifier;
import io.tributary.learn.selection.Constant.ConstantRegressor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSelectionTest {

    private static final int D = 10;

    private static Classifier logistic(String optimizer, double rate) {
        return (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", D,
                Map.of("optimizer", optimizer, "learning_rate", rate)));
    }

    private static Regressor linear(String optimizer, double rate) {
        return (Regressor) Learners.create(LearnerSpec.regression("linear_regression", D,
                Map.of("optimizer", optimizer, "learning_rate", rate)));
    }

    /** Good, terrible and constant binary candidates, built fresh on each call. */
    private static SequencedMap<String, Supplier<Classifier>> binaryFactories() {
        SequencedMap<String, Supplier<Classifier>> f = new LinkedHashMap<>();
        f.put("constant", () -> new ConstantClassifier(D, 0.5f, 0.5f));
        f.put("sgd_1e-4", () -> logistic("sgd", 1e-4));
        f.put("adagrad_0.5", () -> logistic("adagrad", 0.5));
        return f;
    }

    private static <T> SequencedMap<String, T> build(SequencedMap<String, Supplier<T>> factories) {
        SequencedMap<String, T> m = new LinkedHashMap<>();
        factories.forEach((name, f) -> m.put(name, f.get()));
        return m;
    }

    /** Prequential accuracy of a classifier over the last {@code window} of {@code n} events of a stream. */
    private static double accuracy(Classifier model, DataStream stream, int n, int window) {
        ClassificationWindow w = new ClassificationWindow(window);
        for (int t = 0; t < n; t++) {
            LabelledInstance li = stream.next();
            w.update(li.label(), model.predictProbaOne(li.features()));
            model.learnOne(li.features(), li.label());
        }
        return w.accuracy();
    }

    // ---- greedy ----

    @Test
    void greedyClassifierServesTheBestCandidateAndReportsTheirWindowedLoss() {
        int n = 10_000;
        ClassifierSelector selector = new ClassifierSelector(build(binaryFactories()), ClassificationLoss.LOG_LOSS,
                LossAverage.window(1000), Strategy.greedy());
        assertEquals("constant", selector.winner(), "the first candidate serves before any event");
        double selected = accuracy(selector, new Hyperplane(D, 42), n, n);

        // Each candidate alone, on the same stream: greedy trains every candidate on every event, so these replicas
        // follow exactly the same trajectories, and their windowed log loss is what the scoreboard must say.
        Scoreboard board = selector.scoreboard();
        double best = 0;
        for (Map.Entry<String, Supplier<Classifier>> e : binaryFactories().entrySet()) {
            Classifier alone = e.getValue().get();
            Hyperplane stream = new Hyperplane(D, 42);
            ClassificationWindow all = new ClassificationWindow(n);
            ClassificationWindow last = new ClassificationWindow(1000);
            for (int t = 0; t < n; t++) {
                LabelledInstance li = stream.next();
                float[] p = alone.predictProbaOne(li.features());
                all.update(li.label(), p);
                last.update(li.label(), p);
                alone.learnOne(li.features(), li.label());
            }
            Scoreboard.Entry entry = board.entry(e.getKey());
            assertEquals(last.logLoss(), entry.loss(), 1e-9, e.getKey());
            assertEquals(n, entry.evaluated());
            assertEquals(n, entry.updates());
            best = Math.max(best, all.accuracy());
            System.out.printf(Locale.ROOT, "greedy/log_loss: %-12s accuracy alone %.4f, windowed log loss %.4f%n",
                    e.getKey(), all.accuracy(), entry.loss());
        }
        System.out.printf(Locale.ROOT, "greedy/log_loss: selector accuracy %.4f, best alone %.4f%n", selected, best);
        assertEquals("adagrad_0.5", selector.winner());
        assertEquals("adagrad_0.5", board.winner());
        assertTrue(best - selected <= 0.005, "selector " + selected + " vs best " + best);
        assertEquals(n, selector.updates());
        assertEquals(ModelSelector.ALGORITHM, selector.algorithm());
        assertEquals("greedy", board.strategy());
        assertEquals("log_loss", board.loss());
        assertTrue(Double.isNaN(board.entry("constant").meanReward()));
    }

    @Test
    void greedyWithAFadingZeroOneLossOnAMulticlassStream() {
        int n = 5000;
        double alpha = 0.995;
        SequencedMap<String, Supplier<Classifier>> f = new LinkedHashMap<>();
        f.put("prior", () -> new ConstantClassifier(D, 0.25f, 0.25f, 0.25f, 0.25f));
        f.put("softmax_sgd_1e-5", () -> (Classifier) Learners.create(LearnerSpec.multiclass("softmax_regression", D,
                4, Map.of("optimizer", "sgd", "learning_rate", 1e-5))));
        f.put("softmax_adagrad", () -> (Classifier) Learners.create(LearnerSpec.multiclass("softmax_regression", D,
                4, Map.of("learning_rate", 0.2))));
        ClassifierSelector selector = new ClassifierSelector(build(f), ClassificationLoss.ZERO_ONE,
                LossAverage.fading(alpha), Strategy.greedy());
        accuracy(selector, new GaussianBlobs(D, 4, 7), n, n);
        for (Map.Entry<String, Supplier<Classifier>> e : f.entrySet()) {
            Classifier alone = e.getValue().get();
            GaussianBlobs stream = new GaussianBlobs(D, 4, 7);
            FadingClassification fading = new FadingClassification(alpha);
            for (int t = 0; t < n; t++) {
                LabelledInstance li = stream.next();
                fading.update(li.label(), alone.predictProbaOne(li.features()));
                alone.learnOne(li.features(), li.label());
            }
            assertEquals(1 - fading.accuracy(), selector.scoreboard().entry(e.getKey()).loss(), 1e-9, e.getKey());
        }
        assertEquals("softmax_adagrad", selector.winner());
    }

    @Test
    void greedyRegressorServesTheBestCandidate() {
        int n = 8000;
        SequencedMap<String, Supplier<Regressor>> f = new LinkedHashMap<>();
        f.put("zero", () -> new ConstantRegressor(D, 0));
        f.put("sgd_1e-5", () -> linear("sgd", 1e-5));
        f.put("adagrad_0.5", () -> linear("adagrad", 0.5));
        RegressorSelector selector = new RegressorSelector(build(f), RegressionLoss.SQUARED, LossAverage.window(500),
                Strategy.greedy());
        double selectedRmse = rmse(selector, new LinearTarget(D, 0.1, 3), n);
        double bestRmse = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Supplier<Regressor>> e : f.entrySet()) {
            Regressor alone = e.getValue().get();
            LinearTarget stream = new LinearTarget(D, 0.1, 3);
            RegressionWindow last = new RegressionWindow(500);
            RegressionWindow all = new RegressionWindow(n);
            for (int t = 0; t < n; t++) {
                LabelledInstance li = stream.next();
                double yHat = alone.predictOne(li.features());
                last.update(li.y(), yHat);
                all.update(li.y(), yHat);
                alone.learnOne(li.features(), li.y());
            }
            double rmse = last.rmse();
            assertEquals(rmse * rmse, selector.scoreboard().entry(e.getKey()).loss(), 1e-9 * (1 + rmse * rmse));
            bestRmse = Math.min(bestRmse, all.rmse());
        }
        System.out.printf(Locale.ROOT, "greedy/squared: selector RMSE %.4f, best alone %.4f%n", selectedRmse,
                bestRmse);
        assertEquals("adagrad_0.5", selector.winner());
        assertTrue(selectedRmse <= bestRmse * 1.02, selectedRmse + " vs " + bestRmse);
    }

    private static double rmse(Regressor model, DataStream stream, int n) {
        RegressionWindow w = new RegressionWindow(n);
        for (int t = 0; t < n; t++) {
            LabelledInstance li = stream.next();
            w.update(li.y(), model.predictOne(li.features()));
            model.learnOne(li.features(), li.y());
        }
        return w.rmse();
    }

    // ---- bandits ----

    @ParameterizedTest
    @ValueSource(strings = {"ucb1", "epsilon_greedy"})
    void banditsFindTheGoodCandidateWhileTrainingOneCandidatePerEvent(String policy) {
        int n = 20_000;
        Strategy strategy = policy.equals("ucb1") ? Strategy.ucb1() : Strategy.epsilonGreedy(0.1, 5);
        ClassifierSelector selector = new ClassifierSelector(build(binaryFactories()), ClassificationLoss.LOG_LOSS,
                LossAverage.window(1000), strategy);
        double selected = accuracy(selector, new Hyperplane(D, 42), n, 5000);
        double best = accuracy(logistic("adagrad", 0.5), new Hyperplane(D, 42), n, 5000);
        Scoreboard board = selector.scoreboard();
        long pulls = 0;
        for (Scoreboard.Entry e : board.candidates()) {
            pulls += e.evaluated();
            assertEquals(e.evaluated(), e.updates(), "a candidate learns exactly when it is pulled");
        }
        assertEquals(n, pulls, "one candidate per event");
        double goodShare = (double) board.entry("adagrad_0.5").evaluated() / n;
        System.out.printf(Locale.ROOT, "%s: winner %s, good arm pulled %.1f%% of events, mean rewards %s; "
                        + "accuracy over the last 5000: selector %.4f, best alone %.4f%n", policy, board.winner(),
                100 * goodShare, board.candidates().stream()
                        .map(e -> String.format(Locale.ROOT, "%s=%.3f", e.name(), e.meanReward())).toList(),
                selected, best);
        assertEquals("adagrad_0.5", board.winner());
        assertEquals(policy, board.strategy());
        assertTrue(goodShare >= 0.85, "good arm share " + goodShare);
        assertTrue(best - selected <= 0.02, "selector " + selected + " vs best alone " + best);
        // The constant candidate gives the true class probability 1/2 whatever happens: its reward is exp(-ln 2).
        assertEquals(0.5, board.entry("constant").meanReward(), 1e-6);
    }

    @Test
    void regressionBanditRewardsFollowTheDocumentedNormalisation() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("zero", new ConstantRegressor(D, 0));
        c.put("ten", new ConstantRegressor(D, 10));
        RegressorSelector selector = new RegressorSelector(c, RegressionLoss.SQUARED, LossAverage.window(10),
                Strategy.ucb1());
        DenseVector x = new DenseVector(new float[D]);
        // Target 1: losses 1 (zero) and 81 (ten).
        selector.learnOne(x, 1); // pulls "zero" (unplayed): no scale yet, reward 1/2
        selector.learnOne(x, 1); // pulls "ten": scale 1, reward 1 / (81 + 1)
        // UCB: zero 1/2 + sqrt(2 ln 2) vs ten 1/82 + sqrt(2 ln 2): pulls "zero", scale 41, reward 41 / 42.
        selector.learnOne(x, 1);
        Scoreboard board = selector.scoreboard();
        assertEquals((0.5 + 41.0 / 42) / 2, board.entry("zero").meanReward(), 1e-12);
        assertEquals(1.0 / 82, board.entry("ten").meanReward(), 1e-12);
        assertEquals(2, board.entry("zero").evaluated());
        assertEquals(1.0, board.entry("zero").loss(), 1e-12);
        assertEquals(81.0, board.entry("ten").loss(), 1e-12);
        assertEquals("zero", selector.winner());
        assertEquals(0.0, selector.predictOne(x));
    }

    @Test
    void regressionBanditFindsTheGoodCandidate() {
        int n = 10_000;
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("zero", new ConstantRegressor(D, 0));
        c.put("sgd_1e-5", linear("sgd", 1e-5));
        c.put("adagrad_0.5", linear("adagrad", 0.5));
        RegressorSelector selector = new RegressorSelector(c, RegressionLoss.ABSOLUTE, LossAverage.fading(0.999),
                Strategy.ucb1());
        rmse(selector, new LinearTarget(D, 0.1, 3), n);
        Scoreboard board = selector.scoreboard();
        assertEquals("adagrad_0.5", board.winner());
        assertTrue(board.entry("adagrad_0.5").evaluated() > 0.8 * n, board.toString());
    }

    // ---- successive halving ----

    /** Eight binary candidates of various quality: two strong, two useless, four in between. */
    private static SequencedMap<String, Supplier<Classifier>> eightFactories() {
        SequencedMap<String, Supplier<Classifier>> f = new LinkedHashMap<>();
        f.put("adagrad_0.5", () -> logistic("adagrad", 0.5));
        f.put("constant", () -> new ConstantClassifier(D, 0.5f, 0.5f));
        f.put("sgd_0.5", () -> logistic("sgd", 0.5));
        f.put("sgd_1e-4", () -> logistic("sgd", 1e-4));
        f.put("adagrad_0.1", () -> logistic("adagrad", 0.1));
        f.put("sgd_0.005", () -> logistic("sgd", 0.005));
        f.put("adagrad_0.02", () -> logistic("adagrad", 0.02));
        f.put("sgd_0.05", () -> logistic("sgd", 0.05));
        return f;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 8})
    void successiveHalvingEliminatesHalfPerRoundAsABruteForceReplayPredicts(int k) {
        int round = 400;
        int n = 5 * round;
        SequencedMap<String, Supplier<Classifier>> f = new LinkedHashMap<>();
        eightFactories().entrySet().stream().limit(k).forEach(e -> f.put(e.getKey(), e.getValue()));
        ClassifierSelector selector = new ClassifierSelector(build(f), ClassificationLoss.LOG_LOSS,
                LossAverage.window(round), Strategy.successiveHalving(round));
        accuracy(selector, new Hyperplane(D, 9), n, n);

        // Replay: each candidate alone on the same stream, its per-event losses recorded; then halve by hand.
        List<String> names = new ArrayList<>(f.sequencedKeySet());
        double[][] losses = new double[k][n];
        int i = 0;
        for (Supplier<Classifier> factory : f.values()) {
            Classifier alone = factory.get();
            Hyperplane stream = new Hyperplane(D, 9);
            for (int t = 0; t < n; t++) {
                LabelledInstance li = stream.next();
                losses[i][t] = ClassificationLoss.LOG_LOSS.loss(li.label(), alone.predictProbaOne(li.features()));
                alone.learnOne(li.features(), li.label());
            }
            i++;
        }
        int[] eliminated = new int[k];
        List<Integer> alive = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            alive.add(j);
        }
        int rounds = 0;
        while (alive.size() > 1) {
            int r = rounds;
            double[] sums = new double[k];
            for (int j : alive) {
                for (int t = r * round; t < (r + 1) * round; t++) {
                    sums[j] += losses[j][t];
                }
            }
            alive.sort((a, b) -> Double.compare(sums[a], sums[b]));
            rounds++;
            int keep = (alive.size() + 1) / 2;
            for (int j : alive.subList(keep, alive.size())) {
                eliminated[j] = rounds;
            }
            alive = new ArrayList<>(alive.subList(0, keep));
        }

        Scoreboard board = selector.scoreboard();
        int expectedRounds = 32 - Integer.numberOfLeadingZeros(k - 1); // ceil(log2 k)
        assertEquals(expectedRounds, rounds);
        assertEquals(expectedRounds, board.rounds());
        for (int j = 0; j < k; j++) {
            Scoreboard.Entry e = board.entry(names.get(j));
            assertEquals(eliminated[j], e.eliminatedInRound(), names.get(j));
            assertEquals(eliminated[j] == 0, e.active(), names.get(j));
            long expectedUpdates = eliminated[j] == 0 ? n : (long) eliminated[j] * round;
            assertEquals(expectedUpdates, e.updates(), names.get(j) + " stops learning once eliminated");
        }
        System.out.printf(Locale.ROOT, "successive halving, %d candidates: %d rounds, eliminated in round %s, "
                + "winner %s%n", k, board.rounds(), Arrays.toString(eliminated), board.winner());
        assertEquals(names.get(alive.getFirst()), board.winner());
        assertTrue(board.winner().equals("adagrad_0.5") || board.winner().equals("sgd_0.5"),
                "a strong candidate survives: " + board.winner());
        for (String useless : List.of("constant", "sgd_1e-4")) {
            if (names.contains(useless)) {
                assertEquals(1, board.entry(useless).eliminatedInRound(), useless + " goes in the first round");
            }
        }
    }

    // ---- contracts ----

    @Test
    void aBadInstanceLeavesEveryCandidateUntouched() {
        ClassifierSelector selector = new ClassifierSelector(build(binaryFactories()), ClassificationLoss.LOG_LOSS,
                LossAverage.defaultAverage(), Strategy.greedy());
        float[] nan = new float[D];
        nan[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> selector.learnOne(new DenseVector(new float[3]), 1));
        assertThrows(IllegalArgumentException.class, () -> selector.learnOne(new DenseVector(nan), 1));
        assertThrows(IllegalArgumentException.class, () -> selector.learnOne(new DenseVector(new float[D]), 2));
        for (Scoreboard.Entry e : selector.scoreboard().candidates()) {
            assertEquals(0, e.updates(), e.name());
            assertEquals(0, e.evaluated(), e.name());
            assertTrue(Double.isNaN(e.loss()));
        }
        assertEquals(0, selector.updates());
        assertEquals(List.of("constant", "sgd_1e-4", "adagrad_0.5"), selector.candidateNames());
        assertEquals(2, selector.numClasses());
        assertEquals(D, selector.dimension());
        assertThrows(IllegalArgumentException.class, () -> selector.candidate("nope"));

        SequencedMap<String, Regressor> r = new LinkedHashMap<>();
        r.put("zero", new ConstantRegressor(D, 0));
        RegressorSelector rs = new RegressorSelector(r, RegressionLoss.SQUARED, LossAverage.defaultAverage(),
                Strategy.greedy());
        assertThrows(IllegalArgumentException.class, () -> rs.learnOne(new DenseVector(new float[D]), Double.NaN));
        assertEquals(0, rs.candidate("zero").updates());
    }

    @Test
    void candidatesMustAgreeOnTheTask() {
        SequencedMap<String, Classifier> c = new LinkedHashMap<>();
        c.put("binary", new ConstantClassifier(D, 0.5f, 0.5f));
        c.put("three", new ConstantClassifier(D, 0.2f, 0.3f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSelector(c, ClassificationLoss.LOG_LOSS,
                LossAverage.defaultAverage(), Strategy.greedy()));
        SequencedMap<String, Classifier> d = new LinkedHashMap<>();
        d.put("ten", new ConstantClassifier(D, 0.5f, 0.5f));
        d.put("five", new ConstantClassifier(5, 0.5f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSelector(d, ClassificationLoss.LOG_LOSS,
                LossAverage.defaultAverage(), Strategy.greedy()));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierSelector(new LinkedHashMap<>(),
                ClassificationLoss.LOG_LOSS, LossAverage.defaultAverage(), Strategy.greedy()));
        assertThrows(IllegalArgumentException.class, () -> Strategy.successiveHalving(0));
        assertThrows(IllegalArgumentException.class, () -> Strategy.epsilonGreedy(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> LossAverage.window(0));
        assertThrows(IllegalArgumentException.class, () -> LossAverage.fading(0));
    }

    @Test
    void aDivergedRegressorCannotWinWhileItsInfiniteLossIsInTheWindow() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        Regressor nan = new ConstantRegressor(D, Double.NaN);
        c.put("nan", nan);
        c.put("far", new ConstantRegressor(D, 1000));
        RegressorSelector selector = new RegressorSelector(c, RegressionLoss.SQUARED, LossAverage.window(5),
                Strategy.greedy());
        DenseVector x = new DenseVector(new float[D]);
        for (int t = 0; t < 3; t++) {
            selector.learnOne(x, 0);
        }
        assertEquals("far", selector.winner());
        assertEquals(Double.POSITIVE_INFINITY, selector.scoreboard().entry("nan").loss());
        assertFalse(selector.scoreboard().entry("far").loss() > 1e6 + 1);
    }
}
