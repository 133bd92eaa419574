package io.tributary.learn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastMetricsTest {

    @Test
    void scoresEachEntryWhenItsTruthArrives() {
        ForecastMetrics m = new ForecastMetrics(2);
        m.issue(new double[] {10, 20});   // covers points 0 and 1
        m.observe(12);                    // 1 ahead: |10 - 12| = 2, sMAPE 200 * 2 / 22
        m.issue(new double[] {11, 0});    // covers points 1 and 2
        m.observe(0);                     // 2 ahead: F 20, A 0 -> 20, 200; 1 ahead: F 11, A 0 -> 11, 200
        m.issue(new double[] {0, 5});     // covers points 2 and 3
        m.observe(0);                     // 2 ahead: F 0, A 0 -> 0, 0 (0/0 counts 0); 1 ahead: F 0, A 0 -> 0, 0
        double first = 200.0 * 2 / 22;
        assertEquals(3, m.observed());
        assertEquals(5, m.count());
        assertEquals(3, m.count(1));
        assertEquals(2, m.count(2));
        assertEquals((2 + 11 + 0) / 3.0, m.mae(1), 1e-12);
        assertEquals((20 + 0) / 2.0, m.mae(2), 1e-12);
        assertEquals((first + 200 + 0) / 3, m.smape(1), 1e-12);
        assertEquals((200 + 0) / 2.0, m.smape(2), 1e-12);
        assertEquals(33 / 5.0, m.mae(), 1e-12);
        assertEquals((first + 200 + 200) / 5, m.smape(), 1e-12);
    }

    @Test
    void aLaterForecastForTheSameOriginReplacesTheEarlierAndUnforecastPointsAreNotScored() {
        ForecastMetrics m = new ForecastMetrics(3);
        m.observe(5);                     // nothing pending
        assertEquals(0, m.count());
        assertTrue(Double.isNaN(m.mae()));
        m.issue(new double[] {100, 100, 100});
        m.issue(new double[] {4, 8, 1});
        m.observe(6);
        assertEquals(1, m.count());
        assertEquals(2, m.mae(), 0);
    }

    @Test
    void aggregatePoolsEntriesAcrossSeries() {
        ForecastMetrics a = new ForecastMetrics(1);
        ForecastMetrics b = new ForecastMetrics(1);
        a.issue(new double[] {1});
        a.observe(2);                     // 1, sMAPE 200/3
        b.issue(new double[] {10});
        b.observe(14);                    // 4, sMAPE 200*4/24
        b.issue(new double[] {14});
        b.observe(14);                    // 0
        ForecastMetrics.Summary total = ForecastMetrics.aggregate(List.of(a, b));
        assertEquals(3, total.count());
        assertEquals(5 / 3.0, total.mae(), 1e-12);
        assertEquals((200.0 / 3 + 800.0 / 24) / 3, total.smape(), 1e-12);
    }

    @Test
    void nonFiniteForecastsCountAsWorstCaseAndBadInputIsRejected() {
        ForecastMetrics m = new ForecastMetrics(1);
        m.issue(new double[] {Double.NaN});
        m.observe(3);
        assertEquals(Double.POSITIVE_INFINITY, m.mae());
        assertEquals(200, m.smape(), 0);
        assertThrows(IllegalArgumentException.class, () -> m.observe(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> m.issue(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> m.mae(2));
        assertThrows(IllegalArgumentException.class, () -> new ForecastMetrics(0));
    }
}
