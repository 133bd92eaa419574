package io.tributary.learn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.Classifier;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.Task;
import io.tributary.learn.datasets.DataStream;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.learn.datasets.LinearTarget;
import io.tributary.learn.selection.ClassificationLoss;
import io.tributary.learn.selection.ClassifierSelector;
import io.tributary.learn.selection.LossAverage;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.selection.RegressionLoss;
import io.tributary.learn.selection.RegressorSelector;
import io.tributary.learn.selection.Scoreboard;
import io.tributary.learn.selection.SelectorState;
import io.tributary.learn.selection.Strategy;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.transform.Pipeline;
import io.tributary.learn.transform.Pipelines;
import io.tributary.learn.transform.TransformSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorCodecTest {

    private static final int D = 4;
    /** Scalar kernels: plain IEEE arithmetic in every JIT tier, which "bit for bit" needs (see PipelineCodecTest). */
    private static final Kernels KERNELS = Kernels.scalar();
    private static final int EVENTS = 300;
    private static final int ROUND = 30;
    /**
     * 0: fresh; 1 and 2: bandits have pulled some arms but not all four; 45: successive halving is mid-way through
     * its second round (two eliminated, 15 events in); 60: the last halving has just happened; later: one survivor.
     */
    private static final int[] CHECKPOINTS = {0, 1, 2, 3, 45, 60, 137, 250};

    private static Classifier logistic(Map<String, ?> hp) {
        return (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", D, hp), KERNELS);
    }

    private static Regressor linear(Map<String, ?> hp) {
        return (Regressor) Learners.create(LearnerSpec.regression("linear_regression", D, hp), KERNELS);
    }

    /** Four binary candidates written by both LearnerCodec versions (v1: SGD, AdaGrad; v2: Adam, FTRL). */
    private static SequencedMap<String, Classifier> classifiers() {
        SequencedMap<String, Classifier> c = new LinkedHashMap<>();
        c.put("adagrad_0.5", logistic(Map.of("learning_rate", 0.5)));
        c.put("sgd_0.01", logistic(Map.of("optimizer", "sgd", "learning_rate", 0.01)));
        c.put("adam_0.05", logistic(Map.of("optimizer", "adam", "learning_rate", 0.05)));
        c.put("ftrl", (Classifier) Learners.create(LearnerSpec.binary("ftrl", D, Map.of()), KERNELS));
        return c;
    }

    /** Four regressors, one of which diverges (SGD at rate 3 on inputs in [-1, 1]^4) into infinite losses. */
    private static SequencedMap<String, Regressor> regressors() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("adagrad_0.5", linear(Map.of("learning_rate", 0.5)));
        c.put("sgd_0.05", linear(Map.of("optimizer", "sgd", "learning_rate", 0.05)));
        c.put("diverging", linear(Map.of("optimizer", "sgd", "learning_rate", 3.0)));
        c.put("ftrl", (Regressor) Learners.create(LearnerSpec.regression("ftrl", D, Map.of()), KERNELS));
        return c;
    }

    static Stream<Arguments> configurations() {
        List<Strategy> strategies = List.of(Strategy.greedy(), Strategy.ucb1(), Strategy.epsilonGreedy(0.2, 99),
                Strategy.successiveHalving(ROUND));
        // A window shorter than the run, so it wraps and rebuilds its sum; a fading factor whose memory (10
        // evaluations) lets an infinite loss fade out within the run.
        List<LossAverage> averages = List.of(LossAverage.window(16), LossAverage.fading(0.9));
        List<Arguments> out = new ArrayList<>();
        for (Task task : List.of(Task.BINARY_CLASSIFICATION, Task.REGRESSION)) {
            for (Strategy s : strategies) {
                for (LossAverage a : averages) {
                    out.add(Arguments.of(task, s, a));
                }
            }
        }
        return out.stream();
    }

    private static ModelSelector selector(Task task, Strategy strategy, LossAverage average) {
        return task == Task.REGRESSION
                ? new RegressorSelector(regressors(), RegressionLoss.SQUARED, average, strategy)
                : new ClassifierSelector(classifiers(), ClassificationLoss.LOG_LOSS, average, strategy);
    }

    private static DataStream stream(Task task) {
        return task == Task.REGRESSION ? new LinearTarget(D, 0.1, 7) : new Hyperplane(D, 7);
    }

    private static void learn(OnlineLearner model, LabelledInstance li) {
        switch (model) {
            case Regressor r -> r.learnOne(li.features(), li.y());
            case Classifier c -> c.learnOne(li.features(), li.label());
            default -> throw new AssertionError(model);
        }
    }

    /** Same bits: floats through floatToIntBits, doubles through doubleToLongBits (NaN included). */
    private static void assertSamePrediction(OnlineLearner expected, OnlineLearner actual, FeatureVector x,
            String where) {
        if (expected instanceof Regressor r) {
            assertEquals(Double.doubleToLongBits(r.predictOne(x)),
                    Double.doubleToLongBits(((Regressor) actual).predictOne(x)), where);
        } else {
            float[] p = ((Classifier) expected).predictProbaOne(x);
            float[] q = ((Classifier) actual).predictProbaOne(x);
            assertEquals(p.length, q.length, where);
            for (int k = 0; k < p.length; k++) {
                assertEquals(Float.floatToIntBits(p[k]), Float.floatToIntBits(q[k]), where + ", class " + k);
            }
            assertEquals(((Classifier) expected).predictOne(x), ((Classifier) actual).predictOne(x), where);
        }
    }

    /**
     * The scoreboards are records of strings, counts, booleans and doubles, and a record's equals compares doubles
     * by their bits (Double.compare), so equal scoreboards mean the same winner, losses, evaluations, updates,
     * rewards, active flags and elimination rounds, bit for bit.
     */
    private static void assertSameStanding(ModelSelector expected, ModelSelector actual, String where) {
        assertEquals(expected.scoreboard(), actual.scoreboard(), where);
        assertEquals(expected.winner(), actual.winner(), where);
        assertEquals(expected.updates(), actual.updates(), where);
    }

    private static SelectorState state(ModelSelector s) {
        return s instanceof ClassifierSelector c ? c.state() : ((RegressorSelector) s).state();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("configurations")
    void aRestoredSelectorContinuesBitForBitLikeTheUninterruptedOne(Task task, Strategy strategy,
            LossAverage average) {
        ModelSelector original = selector(task, strategy, average);
        DataStream stream = stream(task);
        List<ModelSelector> restored = new ArrayList<>();
        List<Integer> restoredAt = new ArrayList<>();
        boolean sawInfiniteLoss = false;
        int c = 0;
        for (int t = 0; t <= EVENTS; t++) {
            if (c < CHECKPOINTS.length && CHECKPOINTS[c] == t) {
                byte[] bytes = LearnerCodec.encode(original);
                assertEquals("TRBS", new String(bytes, 0, 4, StandardCharsets.US_ASCII));
                assertArrayEquals(bytes, SelectorCodec.encode(original));
                ModelSelector copy = assertInstanceOf(ModelSelector.class, LearnerCodec.decode(bytes, KERNELS));
                assertEquals(original.getClass(), copy.getClass());
                assertEquals(original.strategy(), copy.strategy());
                assertEquals(original.candidateNames(), copy.candidateNames());
                assertEquals(original.task(), copy.task());
                assertEquals(original.dimension(), copy.dimension());
                assertSameStanding(original, copy, "restored at " + t);
                assertArrayEquals(bytes, LearnerCodec.encode(copy), "re-encoding the restored copy at " + t);
                checkCoverage(strategy, state(original), t);
                sawInfiniteLoss |= hasInfiniteLoss(state(original));
                restored.add(copy);
                restoredAt.add(t);
                c++;
            }
            if (t == EVENTS) {
                break;
            }
            LabelledInstance li = stream.next();
            for (int j = 0; j < restored.size(); j++) {
                assertSamePrediction(original, restored.get(j), li.features(),
                        "event " + t + ", copy restored at " + restoredAt.get(j));
            }
            learn(original, li);
            for (ModelSelector copy : restored) {
                learn(copy, li);
            }
        }
        assertEquals(CHECKPOINTS.length, restored.size());
        byte[] end = LearnerCodec.encode(original);
        for (int j = 0; j < restored.size(); j++) {
            ModelSelector copy = restored.get(j);
            assertSameStanding(original, copy, "end, copy restored at " + restoredAt.get(j));
            assertArrayEquals(end, LearnerCodec.encode(copy), "end, copy restored at " + restoredAt.get(j));
            for (String name : original.candidateNames()) {
                assertEquals(original.candidate(name).updates(), copy.candidate(name).updates(), name);
            }
        }
        assertEquals(EVENTS, original.updates());
        if (task == Task.REGRESSION && strategy instanceof Strategy.Greedy) {
            assertTrue(sawInfiniteLoss, "a snapshot was taken while the diverging candidate's loss was infinite");
        }
    }

    /** The checkpoints exercise what the test claims: unpulled arms, a round in progress, an elimination. */
    private static void checkCoverage(Strategy strategy, SelectorState s, int t) {
        boolean unpulled = Arrays.stream(s.evaluated()).anyMatch(e -> e == 0);
        if ((strategy instanceof Strategy.Ucb1 || strategy instanceof Strategy.EpsilonGreedy) && (t == 1 || t == 2)) {
            assertTrue(unpulled, "arms not pulled yet at " + t);
        }
        if (strategy instanceof Strategy.SuccessiveHalving && t == 45) {
            assertEquals(15, s.eventsInRound());
            assertEquals(1, s.rounds());
            assertEquals(2, s.participants().length, "4 candidates, ceil(4 / 2) survive the first round");
        }
        if (strategy instanceof Strategy.SuccessiveHalving && t == 137) {
            assertEquals(2, s.rounds());
            assertEquals(1, s.participants().length);
        }
        if (strategy instanceof Strategy.EpsilonGreedy && t >= 45) {
            assertTrue(s.randomState() != 99, "the generator has moved on from its seed");
        }
    }

    private static boolean hasInfiniteLoss(SelectorState s) {
        for (SelectorState.Tracker tracker : s.trackers()) {
            boolean infinite = switch (tracker) {
                case SelectorState.WindowTracker w -> w.nonFinite() > 0;
                case SelectorState.FadingTracker f -> f.poisoned() > 0;
            };
            if (infinite) {
                return true;
            }
        }
        return false;
    }

    @Test
    void candidatesMayBePipelinesAndSelectorsNestInPipelinesAndSelectors() {
        List<TransformSpec> scaler = List.of(TransformSpec.of("standard_scaler"));
        SequencedMap<String, Classifier> inner = new LinkedHashMap<>();
        inner.put("scaled_sgd", (Classifier) Pipelines.create(scaler, LearnerSpec.binary("logistic_regression", D,
                Map.of("optimizer", "sgd", "learning_rate", 0.05)), KERNELS));
        inner.put("adagrad", logistic(Map.of("learning_rate", 0.5)));
        ClassifierSelector innerSelector = new ClassifierSelector(inner, ClassificationLoss.ZERO_ONE,
                LossAverage.window(20), Strategy.ucb1(0.5));
        SequencedMap<String, Classifier> outer = new LinkedHashMap<>();
        outer.put("bandit", innerSelector);
        outer.put("scaled_adagrad", (Classifier) Pipelines.create(scaler, LearnerSpec.binary("logistic_regression",
                D, Map.of("learning_rate", 0.5)), KERNELS));
        ClassifierSelector selector = new ClassifierSelector(outer, ClassificationLoss.LOG_LOSS,
                LossAverage.fading(0.95), Strategy.greedy());
        // And the whole selector behind a transform: a pipeline ending in a selector.
        Pipeline model = Pipeline.of(Pipelines.transforms(D, List.of(TransformSpec.of("standard_scaler",
                Map.of("features", List.of(0, 2))))), (Classifier) new ClassifierSelector(copyOf(outer),
                ClassificationLoss.LOG_LOSS, LossAverage.window(10), Strategy.successiveHalving(40)));

        Hyperplane stream = new Hyperplane(D, 3);
        for (int t = 0; t < 150; t++) {
            LabelledInstance li = stream.next();
            selector.learnOne(li.features(), li.label());
            ((Classifier) model).learnOne(li.features(), li.label());
        }
        ClassifierSelector selectorCopy = (ClassifierSelector) LearnerCodec.decode(LearnerCodec.encode(selector),
                KERNELS);
        byte[] pipelineBytes = LearnerCodec.encode(model);
        assertEquals("TRBP", new String(pipelineBytes, 0, 4, StandardCharsets.US_ASCII));
        Pipeline modelCopy = assertInstanceOf(Pipeline.class, LearnerCodec.decode(pipelineBytes, KERNELS));
        assertInstanceOf(ClassifierSelector.class, modelCopy.learner());
        assertInstanceOf(ClassifierSelector.class, selectorCopy.candidate("bandit"));
        assertInstanceOf(Pipeline.class, selectorCopy.candidate("scaled_adagrad"));

        for (int t = 0; t < 150; t++) {
            LabelledInstance li = stream.next();
            assertSamePrediction(selector, selectorCopy, li.features(), "selector, event " + t);
            assertSamePrediction(model, modelCopy, li.features(), "pipeline, event " + t);
            for (OnlineLearner m : List.of(selector, selectorCopy, model, modelCopy)) {
                learn(m, li);
            }
        }
        assertSameStanding(selector, selectorCopy, "end");
        assertEquals(((ModelSelector) selector.candidate("bandit")).scoreboard(),
                ((ModelSelector) selectorCopy.candidate("bandit")).scoreboard());
        assertSameStanding((ModelSelector) model.learner(), (ModelSelector) modelCopy.learner(), "end");
        assertArrayEquals(LearnerCodec.encode(selector), LearnerCodec.encode(selectorCopy));
        assertArrayEquals(LearnerCodec.encode(model), LearnerCodec.encode(modelCopy));
    }

    /** Fresh candidates of the same kinds (a selector owns its candidates, so two selectors cannot share them). */
    private static SequencedMap<String, Classifier> copyOf(SequencedMap<String, Classifier> candidates) {
        SequencedMap<String, Classifier> out = new LinkedHashMap<>();
        candidates.forEach((name, c) -> out.put(name, (Classifier) LearnerCodec.decode(LearnerCodec.encode(c),
                KERNELS)));
        return out;
    }

    // ---- rejections ----

    /** A small trained snapshot: successive halving mid-round, a window, three candidates. */
    private static byte[] sample() {
        return SelectorCodec.encode(sampleSelector());
    }

    private static ClassifierSelector sampleSelector() {
        SequencedMap<String, Classifier> c = new LinkedHashMap<>();
        c.put("a", logistic(Map.of("learning_rate", 0.5)));
        c.put("b", logistic(Map.of("optimizer", "sgd")));
        c.put("c", logistic(Map.of("optimizer", "sgd", "learning_rate", 1e-4)));
        ClassifierSelector s = new ClassifierSelector(c, ClassificationLoss.LOG_LOSS, LossAverage.window(8),
                Strategy.successiveHalving(10));
        Hyperplane stream = new Hyperplane(D, 1);
        for (int t = 0; t < 14; t++) {
            LabelledInstance li = stream.next();
            s.learnOne(li.features(), li.label());
        }
        return s;
    }

    @Test
    void everyFlippedBitIsRejected() {
        byte[] good = sample();
        SelectorCodec.decode(good, KERNELS);
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SelectorCodec.decode(bad, KERNELS), "byte " + i + ", bit " + bit);
                if (i >= 6) {
                    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
                }
            }
        }
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] good = sample();
        for (int n = 0; n < good.length; n++) {
            byte[] bad = Arrays.copyOf(good, n);
            assertThrows(IllegalArgumentException.class, () -> SelectorCodec.decode(bad, KERNELS), n + " bytes");
            assertThrows(IllegalArgumentException.class, () -> LearnerCodec.decode(bad, KERNELS), n + " bytes");
        }
    }

    /**
     * Truncated bodies with a valid checksum appended (as a buggy writer would produce): the checksum cannot help,
     * the parser must notice by itself, every time, with an IllegalArgumentException and nothing else (no
     * negative-size array, no index error, no huge allocation).
     */
    @Test
    void truncatedBodiesWithAValidChecksumAreRejectedByTheParser() {
        byte[] good = sample();
        for (int n = 6; n < good.length - 4; n++) {
            byte[] bad = withChecksum(Arrays.copyOf(good, n));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SelectorCodec.decode(bad, KERNELS), n + " bytes");
            assertTrue(e.getMessage().contains("selector snapshot"), e.getMessage());
        }
    }

    @Test
    void anUnknownVersionOrMagicIsRejected() {
        byte[] v2 = sample();
        v2[4] = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearnerCodec.decode(withChecksum(Arrays.copyOf(v2, v2.length - 4)), KERNELS));
        assertTrue(e.getMessage().contains("unsupported selector snapshot format version 2"), e.getMessage());
        byte[] magic = sample();
        magic[3] = 'X';
        e = assertThrows(IllegalArgumentException.class, () -> SelectorCodec.decode(magic, KERNELS));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    /**
     * Offsets computed from the documented layout for {@link #sample()} (classifier, log_loss, window, successive
     * halving, 3 candidates): 4 magic + 2 version + 1 kind + 2 + 8 ("log_loss") + 1 + 4 (window) + 1 + 4 (round)
     * + 4 (k) = 31, where the selector's updates start.
     */
    private static final int UPDATES = 31;
    private static final int EVENTS_AT = UPDATES + 8;
    private static final int WINNER = EVENTS_AT + 8;
    private static final int PULLS = WINNER + 4;
    private static final int RANDOM = PULLS + 8;
    private static final int IN_ROUND = RANDOM + 8;
    private static final int ROUNDS = IN_ROUND + 4;
    private static final int POOLED_COUNT = ROUNDS + 4 + 8;
    private static final int PARTICIPANTS = POOLED_COUNT + 8;
    /** Candidate "a": after the participant count and the two participants. */
    private static final int FIRST_CANDIDATE = PARTICIPANTS + 4 + 2 * 4;
    private static final int FIRST_ACTIVE = FIRST_CANDIDATE + 2 + 1 + 8;

    @Test
    void theDocumentedLayoutIsTheWrittenOne() {
        ClassifierSelector selector = sampleSelector();
        ByteBuffer b = ByteBuffer.wrap(SelectorCodec.encode(selector)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, b.getShort(4));
        assertEquals(1, b.get(6), "classifier");
        assertEquals("log_loss", new String(b.array(), 9, 8, StandardCharsets.UTF_8));
        assertEquals(8, b.getInt(18), "window size");
        assertEquals(10, b.getInt(23), "round length");
        assertEquals(3, b.getInt(27), "candidates");
        assertEquals(14, b.getLong(UPDATES));
        assertEquals(14, b.getLong(EVENTS_AT));
        assertEquals(0, b.getLong(PULLS));
        assertEquals(0, b.getLong(RANDOM));
        assertEquals(4, b.getInt(IN_ROUND), "14 events, rounds of 10");
        assertEquals(1, b.getInt(ROUNDS));
        // log_loss is finite: every evaluation is pooled; 3 candidates for 10 events, then 2 for 4.
        assertEquals(3 * 10 + 2 * 4, b.getLong(POOLED_COUNT));
        assertEquals(2, b.getInt(PARTICIPANTS));
        assertEquals('a', b.get(FIRST_CANDIDATE + 2));
        Scoreboard.Entry a = selector.scoreboard().entry("a");
        assertEquals(a.evaluated(), b.getLong(FIRST_ACTIVE - 8));
        assertEquals(a.active() ? 1 : 0, b.get(FIRST_ACTIVE));
        assertEquals(a.eliminatedInRound(), b.getInt(FIRST_ACTIVE + 1));
        assertEquals(1, selector.scoreboard().candidates().stream().filter(e -> !e.active()).count(),
                "one of three eliminated after the first round");
        assertEquals(List.of(0, 1, 2).stream().filter(i -> selector.scoreboard().candidates().get(i).active())
                .toList(), List.of(b.getInt(PARTICIPANTS + 4), b.getInt(PARTICIPANTS + 8)));
        assertEquals(1, b.getShort(FIRST_CANDIDATE));
    }

    private static byte[] patched(int offset, ByteBuffer value) {
        byte[] b = sample();
        byte[] v = value.array();
        System.arraycopy(v, 0, b, offset, v.length);
        return withChecksum(Arrays.copyOf(b, b.length - 4));
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void inconsistentStatesAreRejectedWithAReason() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("updates", patched(UPDATES, le(8).putLong(15)));
        cases.put("winner", patched(WINNER, le(4).putInt(3)));
        cases.put("pulls", patched(PULLS, le(8).putLong(5)));
        cases.put("generator", patched(RANDOM, le(8).putLong(12345)));
        cases.put("events into a round", patched(IN_ROUND, le(4).putInt(10)));
        cases.put("elimination round", patched(ROUNDS, le(4).putInt(0)));
        cases.put("pooled losses", patched(POOLED_COUNT, le(8).putLong(1000)));
        cases.put("participants among", patched(PARTICIPANTS, le(4).putInt(4)));
        cases.put("are not the active candidates", patched(PARTICIPANTS + 4, le(4).putInt(2)));
        cases.put("active flag", patched(FIRST_ACTIVE, le(1).put((byte) 2)));
        // Candidate a's flag flipped, its elimination round kept: active with a round, or eliminated without one.
        cases.put("with elimination round", patched(FIRST_ACTIVE, le(1).put((byte) (1 - sample()[FIRST_ACTIVE]))));
        cases.put("candidates in", patched(27, le(4).putInt(1 << 20)));
        cases.put("unknown kind", patched(6, le(1).put((byte) 7)));
        cases.put("not a Regressor", patched(6, le(1).put((byte) 0)));
        cases.put("window size must be positive", patched(18, le(4).putInt(-1)));
        cases.put("roundLength must be positive", patched(23, le(4).putInt(0)));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SelectorCodec.decode(c.getValue(), KERNELS), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), c.getKey() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("selector snapshot"), e.getMessage());
        }
    }

    @Test
    void aSelectorWithACandidateTheCodecCannotStoreIsRefusedByName() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("linear", linear(Map.of()));
        c.put("custom", new Regressor() {
            @Override
            public double predictOne(FeatureVector x) {
                return 0;
            }

            @Override
            public void learnOne(FeatureVector x, double y) {
            }

            @Override
            public Task task() {
                return Task.REGRESSION;
            }

            @Override
            public int dimension() {
                return D;
            }

            @Override
            public long updates() {
                return 0;
            }

            @Override
            public String algorithm() {
                return "custom";
            }
        });
        RegressorSelector s = new RegressorSelector(c, RegressionLoss.ABSOLUTE, LossAverage.defaultAverage(),
                Strategy.greedy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearnerCodec.encode(s));
        assertTrue(e.getMessage().contains("candidate 'custom'"), e.getMessage());
    }

    static byte[] withChecksum(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).order(ByteOrder.LITTLE_ENDIAN).put(body)
                .putInt((int) crc.getValue()).array();
    }
}
