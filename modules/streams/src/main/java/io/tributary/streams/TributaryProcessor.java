package io.tributary.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEventDecoder;
import io.tributary.events.ModelMetrics;
import io.tributary.events.Prediction;
import io.tributary.events.avro.SchemaRegistryClient;
import io.tributary.runtime.metrics.HealthStatus;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.metrics.ProcessorMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tributary processor: the topology inside a {@link KafkaStreams} instance, configured for exactly-once,
 * with its topics created on start-up when asked, its metrics in a Prometheus registry, and a health view.
 * Several instances with the same {@code application.id} share the partitions of the features topic.
 */
public final class TributaryProcessor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TributaryProcessor.class);

    private final TributaryConfig config;
    private final ProcessorMetrics metrics;
    private final KafkaStreams streams;
    private final Serializer<Prediction> predictionSerializer;
    private final Serializer<ModelMetrics> modelMetricsSerializer;

    public TributaryProcessor(TributaryConfig config, PrometheusRegistry registry) {
        this.config = config;
        ProcessorConfig pc = config.processor();
        this.metrics = new ProcessorMetrics(registry, pc.featuresTopic(), config.models(), pc.metricsWindow(), pc.metricsFadingFactor());
        String registryUrl = pc.schemaRegistryUrl();
        SchemaRegistryClient registryClient = registryUrl.isEmpty() ? null : new SchemaRegistryClient(registryUrl);
        FeatureEventDecoder decoder = new FeatureEventDecoder(registryClient);
        EventFormat format = EventFormat.parse(pc.outputFormat());
        this.predictionSerializer = EventSerdes.predictions(format, registryClient).serializer();
        this.modelMetricsSerializer = EventSerdes.modelMetrics(format, registryClient).serializer();
        Topology topology = TributaryTopology.build(config, metrics, decoder, predictionSerializer, modelMetricsSerializer,
                registryClient);
        this.streams = new KafkaStreams(topology, streamsProperties(config));
        // A failing stream thread is replaced rather than taking the instance down; under exactly-once the aborted
        // transaction means the replacement resumes from the last committed model and offsets.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    static Properties streamsProperties(TributaryConfig config) {
        ProcessorConfig pc = config.processor();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, pc.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, pc.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, pc.processingGuarantee());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, pc.commitIntervalMs());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, pc.numStreamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, pc.stateDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "tributary-state").toString()
                : pc.stateDir());
        if (pc.topicReplicationFactor() > 0) {
            p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) pc.topicReplicationFactor());
        }
        // Model snapshots can be large (a Tribuo forest with its window, a wide dense model): let one record carry up to
        // the changelog's max.message.bytes.
        p.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                io.tributary.streams.state.ModelStoreBuilder.MAX_SNAPSHOT_BYTES);
        // Raw Kafka Streams settings from the config file win: they are the user's explicit choice.
        p.putAll(config.streams());
        return p;
    }

    public TributaryProcessor start() {
        if (config.processor().createTopics()) {
            createTopics();
        }
        streams.start();
        LOG.info("Processor '{}' started: {} -> {} (DLQ {}), models {}", config.processor().applicationId(),
                config.processor().featuresTopic(), config.processor().predictionsTopic(), config.processor().dlqTopic(),
                config.models().stream().map(m -> m.name() + "(" + m.algorithm() + ")").toList());
        return this;
    }

    private void createTopics() {
        ProcessorConfig pc = config.processor();
        Map<String, Object> adminProps = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, pc.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(pc.featuresTopic(), pc.predictionsTopic(), pc.dlqTopic(), pc.modelMetricsTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(newTopic(topic, pc.topicPartitions()));
                }
            }
            boolean anyGlobal = config.models().stream().anyMatch(m -> m.scope().global());
            if (anyGlobal && !existing.contains(pc.mixingTopic())) {
                // Compacted: only each replica's latest parameters matter.
                missing.add(newTopic(pc.mixingTopic(), 1).configs(Map.of("cleanup.policy", "compact")));
            }
            if (!existing.contains(pc.modelsTopic())) {
                // One partition is enough (a snapshot per model, rarely), and compaction keeps the latest per model.
                missing.add(newTopic(pc.modelsTopic(), 1).configs(Map.of("cleanup.policy", "compact")));
            }
            if (pc.labelsEnabled() && !existing.contains(pc.labelsTopic())) {
                missing.add(newTopic(pc.labelsTopic(), pc.topicPartitions()));
            }
            create(admin, missing);
            if (pc.labelsEnabled()) {
                // The internal topics of delayed labels must match their partners' partition counts: pending is joined
                // with labels (both keyed by event id), label-joins comes back to the features tasks.
                Map<String, Integer> counts = partitionCounts(admin, List.of(pc.labelsTopic(), pc.featuresTopic()));
                List<NewTopic> internal = new ArrayList<>();
                if (!existing.contains(pc.pendingTopic())) {
                    internal.add(newTopic(pc.pendingTopic(), counts.get(pc.labelsTopic())));
                }
                if (!existing.contains(pc.labelJoinsTopic())) {
                    internal.add(newTopic(pc.labelJoinsTopic(), counts.get(pc.featuresTopic())));
                }
                create(admin, internal);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics on " + pc.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Partition counts of topics, waiting (up to 30 s) for topics just created to show in the metadata. */
    private static Map<String, Integer> partitionCounts(Admin admin, List<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Map<String, Integer> counts = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> counts.put(name, d.partitions().size()));
                return counts;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private NewTopic newTopic(String name, int partitions) {
        short rf = config.processor().topicReplicationFactor();
        return new NewTopic(name, java.util.Optional.of(partitions), rf > 0 ? java.util.Optional.of(rf) : java.util.Optional.empty());
    }

    private static void create(Admin admin, List<NewTopic> topics) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(topics).all().get();
            LOG.info("Created topics {}", topics.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // another instance won the race: fine
                throw e;
            }
        }
    }

    /** Waits until the instance is RUNNING (partitions assigned, state restored). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public HealthStatus health() {
        KafkaStreams.State state = streams.state();
        boolean healthy = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.CREATED;
        return new HealthStatus(healthy, "kafka streams " + state);
    }

    public ProcessorMetrics metrics() {
        return metrics;
    }

    public TributaryConfig config() {
        return config;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        predictionSerializer.close();
        modelMetricsSerializer.close();
    }
}
