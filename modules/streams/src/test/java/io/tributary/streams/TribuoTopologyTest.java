package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tributary.events.EventSerdes;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.Task;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Learners;
import io.tributary.tribuo.TribuoClassifier;
import io.tributary.tribuo.TribuoModels;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A Tribuo model served beside a SIMD learner on the same events (mixed serving), and hot-swapped as protobuf. */
class TribuoTopologyTest {

    static final String YAML = """
            processor:
              metrics.window: 1000
            models:
              - name: forest
                task: binary_classification
                algorithm: tribuo
                features: {layout: dense, dimension: 2}
                hyperparameters: {trainer: random_forest, num_trees: 20, window: 1000, retrain_every: 200, synchronous: true, seed: 1}
              - name: logit
                task: binary_classification
                algorithm: logistic_regression
                features: {layout: dense, dimension: 2}
                hyperparameters: {optimizer: sgd, learning_rate: 0.1}
            """;

    /** XOR of the signs: no linear model can separate it. */
    static int xor(double a, double b) {
        return (a > 0) != (b > 0) ? 1 : 0;
    }

    @Test
    void aRandomForestAndALinearModelServeTheSameEventsAndTheForestWinsOnXor() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            Random random = new Random(2);
            for (int i = 0; i < 3000; i++) {
                double a = random.nextGaussian();
                double b = random.nextGaussian();
                f.send("k", "{\"dense\":[" + a + "," + b + "],\"label\":" + xor(a, b) + "}");
            }
            List<Prediction> out = f.predictions.readValuesToList();
            assertEquals(6000, out.size(), "two predictions per event, one per model");
            double forest = f.metrics.model("forest").accuracy();
            double logit = f.metrics.model("logit").accuracy();
            assertTrue(forest > 0.85 && forest > logit + 0.25, "windowed accuracy: forest " + forest + ", logistic " + logit);
            // The forest's predictions name its model version: the models trained so far (one per 200 labelled events).
            f.send("k", "{\"dense\":[1,1],\"model\":\"forest\"}"); // unlabelled: nothing is learned after it
            Prediction last = f.predictions.readValue();
            double retrains = learnerMetric(f, "forest", "retrains");
            assertTrue(retrains >= 3000 / 200, "a retrain every 200 labelled events: " + retrains);
            assertEquals(learnerMetric(f, "forest", "model_version"), last.getModelVersion(), 0.0);
            assertTrue(learnerMetric(f, "forest", "tribuo_accuracy") > 0.8, "Tribuo's own held-out evaluation");
        }
    }

    @Test
    void aTribuoModelPublishedAsProtobufIsInstalledWithItsVersion() {
        TribuoClassifier offline = (TribuoClassifier) Learners.create(LearnerSpec.binary("tribuo", 2,
                Map.of("trainer", "random_forest", "num_trees", 10, "window", 2000, "retrain_every", 2000, "synchronous", true, "seed", 3)));
        Random random = new Random(4);
        for (int i = 0; i < 2000; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            offline.learnOne(DenseVector.of((float) a, (float) b), xor(a, b));
        }
        byte[] protobuf = offline.currentModelProtobuf().orElseThrow();
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            ModelSnapshot snapshot = ModelSnapshot.newBuilder().setModel("forest").setVersion(500).setAlgorithm("tribuo")
                    .setFormat(TribuoModels.FORMAT).setTask(Task.BINARY_CLASSIFICATION).setDimension(2).setCreatedAt(Instant.now())
                    .setSource("test").setPayload(ByteBuffer.wrap(protobuf)).build();
            f.driver.createInputTopic(f.config.processor().modelsTopic(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("forest", EventSerdes.modelSnapshotsJson().serializer().serialize("models", snapshot));
            f.send("k", "{\"dense\":[0.5,-0.7],\"model\":\"forest\"}");
            Prediction p = f.predictions.readValue();
            assertEquals(500, p.getModelVersion());
            float[] expected = offline.predictProbaOne(DenseVector.of(0.5f, -0.7f));
            assertEquals(List.of(expected[0], expected[1]), p.getScores(), "the installed model's prediction");

            // The logistic model cannot take a Tribuo model.
            snapshot.setModel("logit");
            f.driver.createInputTopic(f.config.processor().modelsTopic(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("logit", EventSerdes.modelSnapshotsJson().serializer().serialize("models", snapshot));
            f.send("k", "{\"dense\":[0.5,-0.7],\"model\":\"logit\"}");
            assertEquals(0, f.predictions.readValue().getModelVersion(), "rejected: the logistic model keeps serving");
            assertEquals(1, f.metrics.model("logit").swapCount(io.tributary.streams.swap.SwapOutcome.INCOMPATIBLE));
        }
    }

    private static double learnerMetric(TopologyFixture f, String model, String metric) {
        for (MetricSnapshot s : f.registry.scrape()) {
            if (s.getMetadata().getPrometheusName().equals("tributary_learner_metric")) {
                for (var p : ((GaugeSnapshot) s).getDataPoints()) {
                    if (p.getLabels().get("model").equals(model) && p.getLabels().get("metric").equals(metric)) {
                        return p.getValue();
                    }
                }
            }
        }
        throw new AssertionError("no learner metric " + metric);
    }
}
