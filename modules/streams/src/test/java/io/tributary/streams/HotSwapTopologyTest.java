package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.events.EventSerdes;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.Task;
import io.tributary.learn.Classifier;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.streams.swap.HotSwap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;

/** Hot swap through the models topic, driven through the topology (the global store included; no broker). */
class HotSwapTopologyTest {

    static final String YAML = PredictLearnTopologyTest.BINARY;

    /** A model trained offline on the reversed concept (label = x0 < 0), as another system would publish it. */
    static Classifier trainedElsewhere(int dimension, int events) {
        Classifier c = (Classifier) Learners.create(LearnerSpec.binary("logistic_regression", dimension,
                Map.of("optimizer", "sgd", "learning_rate", 0.5)));
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < events; i++) {
            float x = (float) random.nextGaussian();
            float[] v = new float[dimension];
            v[0] = x;
            v[dimension - 1] = 1;
            c.learnOne(DenseVector.of(v), x < 0 ? 1 : 0);
        }
        return c;
    }

    static byte[] snapshot(String model, long version, String format, byte[] payload) {
        ModelSnapshot s = ModelSnapshot.newBuilder().setModel(model).setVersion(version).setAlgorithm("logistic_regression")
                .setFormat(format).setTask(Task.BINARY_CLASSIFICATION).setDimension(3).setCreatedAt(Instant.now())
                .setSource("test").setPayload(ByteBuffer.wrap(payload)).build();
        return EventSerdes.modelSnapshotsJson().serializer().serialize("models", s);
    }

    static TestInputTopic<String, byte[]> modelsTopic(TopologyFixture f) {
        return f.driver.createInputTopic(f.config.processor().modelsTopic(), new StringSerializer(), new ByteArraySerializer());
    }

    static void sendEvents(TopologyFixture f, int n, int seed) {
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            f.send("k", "{\"dense\":[" + x + ",0,1],\"label\":" + (x > 0 ? 1 : 0) + "}");
        }
    }

    @Test
    void aPublishedSnapshotServesTheNextPredictionWithItsVersionAndThenKeepsLearning() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            sendEvents(f, 200, 1);
            assertEquals(199, f.predictions.readValuesToList().getLast().getModelVersion());
            Classifier offline = trainedElsewhere(3, 500);
            modelsTopic(f).pipeInput("clf", snapshot("clf", 10_000, HotSwap.FORMAT, LearnerCodec.encode(offline)));

            f.send("k", "{\"dense\":[0.7,0,1],\"label\":0}");
            Prediction first = f.predictions.readValue();
            assertEquals(10_000, first.getModelVersion(), "the next prediction names the snapshot's version");
            float[] expected = offline.predictProbaOne(DenseVector.of(0.7f, 0, 1));
            assertEquals(List.of(expected[0], expected[1]), first.getScores(), "and is the snapshot model's prediction");
            f.send("k", "{\"dense\":[0.7,0,1],\"label\":0}");
            assertEquals(10_001, f.predictions.readValue().getModelVersion(), "the swapped model keeps learning online");
            assertEquals(10_000.0, gauge(f, "tributary_model_snapshot_version"));
            assertEquals(10_002.0, gauge(f, "tributary_model_version"));
            assertEquals(1.0, swaps(f, "applied"));

            // An older snapshot published late changes nothing.
            modelsTopic(f).pipeInput("clf", snapshot("clf", 5, HotSwap.FORMAT, LearnerCodec.encode(trainedElsewhere(3, 10))));
            f.send("k", "{\"dense\":[0.7,0,1],\"label\":0}");
            assertEquals(10_002, f.predictions.readValue().getModelVersion());
        }
    }

    @Test
    void aBadSnapshotIsRejectedWithAReasonAndTheLiveModelKeepsServing() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            sendEvents(f, 50, 2);
            TestInputTopic<String, byte[]> models = modelsTopic(f);
            models.pipeInput("clf", snapshot("clf", 100, HotSwap.FORMAT, LearnerCodec.encode(trainedElsewhere(4, 10))));
            models.pipeInput("clf", snapshot("clf", 101, HotSwap.FORMAT, "not a learner".getBytes(StandardCharsets.UTF_8)));
            models.pipeInput("clf", snapshot("clf", 102, "onnx/1", LearnerCodec.encode(trainedElsewhere(3, 10))));
            models.pipeInput("clf", "{\"model\": \"clf\", \"oops\": 1}".getBytes(StandardCharsets.UTF_8));
            models.pipeInput("clf", new byte[] {7, 7, 7});
            byte[] ftrl = LearnerCodec.encode(Learners.create(LearnerSpec.binary("ftrl", 3, Map.of())));
            models.pipeInput("clf", snapshot("clf", 103, HotSwap.FORMAT, ftrl));
            // Each is judged at the next record; a run of them between two records is judged as the newest only.
            sendEvents(f, 1, 3);
            assertEquals(1.0, swaps(f, "incompatible"), "the newest (an FTRL model for a logistic one) was incompatible");
            assertEquals(2.0, swaps(f, "undecodable"), "two records were not ModelSnapshots at all");
            assertEquals(0.0, swaps(f, "applied"));
            assertEquals(-1.0, gauge(f, "tributary_model_snapshot_version"));
            assertEquals(50, f.predictions.readValuesToList().getLast().getModelVersion(), "the live model kept its version");

            // One at a time, each reason shows.
            models.pipeInput("clf", snapshot("clf", 200, HotSwap.FORMAT, LearnerCodec.encode(trainedElsewhere(4, 10))));
            sendEvents(f, 1, 4);
            assertEquals(2.0, swaps(f, "incompatible"), "wrong dimension");
            models.pipeInput("clf", snapshot("clf", 201, HotSwap.FORMAT, "not a learner".getBytes(StandardCharsets.UTF_8)));
            sendEvents(f, 1, 5);
            assertEquals(1.0, swaps(f, "bad_payload"));
            models.pipeInput("clf", snapshot("clf", 202, "onnx/1", LearnerCodec.encode(trainedElsewhere(3, 10))));
            sendEvents(f, 1, 6);
            assertEquals(1.0, swaps(f, "unknown_format"));
            assertEquals(53, f.predictions.readValuesToList().getLast().getModelVersion(), "still the live model, learning on");
            assertTrue(f.dlq.isEmpty(), "snapshots are not feature events: nothing in the DLQ");
        }
    }

    private static double gauge(TopologyFixture f, String name) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals(name)) {
                return ((GaugeSnapshot) s).getDataPoints().getFirst().getValue();
            }
        }
        throw new AssertionError("no gauge " + name);
    }

    private static double swaps(TopologyFixture f, String outcome) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("tributary_model_swaps")) {
                for (CounterSnapshot.CounterDataPointSnapshot p : ((CounterSnapshot) s).getDataPoints()) {
                    if (p.getLabels().get("model").equals("clf") && p.getLabels().get("outcome").equals(outcome)) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no swap counter for " + outcome);
    }
}
