package io.tributary.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.events.FeatureEvent;
import io.tributary.events.FeatureEventDecoder;
import io.tributary.learn.Classifier;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.runtime.process.ChildJvm;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestClients;
import io.tributary.runtime.testing.TestTopics;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.model.ModelInput;
import io.tributary.streams.processor.StoredModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once model state under crashes: a processor JVM is SIGKILLed at random moments while events stream in,
 * restarted each time on the same state directory, and finally stopped cleanly. Then every committed model snapshot
 * must equal, bit for bit, the model an uninterrupted learner builds from the same partition's events in order, and
 * every event must have exactly one committed prediction.
 *
 * <p>Bit for bit holds because each replica's input order is fixed (one partition, offset order) and the learners'
 * arithmetic is deterministic: the dense kernels reduce in a fixed order (see docs/decisions.md), so neither the
 * restart nor JIT timing can change a rounding.
 */
@ExtendWith(SharedInfrastructure.class)
class ExactlyOnceKillIT {

    static final int PARTITIONS = 2;
    static final int EVENTS = 24_000;
    static final int KILLS = 3;
    static final int DIMENSION = 6;

    @Test
    void aProcessorKilledMidStreamRestoresExactlyTheCommittedModel(@TempDir Path dir) throws Exception {
        String bootstrap = SharedInfrastructure.bootstrapServers();
        String id = TestTopics.unique("eos-kill");
        String features = id + ".features";
        String predictions = id + ".predictions";
        String yaml = """
                processor:
                  application.id: %1$s
                  topic.features: %2$s
                  topic.predictions: %3$s
                  topics.partitions: %4$d
                  state.dir: "%5$s"
                  metrics.emit.interval.ms: 0
                streams:
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1500
                models:
                  - name: scaled
                    task: binary_classification
                    algorithm: logistic_regression
                    features: {layout: dense, dimension: %6$d}
                    hyperparameters: {optimizer: adagrad, learning_rate: 0.3}
                    transforms: [{type: standard_scaler}]
                  - name: plain
                    task: binary_classification
                    algorithm: logistic_regression
                    features: {layout: dense, dimension: %6$d}
                    hyperparameters: {optimizer: sgd, learning_rate: 0.05, l2: 0.0001}
                  - name: perkey
                    task: binary_classification
                    algorithm: logistic_regression
                    features: {layout: dense, dimension: %6$d}
                    hyperparameters: {optimizer: adagrad, learning_rate: 0.1}
                    scope: keyed
                """.formatted(id, features, predictions, PARTITIONS, dir.resolve("state"), DIMENSION);
        Path config = dir.resolve("models.yaml");
        Files.writeString(config, yaml);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(features, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        // The events, each with its partition chosen here, so the reference knows each replica's input order.
        List<List<String>> byPartition = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            byPartition.add(new ArrayList<>());
        }
        List<String> all = new ArrayList<>();
        List<Integer> partitionOf = new ArrayList<>();
        List<String> keyOf = new ArrayList<>();
        Map<String, List<String>> byKey = new HashMap<>(); // "partition/key" -> that key's events in order
        Random random = new Random(2026);
        double[] w = {1.5, -2, 0.7, 0, 3, -1};
        for (int i = 0; i < EVENTS; i++) {
            StringBuilder json = new StringBuilder("{\"eventId\":\"e" + i + "\",\"dense\":[");
            double margin = 0;
            for (int j = 0; j < DIMENSION; j++) {
                double x = random.nextGaussian() * (j + 1) + j; // unscaled, off-centre: the scaler matters
                margin += w[j] * (x - j) / (j + 1);
                json.append(j == 0 ? "" : ",").append(x);
            }
            int y = margin + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
            json.append("],\"label\":").append(y).append('}');
            int k = random.nextInt(3 * PARTITIONS); // keys k0..k5, each always on partition k % PARTITIONS
            int p = k % PARTITIONS;
            byPartition.get(p).add(json.toString());
            byKey.computeIfAbsent(p + "/k" + k, x -> new ArrayList<>()).add(json.toString());
            all.add(json.toString());
            partitionOf.add(p);
            keyOf.add("k" + k);
        }

        // Stream the events in the background at a steady pace, so that every kill lands mid-stream.
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().name("eos-feed").start(() -> {
            try (KafkaProducer<String, String> out = TestClients.stringProducer(bootstrap)) {
                List<Future<?>> acks = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    acks.add(out.send(new ProducerRecord<>(features, partitionOf.get(i), keyOf.get(i), all.get(i))));
                    if (i % 200 == 199) {
                        Thread.sleep(100); // ~2 000 events/s: the run spans the kills
                    }
                }
                for (Future<?> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        });

        Random killer = new Random(7);
        List<String> lifecycle = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            ChildJvm child = start(config, bootstrap, dir, "killed-" + k);
            long uptime = 1500 + killer.nextInt(3000);
            Thread.sleep(uptime);
            child.kill(); // SIGKILL: no commit, no close, an open transaction left behind
            lifecycle.add("run " + k + " killed after " + uptime + " ms of serving\n" + child.outputTail(5));
        }
        // The kills interrupted real work: some predictions were committed before the last run, and not all.
        int committedBeforeLastRun = TestClients.consume(bootstrap, predictions, 3 * EVENTS, Duration.ofSeconds(3)).size();
        assertTrue(committedBeforeLastRun > 0 && committedBeforeLastRun < 3 * EVENTS,
                committedBeforeLastRun + " predictions committed before the last run\n" + String.join("\n", lifecycle));
        ChildJvm last = start(config, bootstrap, dir, "final");
        producer.join(Duration.ofMinutes(3));
        assertEquals(null, producerFailure.get(), "the feed was acknowledged");

        // Every event has exactly one committed prediction, per model.
        List<ConsumerRecord<String, String>> out = TestClients.consume(bootstrap, predictions, 3 * EVENTS, Duration.ofSeconds(120));
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> seen = new HashMap<>();
        for (ConsumerRecord<String, String> r : out) {
            JsonNode p = json.readTree(r.value());
            assertTrue(seen.computeIfAbsent(p.get("model").asText(), m -> new HashSet<>()).add(p.get("eventId").asText()),
                    "duplicate prediction for " + p.get("eventId") + " of " + p.get("model") + "\n" + String.join("\n", lifecycle));
        }
        assertEquals(EVENTS, seen.get("scaled").size(), "every event predicted once\n" + String.join("\n", lifecycle));
        assertEquals(EVENTS, seen.get("plain").size());
        assertEquals(EVENTS, seen.get("perkey").size());
        last.stop(Duration.ofSeconds(60)); // SIGTERM: a clean close commits the last state
        assertTrue(!last.isAlive(), "stopped cleanly\n" + last.outputTail(20));

        // The committed snapshots against uninterrupted learners fed the same partitions in the same order.
        Map<String, byte[]> committed = committedSnapshots(bootstrap, id + "-tributary-models-changelog");
        TributaryConfig parsed = TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", Map.of());
        FeatureEventDecoder decoder = new FeatureEventDecoder(null);
        for (ModelDefinition definition : parsed.models()) {
            ModelInput input = new ModelInput(definition);
            // A partition-scoped model: one replica per partition, fed that partition's events; a keyed one: one
            // model per key, fed that key's events, stored under "name/key" in the key's partition.
            Map<String, List<String>> streams = new HashMap<>();
            if (definition.scope().keyed()) {
                byKey.forEach((pk, events) -> streams.put(pk.replace("/", "/" + definition.name() + "/"), events));
            } else {
                for (int p = 0; p < PARTITIONS; p++) {
                    streams.put(p + "/" + definition.name(), byPartition.get(p));
                }
            }
            for (Map.Entry<String, List<String>> stream : streams.entrySet()) {
                OnlineLearner reference = definition.newLearner();
                for (String event : stream.getValue()) {
                    FeatureEvent e = decoder.decode(event.getBytes(StandardCharsets.UTF_8));
                    ((Classifier) reference).learnOne(input.features(e), input.classTarget(e.getLabel()));
                }
                byte[] stored = committed.get(stream.getKey());
                assertNotNull(stored, stream.getKey() + " has a committed snapshot");
                byte[] learner = StoredModel.learnerBytes(stored);
                assertEquals(stream.getValue().size(), LearnerCodec.decode(learner).updates(),
                        stream.getKey() + ": learned from each event exactly once");
                assertArrayEquals(LearnerCodec.encode(reference), learner,
                        stream.getKey() + ": the restored and uninterrupted models are identical");
            }
        }
    }

    private static ChildJvm start(Path config, String bootstrap, Path dir, String name) throws Exception {
        ChildJvm child = ChildJvm.builder(TributaryCommand.class.getName())
                .name("processor-" + name)
                .workDir(dir)
                .jvmOptions("--add-modules", "jdk.incubator.vector", "-Xmx512m")
                .args("serve", "--config", config.toString(), "--bootstrap", bootstrap, "--metrics-port", "0")
                .output(dir.resolve(name + ".log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve(name + ".log")).contains("metrics at")) {
            assertTrue(child.isAlive(), "processor " + name + " died at start\n" + child.outputTail(30));
            assertTrue(System.nanoTime() < deadline, "processor " + name + " did not start\n" + child.outputTail(30));
            Thread.sleep(100);
        }
        return child;
    }

    /** The last committed value per (partition, key) of the changelog, read with read_committed. */
    private static Map<String, byte[]> committedSnapshots(String bootstrap, String changelog) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.partition() + "/" + r.key(), r.value());
                }
            }
        }
        return latest;
    }
}
