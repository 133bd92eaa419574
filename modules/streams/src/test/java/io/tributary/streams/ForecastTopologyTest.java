package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.ForecastAccuracy;
import io.tributary.events.Prediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One forecaster per series (keyed model): h-step forecasts on every prediction, scored as the points arrive. */
class ForecastTopologyTest {

    static final String YAML = """
            processor:
              metrics.emit.interval.ms: 1000
            models:
              - name: demand
                task: regression
                algorithm: nlinear
                features: {layout: dense, dimension: 1}
                hyperparameters: {input_size: 24, horizon: 4, learning_rate: 0.005}
                scope: keyed
            """;

    @Test
    void eachSeriesGetsItsOwnForecasterAndForecastsAreScoredStepByStep() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            int n = 600;
            for (int t = 0; t < n; t++) {
                for (int s = 0; s < 3; s++) { // three series: seasonal (period 12) at different levels and phases
                    double y = 10 * (s + 1) + 3 * Math.sin(2 * Math.PI * (t + 4 * s) / 12);
                    f.send("series-" + s, "{\"dense\":[0],\"label\":" + y + "}");
                }
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(3 * n, out.size());
            assertEquals(4, out.getLast().getForecast().size(), "each prediction carries the next 4 steps");
            assertEquals(out.getLast().getPrediction(), out.getLast().getForecast().getFirst(), 1e-12,
                    "the prediction is the one-step-ahead forecast");

            // Recompute the pooled MAE of every forecast entry from the emitted predictions: the forecast carried by the
            // prediction of point t (made after point t-1 was learned) covers points t .. t+3 of the same series. The
            // processor scores exactly those: the forecast it issues after learning t-1 is the one the next prediction
            // shows (the very first prediction, made before any point, is not a forecast it issued).
            Map<String, List<Prediction>> bySeries = new HashMap<>();
            for (Prediction p : out) {
                bySeries.computeIfAbsent(p.getKey(), k -> new java.util.ArrayList<>()).add(p);
            }
            double absSum = 0;
            long count = 0;
            for (List<Prediction> series : bySeries.values()) {
                for (int t = 1; t < series.size(); t++) {
                    List<Double> forecast = series.get(t).getForecast();
                    for (int k = 0; k < forecast.size() && t + k < series.size(); k++) {
                        absSum += Math.abs(forecast.get(k) - ((Number) series.get(t + k).getLabel()).doubleValue());
                        count++;
                    }
                }
            }
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            ForecastAccuracy accuracy = f.modelMetrics.readValuesToList().getLast().getForecast();
            assertNotNull(accuracy);
            assertEquals(4, accuracy.getHorizon());
            assertEquals(3, accuracy.getSeries().size());
            // The processor scores the forecast issued after learning point t-1, the same one the next prediction shows.
            assertEquals(count, accuracy.getCount(), "every forecast entry whose truth arrived is scored");
            assertEquals(absSum / count, accuracy.getMae(), 1e-9 * absSum / count);
            assertTrue(accuracy.getMae() < 1.0, "the seasonal pattern is learned: MAE " + accuracy.getMae() + " (amplitude 3)");
            assertTrue(accuracy.getSmape() >= 0 && accuracy.getSmape() < 10, "sMAPE " + accuracy.getSmape());
        }
    }
}
