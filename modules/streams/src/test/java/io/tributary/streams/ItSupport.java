package io.tributary.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.config.TributaryConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Helpers for integration tests on the shared real broker: unique topics, a processor, a producer, a draining consumer. */
final class ItSupport {

    private ItSupport() {}

    /** A config whose topics and application id are unique to one test, so tests sharing a broker never meet. */
    static TributaryConfig config(String prefix, String processorExtra, String models) throws Exception {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = """
                processor:
                  application.id: %1$s
                  bootstrap.servers: "%2$s"
                  topic.features: %1$s.features
                  topic.predictions: %1$s.predictions
                  topic.model.metrics: %1$s.model-metrics
                  topic.models: %1$s.models
                  topics.partitions: 3
                  commit.interval.ms: 100
                  state.dir: "%3$s"
                %4$s
                streams:
                  # A stopped instance stays in the group until its session expires (45 s by default); tests that
                  # restart a processor would wait that long for the new one to get the partitions.
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1500
                models:
                %5$s
                """.formatted(id, SharedInfrastructure.kafka().bootstrapServers(),
                Files.createTempDirectory("tributary-it-state").toString().replace('\\', '/'),
                processorExtra.indent(2).stripTrailing(), models.indent(2).stripTrailing());
        return TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), prefix, Map.of());
    }

    static final String HYPERPLANE_MODEL = """
            - name: hyperplane
              task: binary_classification
              algorithm: logistic_regression
              features: {layout: dense, dimension: 16}
              hyperparameters: {optimizer: sgd, learning_rate: 0.1, l2: 0.0001}
            """;

    /** The same config (application id, topics, models) with a new, empty state directory: another instance. */
    static TributaryConfig withFreshStateDir(TributaryConfig config, String models) throws Exception {
        Map<String, Object> overrides = new java.util.HashMap<>(config.processor().originalsStrings());
        overrides.put(ProcessorConfig.STATE_DIR, Files.createTempDirectory("tributary-it-state").toString());
        StringBuilder yaml = new StringBuilder("streams:\n");
        config.streams().forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(v).append('\n'));
        yaml.append("models:\n").append(models.indent(2));
        return TributaryConfig.parse(new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)),
                config.processor().applicationId(), overrides);
    }

    static TributaryProcessor start(TributaryConfig config, PrometheusRegistry registry) throws InterruptedException {
        TributaryProcessor processor = new TributaryProcessor(config, registry).start();
        if (!processor.awaitRunning(Duration.ofSeconds(60))) {
            processor.close();
            throw new AssertionError("processor did not reach RUNNING: " + processor.state());
        }
        return processor;
    }

    static <V> KafkaProducer<String, V> producer(Serializer<V> valueSerializer) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), valueSerializer);
    }

    /**
     * Reads committed records from the start of a topic until {@code expected} have arrived, then keeps polling a
     * little longer so that any record beyond the expected count (a duplicate) is caught too.
     */
    static <K, V> List<ConsumerRecord<K, V>> drain(String topic, Deserializer<K> keys, Deserializer<V> values, int expected,
            Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-drain-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            long grace = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < grace) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> drainBytes(String topic, int expected, Duration timeout) {
        return drain(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), expected, timeout);
    }

    static StringDeserializer strings() {
        return new StringDeserializer();
    }
}
