package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.events.CandidateScore;
import io.tributary.events.ModelMetrics;
import io.tributary.events.Prediction;
import io.tributary.events.SelectionScoreboard;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Online model selection and the fading metrics, driven through the topology (no broker). */
class ModelSelectionTopologyTest {

    /** Two candidates: a reasonable learning rate and one so small the model stays at its start for thousands of events. */
    static final String SELECTION = """
            processor:
              metrics.window: 500
              metrics.emit.interval.ms: 1000
            models:
              - name: auto
                task: binary_classification
                algorithm: model_selection
                features: {layout: dense, dimension: 3}
                selection:
                  strategy: greedy
                  loss: log_loss
                  window: 200
                  candidates:
                    - {name: crawling, algorithm: logistic_regression, hyperparameters: {optimizer: sgd, learning_rate: 0.000001}}
                    - {name: good, algorithm: logistic_regression, hyperparameters: {optimizer: sgd, learning_rate: 0.2}}
            """;

    /** The "good" candidate on its own, to compare predictions with. */
    static final String GOOD_ALONE = """
            processor:
              metrics.window: 500
            models:
              - name: auto
                task: binary_classification
                algorithm: logistic_regression
                features: {layout: dense, dimension: 3}
                hyperparameters: {optimizer: sgd, learning_rate: 0.2}
            """;

    static String event(Random random) {
        double a = random.nextGaussian();
        double b = random.nextGaussian();
        int y = 2 * a - b + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
        return "{\"dense\":[" + a + "," + b + ",1],\"label\":" + y + "}";
    }

    @Test
    void theBetterCandidateWinsAndServesExactlyWhatItWouldServeAlone() {
        int n = 3000;
        try (TopologyFixture selected = new TopologyFixture(SELECTION); TopologyFixture alone = new TopologyFixture(GOOD_ALONE)) {
            Random r1 = new Random(5);
            Random r2 = new Random(5);
            for (int i = 0; i < n; i++) {
                selected.send("k", event(r1));
                alone.send("k", event(r2));
            }
            List<Prediction> fromSelector = selected.predictions.readValuesToList();
            List<Prediction> fromAlone = alone.predictions.readValuesToList();
            assertEquals(n, fromSelector.size());
            assertTrue(selected.dlq.isEmpty());
            // Greedy trains every candidate on every event, so once "good" serves, the selector's scores are the
            // standalone model's, bit for bit. It must take over well before the end.
            int firstIdentical = -1;
            for (int i = 0; i < n; i++) {
                boolean same = fromSelector.get(i).getScores().equals(fromAlone.get(i).getScores());
                if (same && firstIdentical < 0) {
                    firstIdentical = i;
                } else if (!same) {
                    firstIdentical = -1;
                }
            }
            assertTrue(firstIdentical >= 0 && firstIdentical < 500,
                    "from some early event on the selector serves the good candidate's predictions; from " + firstIdentical);
            assertTrue(firstIdentical > 0, "the first candidate serves at the start, before any score exists");
            // The version of a selector counts the events it learned from.
            assertEquals(n, fromSelector.get(n - 1).getModelVersion() + 1);

            selected.driver.advanceWallClockTime(Duration.ofMillis(1000));
            List<ModelMetrics> out = selected.modelMetrics.readValuesToList();
            assertEquals(1, out.size());
            SelectionScoreboard board = out.get(0).getSelection();
            assertEquals("greedy", board.getStrategy());
            assertEquals("log_loss", board.getLoss());
            assertEquals("good", board.getWinner());
            CandidateScore crawling = board.getCandidates().get(0);
            CandidateScore good = board.getCandidates().get(1);
            assertEquals("crawling", crawling.getName());
            assertEquals(n, crawling.getEvaluated());
            assertEquals(n, good.getEvaluated());
            assertEquals(n, good.getUpdates());
            assertTrue(good.getLoss() < crawling.getLoss() - 0.2, "log-loss good " + good.getLoss() + " vs crawling " + crawling.getLoss());
            // The good candidate's windowed loss, recomputed from the standalone model's last 200 predictions.
            double expected = fromAlone.subList(n - 200, n).stream().mapToDouble(p -> {
                int y = ((Number) p.getLabel()).intValue();
                return -Math.log(Math.max(p.getScores().get(y), 1e-15));
            }).average().orElseThrow();
            assertEquals(expected, good.getLoss(), 1e-9);
            assertNull(crawling.getMeanReward(), "no rewards under greedy");

            assertEquals(1.0, gauge(selected, "tributary_selection_winner", "good"));
            assertEquals(0.0, gauge(selected, "tributary_selection_winner", "crawling"));
            assertEquals(good.getLoss(), gauge(selected, "tributary_selection_candidate_loss", "good"), 1e-12);
            assertEquals((double) n, gauge(selected, "tributary_selection_candidate_evaluations", "crawling"));
            assertEquals(1.0, gauge(selected, "tributary_selection_candidate_active", "crawling"));
        }
    }

    @Test
    void successiveHalvingEliminatesTheWorseCandidateAndReportsIt() {
        String yaml = SELECTION.replace("strategy: greedy", "strategy: successive_halving\n      round_length: 300");
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            Random random = new Random(8);
            for (int i = 0; i < 1000; i++) {
                f.send("k", event(random));
            }
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            SelectionScoreboard board = f.modelMetrics.readValuesToList().get(0).getSelection();
            assertEquals("successive_halving", board.getStrategy());
            assertEquals(1, board.getRounds());
            assertEquals("good", board.getWinner());
            assertFalse(board.getCandidates().get(0).getActive(), "crawling is out after the first round");
            assertEquals(300, board.getCandidates().get(0).getEvaluated(), "and was not trained after it");
            assertEquals(1000, board.getCandidates().get(1).getEvaluated());
            assertEquals(0.0, gauge(f, "tributary_selection_candidate_active", "crawling"));
        }
    }

    @Test
    void transformsSitInFrontOfEveryCandidate() {
        String yaml = SELECTION.replace("    selection:", "    transforms: [{type: standard_scaler}]\n    selection:");
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            Random random = new Random(2);
            for (int i = 0; i < 500; i++) {
                f.send("k", event(random));
            }
            assertEquals(500, f.predictions.readValuesToList().size());
            assertTrue(f.dlq.isEmpty());
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            assertEquals("good", f.modelMetrics.readValuesToList().get(0).getSelection().getWinner());
        }
    }

    @Test
    void fadingMetricsMatchAFadedMeanRecomputedFromThePredictions() {
        String yaml = PredictLearnTopologyTest.BINARY.replace("metrics.window: 100",
                "metrics.window: 100\n  metrics.emit.interval.ms: 1000\n  metrics.fading.factor: 0.99");
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            Random random = new Random(4);
            for (int i = 0; i < 400; i++) {
                f.send("k", event(random));
            }
            double alpha = 0.99;
            double hits = 0;
            double weight = 0;
            for (Prediction p : f.predictions.readValuesToList()) {
                hits = alpha * hits + (p.getPrediction() == ((Number) p.getLabel()).doubleValue() ? 1 : 0);
                weight = alpha * weight + 1;
            }
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            ModelMetrics m = f.modelMetrics.readValuesToList().get(0);
            assertEquals(0.99, m.getFadingFactor().doubleValue());
            assertEquals(hits / weight, m.getFadingAccuracy(), 1e-12);
            assertTrue(m.getFadingLogLoss() > 0);
            assertNull(m.getFadingMae());
            assertNull(m.getSelection(), "a single learner has no scoreboard");
            assertEquals(hits / weight, gauge(f, "tributary_prequential_fading_accuracy", null), 1e-12);
        }
    }

    @Test
    void selectionConfigIsValidated() {
        String base = """
                models:
                  - name: auto
                    task: %s
                    algorithm: model_selection
                    features: {layout: dense, dimension: 2}
                %s
                """;
        String two = """
                    selection:
                      %s
                      candidates:
                        - {name: a, algorithm: %s}
                        - {name: b, algorithm: %s, hyperparameters: {learning_rate: 0.01}}
                """;
        String binary = "binary_classification";
        assertTrue(iae(base.formatted(binary, "")).contains("needs a 'selection' block"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy", "logistic_regression", "logistic_regression"))
                .replace("algorithm: model_selection", "algorithm: logistic_regression")).contains("a 'selection' block needs algorithm"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: best", "logistic_regression", "logistic_regression")))
                .contains("'best' is not one of"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy\n      epsilon: 0.1", "logistic_regression",
                "logistic_regression"))).contains("greedy strategy takes no 'epsilon'"));
        assertTrue(iae(base.formatted(binary, two.formatted("loss: squared", "logistic_regression", "logistic_regression")))
                .contains("not a classification loss"));
        assertTrue(iae(base.formatted("regression", two.formatted("loss: log_loss", "linear_regression", "linear_regression")))
                .contains("not a regression loss"));
        assertTrue(iae(base.formatted(binary, two.formatted("window: 10\n      fading_factor: 0.9", "logistic_regression",
                "logistic_regression"))).contains("either 'window' or 'fading_factor'"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy", "logistic_regression", "linear_regression")))
                .contains("candidate 'b'"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy", "logistic_regression", "logistic_regresion")))
                .contains("logistic_regresion"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy", "logistic_regression", "logistic_regression")
                .replace("name: b", "name: a"))).contains("duplicate candidate name 'a'"));
        assertTrue(iae(base.formatted(binary, """
                    selection:
                      candidates:
                        - {name: only, algorithm: logistic_regression}
                """)).contains("at least two candidates"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: greedy", "logistic_regression", "logistic_regression")
                + "    hyperparameters: {learning_rate: 0.1}\n")).contains("belong to each candidate"));
        assertTrue(iae(base.formatted(binary, two.formatted("strategy: epsilon_greedy\n      epsilon: 2", "logistic_regression",
                "logistic_regression"))).contains("epsilon must be in [0, 1]"));
    }

    private static String iae(String yaml) {
        return PredictLearnTopologyTest.assertThrowsIae(yaml);
    }

    /** A gauge's value for the model "auto" or "clf" (the only model in these configs) and, if given, a candidate. */
    private static double gauge(TopologyFixture f, String name, String candidate) {
        for (MetricSnapshot snapshot : f.registry.scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name)) {
                for (var point : ((GaugeSnapshot) snapshot).getDataPoints()) {
                    if (candidate == null || candidate.equals(point.getLabels().get("candidate"))) {
                        return point.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no gauge " + name + (candidate == null ? "" : " for candidate " + candidate));
    }
}
