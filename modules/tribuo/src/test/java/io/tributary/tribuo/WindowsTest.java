package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bounded windows: capacity, order, eviction, uniformity of the reservoir, and restore. */
class WindowsTest {

    private static Row row(int i) {
        return new Row(DenseVector.of(i), i);
    }

    @Test
    void slidingWindowKeepsTheLastEventsInOrderAndReportsWhatLeft() {
        SlidingWindow w = new SlidingWindow(5);
        ArrayDeque<Row> reference = new ArrayDeque<>();
        for (int i = 0; i < 23; i++) {
            Row r = row(i);
            Row left = w.add(r);
            reference.addLast(r);
            Row expectedLeft = reference.size() > 5 ? reference.removeFirst() : null;
            assertSame(expectedLeft, left, "event " + i);
            assertEquals(List.copyOf(reference), w.snapshot());
            assertEquals(Math.min(i + 1, 5), w.size());
            for (int k = 0; k < w.size(); k++) {
                assertSame(w.snapshot().get(k), w.get(k));
            }
        }
        assertEquals(23, w.seen());
        List<Row> frozen = w.snapshot();
        w.add(row(99));
        assertEquals(18, (int) frozen.getFirst().y(), "a snapshot does not change afterwards");
        assertThrows(UnsupportedOperationException.class, () -> frozen.set(0, row(1)));
    }

    @Test
    void reservoirStaysBoundedAndHoldsOnlySeenEvents() {
        ReservoirWindow w = new ReservoirWindow(50, 7);
        Set<Row> seen = new HashSet<>();
        Set<Row> inWindow = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Row r = row(i);
            seen.add(r);
            Row left = w.add(r);
            inWindow.add(r);
            if (left != null) {
                assertTrue(inWindow.remove(left), "only a member (or the newcomer) can leave");
            }
            assertEquals(Math.min(i + 1, 50), w.size());
            assertEquals(new HashSet<>(w.snapshot()), inWindow);
        }
        assertTrue(seen.containsAll(w.snapshot()));
        assertEquals(2000, w.seen());
    }

    /**
     * Algorithm R keeps every event with probability capacity / n. Over 4000 seeded runs of 100 events into a
     * reservoir of 10, each event's inclusion count is Binomial(4000, 0.1): mean 400, sd 19. All 100 counts lie within
     * 5 sd, and the first and last halves of the stream are kept equally often (each half's total is 20000 in
     * expectation, sd about 134).
     */
    @Test
    void reservoirKeepsEachEventWithEqualProbability() {
        int runs = 4000;
        int n = 100;
        int capacity = 10;
        int[] kept = new int[n];
        for (int run = 0; run < runs; run++) {
            ReservoirWindow w = new ReservoirWindow(capacity, 1000 + run);
            for (int i = 0; i < n; i++) {
                w.add(row(i));
            }
            for (Row r : w.snapshot()) {
                kept[(int) r.y()]++;
            }
        }
        double mean = runs * (double) capacity / n;
        double sd = Math.sqrt(runs * 0.1 * 0.9);
        int firstHalf = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(kept[i] - mean) < 5 * sd, "event " + i + " kept " + kept[i] + " times");
            if (i < n / 2) {
                firstHalf += kept[i];
            }
        }
        int total = runs * capacity;
        assertTrue(Math.abs(firstHalf - total / 2.0) < 5 * 134, "first half kept " + firstHalf + " of " + total);
    }

    @Test
    void restoredWindowsContinueExactlyLikeTheOriginals() {
        ReservoirWindow original = new ReservoirWindow(20, 42);
        for (int i = 0; i < 300; i++) {
            original.add(row(i));
        }
        ReservoirWindow restored = ReservoirWindow.restore(20, original.seen(), original.rngState(),
                original.snapshot());
        SlidingWindow sliding = new SlidingWindow(20);
        for (int i = 0; i < 37; i++) {
            sliding.add(row(i));
        }
        SlidingWindow slidingRestored = SlidingWindow.restore(20, sliding.seen(), sliding.snapshot());
        for (int i = 300; i < 600; i++) {
            Row r = row(i);
            assertSame(original.add(r), restored.add(r), "same draws after restore, event " + i);
            assertSame(sliding.add(r), slidingRestored.add(r));
        }
        assertEquals(original.snapshot(), restored.snapshot());
        assertEquals(original.rngState(), restored.rngState());
        assertEquals(sliding.snapshot(), slidingRestored.snapshot());
        assertEquals(sliding.seen(), slidingRestored.seen());
        assertThrows(IllegalArgumentException.class, () -> ReservoirWindow.restore(5, 3, 0, List.of(row(1))));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindow.restore(2, 9, List.of(row(1), row(2),
                row(3))));
    }

    @Test
    void theLearnersPriorFollowsTheWindowsContents() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 7, "min_train", 1_000_000);
        float[] uniform = c.predictProbaOne(DenseVector.of(0f, 0f));
        assertEquals(0.5f, uniform[0]);
        assertEquals(0.5f, uniform[1]);
        int[] labels = {1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1};
        List<Integer> all = new ArrayList<>();
        for (int y : labels) {
            c.learnOne(DenseVector.of(y, 1f), y);
            all.add(y);
            List<Integer> last = all.subList(Math.max(0, all.size() - 7), all.size());
            double ones = last.stream().filter(v -> v == 1).count() / (double) last.size();
            float[] p = c.predictProbaOne(DenseVector.of(0f, 0f));
            assertEquals((float) ones, p[1], 1e-7f, "after " + all.size() + " events");
            assertEquals(1f, p[0] + p[1], 1e-6f);
        }
        assertNull(c.currentModel().orElse(null));

        TribuoRegressor r = TestStreams.regressor("trainer", "cart", "window", 4, "min_train", 1_000_000);
        assertEquals(0.0, r.predictOne(DenseVector.of(0f, 0f)));
        double[] ys = {1.5, -2.0, 4.0, 8.25, 3.0, -1.0, 0.5, 10.0, 2.0};
        for (int i = 0; i < ys.length; i++) {
            r.learnOne(DenseVector.of(1f, 2f), ys[i]);
            double sum = 0;
            int from = Math.max(0, i - 3);
            for (int k = from; k <= i; k++) {
                sum += ys[k];
            }
            assertEquals(sum / (i - from + 1), r.predictOne(DenseVector.of(0f, 0f)), 1e-12);
        }
        assertEquals(4.0, r.learnerMetrics().get("window_size"));
    }
}
