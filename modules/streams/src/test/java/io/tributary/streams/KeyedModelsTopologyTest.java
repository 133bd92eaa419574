package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.events.ModelMetrics;
import io.tributary.events.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keyed models (one per record key), driven through the topology (no broker). */
class KeyedModelsTopologyTest {

    static String yaml(String keyed) {
        return """
                processor:
                  metrics.emit.interval.ms: 1000
                models:
                  - name: perkey
                    task: regression
                    algorithm: linear_regression
                    features: {layout: dense, dimension: 2}
                    hyperparameters: {optimizer: sgd, learning_rate: 0.1}
                    scope: keyed
                %s
                """.formatted(keyed);
    }

    @Test
    void eachKeyLearnsItsOwnModelWhichOneSharedModelCouldNot() {
        double[] slope = {2, -3, 0.5};
        try (TopologyFixture f = new TopologyFixture(yaml(""))) {
            Random random = new Random(1);
            for (int i = 0; i < 3000; i++) {
                int k = i % 3;
                double x = random.nextGaussian();
                f.send("series-" + k, "{\"dense\":[" + x + ",1],\"label\":" + slope[k] * x + "}");
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(3000, out.size());
            // The last predictions per key follow that key's own slope: one shared model would fit their average.
            for (Prediction p : out.subList(2700, 3000)) {
                assertEquals(((Number) p.getLabel()).doubleValue(), p.getPrediction(), 0.05, p.getKey());
            }
            // Versions count each key's own updates.
            assertEquals(999, out.get(2999).getModelVersion());
            assertEquals(999, out.get(2997).getModelVersion());
            assertEquals(3.0, gauge(f, "tributary_keyed_models"));
            double bytes = gauge(f, "tributary_keyed_model_snapshot_bytes");
            assertTrue(bytes > 50 && bytes < 500, "a d=2 linear model's snapshot is ~100 bytes: " + bytes);
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            ModelMetrics m = f.modelMetrics.readValuesToList().getLast();
            assertEquals(3, m.getKeyedModels());
            assertEquals(3000, m.getLabelled(), "one tracker covers all keys");
            assertTrue(m.getMae() < 0.05, "MAE over all keys " + m.getMae());
        }
    }

    @Test
    void theCapEvictsTheLeastRecentlyUsedKeyWhichThenStartsAfresh() {
        try (TopologyFixture f = new TopologyFixture(yaml("    keyed: {max_models: 2}"))) {
            for (String key : List.of("a", "a", "b", "a", "c")) { // c evicts b, the least recently used
                f.send(key, "{\"dense\":[1,1],\"label\":1}");
            }
            assertEquals(1.0, evicted(f, "cap"));
            assertEquals(2.0, gauge(f, "tributary_keyed_models"));
            f.send("a", "{\"dense\":[1,1],\"label\":1}");
            f.send("b", "{\"dense\":[1,1],\"label\":1}");
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(3, out.get(5).getModelVersion(), "a kept its model: its fourth event");
            assertEquals(0, out.get(6).getModelVersion(), "b was evicted (its stored snapshot too) and starts again");
            assertEquals(2.0, evicted(f, "cap"), "and evicted c in turn");
        }
    }

    @Test
    void idleKeysAreEvictedAfterTheTimeout() {
        try (TopologyFixture f = new TopologyFixture(yaml("    keyed: {idle_timeout_ms: 1000}"))) {
            f.send("old", "{\"dense\":[1,1],\"label\":1}");
            f.driver.advanceWallClockTime(Duration.ofMillis(700));
            f.send("new", "{\"dense\":[1,1],\"label\":1}");
            f.driver.advanceWallClockTime(Duration.ofMillis(600)); // "old" idle 1.3 s, "new" 0.6 s
            assertEquals(1.0, evicted(f, "idle"));
            assertEquals(1.0, gauge(f, "tributary_keyed_models"));
        }
    }

    @Test
    void aRecordWithoutAKeyCannotReachAKeyedModelAndIsDeadLettered() {
        try (TopologyFixture f = new TopologyFixture(yaml(""))) {
            f.send(null, "{\"dense\":[1,1],\"label\":1}");
            assertTrue(f.predictions.isEmpty());
            var dead = f.dlq.readRecord();
            assertEquals("missing_key", PredictLearnTopologyTest.header(dead, "tributary.dlq.reason"));
        }
    }

    @Test
    void keyedConfigIsValidated() {
        String base = yaml("").replace("    scope: keyed\n", "");
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(base + "    scope: everyone\n").contains("'everyone' is not one of global, keyed, partition"));
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(base + "    keyed: {max_models: 3}\n").contains("only a model with scope: keyed"));
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(yaml("    keyed: {max_models: 0}")).contains("max_models: must be positive"));
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(yaml("    keyed: {max_model: 3}")).contains("unknown key 'max_model'"));
    }

    private static double gauge(TopologyFixture f, String name) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals(name)) {
                return ((GaugeSnapshot) s).getDataPoints().getFirst().getValue();
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    private static double evicted(TopologyFixture f, String reason) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("tributary_keyed_models_evicted")) {
                for (CounterSnapshot.CounterDataPointSnapshot p : ((CounterSnapshot) s).getDataPoints()) {
                    if (p.getLabels().get("reason").equals(reason)) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no eviction counter for " + reason);
    }
}
