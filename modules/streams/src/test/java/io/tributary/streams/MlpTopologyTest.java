package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.events.Dimensionality;
import io.tributary.events.ModelMetrics;
import io.tributary.events.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An MLP served by the processor, with dimensionality tracking exported as gauges and on model-metrics. */
class MlpTopologyTest {

    static final String YAML = """
            processor:
              metrics.emit.interval.ms: 1000
            models:
              - name: net
                task: regression
                algorithm: mlp
                features: {layout: dense, dimension: 2}
                hyperparameters: {hidden_layers: [16, 16], activation: silu, learning_rate: 0.01, batch_size: 8, track_every: 5, seed: 3}
            """;

    @Test
    void anMlpLearnsInTheStreamAndItsHiddenLayersAreTracked() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            Random random = new Random(1);
            int n = 6000;
            for (int i = 0; i < n; i++) {
                double a = random.nextDouble() * 2 - 1;
                double b = random.nextDouble() * 2 - 1;
                double y = Math.sin(3 * a) + a * b; // non-linear: a linear model cannot fit it
                if (i >= 5000) {
                    y *= 50; // the target's scale jumps: the loss series must flag it
                }
                f.send("k", "{\"dense\":[" + a + "," + b + "],\"label\":" + y + "}");
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(n, out.size());
            double early = meanAbsError(out.subList(0, 500));
            double late = meanAbsError(out.subList(4500, 5000));
            assertTrue(late < early / 3, "the MLP learned: MAE " + early + " -> " + late);

            List<ModelMetrics> records = f.modelMetrics.readValuesToList();
            // The loss series jumps where the target's scale does (event 5000 = optimiser step 625), within a few
            // measurements; other series may jump too during training (hidden layers reorganise), which is the point.
            List<ModelMetrics> jumps = records.stream().filter(m -> m.getDimensionality() != null && m.getDimensionality().getJump() != null).toList();
            ModelMetrics lossJump = jumps.stream().filter(m -> m.getDimensionality().getJump().getSeries().equals("loss")
                    && m.getDimensionality().getJump().getStep() >= 625).findFirst()
                    .orElseThrow(() -> new AssertionError("no loss jump after the change among " + jumps.size() + " jumps"));
            assertTrue(lossJump.getDimensionality().getJump().getStep() <= 625 + 25, "flagged within 5 measurements: step "
                    + lossJump.getDimensionality().getJump().getStep());
            assertEquals(jumps.size(), f.metrics.model("net").dimensionalityJumpCount(), "each jump counted and published");
            assertTrue(f.metrics.model("net").dimensionalityJumpCount() >= 1);

            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            Dimensionality d = f.modelMetrics.readValuesToList().getLast().getDimensionality();
            assertNotNull(d, "the periodic record carries the latest measurement");
            assertEquals(2, d.getLayers().size());
            assertEquals(n / 8 / 5 * 5, d.getStep(), "measured every 5 optimiser steps of 8 events");
            for (var layer : d.getLayers()) {
                assertTrue(layer.getStableRank() >= 1 && layer.getStableRank() <= 8, "stable rank within [1, min(batch, width)]");
                assertTrue(layer.getComponents90() >= 1 && layer.getComponents90() <= 8);
            }
            assertEquals(d.getLayers().get(1).getStableRank(), gauge(f, "tributary_mlp_stable_rank", "2"), 1e-12);
        }
    }

    private static double meanAbsError(List<Prediction> ps) {
        return ps.stream().mapToDouble(p -> Math.abs(p.getPrediction() - ((Number) p.getLabel()).doubleValue())).average().orElseThrow();
    }

    private static double gauge(TopologyFixture f, String name, String layer) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals(name)) {
                for (var p : ((GaugeSnapshot) s).getDataPoints()) {
                    if (p.getLabels().get("layer").equals(layer)) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no gauge " + name);
    }
}
