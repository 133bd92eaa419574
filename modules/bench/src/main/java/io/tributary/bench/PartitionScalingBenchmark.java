package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.runtime.io.Directories;
import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.TributaryProcessor;
import io.tributary.streams.config.TributaryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Throughput of the Tributary processor as the features topic grows from 1 to 2 to 4 partitions, with one stream
 * thread per partition, plus 4 partitions on 1 and 2 threads: one real (embedded, child-JVM) KRaft broker, one run.
 *
 * <p>The processor is the one of {@link EndToEndBenchmark}'s JSON variant: labelled rotating-hyperplane events
 * (d = 16, dense, JSON), one logistic-regression model (AdaGrad) that predicts on and learns from every event, one
 * replica per partition, {@code exactly_once_v2}, {@code commit.interval.ms} 100. The same N events are pre-loaded
 * into one input topic per partition count, spread round-robin over the partitions (event i goes to partition
 * i mod P, so every partition holds exactly N / P and no partition's backlog outlasts the others'), before any
 * processor starts. Each run starts a fresh processor (a new {@code application.id}, {@code num.stream.threads} =
 * T) from the beginning of its input, and a {@code read_committed} consumer of its own output topic (P partitions,
 * {@code LogAppendTime}) reads all N committed predictions; the rate is N − 1 over the span of the broker's append
 * times of the first and last prediction, as in {@link EndToEndBenchmark}, so the commit steps and the start-up
 * rebalance are left out.
 *
 * <p><b>Ratios in one run.</b> The configurations run in interleaved rounds, the order rotating by one each round,
 * after uncounted warm-up rounds (the broker and this JVM JIT-compile for a while); each configuration's figure is its
 * median over the measured rounds and its ratio is that median over the 1-partition median. The ratio within each
 * round is given too: a burst of load from another process on a shared machine then spoils one round's ratio rather
 * than the result.
 *
 * <p><b>Cores.</b> Stream threads can only scale while there are idle cores: the broker, the stream threads and the
 * consumer of this benchmark share one machine. Each run therefore also reports the cores kept busy while its output
 * arrived (CPU seconds of this JVM and the broker's over wall seconds), and the whole machine's busy cores (other
 * processes included), so a flat line can be told apart from a bottleneck in the processor.
 *
 * <p>Writes {@code partition-scaling.json} and {@code partition-scaling.png} to the output directory.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx2g -cp modules/bench/target/tributary-bench.jar \
 *     io.tributary.bench.PartitionScalingBenchmark [--events 200000] [--repeats 5] [--out bench/results]
 * </pre>
 */
public final class PartitionScalingBenchmark {

    static final String MODEL_YAML = EndToEndBenchmark.MODEL_YAML;

    /** A processor layout: the features topic's partitions and the instance's stream threads. */
    record Layout(int partitions, int threads) {

        Layout {
            if (partitions < 1 || threads < 1) {
                throw new IllegalArgumentException(
                        "partitions and threads must be >= 1, got " + partitions + "/" + threads);
            }
        }

        /** {@code P/T}, e.g. {@code 4/2}. */
        static Layout parse(String text) {
            String[] parts = text.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a layout is partitions/threads, e.g. 4/2; got '" + text + "'");
            }
            return new Layout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        String label() {
            return partitions + " partition" + (partitions == 1 ? "" : "s") + ", " + threads + " thread"
                    + (threads == 1 ? "" : "s");
        }

        @Override
        public String toString() {
            return partitions + "/" + threads;
        }
    }

    /** Command-line options. */
    record Options(int events, int warmupRounds, int repeats, long commitIntervalMs, List<Layout> layouts, Path out,
            Duration timeout) {

        static Options parse(String[] args) {
            int events = 200_000;
            int warmupRounds = 2;
            int repeats = 5;
            long commit = 100;
            List<Layout> layouts = List.of(new Layout(1, 1), new Layout(2, 2), new Layout(4, 4), new Layout(4, 1),
                    new Layout(4, 2));
            Path out = Path.of("bench/results");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println("""
                            usage: PartitionScalingBenchmark [options]
                              --events N            events pre-loaded into each input topic (default 200000)
                              --warmup-rounds W     rounds of every layout run first and not counted (default 2)
                              --repeats R           measured rounds, layouts interleaved; medians reported (default 5)
                              --commit-interval MS  commit.interval.ms (default 100)
                              --layouts LIST        partitions/threads, comma-separated; the first is the
                                                    reference of the ratios (default 1/1,2/2,4/4,4/1,4/2)
                              --out DIR             results directory (default bench/results)
                            """);
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--events" -> events = Integer.parseInt(v.replace("_", ""));
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(v);
                    case "--repeats" -> repeats = Integer.parseInt(v);
                    case "--commit-interval" -> commit = Long.parseLong(v);
                    case "--layouts" -> layouts = Arrays.stream(v.split(",")).map(Layout::parse).toList();
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            if (events < 1 || warmupRounds < 0 || repeats < 1 || commit < 1 || layouts.isEmpty()) {
                throw new IllegalArgumentException(
                        "need events >= 1, warmup-rounds >= 0, repeats >= 1, commit-interval >= 1 and a layout");
            }
            if (new LinkedHashSet<>(layouts).size() != layouts.size()) {
                throw new IllegalArgumentException("a layout is listed twice: " + layouts);
            }
            return new Options(events, warmupRounds, repeats, commit, layouts, out, Duration.ofMinutes(3));
        }
    }

    /** One run: one fresh processor over the whole input once. */
    record Run(String layout, int round, int positionInRound, long outputRecords, double eventsPerSecond,
            double windowSeconds, double firstOutputAfterStartSeconds, double busyCoresOurs, double busyCoresMachine,
            Map<Integer, Long> outputPerPartition, long deadLettered) {}

    /** A layout over the measured rounds. */
    record LayoutResult(String layout, int partitions, int threads, double eventsPerSecond, double minEventsPerSecond,
            double maxEventsPerSecond, double ratioToReference, double medianOfRoundRatios,
            List<Double> roundRatiosToReference, double busyCoresOurs, double busyCoresMachine, List<Run> rounds) {}

    private final Options options;
    private final Map<String, String> loadAverages = new LinkedHashMap<>();
    private final List<Path> tempDirs = new ArrayList<>();
    private EmbeddedKafkaBroker kafka;
    private int runs;

    private PartitionScalingBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        PartitionScalingBenchmark bench = new PartitionScalingBenchmark(Options.parse(args));
        try {
            bench.run();
        } finally {
            bench.shutdown();
        }
        // Kafka helper threads must not keep the JVM alive.
        System.exit(0);
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        loadAverages.put("start", BenchMachine.loadAverage());
        log("starting the Kafka broker");
        kafka = EmbeddedKafkaBroker.start();
        log("broker at " + kafka.bootstrapServers() + " (pid " + kafka.pid() + ")");

        List<FeatureEvent> events = EndToEndBenchmark.events(options.events(), 11L, "e-");
        Serializer<FeatureEvent> json = EventSerdes.featureEventsJson().serializer();
        Set<Integer> partitionCounts = new TreeSet<>();
        options.layouts().forEach(l -> partitionCounts.add(l.partitions()));
        long inputBytes = 0;
        for (int p : partitionCounts) {
            kafka.createTopic(inputTopic(p), p);
            log("pre-loading " + options.events() + " JSON events into " + p + " partition(s)");
            inputBytes = preload(inputTopic(p), p, events, json);
        }
        events = null; // let the heap forget them
        loadAverages.put("after-preload", BenchMachine.loadAverage());

        List<Run> measured = new ArrayList<>();
        List<Layout> layouts = options.layouts();
        int rounds = options.warmupRounds() + options.repeats();
        for (int round = 1; round <= rounds; round++) {
            boolean warmup = round <= options.warmupRounds();
            for (int k = 0; k < layouts.size(); k++) {
                // Rotate the order each round, so that no layout always runs first (after an idle broker) or last.
                Layout layout = layouts.get((k + round - 1) % layouts.size());
                log(layout.label() + ": round " + round + (warmup ? " (warm-up)" : "") + ", " + options.events()
                        + " events");
                Run r = runOnce(layout, round, k);
                log(String.format(Locale.ROOT, "%s: round %d: %s events/s, %.2f cores busy (ours), %.2f (machine), "
                                + "first output %.2f s after start", layout.label(), round, fmt(r.eventsPerSecond()),
                        r.busyCoresOurs(), r.busyCoresMachine(), r.firstOutputAfterStartSeconds()));
                if (!warmup) {
                    measured.add(r);
                }
                loadAverages.put("after-" + layout + "-" + round, BenchMachine.loadAverage());
            }
        }
        List<LayoutResult> results = summarize(measured);
        loadAverages.put("end", BenchMachine.loadAverage());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "io.tributary.bench.PartitionScalingBenchmark");
        out.put("date", Instant.now().toString());
        out.put("machine", BenchMachine.facts("shared 2-core box: the broker, the stream threads and this benchmark's "
                + "consumer all compete for the same cores, so threads beyond the idle cores cannot add throughput"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("events", options.events());
        config.put("warmupRounds", options.warmupRounds());
        config.put("repeats", options.repeats());
        config.put("layouts", layouts.stream().map(Layout::toString).toList());
        config.put("referenceLayout", layouts.getFirst().toString());
        config.put("dimension", EndToEndBenchmark.DIMENSION);
        config.put("input", "JSON FeatureEvents, labelled; event i on partition i mod P");
        config.put("inputBytesPerTopic", inputBytes);
        config.put("commitIntervalMs", options.commitIntervalMs());
        config.put("processingGuarantee", "exactly_once_v2");
        config.put("model", "logistic_regression, adagrad, lr 0.1, l2 1e-4, d 16 (one replica per partition)");
        out.put("config", config);
        out.put("method", "each run: a fresh processor (new application.id, num.stream.threads = T) over the whole "
                + "input topic of P partitions; a read_committed consumer reads all N committed predictions from an "
                + "output topic of P partitions with LogAppendTime; eventsPerSecond = (N - 1) / (last - first append "
                + "time); layouts interleaved in rounds with the order rotating, warm-up rounds not counted; "
                + "ratioToReference = median / median of the reference layout; roundRatiosToReference: the same "
                + "within each round; busyCoresOurs = CPU seconds of this JVM (processor, consumer) and the broker "
                + "JVM between the first and the last poll that returned output, over the wall seconds between them; "
                + "busyCoresMachine: the same from /proc/stat for the whole machine");
        out.put("layouts", results);
        out.put("loadAverage", loadAverages);
        out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(options.out());
        Path jsonOut = options.out().resolve("partition-scaling.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonOut.toFile(), out);
        plot(results);
        log("wrote " + jsonOut + " and partition-scaling.png in " + fmt((System.nanoTime() - t0) / 1e9) + " s");
        printSummary(results);
    }

    private static String inputTopic(int partitions) {
        return "bench.scaling.in.p" + partitions;
    }

    private Run runOnce(Layout layout, int round, int position) throws Exception {
        String id = "bench-scaling-" + layout.partitions() + "p" + layout.threads() + "t-" + (++runs);
        String out = id + ".out";
        // Created here (the processor keeps an existing topic) so that it uses LogAppendTime.
        kafka.createTopic(out, layout.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
        long start = System.currentTimeMillis();
        TributaryProcessor processor = startProcessor(id, inputTopic(layout.partitions()), out, layout);
        try {
            return measure(processor, layout, out, start, round, position);
        } finally {
            processor.close();
        }
    }

    private TributaryProcessor startProcessor(String id, String in, String out, Layout layout) throws Exception {
        String yaml = """
                processor:
                  application.id: %s
                  bootstrap.servers: "%s"
                  topic.features: %s
                  topic.predictions: %s
                  topics.partitions: %d
                  commit.interval.ms: %d
                  processing.guarantee: exactly_once_v2
                  num.stream.threads: %d
                  state.dir: "%s"
                  output.format: json
                streams: {}
                models:
                %s
                """.formatted(id, kafka.bootstrapServers(), in, out, layout.partitions(), options.commitIntervalMs(),
                layout.threads(), tempDir("bench-scaling-state").toString().replace('\\', '/'),
                MODEL_YAML.indent(2).stripTrailing());
        TributaryConfig config = TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                id, Map.of());
        TributaryProcessor processor = new TributaryProcessor(config, new PrometheusRegistry()).start();
        if (!processor.awaitRunning(Duration.ofSeconds(120))) {
            processor.close();
            throw new IllegalStateException("processor " + id + " did not reach RUNNING: " + processor.state());
        }
        return processor;
    }

    /**
     * Reads the committed predictions until all N arrived; the rate comes from the broker's append times of the first
     * and last (the broker runs on this machine, so its clock is this JVM's {@code currentTimeMillis}). CPU is
     * sampled at the first and the last poll that returned records.
     */
    private Run measure(TributaryProcessor processor, Layout layout, String topic, long startMillis, int round,
            int position) {
        List<Long> pids = List.of(ProcessHandle.current().pid(), kafka.pid());
        int expected = options.events();
        long count = 0;
        long minAppend = Long.MAX_VALUE;
        long maxAppend = Long.MIN_VALUE;
        long firstPollNanos = 0;
        long lastPollNanos = 0;
        double firstCpuOurs = Double.NaN;
        double lastCpuOurs = Double.NaN;
        double firstCpuMachine = Double.NaN;
        double lastCpuMachine = Double.NaN;
        Map<Integer, Long> perPartition = new LinkedHashMap<>();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (count < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                double cpuOurs = CpuClock.processSeconds(pids);
                double cpuMachine = CpuClock.machineBusySeconds();
                if (firstPollNanos == 0) {
                    firstPollNanos = now;
                    firstCpuOurs = cpuOurs;
                    firstCpuMachine = cpuMachine;
                }
                lastPollNanos = now;
                lastCpuOurs = cpuOurs;
                lastCpuMachine = cpuMachine;
                count += records.count();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    minAppend = Math.min(minAppend, r.timestamp());
                    maxAppend = Math.max(maxAppend, r.timestamp());
                    perPartition.merge(r.partition(), 1L, Long::sum);
                }
            }
            // A little longer, so that a duplicate beyond the expected count would be seen.
            long grace = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < grace) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        if (count != expected) {
            throw new IllegalStateException(layout.label() + ": " + count + " committed predictions for " + expected
                    + " events (within " + options.timeout() + ")");
        }
        double window = (maxAppend - minAppend) / 1e3;
        double pollSeconds = (lastPollNanos - firstPollNanos) / 1e9;
        return new Run(layout.toString(), round, position, count, window > 0 ? (expected - 1) / window : Double.NaN,
                window, (minAppend - startMillis) / 1e3,
                pollSeconds > 0 ? (lastCpuOurs - firstCpuOurs) / pollSeconds : Double.NaN,
                pollSeconds > 0 ? (lastCpuMachine - firstCpuMachine) / pollSeconds : Double.NaN,
                new java.util.TreeMap<>(perPartition), processor.metrics().deadLetteredCount());
    }

    private List<LayoutResult> summarize(List<Run> measured) {
        String reference = options.layouts().getFirst().toString();
        Map<Integer, Double> referenceByRound = new LinkedHashMap<>();
        measured.stream().filter(r -> r.layout().equals(reference))
                .forEach(r -> referenceByRound.put(r.round(), r.eventsPerSecond()));
        double referenceMedian = BenchMachine.median(
                referenceByRound.values().stream().mapToDouble(Double::doubleValue).toArray());
        List<LayoutResult> out = new ArrayList<>();
        for (Layout layout : options.layouts()) {
            List<Run> mine = measured.stream().filter(r -> r.layout().equals(layout.toString())).toList();
            double[] rates = mine.stream().mapToDouble(Run::eventsPerSecond).toArray();
            List<Double> roundRatios = mine.stream()
                    .map(r -> r.eventsPerSecond() / referenceByRound.get(r.round())).toList();
            double med = BenchMachine.median(rates);
            out.add(new LayoutResult(layout.toString(), layout.partitions(), layout.threads(), med,
                    Arrays.stream(rates).min().orElseThrow(), Arrays.stream(rates).max().orElseThrow(),
                    med / referenceMedian,
                    BenchMachine.median(roundRatios.stream().mapToDouble(Double::doubleValue).toArray()), roundRatios,
                    BenchMachine.median(mine.stream().mapToDouble(Run::busyCoresOurs).toArray()),
                    BenchMachine.median(mine.stream().mapToDouble(Run::busyCoresMachine).toArray()), mine));
        }
        return out;
    }

    /** Writes the events to {@code topic}, event i to partition i mod P; returns the value bytes written. */
    private long preload(String topic, int partitions, List<FeatureEvent> events, Serializer<FeatureEvent> serializer) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                byte[] value = serializer.serialize(topic, events.get(i));
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, i % partitions,
                        ("entity-" + (i % EndToEndBenchmark.KEYS)).getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        return bytes;
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return p;
    }

    private Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        tempDirs.add(dir);
        return dir;
    }

    private void shutdown() {
        if (kafka != null) {
            kafka.close();
        }
        for (Path dir : tempDirs) {
            Directories.deleteRecursively(dir);
        }
    }

    private void plot(List<LayoutResult> results) throws IOException {
        List<String> categories = results.stream().map(r -> String.format(Locale.ROOT, "%dP / %dT (%.2f×)",
                r.partitions(), r.threads(), r.ratioToReference())).toList();
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        series.put("committed predictions, events/s (median)",
                results.stream().map(r -> Math.round(r.eventsPerSecond())).toList());
        Charts.savePng(Charts.bars(String.format(Locale.ROOT,
                        "Throughput by partitions (P) / stream threads (T), median of %d, %d cores",
                        options.repeats(), Runtime.getRuntime().availableProcessors()),
                "layout (ratio to " + results.getFirst().layout() + ")", "events/s", categories, series, "#,###"),
                options.out().resolve("partition-scaling.png"));
    }

    private static void printSummary(List<LayoutResult> results) {
        System.out.println();
        System.out.println("| partitions | threads | events/s, median (range) | ratio (median/median) "
                + "| ratio per round | busy cores: ours / machine |");
        System.out.println("|---:|---:|---:|---:|---|---:|");
        for (LayoutResult r : results) {
            System.out.printf(Locale.ROOT, "| %d | %d | %s (%s–%s) | %.2f× | %s | %.2f / %.2f |%n", r.partitions(),
                    r.threads(), fmt(r.eventsPerSecond()), fmt(r.minEventsPerSecond()), fmt(r.maxEventsPerSecond()),
                    r.ratioToReference(), r.roundRatiosToReference().stream()
                            .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList(),
                    r.busyCoresOurs(), r.busyCoresMachine());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static void log(String message) {
        System.out.printf("%tT scaling: %s%n", System.currentTimeMillis(), message);
    }
}
