package io.tributary.app;

import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.EventDecodingException;
import io.tributary.events.json.JsonCodec;
import io.tributary.events.avro.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes feature events: JSON lines from a file or stdin, or a synthetic labelled stream. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Produce FeatureEvents to a topic, as JSON or Confluent-format Avro.",
                "Input lines are JSON FeatureEvents, optionally prefixed by a key and --key-separator."})
final class ProduceCommand implements Callable<Integer> {

    private static final JsonCodec JSON = new JsonCodec();

    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "features", description = "Topic to write to. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--format", defaultValue = "json", description = "json or avro. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--registry-url", description = "Schema registry URL (Confluent API); required for --format avro.")
    String registryUrl;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--file", description = "JSON-lines file of FeatureEvents ('-' for stdin).")
        String file;

        @Option(names = "--synthetic", description = "A synthetic labelled stream: hyperplane.")
        String synthetic;
    }

    @Option(names = "--key-separator", description = "With --file: each line is KEY<separator>JSON.")
    String keySeparator;

    @Option(names = "--dimension", defaultValue = "16", description = "Synthetic features per event. Default: ${DEFAULT-VALUE}.")
    int dimension;

    @Option(names = "--rate", defaultValue = "0", description = "Synthetic events per second (0: as fast as possible). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--count", defaultValue = "0", description = "Synthetic events to write (0: until stopped). Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic stream. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        EventFormat fmt = EventFormat.parse(format);
        if (fmt == EventFormat.AVRO && registryUrl == null) {
            throw new IllegalArgumentException("--format avro needs --registry-url");
        }
        SchemaRegistryClient registry = registryUrl == null ? null : new SchemaRegistryClient(registryUrl);
        requireTopic();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        try (Serializer<FeatureEvent> serializer = EventSerdes.featureEvents(fmt, registry).serializer();
                KafkaProducer<String, FeatureEvent> producer = new KafkaProducer<>(producerProperties(bootstrap),
                        new StringSerializer(), serializer)) {
            if (source.synthetic != null) {
                if (!source.synthetic.equals("hyperplane")) {
                    throw new IllegalArgumentException("unknown synthetic stream '" + source.synthetic + "'; available: hyperplane");
                }
                SyntheticFeed feed = new SyntheticFeed(dimension, seed, 64);
                Pacer pacer = new Pacer(rate);
                while ((count == 0 || sent < count) && failure.get() == null) {
                    pacer.await();
                    String key = feed.nextKey();
                    producer.send(new ProducerRecord<>(topic, key, feed.next()), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    sent++;
                }
            } else {
                sent = produceLines(producer, failure);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing to '" + topic + "' failed: " + failure.get().getMessage(), failure.get());
        }
        System.err.println("produced " + sent + " event(s) to '" + topic + "' as " + fmt.name().toLowerCase());
        return 0;
    }

    /**
     * A file is parsed whole before anything is sent, so a bad line means nothing was produced and the user can fix
     * the file and run again. Standard input is a stream: each line is sent once parsed, and a bad line stops there.
     */
    private long produceLines(KafkaProducer<String, FeatureEvent> producer, AtomicReference<Exception> failure) throws Exception {
        boolean stdin = "-".equals(source.file);
        BufferedReader reader = stdin
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(source.file), StandardCharsets.UTF_8);
        List<ProducerRecord<String, FeatureEvent>> pending = new ArrayList<>();
        long sent = 0;
        try (reader) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null && failure.get() == null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                ProducerRecord<String, FeatureEvent> record = parseLine(line, lineNumber, stdin ? sent : 0);
                if (stdin) {
                    send(producer, record, failure);
                    sent++;
                } else {
                    pending.add(record);
                }
            }
        }
        for (ProducerRecord<String, FeatureEvent> record : pending) {
            send(producer, record, failure);
            sent++;
        }
        return sent;
    }

    private ProducerRecord<String, FeatureEvent> parseLine(String line, int lineNumber, long alreadySent) {
        String key = null;
        String json = line;
        if (keySeparator != null) {
            int at = line.indexOf(keySeparator);
            if (at < 0) {
                throw new IllegalArgumentException("line " + lineNumber + ": no key separator '" + keySeparator + "'"
                        + sentSoFar(alreadySent));
            }
            key = line.substring(0, at);
            json = line.substring(at + keySeparator.length());
        }
        try {
            return new ProducerRecord<>(topic, key, JSON.decodeFeatureEvent(json.getBytes(StandardCharsets.UTF_8)));
        } catch (EventDecodingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage() + sentSoFar(alreadySent));
        }
    }

    private String sentSoFar(long alreadySent) {
        return "-".equals(source.file) ? " (" + alreadySent + " earlier line(s) were sent)" : " (nothing was sent)";
    }

    private void send(KafkaProducer<String, FeatureEvent> producer, ProducerRecord<String, FeatureEvent> record,
            AtomicReference<Exception> failure) {
        producer.send(record, (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Fails fast, with a clear message, when the topic is missing: the broker may not auto-create topics. */
    private void requireTopic() throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap
                        + ": create it, or start `tributary serve`, which creates its topics");
            }
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within 15 s");
        }
    }

    static Properties producerProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000); // a missing topic or broker is reported in 15 s, not 60
        return p;
    }
}
