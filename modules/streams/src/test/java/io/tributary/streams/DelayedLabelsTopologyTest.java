package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Delayed labels: labels joined to earlier predictions by event id, through both sub-topologies (no broker). */
class DelayedLabelsTopologyTest {

    static final String YAML = """
            processor:
              labels.enabled: true
              labels.window.ms: 10000
              metrics.window: 1000
            models:
              - name: clf
                task: binary_classification
                algorithm: logistic_regression
                features: {layout: dense, dimension: 2}
                hyperparameters: {optimizer: sgd, learning_rate: 0.5}
            """;

    static TestInputTopic<String, String> labels(TopologyFixture f) {
        return f.driver.createInputTopic(f.config.processor().labelsTopic(), new StringSerializer(), new StringSerializer());
    }

    static void label(TestInputTopic<String, String> labels, String eventId, int y) {
        labels.pipeInput(eventId, "{\"eventId\":\"" + eventId + "\",\"label\":" + y + "}");
    }

    @Test
    void labelsArrivingLaterAreScoredAgainstTheOriginalPredictionsAndLearnedFrom() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            Random random = new Random(3);
            int n = 300;
            int[] truth = new int[n];
            for (int i = 0; i < n; i++) {
                double x = random.nextGaussian();
                truth[i] = x > 0 ? 1 : 0;
                f.send("k", "{\"eventId\":\"e" + i + "\",\"dense\":[" + x + ",1]}");
            }
            List<Prediction> predictions = f.predictions.readValuesToList();
            assertEquals(0, predictions.getLast().getModelVersion(), "no label yet: nothing learned");
            TestInputTopic<String, String> labels = labels(f);
            for (int i = 0; i < n; i++) {
                label(labels, "e" + i, truth[i]);
            }
            // Prequential accuracy is over the predictions made when the events arrived (the untrained model).
            long correct = 0;
            for (int i = 0; i < n; i++) {
                correct += predictions.get(i).getPrediction() == truth[i] ? 1 : 0;
            }
            assertEquals((double) correct / n, f.metrics.model("clf").accuracy(), 1e-12);
            assertEquals(n, f.metrics.model("clf").labelledCount());
            assertEquals(n, f.metrics.delayedLabelCount("joined"));
            assertEquals(n, f.metrics.delayedLabelCount("learned"));
            // And the model learned from every labelled event.
            f.send("k", "{\"eventId\":\"next\",\"dense\":[2,1]}");
            Prediction next = f.predictions.readValue();
            assertEquals(n, next.getModelVersion());
            assertEquals(1.0, next.getPrediction(), "it learned the concept");
            assertTrue(f.dlq.isEmpty());
        }
    }

    @Test
    void aLabelMayComeBeforeItsPrediction() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            label(labels(f), "early", 1);
            f.send("k", "{\"eventId\":\"early\",\"dense\":[1,1]}");
            assertEquals(1, f.metrics.delayedLabelCount("learned"));
            assertEquals(1, f.metrics.model("clf").labelledCount());
        }
    }

    @Test
    void lateAndUnknownLabelsAreDeadLetteredAndCounted() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            TestInputTopic<String, String> labels = labels(f);
            f.send("k", "{\"eventId\":\"slow\",\"dense\":[1,1]}");
            f.send("k", "{\"dense\":[1,1]}"); // no event id: cannot be labelled later, nothing waits
            f.driver.advanceWallClockTime(Duration.ofMillis(11_000)); // the prediction waited the whole window
            assertEquals(1, f.metrics.delayedLabelCount("expired_unlabelled"));
            label(labels, "slow", 1);
            TestRecord<byte[], byte[]> late = f.dlq.readRecord();
            assertEquals("late_label", PredictLearnTopologyTest.header(late, "tributary.dlq.reason"));
            assertEquals("{\"eventId\":\"slow\",\"label\":1}", new String(late.value(), StandardCharsets.UTF_8), "the original bytes");

            label(labels, "never-seen", 0);
            assertTrue(f.dlq.isEmpty(), "an unknown event's label waits: its prediction may be on the way");
            f.driver.advanceWallClockTime(Duration.ofMillis(11_000));
            assertEquals("unknown_event", PredictLearnTopologyTest.header(f.dlq.readRecord(), "tributary.dlq.reason"));

            labels.pipeInput("x", "not json");
            assertEquals("undecodable", PredictLearnTopologyTest.header(f.dlq.readRecord(), "tributary.dlq.reason"));
            f.send("k", "{\"eventId\":\"e9\",\"dense\":[1,1]}");
            label(labels, "e9", 7); // not a class of a binary model
            assertEquals("bad_label", PredictLearnTopologyTest.header(f.dlq.readRecord(), "tributary.dlq.reason"));
            assertEquals(1, f.metrics.delayedLabelCount("late"));
            assertEquals(1, f.metrics.delayedLabelCount("unknown"));
            assertEquals(0, f.metrics.model("clf").labelledCount());
        }
    }
}
