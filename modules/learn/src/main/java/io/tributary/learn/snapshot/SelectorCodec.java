package io.tributary.learn.snapshot;

import io.tributary.learn.Classifier;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.Regressor;
import io.tributary.learn.simd.Kernels;
import io.tributary.learn.selection.ClassificationLoss;
import io.tributary.learn.selection.ClassifierSelector;
import io.tributary.learn.selection.LossAverage;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.selection.RegressionLoss;
import io.tributary.learn.selection.RegressorSelector;
import io.tributary.learn.selection.SelectorState;
import io.tributary.learn.selection.Strategy;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The snapshot form of a model selector ({@link ClassifierSelector}, {@link RegressorSelector}): its configuration,
 * the whole state of its competition ({@link SelectorState}) and every candidate's own {@link LearnerCodec}
 * snapshot. {@link LearnerCodec#encode} and {@link LearnerCodec#decode} delegate here for selectors, so whatever
 * stores learners (a changelogged state store) stores selectors too, and candidates may be pipelines or selectors.
 *
 * <p>Format version 1, all little-endian:
 * <pre>
 *   4  magic "TRBS"
 *   2  format version (1)
 *   1  kind (0 regressor, 1 classifier)
 *   2  loss name length n, then n bytes of UTF-8: the loss's config name (log_loss, zero_one, squared, absolute)
 *   1  loss average (0 window, 1 fading); window: 4 size; fading: 8 alpha (double)
 *   1  strategy (0 greedy, 1 ucb1, 2 epsilon_greedy, 3 successive_halving)
 *      ucb1: 8 exploration (double); epsilon_greedy: 8 epsilon (double), 8 seed; successive_halving: 4 round length
 *   4  candidates k
 *   8  selector updates        8  events closed        4  winner (candidate index)
 *   8  bandit pulls            8  epsilon-greedy generator state (SplitMix64; 0 for other strategies)
 *   4  events in the current successive-halving round              4  rounds completed
 *   8  pooled loss sum (double)                                    8  pooled losses counted
 *   4  participants p, then p ints (candidate indices, ascending)
 *   k times, in candidate order:
 *     2  name length m, then m bytes of UTF-8
 *     8  evaluated     1  active (0 or 1)     4  eliminated in round
 *     8  reward sum (double)                  8  current round's loss sum (double)
 *     window average: 4 size s   4 next slot   4 infinite losses   4 updates since rebuild   8 running sum (double)
 *                     s doubles: ring slots 0 to s - 1
 *     fading average: 8 faded sum (double)   8 faded weight (double)   8 count   8 evaluations left poisoned
 *     4  length L, then L bytes of the candidate's {@link LearnerCodec} snapshot
 *   4  CRC-32 of every preceding byte
 * </pre>
 * Every double is stored bit for bit, so a restored selector serves the same candidate, scores, rewards, halves and
 * explores exactly like the original, and its candidates, restored with the kernels given to {@link #decode},
 * continue like theirs. Codes are spelled out rather than taken from ordinals, as in {@link LearnerCodec}. The window
 * ring stores only its {@code s} filled slots: it fills from slot 0, so the slots beyond {@code s} were never written
 * and are zero, and a young selector's snapshot does not carry its whole window.
 *
 * <p>Decoding checks the magic, the version and the checksum first, then that every count fits in the bytes left
 * before allocating for it (the window's ring is allocated at the configured size, as a new selector would), and
 * finally that the state is one the configuration can reach (the selectors' {@code restore} checks sizes, ranges and
 * the relations between counters); any failure is an {@link IllegalArgumentException} saying why.
 */
public final class SelectorCodec {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'T', 'R', 'B', 'S'};
    private static final int HEADER = 4 + 2;
    private static final int CRC = 4;
    /** The fewest bytes a candidate can take (empty name, empty window, empty learner), which bounds k. */
    private static final int MIN_CANDIDATE = 2 + 8 + 1 + 4 + 8 + 8 + 4 * 4 + 8 + 4;

    private static final byte KIND_REGRESSOR = 0;
    private static final byte KIND_CLASSIFIER = 1;
    private static final byte AVERAGE_WINDOW = 0;
    private static final byte AVERAGE_FADING = 1;
    private static final byte STRATEGY_GREEDY = 0;
    private static final byte STRATEGY_UCB1 = 1;
    private static final byte STRATEGY_EPSILON_GREEDY = 2;
    private static final byte STRATEGY_SUCCESSIVE_HALVING = 3;

    private SelectorCodec() {
    }

    /** True when {@code bytes} start with a selector snapshot's magic. */
    public static boolean isSelectorSnapshot(byte[] bytes) {
        return Magic.startsWith(bytes, MAGIC);
    }

    /**
     * @throws IllegalArgumentException when the selector is not one of the two built-in kinds, or a candidate is
     *                                  not a learner {@link LearnerCodec} can store (naming the candidate)
     */
    public static byte[] encode(ModelSelector selector) {
        Objects.requireNonNull(selector, "selector");
        return switch (selector) {
            case ClassifierSelector c -> encode(c, KIND_CLASSIFIER, c.loss().configName(), c.average(), c.state());
            case RegressorSelector r -> encode(r, KIND_REGRESSOR, r.loss().configName(), r.average(), r.state());
            default -> throw new IllegalArgumentException("cannot encode " + selector.getClass().getName()
                    + ": the codec stores " + ClassifierSelector.class.getSimpleName() + " and "
                    + RegressorSelector.class.getSimpleName());
        };
    }

    private static byte[] encode(ModelSelector selector, byte kind, String lossName, LossAverage average,
            SelectorState state) {
        List<String> names = selector.candidateNames();
        int k = names.size();
        byte[] loss = lossName.getBytes(StandardCharsets.UTF_8);
        byte[][] nameBytes = new byte[k][];
        byte[][] learners = new byte[k][];
        long size = HEADER + 1 + 2 + loss.length + averageSize(average) + strategySize(selector.strategy())
                + 4 + 8 + 8 + 4 + 8 + 8 + 4 + 4 + 8 + 8 + 4 + 4L * state.participants().length;
        for (int i = 0; i < k; i++) {
            String name = names.get(i);
            nameBytes[i] = name.getBytes(StandardCharsets.UTF_8);
            if (nameBytes[i].length > 0xFFFF) {
                throw new IllegalArgumentException("candidate name too long to encode (" + nameBytes[i].length
                        + " bytes of UTF-8)");
            }
            try {
                learners[i] = LearnerCodec.encode(selector.candidate(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot encode candidate '" + name + "': " + e.getMessage(), e);
            }
            size += 2 + nameBytes[i].length + 8 + 1 + 4 + 8 + 8 + trackerSize(state.trackers().get(i)) + 4
                    + learners[i].length;
        }
        size += CRC;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("selector too large to encode (" + size + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) FORMAT_VERSION).put(kind);
        buf.putShort((short) loss.length).put(loss);
        putAverage(buf, average);
        putStrategy(buf, selector.strategy());
        buf.putInt(k);
        buf.putLong(state.updates()).putLong(state.events()).putInt(state.winner());
        buf.putLong(state.totalPulls()).putLong(state.randomState());
        buf.putInt(state.eventsInRound()).putInt(state.rounds());
        buf.putDouble(state.pooledLossSum()).putLong(state.pooledLosses());
        buf.putInt(state.participants().length);
        for (int p : state.participants()) {
            buf.putInt(p);
        }
        for (int i = 0; i < k; i++) {
            buf.putShort((short) nameBytes[i].length).put(nameBytes[i]);
            buf.putLong(state.evaluated()[i]).put((byte) (state.active()[i] ? 1 : 0))
                    .putInt(state.eliminatedInRound()[i]);
            buf.putDouble(state.rewardSum()[i]).putDouble(state.roundLoss()[i]);
            putTracker(buf, state.trackers().get(i));
            buf.putInt(learners[i].length).put(learners[i]);
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        if (buf.hasRemaining()) {
            throw new IllegalStateException("snapshot size miscomputed: " + buf.remaining() + " bytes left");
        }
        return buf.array();
    }

    /** Decodes with {@link Kernels#preferred()}. */
    public static ModelSelector decode(byte[] bytes) {
        return decode(bytes, Kernels.preferred());
    }

    /**
     * @param kernels the kernels the candidates are restored with
     * @throws IllegalArgumentException with the reason when the bytes are not a selector snapshot this build reads
     *                                  (bad magic, unknown version, truncated, corrupted, inconsistent)
     */
    public static ModelSelector decode(byte[] bytes, Kernels kernels) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(kernels, "kernels");
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException(
                    "not a selector snapshot: " + bytes.length + " bytes is shorter than the header");
        }
        if (!isSelectorSnapshot(bytes)) {
            throw new IllegalArgumentException("not a selector snapshot: bad magic (expected \"TRBS\")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int version = Short.toUnsignedInt(buf.getShort());
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported selector snapshot format version " + version
                    + "; this build reads version " + FORMAT_VERSION);
        }
        if (bytes.length < HEADER + CRC) {
            throw new IllegalArgumentException("truncated selector snapshot (" + bytes.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CRC);
        int stored = ByteBuffer.wrap(bytes, bytes.length - CRC, CRC).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException("corrupted or truncated selector snapshot: checksum mismatch");
        }
        // Reading past the body (into the checksum) is an underflow, reported as truncation.
        buf.limit(bytes.length - CRC);
        try {
            return decodeBody(buf, kernels);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated selector snapshot (" + bytes.length + " bytes)", e);
        }
    }

    private static ModelSelector decodeBody(ByteBuffer buf, Kernels kernels) {
        byte kind = buf.get();
        if (kind != KIND_CLASSIFIER && kind != KIND_REGRESSOR) {
            throw new IllegalArgumentException("corrupted selector snapshot: unknown kind " + kind);
        }
        String lossName = new String(bytes(buf, Short.toUnsignedInt(buf.getShort()), "loss name"),
                StandardCharsets.UTF_8);
        LossAverage average = getAverage(buf);
        Strategy strategy = getStrategy(buf);
        int k = buf.getInt();
        if (k <= 0 || k > buf.remaining() / MIN_CANDIDATE) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + k + " candidates in "
                    + buf.remaining() + " bytes");
        }
        long updates = buf.getLong();
        long events = buf.getLong();
        int winner = buf.getInt();
        long totalPulls = buf.getLong();
        long randomState = buf.getLong();
        int eventsInRound = buf.getInt();
        int rounds = buf.getInt();
        double pooledLossSum = buf.getDouble();
        long pooledLosses = buf.getLong();
        int p = buf.getInt();
        if (p < 0 || p > k) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + p + " participants among " + k
                    + " candidates");
        }
        int[] participants = new int[p];
        for (int j = 0; j < p; j++) {
            participants[j] = buf.getInt();
        }
        List<String> names = new ArrayList<>(k);
        Set<String> seen = new HashSet<>();
        List<byte[]> learners = new ArrayList<>(k);
        List<SelectorState.Tracker> trackers = new ArrayList<>(k);
        long[] evaluated = new long[k];
        boolean[] active = new boolean[k];
        int[] eliminatedInRound = new int[k];
        double[] rewardSum = new double[k];
        double[] roundLoss = new double[k];
        for (int i = 0; i < k; i++) {
            String name = new String(bytes(buf, Short.toUnsignedInt(buf.getShort()), "candidate " + i + "'s name"),
                    StandardCharsets.UTF_8);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("corrupted selector snapshot: candidate name '" + name
                        + "' appears twice");
            }
            names.add(name);
            evaluated[i] = buf.getLong();
            byte a = buf.get();
            if (a != 0 && a != 1) {
                throw new IllegalArgumentException("corrupted selector snapshot: candidate '" + name
                        + "' has active flag " + a);
            }
            active[i] = a == 1;
            eliminatedInRound[i] = buf.getInt();
            rewardSum[i] = buf.getDouble();
            roundLoss[i] = buf.getDouble();
            trackers.add(getTracker(buf, average, name));
            learners.add(bytes(buf, buf.getInt(), "candidate '" + name + "'"));
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + buf.remaining()
                    + " unexpected trailing bytes");
        }
        SelectorState state;
        try {
            state = new SelectorState(updates, events, winner, trackers, evaluated, active, eliminatedInRound,
                    participants, rewardSum, totalPulls, randomState, roundLoss, eventsInRound, rounds,
                    pooledLossSum, pooledLosses);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid selector snapshot: " + e.getMessage(), e);
        }
        List<OnlineLearner> candidates = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            try {
                candidates.add(LearnerCodec.decode(learners.get(i), kernels));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid selector snapshot: candidate '" + names.get(i) + "': "
                        + e.getMessage(), e);
            }
        }
        try {
            return kind == KIND_CLASSIFIER
                    ? ClassifierSelector.restore(typed(names, candidates, Classifier.class),
                            classificationLoss(lossName), average, strategy, state)
                    : RegressorSelector.restore(typed(names, candidates, Regressor.class),
                            regressionLoss(lossName), average, strategy, state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid selector snapshot: " + e.getMessage(), e);
        }
    }

    private static <M> SequencedMap<String, M> typed(List<String> names, List<OnlineLearner> learners,
            Class<M> type) {
        SequencedMap<String, M> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            OnlineLearner learner = learners.get(i);
            if (!type.isInstance(learner)) {
                throw new IllegalArgumentException("candidate '" + names.get(i) + "' is a " + learner.task()
                        + " learner (" + learner.algorithm() + "), not a " + type.getSimpleName());
            }
            out.put(names.get(i), type.cast(learner));
        }
        return out;
    }

    private static ClassificationLoss classificationLoss(String name) {
        for (ClassificationLoss l : ClassificationLoss.values()) {
            if (l.configName().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown classification loss '" + name + "'");
    }

    private static RegressionLoss regressionLoss(String name) {
        for (RegressionLoss l : RegressionLoss.values()) {
            if (l.configName().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown regression loss '" + name + "'");
    }

    /** {@code n} bytes, checked against what is left before allocating. */
    private static byte[] bytes(ByteBuffer buf, int n, String what) {
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + what + " claims " + n + " bytes, "
                    + buf.remaining() + " left");
        }
        byte[] out = new byte[n];
        buf.get(out);
        return out;
    }

    private static int averageSize(LossAverage average) {
        return 1 + switch (average) {
            case LossAverage.Window w -> 4;
            case LossAverage.Fading f -> 8;
        };
    }

    private static void putAverage(ByteBuffer buf, LossAverage average) {
        switch (average) {
            case LossAverage.Window w -> buf.put(AVERAGE_WINDOW).putInt(w.size());
            case LossAverage.Fading f -> buf.put(AVERAGE_FADING).putDouble(f.alpha());
        }
    }

    private static LossAverage getAverage(ByteBuffer buf) {
        byte code = buf.get();
        try {
            return switch (code) {
                case AVERAGE_WINDOW -> LossAverage.window(buf.getInt());
                case AVERAGE_FADING -> LossAverage.fading(buf.getDouble());
                default -> throw new IllegalArgumentException("unknown loss average code " + code);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + e.getMessage(), e);
        }
    }

    private static int strategySize(Strategy strategy) {
        return 1 + switch (strategy) {
            case Strategy.Greedy g -> 0;
            case Strategy.Ucb1 u -> 8;
            case Strategy.EpsilonGreedy e -> 16;
            case Strategy.SuccessiveHalving s -> 4;
        };
    }

    private static void putStrategy(ByteBuffer buf, Strategy strategy) {
        switch (strategy) {
            case Strategy.Greedy g -> buf.put(STRATEGY_GREEDY);
            case Strategy.Ucb1 u -> buf.put(STRATEGY_UCB1).putDouble(u.exploration());
            case Strategy.EpsilonGreedy e -> buf.put(STRATEGY_EPSILON_GREEDY).putDouble(e.epsilon()).putLong(e.seed());
            case Strategy.SuccessiveHalving s -> buf.put(STRATEGY_SUCCESSIVE_HALVING).putInt(s.roundLength());
        }
    }

    private static Strategy getStrategy(ByteBuffer buf) {
        byte code = buf.get();
        try {
            return switch (code) {
                case STRATEGY_GREEDY -> Strategy.greedy();
                case STRATEGY_UCB1 -> Strategy.ucb1(buf.getDouble());
                case STRATEGY_EPSILON_GREEDY -> Strategy.epsilonGreedy(buf.getDouble(), buf.getLong());
                case STRATEGY_SUCCESSIVE_HALVING -> Strategy.successiveHalving(buf.getInt());
                default -> throw new IllegalArgumentException("unknown strategy code " + code);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupted selector snapshot: " + e.getMessage(), e);
        }
    }

    private static long trackerSize(SelectorState.Tracker tracker) {
        return switch (tracker) {
            case SelectorState.WindowTracker w -> 4 * 4 + 8 + 8L * w.size();
            case SelectorState.FadingTracker f -> 4 * 8;
        };
    }

    private static void putTracker(ByteBuffer buf, SelectorState.Tracker tracker) {
        switch (tracker) {
            case SelectorState.WindowTracker w -> {
                buf.putInt(w.size()).putInt(w.next()).putInt(w.nonFinite()).putInt(w.sinceRebuild())
                        .putDouble(w.sum());
                for (int i = 0; i < w.size(); i++) {
                    buf.putDouble(w.ring()[i]);
                }
            }
            case SelectorState.FadingTracker f ->
                    buf.putDouble(f.sum()).putDouble(f.weight()).putLong(f.count()).putLong(f.poisoned());
        }
    }

    /** The tracker's layout follows from the average, which also gives the window's ring length. */
    private static SelectorState.Tracker getTracker(ByteBuffer buf, LossAverage average, String name) {
        return switch (average) {
            case LossAverage.Window w -> {
                int size = buf.getInt();
                int next = buf.getInt();
                int nonFinite = buf.getInt();
                int sinceRebuild = buf.getInt();
                double sum = buf.getDouble();
                if (size < 0 || size > w.size() || 8L * size > buf.remaining()) {
                    throw new IllegalArgumentException("corrupted selector snapshot: candidate '" + name
                            + "' has " + size + " losses in a window of " + w.size() + ", " + buf.remaining()
                            + " bytes left");
                }
                double[] ring = new double[w.size()];
                for (int i = 0; i < size; i++) {
                    ring[i] = buf.getDouble();
                }
                yield new SelectorState.WindowTracker(ring, next, size, nonFinite, sum, sinceRebuild);
            }
            case LossAverage.Fading f ->
                    new SelectorState.FadingTracker(buf.getDouble(), buf.getDouble(), buf.getLong(), buf.getLong());
        };
    }
}
