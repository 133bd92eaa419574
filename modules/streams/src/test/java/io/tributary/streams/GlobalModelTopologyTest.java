package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventSerdes;
import io.tributary.events.ParameterUpdate;
import io.tributary.events.Prediction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A global model's replica (one partition here) posts its parameters every sync_every labelled events and averages
 * in the posts of its peers, weighted by their events: checked against the weighted mean computed by hand.
 */
class GlobalModelTopologyTest {

    static final String YAML = """
            processor:
              application.id: mix
            models:
              - name: global
                task: binary_classification
                algorithm: logistic_regression
                features: {layout: dense, dimension: 2}
                hyperparameters: {optimizer: sgd, learning_rate: 0.1}
                scope: global
                global: {sync_every: 10}
            """;

    static float[] floats(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void aReplicaPostsItsParametersAndAveragesInItsPeersWeightedByTheirEvents() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            String mixing = f.config.processor().mixingTopic();
            assertEquals("mix.mixing", mixing);
            var posts = f.driver.createOutputTopic(mixing, new StringDeserializer(), EventSerdes.json(ParameterUpdate.class).deserializer());
            var peers = f.driver.createInputTopic(mixing, new StringSerializer(), new ByteArraySerializer());
            Random random = new Random(1);
            for (int i = 0; i < 10; i++) {
                double x = random.nextGaussian();
                f.send("k", "{\"dense\":[" + x + ",1],\"label\":" + (x > 0 ? 1 : 0) + "}");
            }
            var first = posts.readKeyValue();
            assertEquals("global/0", first.key);
            assertEquals(10, first.value.getWeight());
            assertEquals(0, first.value.getPartition());

            // A peer (partition 5) has learned from 30 events since its last post.
            float[] peer = {0.5f, -2f, 0.25f};
            ParameterUpdate post = ParameterUpdate.newBuilder().setModel("global").setPartition(5).setSequence(1).setWeight(30)
                    .setUpdates(30).setParameters(ByteBuffer.wrap(toBytes(peer))).build();
            peers.pipeInput("global/5", EventSerdes.json(ParameterUpdate.class).serializer().serialize(mixing, post));
            for (int i = 0; i < 10; i++) {
                double x = random.nextGaussian();
                f.send("k", "{\"dense\":[" + x + ",1],\"label\":" + (x > 0 ? 1 : 0) + "}");
            }
            List<ParameterUpdate> out = posts.readValuesToList();
            ParameterUpdate second = out.getFirst();
            assertEquals(10, second.getWeight());
            assertTrue(second.getSequence() > first.value.getSequence());
            float[] own = floats(second.getParameters()); // posted before mixing
            float[] expected = new float[3];
            for (int j = 0; j < 3; j++) {
                expected[j] = (float) ((10.0 * own[j] + 30.0 * peer[j]) / 40.0);
            }
            // The next prediction uses the mixed parameters.
            f.send("k", "{\"dense\":[0.3,1]}");
            List<Prediction> predictions = f.predictions.readValuesToList();
            double margin = expected[0] * 0.3 + expected[1] * 1 + expected[2];
            assertEquals(1 / (1 + Math.exp(-margin)), predictions.getLast().getScores().get(1), 1e-6);
            assertEquals(2, f.metrics.model("global").mixCount());

            // The same post is not mixed in twice: after ten more events the replica mixes with no fresh peer.
            for (int i = 0; i < 10; i++) {
                f.send("k", "{\"dense\":[0.1,1],\"label\":1}");
            }
            float[] third = floats(posts.readValuesToList().getLast().getParameters());
            f.send("k", "{\"dense\":[0.3,1]}");
            double own3 = third[0] * 0.3 + third[1] + third[2];
            assertEquals(1 / (1 + Math.exp(-own3)), f.predictions.readValuesToList().getLast().getScores().get(1), 1e-6,
                    "no fresh peer post: the replica keeps its own parameters");
        }
    }

    @Test
    void onlyAModelWithMixableParametersCanBeGlobal() {
        String ftrl = YAML.replace("algorithm: logistic_regression", "algorithm: ftrl").replace("hyperparameters: {optimizer: sgd, learning_rate: 0.1}", "");
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(ftrl).contains("scope: global averages the replicas' parameters"));
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(YAML.replace("sync_every: 10", "sync_every: 0")).contains("sync_every: must be positive"));
        assertTrue(PredictLearnTopologyTest.assertThrowsIae(YAML.replace("    scope: global\n", "")).contains("only a model with scope: global"));
    }

    private static byte[] toBytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }
}
