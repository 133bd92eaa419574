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
            sendLabelled(f, random, 10);
            var first = posts.readKeyValue();
            assertEquals("global/0", first.key);
            assertEquals(10, first.value.getWeight(), "weight: events learned in total");
            assertEquals(0, first.value.getPartition());
            assertEquals(1, f.metrics.model("global").mixCount());

            // A peer (partition 5) has learned from 30 events.
            float[] peer = {0.5f, -2f, 0.25f};
            ParameterUpdate post = ParameterUpdate.newBuilder().setModel("global").setPartition(5).setSequence(1).setWeight(30)
                    .setUpdates(30).setParameters(ByteBuffer.wrap(toBytes(peer))).build();
            peers.pipeInput("global/5", EventSerdes.json(ParameterUpdate.class).serializer().serialize(mixing, post));
            sendLabelled(f, random, 10);
            ParameterUpdate second = posts.readValuesToList().getFirst();
            assertEquals(20, second.getWeight());
            assertTrue(second.getSequence() > first.value.getSequence());
            // The post carries the parameters before mixing; the mix is (20 own + 30 peer) / 50.
            assertPredictsWith(f, mixed(floats(second.getParameters()), 20, peer, 30));

            // Ten events later the replica mixes again with the peer's latest post.
            sendLabelled(f, random, 10);
            ParameterUpdate third = posts.readValuesToList().getLast();
            assertEquals(30, third.getWeight());
            assertPredictsWith(f, mixed(floats(third.getParameters()), 30, peer, 30));
            assertEquals(3, f.metrics.model("global").mixCount());
        }
    }

    @Test
    void anIdleReplicaMixesWhenAPeerPostsAndPostsTheResult() {
        try (TopologyFixture f = new TopologyFixture(YAML)) {
            String mixing = f.config.processor().mixingTopic();
            var posts = f.driver.createOutputTopic(mixing, new StringDeserializer(), EventSerdes.json(ParameterUpdate.class).deserializer());
            var peers = f.driver.createInputTopic(mixing, new StringSerializer(), new ByteArraySerializer());
            sendLabelled(f, new Random(2), 10);
            float[] own = floats(posts.readValuesToList().getLast().getParameters()); // no peer yet: these are the live ones
            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(1500));
            assertTrue(posts.isEmpty(), "nothing new from peers: no mix, no post");
            float[] peer = {1f, 1f, -1f};
            ParameterUpdate post = ParameterUpdate.newBuilder().setModel("global").setPartition(3).setSequence(9).setWeight(10)
                    .setUpdates(10).setParameters(ByteBuffer.wrap(toBytes(peer))).build();
            peers.pipeInput("global/3", EventSerdes.json(ParameterUpdate.class).serializer().serialize(mixing, post));
            f.driver.advanceWallClockTime(java.time.Duration.ofMillis(1500));
            float[] expected = mixed(own, 10, peer, 10);
            ParameterUpdate result = posts.readValuesToList().getLast();
            float[] posted = floats(result.getParameters());
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], posted[j], 1e-6, "the idle replica mixed and posted the mean");
            }
            assertPredictsWith(f, expected);
        }
    }

    static void sendLabelled(TopologyFixture f, Random random, int n) {
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            f.send("k", "{\"dense\":[" + x + ",1],\"label\":" + (x > 0 ? 1 : 0) + "}");
        }
    }

    static float[] mixed(float[] a, long wa, float[] b, long wb) {
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (float) ((wa * (double) a[j] + wb * (double) b[j]) / (wa + wb));
        }
        return out;
    }

    /** The next (unlabelled) prediction is the logistic model with these parameters (w0, w1, intercept). */
    static void assertPredictsWith(TopologyFixture f, float[] p) {
        f.send("k", "{\"dense\":[0.3,1]}");
        List<Prediction> predictions = f.predictions.readValuesToList();
        double margin = p[0] * 0.3 + p[1] * 1 + p[2];
        assertEquals(1 / (1 + Math.exp(-margin)), predictions.getLast().getScores().get(1), 1e-6);
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
