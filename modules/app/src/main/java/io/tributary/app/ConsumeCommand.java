package io.tributary.app;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tributary.events.avro.ConfluentWireFormat;
import io.tributary.events.avro.SchemaRegistryClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints records of any Tributary topic as one JSON line each: JSON values as they are, Confluent-format Avro
 * values decoded with their writer schema from the registry. Reads committed data only, so under exactly-once
 * it never shows a prediction from an aborted transaction.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print records of a topic (predictions by default) as JSON lines.")
final class ConsumeCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "predictions", description = "Topic to read. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--format", defaultValue = "auto", description = "auto, json or avro. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--registry-url", description = "Schema registry URL, to decode Avro records.")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Start at the earliest offset instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0: no limit).")
    long max;

    @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds without a record (0: never).")
    long timeoutSeconds;

    @Option(names = "--headers", description = "Also print keys and headers (useful on the DLQ).")
    boolean headers;

    @Override
    public Integer call() {
        if (!List.of("auto", "json", "avro").contains(format)) {
            throw new IllegalArgumentException("--format must be auto, json or avro, got '" + format + "'");
        }
        SchemaRegistryClient registry = registryUrl == null ? null : new SchemaRegistryClient(registryUrl);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tributary-consume-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        PrintStream out = System.out;
        long seen = 0;
        long idleSince = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (max == 0 || seen < max) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    if (timeoutSeconds > 0 && System.nanoTime() - idleSince > timeoutSeconds * 1_000_000_000L) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    out.println(render(r, registry));
                    if (max != 0 && ++seen >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private String render(ConsumerRecord<byte[], byte[]> r, SchemaRegistryClient registry) {
        String value = renderValue(r.value(), registry);
        if (!headers) {
            return value;
        }
        StringBuilder sb = new StringBuilder("{\"partition\":").append(r.partition()).append(",\"offset\":").append(r.offset())
                .append(",\"key\":").append(r.key() == null ? "null" : quote(new String(r.key(), StandardCharsets.UTF_8)))
                .append(",\"headers\":{");
        boolean first = true;
        for (Header h : r.headers()) {
            sb.append(first ? "" : ",").append(quote(h.key())).append(':')
                    .append(h.value() == null ? "null" : quote(new String(h.value(), StandardCharsets.UTF_8)));
            first = false;
        }
        return sb.append("},\"value\":").append(value).append('}').toString();
    }

    private String renderValue(byte[] value, SchemaRegistryClient registry) {
        if (value == null) {
            return "null";
        }
        boolean avro = value.length > 0 && value[0] == ConfluentWireFormat.MAGIC_BYTE;
        if (format.equals("avro") || (format.equals("auto") && avro)) {
            if (registry == null) {
                throw new IllegalArgumentException("an Avro record needs --registry-url to be decoded");
            }
            try {
                int id = ConfluentWireFormat.readSchemaId(value);
                Schema schema = registry.getById(id);
                int body = ConfluentWireFormat.HEADER_SIZE;
                Object record = new GenericDatumReader<>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(value, body, value.length - body, null));
                return GenericData.get().toString(record);
            } catch (java.io.IOException | RuntimeException e) {
                return "{\"undecodable_avro\":" + quote(e.getMessage()) + ",\"base64\":\"" + Base64.getEncoder().encodeToString(value) + "\"}";
            }
        }
        String text = new String(value, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return trimmed;
        }
        // Not JSON (a DLQ entry can hold any bytes): show it losslessly rather than garble the output line.
        return "{\"base64\":\"" + Base64.getEncoder().encodeToString(value) + "\"}";
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
