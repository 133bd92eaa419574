package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.Prediction;
import io.tributary.streams.processor.PredictLearnProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class PredictLearnTopologyTest {

    static final String BINARY = """
            processor:
              metrics.window: 100
            models:
              - name: clf
                task: binary_classification
                algorithm: logistic_regression
                features: {layout: dense, dimension: 3}
                hyperparameters: {optimizer: sgd, learning_rate: 0.5}
            """;

    @Test
    void predictsBeforeLearningSoTheFirstPredictionIsTheUntrainedModels() {
        try (TopologyFixture f = new TopologyFixture(BINARY)) {
            f.send("a", "{\"eventId\":\"e1\",\"dense\":[1,0,0],\"label\":1}");
            f.send("a", "{\"eventId\":\"e2\",\"dense\":[1,0,0],\"label\":1}");
            f.send("a", "{\"eventId\":\"e3\",\"dense\":[1,0,0]}");
            List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
            assertEquals(3, out.size());
            Prediction first = out.get(0).value();
            // Untrained logistic model: all-zero weights give p = 0.5 exactly. Had it learned e1 first, p(1) > 0.5.
            assertEquals(0, first.getModelVersion());
            assertEquals(0.5f, first.getScores().get(1), 1e-6);
            assertEquals(1, out.get(1).value().getModelVersion());
            assertTrue(out.get(1).value().getScores().get(1) > 0.5f, "after learning label 1, p(1) rises");
            // An unlabelled event is predicted but not learned from: the version stays.
            assertEquals(2, out.get(2).value().getModelVersion());
            assertNull(out.get(2).value().getLabel());
            assertEquals("a", out.get(0).key());
            assertEquals(2, f.metrics.model("clf").labelledCount());
        }
    }

    @Test
    void everyKindOfBadRecordGoesToTheDlqWithItsReasonAndGoodOnesAroundThemAreServed() {
        try (TopologyFixture f = new TopologyFixture(BINARY)) {
            List<String> bad = List.of(
                    "not json at all",
                    "{\"dense\":[1,2],\"label\":1}",
                    "{\"dense\":[1,\"NaN\",2]}",
                    "{\"dense\":[1,2,3],\"label\":7}",
                    "{\"dense\":[1,2,3],\"label\":\"cat\"}",
                    "{\"dense\":[1,2,3],\"model\":\"ghost\"}",
                    "{\"named\":{\"x\":1.0}}",
                    "{\"label\":1}");
            List<String> reasons = java.util.Arrays.asList("undecodable", "wrong_dimension", null, "bad_label", "bad_label", "unknown_model",
                    "missing_features", null);
            int good = 0;
            for (String b : bad) {
                f.send("k", "{\"dense\":[0.1,0.2,0.3],\"label\":0}");
                good++;
                f.send("k", b);
            }
            f.sendBytes("k", new byte[] {0, 0, 0, 0, 1, 2}); // Avro frame, but no registry configured
            f.sendBytes("k", null); // a tombstone is not an event either
            f.send("k", "{\"dense\":[0.1,0.2,0.3],\"label\":0}");
            good++;

            assertEquals(good, f.predictions.readRecordsToList().size());
            List<TestRecord<byte[], byte[]>> dead = f.dlq.readRecordsToList();
            assertEquals(bad.size() + 2, dead.size());
            for (int i = 0; i < bad.size(); i++) {
                TestRecord<byte[], byte[]> r = dead.get(i);
                assertArrayEquals(bad.get(i).getBytes(StandardCharsets.UTF_8), r.value(), "original bytes are kept");
                assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), r.key(), "original key is kept");
                String reason = header(r, PredictLearnProcessor.HEADER_REASON);
                if (reasons.get(i) != null) {
                    assertEquals(reasons.get(i), reason, "reason for " + bad.get(i));
                } else {
                    assertTrue(reason.equals("undecodable") || reason.equals("non_finite") || reason.equals("missing_features"),
                            "reason for " + bad.get(i) + " was " + reason);
                }
                assertTrue(header(r, PredictLearnProcessor.HEADER_MESSAGE).length() > 5, "a human-readable message");
                assertEquals("features", header(r, PredictLearnProcessor.HEADER_SOURCE_TOPIC));
            }
            assertEquals(bad.size() + 2, f.metrics.deadLetteredCount());
            assertEquals(good + bad.size() + 2, f.metrics.consumedCount());
        }
    }

    @Test
    void namedFeaturesAndClassNamesAreMappedByTheModelDefinition() {
        String yaml = """
                models:
                  - name: churn
                    task: multiclass_classification
                    algorithm: softmax_regression
                    classes: [stay, leave, pause]
                    features: {layout: named, names: [tenure, spend]}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            for (int i = 0; i < 300; i++) {
                f.send("u" + (i % 5), "{\"named\":{\"tenure\":" + (i % 3) + ",\"spend\":1.0},\"label\":\""
                        + List.of("stay", "leave", "pause").get(i % 3) + "\"}");
            }
            f.send("u", "{\"named\":{\"tenure\":1,\"colour\":2}}");
            f.send("u", "{\"named\":{\"tenure\":1},\"label\":\"gone\"}");
            List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
            assertEquals(300, out.size());
            Prediction last = out.get(out.size() - 1).value();
            assertEquals(3, last.getScores().size());
            assertTrue(List.of("stay", "leave", "pause").contains(last.getPredictedClass()));
            List<String> reasons = f.dlq.readRecordsToList().stream().map(r -> header(r, PredictLearnProcessor.HEADER_REASON)).toList();
            assertEquals(List.of("unknown_feature", "bad_label"), reasons);
        }
    }

    @Test
    void regressionRejectsAClassNameLabelAndLearnsNumbers() {
        String yaml = """
                models:
                  - name: reg
                    task: regression
                    algorithm: linear_regression
                    features: {layout: sparse, dimension: 1000}
                    hyperparameters: {optimizer: adagrad, learning_rate: 0.5}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            for (int i = 0; i < 500; i++) {
                f.send("s", "{\"sparse\":{\"dimension\":1000,\"indices\":[3,700],\"values\":[1.0,2.0]},\"label\":5.0}");
            }
            f.send("s", "{\"sparse\":{\"dimension\":1000,\"indices\":[3],\"values\":[1.0]},\"label\":\"five\"}");
            f.send("s", "{\"sparse\":{\"dimension\":999,\"indices\":[3],\"values\":[1.0]}}");
            List<TestRecord<String, Prediction>> out = f.predictions.readRecordsToList();
            assertEquals(500, out.size());
            assertEquals(5.0, out.get(499).value().getPrediction(), 0.05, "a constant target is learned");
            assertTrue(out.get(499).value().getScores().isEmpty());
            List<String> reasons = f.dlq.readRecordsToList().stream().map(r -> header(r, PredictLearnProcessor.HEADER_REASON)).toList();
            assertEquals(List.of("bad_label", "wrong_dimension"), reasons);
            assertTrue(f.metrics.model("reg").mae() < 1.0);
        }
    }

    @Test
    void aFailureToWriteTheOutputIsNotTheRecordsFaultSoItFailsTheTaskInsteadOfDeadLettering() {
        org.apache.kafka.common.serialization.Serializer<Prediction> registryDown = (topic, p) -> {
            throw new IllegalStateException("schema registry unreachable");
        };
        try (TopologyFixture f = new TopologyFixture(BINARY, registryDown)) {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> f.send("a", "{\"dense\":[1,0,0],\"label\":1}"));
            boolean causedByRegistry = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                causedByRegistry |= String.valueOf(t.getMessage()).contains("unreachable");
            }
            assertTrue(causedByRegistry, "the task fails with the serializer's error: " + e);
            assertTrue(f.dlq.isEmpty(), "an infrastructure failure must not dead-letter a good record");
            assertEquals(0, f.metrics.model("clf").labelledCount(), "nothing learned from a record whose prediction was not written");
        }
    }

    @Test
    void eachReplicaPublishesItsPrequentialMetricsOnModelMetricsAndStaysQuietWhenIdle() {
        String yaml = BINARY.replace("metrics.window: 100", "metrics.window: 100\n  metrics.emit.interval.ms: 1000");
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < 60; i++) {
                int y = random.nextInt(2);
                f.send("k" + (i % 7), "{\"dense\":[" + (y == 1 ? 1 : -1) + "," + random.nextGaussian() + ",0],\"label\":" + y + "}");
            }
            f.send("k", "{\"dense\":[1,0,0]}"); // predicted, not labelled: counts as a prediction only
            List<Prediction> predictions = f.predictions.readValuesToList();
            long correct = predictions.stream().filter(p -> p.getLabel() != null)
                    .filter(p -> p.getPrediction() == ((Number) p.getLabel()).doubleValue()).count();

            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(1000));
            List<io.tributary.events.ModelMetrics> out = f.modelMetrics.readValuesToList();
            assertEquals(1, out.size());
            io.tributary.events.ModelMetrics m = out.get(0);
            assertEquals("clf", m.getModel());
            assertEquals(0, m.getPartition());
            assertEquals(61, m.getPredictions());
            assertEquals(60, m.getLabelled());
            assertEquals(60, m.getWindowCount());
            assertEquals(100, m.getWindow());
            assertEquals(60, m.getModelVersion());
            // Independent check: the accuracy recomputed from the predictions that were emitted.
            assertEquals(correct / 60.0, m.getAccuracy(), 1e-12);
            assertEquals(m.getAccuracy(), f.metrics.model("clf").accuracy(), 1e-12, "the gauge shows the same window");
            assertTrue(m.getLogLoss() > 0);
            assertNull(m.getMae());
            assertNull(m.getR2());
            // AUC by brute force over all (positive, negative) pairs of emitted scores, ties counting one half.
            List<Prediction> labelled = predictions.stream().filter(p -> p.getLabel() != null).toList();
            double pairs = 0;
            double wins = 0;
            for (Prediction pos : labelled) {
                for (Prediction neg : labelled) {
                    if (((Number) pos.getLabel()).intValue() == 1 && ((Number) neg.getLabel()).intValue() == 0) {
                        pairs++;
                        float a = pos.getScores().get(1);
                        float b = neg.getScores().get(1);
                        wins += a > b ? 1 : a == b ? 0.5 : 0;
                    }
                }
            }
            assertEquals(wins / pairs, m.getAuc(), 1e-12);
            // Macro-F1 by hand from the same predictions.
            double f1Sum = 0;
            for (int k = 0; k < 2; k++) {
                final int c = k;
                long tp = labelled.stream().filter(p -> p.getPrediction() == c && ((Number) p.getLabel()).intValue() == c).count();
                long fp = labelled.stream().filter(p -> p.getPrediction() == c && ((Number) p.getLabel()).intValue() != c).count();
                long fn = labelled.stream().filter(p -> p.getPrediction() != c && ((Number) p.getLabel()).intValue() == c).count();
                f1Sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            }
            assertEquals(f1Sum / 2, m.getMacroF1(), 1e-12);

            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(1000));
            assertTrue(f.modelMetrics.isEmpty(), "nothing new happened: no repeated record");
        }
    }

    @Test
    void aConceptReversalIsDetectedAfterTheChangeReportedAndWithResetAFreshLearnerTakesOver() {
        String yaml = """
                processor:
                  metrics.emit.interval.ms: 0
                models:
                  - name: clf
                    task: binary_classification
                    algorithm: logistic_regression
                    features: {layout: dense, dimension: 2}
                    hyperparameters: {optimizer: sgd, learning_rate: 0.5}
                    drift: {detector: adwin, delta: 0.002, action: reset}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            java.util.Random random = new java.util.Random(1);
            int change = 3000;
            for (int i = 0; i < 6000; i++) {
                double x = random.nextGaussian();
                int y = x > 0 ? 1 : 0;
                if (i >= change) {
                    y = 1 - y; // the concept reverses: yesterday's right answer is now wrong
                }
                f.send("k", "{\"eventId\":\"" + i + "\",\"dense\":[" + x + ",1],\"label\":" + y + "}");
            }
            List<Prediction> predictions = f.predictions.readValuesToList();
            List<io.tributary.events.ModelMetrics> alarms = f.modelMetrics.readValuesToList();
            assertTrue(!alarms.isEmpty(), "the reversal is detected");
            io.tributary.events.ModelMetrics first = alarms.get(0);
            assertTrue(first.getDriftDetected());
            assertEquals("adwin", first.getDriftDetector());
            // The alarm carries the version at detection; versions count labelled events one by one here.
            long detectedAt = first.getModelVersion();
            assertTrue(detectedAt > change, "no alarm before the change (first at " + detectedAt + ")");
            assertTrue(detectedAt < change + 300, "detected within 300 events of the change, at " + detectedAt);
            assertEquals(alarms.size(), (long) alarms.get(alarms.size() - 1).getDriftAlarms());
            long previous = -1;
            for (Prediction p : predictions) {
                assertTrue(p.getModelVersion() > previous, "versions keep growing through the reset");
                previous = p.getModelVersion();
            }
            // After the reset the fresh learner fits the new concept: the last 1000 predictions are mostly right.
            long correct = predictions.subList(5000, 6000).stream()
                    .filter(p -> p.getPrediction() == ((Number) p.getLabel()).doubleValue()).count();
            assertTrue(correct > 900, "accuracy after the reset: " + correct / 1000.0);
            double counted = f.registry.scrape().stream().filter(m -> m.getMetadata().getPrometheusName().equals("tributary_drift_alarms"))
                    .flatMap(m -> m.getDataPoints().stream())
                    .mapToDouble(d -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) d).getValue()).sum();
            assertEquals(alarms.size(), counted, 0.0, "each alarm is counted in tributary_drift_alarms_total");
        }
    }

    @Test
    void aPipelineOfTransformsServesAndLearnsBehindOneModelName() {
        // The second feature is 10 000 times larger than the first: without scaling, SGD on this stream diverges or
        // crawls; with a running standard scaler in front, the model learns y = 3·x1 + 0.0002·x2.
        String yaml = """
                models:
                  - name: scaled
                    task: regression
                    algorithm: linear_regression
                    features: {layout: named, names: [small, big]}
                    hyperparameters: {optimizer: sgd, learning_rate: 0.05}
                    transforms:
                      - {type: standard_scaler}
                      - {type: rolling, window: 5, features: [0], stats: [mean]}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            java.util.Random random = new java.util.Random(9);
            for (int i = 0; i < 4000; i++) {
                double small = random.nextDouble();
                double big = random.nextDouble() * 1e4;
                f.send("s", "{\"named\":{\"small\":" + small + ",\"big\":" + big + "},\"label\":" + (3 * small + 0.0002 * big) + "}");
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(4000, out.size());
            assertTrue(f.dlq.isEmpty());
            double mae = f.metrics.model("scaled").mae();
            assertTrue(mae < 0.1, "windowed MAE with scaling: " + mae + " (targets span 0..5)");
            assertTrue(f.metrics.model("scaled").r2() > 0.98, "windowed R²: " + f.metrics.model("scaled").r2());
        }
        assertTrue(assertThrowsIae(yaml_with("{type: rolling, windw: 5}")).contains("windw"));
        assertTrue(assertThrowsIae(yaml_with("{type: scaler}")).contains("scaler"));
    }

    static String yaml_with(String transform) {
        return """
                models:
                  - name: m
                    task: regression
                    algorithm: linear_regression
                    features: {layout: dense, dimension: 2}
                    transforms: [%s]
                """.formatted(transform);
    }

    @Test
    void ftrlLearnsASparseTargetFromSparseEvents() {
        String yaml = """
                models:
                  - name: clicks
                    task: binary_classification
                    algorithm: ftrl
                    features: {layout: sparse, dimension: 65536}
                    hyperparameters: {alpha: 0.1, l1: 0.5}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            java.util.Random random = new java.util.Random(4);
            for (int i = 0; i < 4000; i++) {
                // 8 active coordinates out of 65 536; the label is driven by whether coordinate 7 or 42 is present.
                java.util.TreeSet<Integer> active = new java.util.TreeSet<>();
                while (active.size() < 8) {
                    active.add(random.nextDouble() < 0.3 ? (random.nextBoolean() ? 7 : 42) : random.nextInt(65536));
                }
                int y = active.contains(7) ? 1 : active.contains(42) ? 0 : random.nextInt(2);
                String indices = active.toString().replace(" ", "");
                String values = "[" + String.join(",", java.util.Collections.nCopies(8, "1.0")) + "]";
                f.send("u" + (i % 13), "{\"sparse\":{\"dimension\":65536,\"indices\":" + indices + ",\"values\":" + values + "},\"label\":" + y + "}");
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(4000, out.size());
            assertTrue(f.dlq.isEmpty());
            // 1 - 0.7^8 ≈ 94 % of events carry a decisive coordinate and the rest are coin flips, so about 0.97 is
            // the best possible; chance is 0.5. Measured: 0.975.
            long correct = out.subList(3000, 4000).stream().filter(p -> p.getPrediction() == ((Number) p.getLabel()).doubleValue()).count();
            assertTrue(correct > 930, "accuracy on the last 1000: " + correct / 1000.0);
            assertEquals("ftrl", f.config.models().get(0).newLearner().algorithm());
        }
    }

    @Test
    void namedFeaturesAreHashedIntoAFixedSpaceForAHashedModel() {
        String yaml = """
                models:
                  - name: ctr
                    task: binary_classification
                    algorithm: ftrl
                    features: {layout: hashed, dimension: 65536}  # 2^20 works too, but see docs/decisions.md on per-record snapshots
                    hyperparameters: {alpha: 0.1, l1: 0.1}
                """;
        try (TopologyFixture f = new TopologyFixture(yaml)) {
            java.util.Random random = new java.util.Random(8);
            List<String> countries = List.of("fr", "de", "us", "jp", "br");
            List<String> devices = List.of("ios", "android", "web");
            for (int i = 0; i < 4000; i++) {
                String country = countries.get(random.nextInt(countries.size()));
                String device = devices.get(random.nextInt(devices.size()));
                // Clicks come from French iOS users (and 5 % noise): a conjunction of two categorical features.
                int y = (country.equals("fr") || device.equals("ios")) != (random.nextDouble() < 0.05) ? 1 : 0;
                f.send("u", "{\"named\":{\"country=" + country + "\":1,\"device=" + device + "\":1,\"hour\":"
                        + random.nextDouble() + "},\"label\":" + y + "}");
            }
            f.send("u", "{\"dense\":[1,2,3]}");
            f.send("u", "{\"named\":{\"country=fr\":\"NaN\"}}");
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(4000, out.size());
            long correct = out.subList(3000, 4000).stream().filter(p -> p.getPrediction() == ((Number) p.getLabel()).doubleValue()).count();
            // An OR of two one-hot categories is linearly separable; 5 % label noise caps accuracy near 0.95.
            assertTrue(correct > 900, "accuracy on the last 1000: " + correct / 1000.0);
            List<String> reasons = f.dlq.readRecordsToList().stream().map(r -> header(r, PredictLearnProcessor.HEADER_REASON)).toList();
            assertEquals("missing_features", reasons.get(0));
            assertTrue(reasons.get(1).equals("non_finite") || reasons.get(1).equals("undecodable"), reasons.toString());
        }
        assertTrue(assertThrowsIae("""
                models:
                  - {name: h, task: regression, algorithm: ftrl, features: {layout: hashed, dimension: 1000}}
                """).contains("power of two"));
    }

    @Test
    void driftConfigIsValidated() {
        String base = """
                models:
                  - name: reg
                    task: regression
                    algorithm: linear_regression
                    features: {layout: dense, dimension: 2}
                    drift: %s
                """;
        assertTrue(assertThrowsIae(base.formatted("{detector: ddm}")).contains("ddm watches a 0/1 error rate"));
        assertTrue(assertThrowsIae(base.formatted("{detector: adwn}")).contains("adwn"));
        assertTrue(assertThrowsIae(base.formatted("{detector: adwin, delt: 0.1}")).contains("delt"));
        assertTrue(assertThrowsIae(base.formatted("{detector: adwin, action: retrain}")).contains("retrain"));
    }

    static String assertThrowsIae(String yaml) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new TopologyFixture(yaml)).getMessage();
    }

    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    }
}
