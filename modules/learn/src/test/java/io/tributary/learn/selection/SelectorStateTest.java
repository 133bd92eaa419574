package io.tributary.learn.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.Regressor;
import io.tributary.learn.selection.Constant.ConstantRegressor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The state/restore pair beneath the snapshot codec, with hand-checkable constant candidates. */
class SelectorStateTest {

    private static final int D = 2;
    private static final DenseVector X = new DenseVector(new float[D]);

    private static SequencedMap<String, Regressor> candidates() {
        SequencedMap<String, Regressor> c = new LinkedHashMap<>();
        c.put("one", new ConstantRegressor(D, 1));
        c.put("three", new ConstantRegressor(D, 3));
        c.put("nan", new ConstantRegressor(D, Double.NaN));
        return c;
    }

    /** Targets 0, 1, 2, 0, 1, 2, ...: losses of "one" are 1, 0, 1; of "three" 9, 4, 1; of "nan" infinite. */
    private static RegressorSelector trained(LossAverage average, Strategy strategy, int events) {
        RegressorSelector s = new RegressorSelector(candidates(), RegressionLoss.SQUARED, average, strategy);
        for (int t = 0; t < events; t++) {
            s.learnOne(X, t % 3);
        }
        return s;
    }

    @Test
    void theStateHoldsWhatTheCompetitionCountedAndRestoresIt() {
        RegressorSelector s = trained(LossAverage.window(4), Strategy.greedy(), 5);
        SelectorState state = s.state();
        assertEquals(5, state.updates());
        assertEquals(5, state.events());
        assertEquals(0, state.winner(), "\"one\" has the lowest loss");
        SelectorState.WindowTracker one = (SelectorState.WindowTracker) state.trackers().get(0);
        // Five losses 1, 0, 1, 1, 0 in a ring of 4: slot 0 was overwritten by the fifth.
        assertEquals(List.of(0.0, 0.0, 1.0, 1.0), List.of(one.ring()[0], one.ring()[1], one.ring()[2], one.ring()[3]));
        assertEquals(1, one.next());
        assertEquals(4, one.size());
        assertEquals(1, one.sinceRebuild(), "rebuilt after the fourth loss");
        assertEquals(2.0, one.sum());
        assertEquals(4, ((SelectorState.WindowTracker) state.trackers().get(2)).nonFinite());
        // Pooled: every finite loss of "one" (3) and "three" (9 + 4 + 1 + 9 + 4 = 27) over 10 losses.
        assertEquals(30.0, state.pooledLossSum());
        assertEquals(10, state.pooledLosses());

        RegressorSelector restored = RegressorSelector.restore(candidates(), RegressionLoss.SQUARED,
                LossAverage.window(4), Strategy.greedy(), state);
        assertEquals(s.scoreboard().candidates().stream().map(Scoreboard.Entry::loss).toList(),
                restored.scoreboard().candidates().stream().map(Scoreboard.Entry::loss).toList());
        assertEquals(5, restored.updates());
        for (int t = 5; t < 40; t++) {
            s.learnOne(X, t % 3);
            restored.learnOne(X, t % 3);
            assertEquals(s.scoreboard().candidates().stream().map(Scoreboard.Entry::loss).toList(),
                    restored.scoreboard().candidates().stream().map(Scoreboard.Entry::loss).toList());
        }
    }

    @Test
    void theStateIsACopy() {
        RegressorSelector s = trained(LossAverage.window(4), Strategy.ucb1(), 7);
        SelectorState state = s.state();
        state.evaluated()[0] = 1000;
        state.rewardSum()[1] = 1000;
        ((SelectorState.WindowTracker) state.trackers().get(0)).ring()[0] = 1000;
        assertEquals(s.state().totalPulls(), s.scoreboard().candidates().stream()
                .mapToLong(Scoreboard.Entry::evaluated).sum());
        assertTrue(s.scoreboard().entry("one").loss() < 1000);
    }

    /** Rebuilds the state with one part replaced. */
    private static SelectorState with(SelectorState s, UnaryOperator<List<SelectorState.Tracker>> trackers) {
        return new SelectorState(s.updates(), s.events(), s.winner(), trackers.apply(new ArrayList<>(s.trackers())),
                s.evaluated(), s.active(), s.eliminatedInRound(), s.participants(), s.rewardSum(), s.totalPulls(),
                s.randomState(), s.roundLoss(), s.eventsInRound(), s.rounds(), s.pooledLossSum(), s.pooledLosses());
    }

    @Test
    void aStateThatDoesNotFitTheConfigurationIsRejected() {
        SelectorState window = trained(LossAverage.window(4), Strategy.greedy(), 6).state();
        SelectorState fading = trained(LossAverage.fading(0.5), Strategy.greedy(), 6).state();
        assertRejected("cannot hold", () -> RegressorSelector.restore(candidates(), RegressionLoss.SQUARED,
                LossAverage.fading(0.5), Strategy.greedy(), window));
        assertRejected("holds 4 slots", () -> RegressorSelector.restore(candidates(), RegressionLoss.SQUARED,
                LossAverage.window(5), Strategy.greedy(), window));
        assertRejected("at most 2 evaluations", () -> RegressorSelector.restore(candidates(), RegressionLoss.SQUARED,
                LossAverage.fading(0.5), Strategy.greedy(), with(fading, t -> {
                    SelectorState.FadingTracker f = (SelectorState.FadingTracker) t.get(2);
                    t.set(2, new SelectorState.FadingTracker(f.sum(), f.weight(), f.count(), 3));
                    return t;
                })));
        assertRejected("infinite losses in the ring", () -> RegressorSelector.restore(candidates(),
                RegressionLoss.SQUARED, LossAverage.window(4), Strategy.greedy(), with(window, t -> {
                    SelectorState.WindowTracker w = (SelectorState.WindowTracker) t.get(2);
                    t.set(2, new SelectorState.WindowTracker(w.ring(), w.next(), w.size(), 1, w.sum(),
                            w.sinceRebuild()));
                    return t;
                })));
        // Greedy scores all three on each of 6 events; a bandit's pulls must match its evaluations.
        assertRejected("0 pulls, 18 evaluations", () -> RegressorSelector.restore(candidates(),
                RegressionLoss.SQUARED, LossAverage.window(4), Strategy.ucb1(), window));
        SelectorState bandit = trained(LossAverage.window(4), Strategy.ucb1(), 6).state();
        assertRejected("pulls or rewards for a greedy selector", () -> RegressorSelector.restore(candidates(),
                RegressionLoss.SQUARED, LossAverage.window(4), Strategy.greedy(), bandit));
        SequencedMap<String, Regressor> two = candidates();
        two.remove("nan");
        assertRejected("state for 3 candidates, the selector has 2", () -> RegressorSelector.restore(two,
                RegressionLoss.SQUARED, LossAverage.window(4), Strategy.greedy(), window));
        assertRejected("inconsistent candidate counts", () -> with(window, t -> t.subList(0, 2)));
    }

    private static void assertRejected(String reason, org.junit.jupiter.api.function.Executable restore) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, restore, reason);
        assertTrue(e.getMessage().contains(reason), reason + ": " + e.getMessage());
    }
}
