package io.tributary.app;

import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Task;
import io.tributary.events.avro.SchemaRegistryClient;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.snapshot.LearnerCodec;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.processor.StoredModel;
import io.tributary.streams.swap.HotSwap;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Model snapshots in and out of Kafka: {@code export} copies a processor's committed model from its changelog to a
 * file, {@code publish} sends a snapshot file to the models topic, where every processor serving that model name
 * swaps it in (hot swap). A file holds a learner snapshot as {@link LearnerCodec} writes it, so snapshots made with
 * the learning library in Java publish the same way.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Export a live model to a file, or publish a snapshot file to the models topic (hot swap).",
        subcommands = {ModelCommand.Export.class, ModelCommand.Publish.class})
final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the last committed snapshot of a model replica (one partition's) to a file.")
    static final class Export implements Callable<Integer> {

        @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--application-id", required = true, description = "The processor's application.id.")
        String applicationId;

        @Option(names = "--model", required = true, description = "Model name.")
        String model;

        @Option(names = "--partition", defaultValue = "0", description = "Input partition whose replica to export. Default: ${DEFAULT-VALUE}.")
        int partition;

        @Option(names = "--out", required = true, description = "File to write the learner snapshot to.")
        Path out;

        @Option(names = "--tribuo-protobuf", description = "For a Tribuo model: write its current Tribuo model in Tribuo's protobuf "
                + "format (with provenance) instead of the learner snapshot, e.g. to publish into a model of another config.")
        boolean tribuoProtobuf;

        @Override
        public Integer call() throws Exception {
            String changelog = applicationId + "-" + ProcessorConfig.MODEL_STORE_NAME + "-changelog";
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            byte[] latest = null;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
                var partitions = consumer.partitionsFor(changelog, Duration.ofSeconds(30));
                if (partitions == null || partitions.isEmpty()) {
                    throw new IllegalArgumentException("no changelog topic " + changelog + ": is --application-id right, and has the processor run?");
                }
                if (partition < 0 || partition >= partitions.size()) {
                    throw new IllegalArgumentException("--partition must be in 0.." + (partitions.size() - 1) + ", got " + partition);
                }
                TopicPartition tp = new TopicPartition(changelog, partition);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (model.equals(r.key())) {
                            latest = r.value(); // null for a tombstone
                        }
                    }
                }
            }
            if (latest == null) {
                throw new IllegalArgumentException("no committed snapshot of model '" + model + "' in partition " + partition + " of " + changelog);
            }
            StoredModel stored = StoredModel.decode(latest);
            byte[] learner = StoredModel.learnerBytes(latest);
            if (tribuoProtobuf) {
                OnlineLearner core = stored.learner() instanceof io.tributary.learn.transform.Pipeline pipeline ? pipeline.learner() : stored.learner();
                if (!(core instanceof io.tributary.tribuo.TribuoLearner<?> t)) {
                    throw new IllegalArgumentException("--tribuo-protobuf: model '" + model + "' is " + core.algorithm() + ", not a Tribuo model");
                }
                learner = t.currentModelProtobuf().orElseThrow(() -> new IllegalArgumentException(
                        "--tribuo-protobuf: model '" + model + "' has not trained a Tribuo model yet"));
            }
            Files.write(out, learner);
            OnlineLearner l = stored.learner();
            System.out.printf("exported model '%s' (partition %d): %s, %s, dimension %d, version %d, %d bytes -> %s%n",
                    model, partition, l.algorithm(), l.task(), l.dimension(), stored.versionBase() + l.updates(), learner.length, out);
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Send a learner snapshot file to the models topic; processors serving the model swap it in.")
    static final class Publish implements Callable<Integer> {

        @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--topic", defaultValue = "models", description = "The models topic. Default: ${DEFAULT-VALUE}.")
        String topic;

        @Option(names = "--model", required = true, description = "Model name, as the processors' config declares it.")
        String model;

        @Option(names = "--version", required = true,
                description = "The snapshot's version: must be above the version a processor last applied; predictions carry it.")
        long version;

        @Option(names = "--file", required = true, description = "Learner snapshot file (from 'model export' or LearnerCodec.encode).")
        Path file;

        @Option(names = "--source", defaultValue = "cli", description = "Who made the snapshot. Default: ${DEFAULT-VALUE}.")
        String source;

        @Option(names = "--format", defaultValue = "json", description = "json or avro. Default: ${DEFAULT-VALUE}.")
        String format;

        @Option(names = "--registry-url", description = "Schema registry URL; required for --format avro.")
        String registryUrl;

        @Override
        public Integer call() throws Exception {
            if (version < 0) {
                throw new IllegalArgumentException("--version must be >= 0, got " + version);
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            byte[] bytes = Files.readAllBytes(file);
            OnlineLearner learner = null;
            org.tribuo.Model<?> tribuo = null;
            try {
                learner = LearnerCodec.decode(bytes); // refuse to publish what no processor could load
            } catch (IllegalArgumentException e) {
                try {
                    tribuo = io.tributary.tribuo.TribuoModels.fromProtobuf(bytes); // or a Tribuo model (protobuf)
                } catch (RuntimeException notTribuo) {
                    throw new IllegalArgumentException(file + " is neither a learner snapshot (" + e.getMessage()
                            + ") nor a Tribuo model in protobuf form", e);
                }
            }
            if (tribuo != null) {
                boolean regression = tribuo.validate(org.tribuo.regression.Regressor.class);
                int classes = regression ? 0 : tribuo.getOutputIDInfo().size();
                return send(ModelSnapshot.newBuilder()
                        .setModel(model).setVersion(version).setAlgorithm("tribuo")
                        .setFormat(io.tributary.tribuo.TribuoModels.FORMAT)
                        .setTask(regression ? Task.REGRESSION : classes > 2 ? Task.MULTICLASS_CLASSIFICATION : Task.BINARY_CLASSIFICATION)
                        .setDimension(tribuo.getFeatureIDMap().size())
                        .setCreatedAt(Instant.now()).setSource(source).setPayload(ByteBuffer.wrap(bytes)).build(), bytes.length);
            }
            return send(ModelSnapshot.newBuilder()
                    .setModel(model)
                    .setVersion(version)
                    .setAlgorithm(learner.algorithm())
                    .setFormat(HotSwap.FORMAT)
                    .setTask(Task.valueOf(learner.task().name()))
                    .setDimension(learner.dimension())
                    .setCreatedAt(Instant.now())
                    .setSource(source)
                    .setPayload(ByteBuffer.wrap(bytes))
                    .build(), bytes.length);
        }

        private int send(ModelSnapshot snapshot, int size) throws Exception {
            EventFormat eventFormat = EventFormat.parse(format);
            SchemaRegistryClient registry = registryUrl == null ? null : new SchemaRegistryClient(registryUrl);
            if (eventFormat == EventFormat.AVRO && registry == null) {
                throw new IllegalArgumentException("--format avro needs --registry-url");
            }
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<String, ModelSnapshot> producer = new KafkaProducer<>(props, new StringSerializer(),
                    EventSerdes.modelSnapshots(eventFormat, registry).serializer())) {
                var meta = producer.send(new ProducerRecord<>(topic, model, snapshot)).get(60, TimeUnit.SECONDS);
                System.out.printf("published model '%s' version %d (%s, %s, %s, dimension %d, %d bytes) to %s-%d@%d%n", model, version,
                        snapshot.getFormat(), snapshot.getAlgorithm(), snapshot.getTask(), snapshot.getDimension(), size, meta.topic(),
                        meta.partition(), meta.offset());
            }
            return 0;
        }
    }
}
