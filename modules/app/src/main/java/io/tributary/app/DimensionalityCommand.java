package io.tributary.app;

import io.tributary.events.Dimensionality;
import io.tributary.events.EventSerdes;
import io.tributary.events.LayerMeasures;
import io.tributary.events.ModelMetrics;
import io.tributary.events.avro.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the dimensionality measurements of tracked MLPs (hyper-parameter {@code track_every}) found on the
 * model-metrics topic as CSV: one row per record and hidden layer, with the jump that triggered the record, if any.
 */
@Command(name = "dimensionality", mixinStandardHelpOptions = true,
        description = "Export MLP hidden-layer dimensionality (stable rank, participation ratio, ...) from model-metrics as CSV.")
final class DimensionalityCommand implements Callable<Integer> {

    static final String HEADER = "emitted_at,model,partition,step,loss,gradient_norm,layer,stable_rank,participation_ratio,"
            + "components_90,nuclear_norm_ratio,jump_series,jump_score";

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "model-metrics", description = "The model-metrics topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--model", description = "Only this model.")
    String model;

    @Option(names = "--registry-url", description = "Schema registry URL, when model-metrics is written in Avro.")
    String registryUrl;

    @Option(names = "--out", required = true, description = "CSV file to write ('-' for stdout).")
    String out;

    @Option(names = "--timeout", defaultValue = "5", description = "Stop after this many seconds without a record. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        Deserializer<ModelMetrics> json = EventSerdes.json(ModelMetrics.class).deserializer();
        Deserializer<ModelMetrics> avro = registryUrl == null ? null
                : EventSerdes.avro(ModelMetrics.class, new SchemaRegistryClient(registryUrl), false).deserializer();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tributary-dimensionality-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int rows = 0;
        PrintWriter writer = out.equals("-") ? new PrintWriter(System.out, true, StandardCharsets.UTF_8)
                : new PrintWriter(Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            writer.println(HEADER);
            long idleSince = System.nanoTime();
            while (System.nanoTime() - idleSince < timeoutSeconds * 1_000_000_000L) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.value() == null || r.value().length == 0) {
                        continue;
                    }
                    ModelMetrics m;
                    if (r.value()[0] == 0) {
                        if (avro == null) {
                            throw new IllegalArgumentException("model-metrics holds Avro records: pass --registry-url");
                        }
                        m = avro.deserialize(topic, r.value());
                    } else {
                        m = json.deserialize(topic, r.value());
                    }
                    Dimensionality d = m.getDimensionality();
                    if (d == null || (model != null && !model.equals(m.getModel()))) {
                        continue;
                    }
                    for (LayerMeasures l : d.getLayers()) {
                        writer.printf("%s,%s,%d,%d,%s,%s,%d,%s,%s,%d,%s,%s,%s%n", m.getEmittedAt(), m.getModel(), m.getPartition(),
                                d.getStep(), d.getLoss(), d.getGradientNorm(), l.getLayer(), l.getStableRank(), l.getParticipationRatio(),
                                l.getComponents90(), l.getNuclearNormRatio(), d.getJump() == null ? "" : d.getJump().getSeries(),
                                d.getJump() == null ? "" : Double.toString(d.getJump().getScore()));
                        rows++;
                    }
                }
            }
        } finally {
            writer.flush();
            if (!out.equals("-")) {
                writer.close();
            }
        }
        System.err.println("wrote " + rows + " rows" + (out.equals("-") ? "" : " to " + out));
        return 0;
    }
}
