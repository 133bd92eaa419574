package io.tributary.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.runtime.metrics.MetricsServer;
import io.tributary.streams.TributaryProcessor;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.metrics.ProcessorMetrics;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on one machine, without Docker: an embedded KRaft broker, a synthetic labelled stream
 * (a drifting hyperplane, with a few malformed records mixed in to show the DLQ), the processor, and /metrics.
 * Prints progress once a second and how to watch the topics with kcat.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the full pipeline on an embedded Kafka broker (no Docker needed).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "2000", description = "Synthetic events per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run (0: until Ctrl-C). Default: ${DEFAULT-VALUE}.")
    long duration;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the demo topics. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--metrics-port", defaultValue = "9404", description = "Port of /metrics (0: any free port). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--bad-every", defaultValue = "1000",
            description = "Mix in one malformed record every N events, to show the DLQ (0: none). Default: ${DEFAULT-VALUE}.")
    long badEvery;

    @Option(names = "--config", description = "Processor config (YAML). Default: the built-in demo config (config/models.yaml).")
    Path config;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        out.println("Tributary demo: starting an embedded Kafka broker (KRaft, child JVM)...");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread mainThread = Thread.currentThread();
        Thread hook = new Thread(() -> {
            running.set(false);
            mainThread.interrupt();
            try {
                mainThread.join(40_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "tributary-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            TributaryConfig cfg = loadConfig(bootstrap);
            ProcessorConfig pc = cfg.processor();
            PrometheusRegistry registry = new PrometheusRegistry();
            try (TributaryProcessor processor = new TributaryProcessor(cfg, registry);
                    MetricsServer metrics = MetricsServer.builder().port(metricsPort).registry(registry).health(processor::health).jvmMetrics(true).start()) {
                processor.start();
                if (!processor.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the processor did not start: " + processor.state());
                }
                printHowTo(bootstrap, pc, metrics.metricsUrl(), metrics.healthUrl());
                AtomicLong produced = new AtomicLong();
                Thread producer = Thread.ofPlatform().name("demo-producer").daemon().start(() -> produce(bootstrap, pc, running, produced));
                runProgress(processor, cfg, produced, running);
                running.set(false);
                producer.join(5_000);
                printSummary(processor, cfg, produced.get());
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return 0;
    }

    private TributaryConfig loadConfig(String bootstrap) throws java.io.IOException {
        Map<String, Object> overrides = Map.of(
                ProcessorConfig.BOOTSTRAP_SERVERS, bootstrap,
                ProcessorConfig.TOPICS_PARTITIONS, partitions,
                ProcessorConfig.STATE_DIR, Files.createTempDirectory("tributary-demo-state").toString());
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                return TributaryConfig.parse(in, config.toString(), overrides);
            }
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo-models.yaml")) {
            return TributaryConfig.parse(in, "built-in demo config", overrides);
        }
    }

    private void printHowTo(String bootstrap, ProcessorConfig pc, String metricsUrl, String healthUrl) {
        out.println();
        out.println("  Kafka bootstrap:  " + bootstrap);
        out.println("  Topics:           " + pc.featuresTopic() + " -> " + pc.predictionsTopic() + "   (bad records -> " + pc.dlqTopic() + ")");
        out.println("  Metrics:          " + metricsUrl + "   (health: " + healthUrl + ")");
        out.println();
        out.println("  Watch predictions with kcat (apt-get install kcat):");
        out.println("    kcat -b " + bootstrap + " -t " + pc.predictionsTopic() + " -C -o end -u -X isolation.level=read_committed");
        out.println("  Send your own event (16 dense features, label 0/1):");
        out.println("    echo '{\"dense\":[0.1,0.9,0.3,0.5,0.2,0.8,0.4,0.6,0.7,0.1,0.9,0.3,0.5,0.2,0.8,0.4],\"label\":1}' \\");
        out.println("      | kcat -b " + bootstrap + " -t " + pc.featuresTopic() + " -P -k my-entity");
        out.println("  See rejected records and why:");
        out.println("    kcat -b " + bootstrap + " -t " + pc.dlqTopic() + " -C -o beginning -f '%h  %s\\n'");
        out.println();
    }

    /** Good events from the synthetic stream, with a malformed one every {@code badEvery} so the DLQ has something to show. */
    private void produce(String bootstrap, ProcessorConfig pc, AtomicBoolean running, AtomicLong produced) {
        SyntheticFeed feed = new SyntheticFeed(16, 7, 64);
        Pacer pacer = new Pacer(rate);
        List<byte[]> malformed = List.of(
                "this is not json".getBytes(StandardCharsets.UTF_8),
                "{\"dense\":[1.0,2.0,3.0],\"label\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"dense\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],\"label\":\"maybe\"}".getBytes(StandardCharsets.UTF_8),
                "{\"dense\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],\"model\":\"no-such-model\"}".getBytes(StandardCharsets.UTF_8));
        try (Serializer<FeatureEvent> json = EventSerdes.featureEventsJson().serializer();
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProduceCommand.producerProperties(bootstrap),
                        new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer())) {
            long n = 0;
            while (running.get()) {
                pacer.await();
                String key = feed.nextKey();
                byte[] value = badEvery > 0 && n > 0 && n % badEvery == 0
                        ? malformed.get((int) ((n / badEvery) % malformed.size()))
                        : json.serialize(pc.featuresTopic(), feed.next());
                producer.send(new ProducerRecord<>(pc.featuresTopic(), key, value));
                produced.incrementAndGet();
                n++;
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                out.println("demo producer stopped: " + e);
            }
        }
    }

    private void runProgress(TributaryProcessor processor, TributaryConfig cfg, AtomicLong produced, AtomicBoolean running) {
        ProcessorMetrics m = processor.metrics();
        String model = cfg.models().get(0).name();
        long start = System.nanoTime();
        long lastConsumed = 0;
        long lastTick = start;
        while (running.get() && (duration == 0 || System.nanoTime() - start < duration * 1_000_000_000L)) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                break;
            }
            long now = System.nanoTime();
            long consumed = m.consumedCount();
            double eventsPerSecond = (consumed - lastConsumed) / ((now - lastTick) / 1e9);
            lastConsumed = consumed;
            lastTick = now;
            ProcessorMetrics.ModelMetrics mm = m.model(model);
            out.printf(Locale.ROOT, "[%4ds] events/s %7.0f | consumed %9d | predictions %9d | accuracy %s | model '%s' v%d | DLQ %d%n",
                    (now - start) / 1_000_000_000L, eventsPerSecond, consumed, mm.predictionCount(),
                    formatMetric(mm.accuracy()), model, mm.version(), m.deadLetteredCount());
        }
    }

    private void printSummary(TributaryProcessor processor, TributaryConfig cfg, long produced) {
        ProcessorMetrics m = processor.metrics();
        out.println();
        out.println("Demo finished: produced " + produced + ", consumed " + m.consumedCount() + ", dead-lettered " + m.deadLetteredCount() + ".");
        for (var d : cfg.models()) {
            ProcessorMetrics.ModelMetrics mm = m.model(d.name());
            out.printf(Locale.ROOT, "  model '%s': %d predictions, version %d, prequential accuracy %s%n",
                    d.name(), mm.predictionCount(), mm.version(), formatMetric(mm.accuracy()));
        }
    }

    private static String formatMetric(double v) {
        return Double.isNaN(v) ? "  n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
