package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.Prediction;
import io.tributary.events.avro.SchemaRegistryClient;
import io.tributary.learn.datasets.Hyperplane;
import io.tributary.learn.datasets.LabelledInstance;
import io.tributary.runtime.io.Directories;
import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.runtime.registry.ApicurioRegistry;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole pipeline, measured on one real (embedded, child-JVM) Kafka broker in one run: throughput of a bare
 * pass-through Kafka Streams topology (the baseline), of the Tributary processor on JSON and on Avro (through a real
 * Apicurio schema registry), and event-to-prediction latency at a fixed input rate.
 *
 * <p><b>Why not JMH.</b> JMH measures a method that it calls in a loop, in a forked JVM, and is right for the
 * kernels ({@link KernelBenchmark}). Here the unit of work is a record travelling producer → broker → stream thread
 * → broker → consumer, across three processes and several threads, with batching, transactions and commits in
 * between: there is no method to call per operation, the time that matters is wall-clock time between two
 * observations on the broker, and set-up (a broker, a registry, topics with 200 000 records) costs far more than
 * one JMH iteration. So this is a plain program that sets the stage once and times the pipeline from the outside.
 *
 * <p><b>Throughput.</b> N labelled rotating-hyperplane events (d = 16, dense) are pre-loaded into input topics
 * (one JSON, one Avro, 3 partitions each) before any topology starts, so the producer never limits the rate. Each
 * variant then starts from the beginning of its input with a fresh {@code application.id}, the same
 * {@code exactly_once_v2}, {@code commit.interval.ms} and one stream thread, and writes to its own output topic.
 * A {@code read_committed} consumer of that output topic (assigned to all partitions, no group) reads all N
 * committed output records. The output topics use {@code LogAppendTime}, and the rate is N − 1 divided by the
 * time between the broker's append times of the first and the last output record. Records are appended as the
 * stream thread produces them, so that window is the processing span, free of the 100 ms steps in which committed
 * records become visible (timing the consumer's polls instead gave absurd rates on short runs: a fast topology's
 * first commit can expose most of the output at once). A second figure runs from the first append to the moment
 * the N-th record became visible to the consumer, so it includes the final commit. Only committed output is read,
 * which is what a downstream user sees; a processor-side counter (the Tributary processor's
 * {@code consumedCount}) would count records whose transaction could still abort, and the bare baseline has no
 * such counter, so the consumer gives one rule for every variant. The variants run in interleaved rounds
 * (baseline, avro, json, baseline, ...), each run with a fresh application id over the whole input. The first
 * rounds (default 2, {@code --warmup-rounds}) are warm-up and not counted: the broker is a fresh JVM too, and on
 * two busy cores its JIT takes a while; on the 2-core box, seven rounds without warm-up gave a baseline of 61 k,
 * 134 k, then 285–327 k events/s, and the Tributary variants plateaued from the third round as well. Each
 * variant's figure is its median over the measured rounds (default 5), so that a burst of load from another
 * process on a shared machine spoils one round rather than the result.
 *
 * <p><b>Latency.</b> With the JSON processor of the throughput run still running, a producer sends events at a
 * fixed rate (default 5 000/s for 20 s, paced with an absolute schedule so that a slow send does not lower the
 * rate), stamping {@code eventTime}; a {@code read_committed} consumer of the predictions matches each prediction to
 * its event by {@code eventId} and records receive time − send time (both {@code System.nanoTime()} in this JVM).
 * The first seconds (default 2) are warm-up and excluded. Under exactly-once a prediction becomes visible only
 * when its transaction commits, so {@code commit.interval.ms} (100 ms) dominates; the same measurement is repeated
 * with {@code at_least_once}, where output is visible as soon as the broker has it (there, Kafka Streams' producer
 * default {@code linger.ms=100} bounds how long a batch may wait to fill), and with {@code at_least_once} plus
 * {@code producer.linger.ms=5}.
 *
 * <p>Writes {@code e2e.json}, {@code e2e-throughput.png} and {@code e2e-latency.png} to the output directory.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp modules/bench/target/tributary-bench.jar \
 *     io.tributary.bench.EndToEndBenchmark [--events 200000] [--rate 5000] [--latency-seconds 20] [--out bench/results]
 * </pre>
 */
public final class EndToEndBenchmark {

    static final int DIMENSION = 16;
    static final int KEYS = 100;

    static final String MODEL_YAML = """
            - name: hyperplane
              task: binary_classification
              algorithm: logistic_regression
              features: {layout: dense, dimension: 16}
              hyperparameters: {optimizer: adagrad, learning_rate: 0.1, l2: 0.0001}
            """;

    /**
     * The "tribuo" variant's model: a Tribuo random forest on the same events, retrained in the background on the
     * latest 2 000 labelled events every 2 000 (issue 5: the processor's throughput while retrains run, against the
     * same processor without Tribuo, the "json" variant).
     */
    static final String TRIBUO_YAML = """
            - name: hyperplane
              task: binary_classification
              algorithm: tribuo
              features: {layout: dense, dimension: 16}
              hyperparameters: {trainer: random_forest, num_trees: 10, window: 2000, retrain_every: 2000, seed: 1}
            """;

    /** Command-line options. */
    record Options(int events, int warmupRounds, int repeats, int partitions, long commitIntervalMs, int rate,
            int latencySeconds, int latencyWarmupSeconds, List<String> variants, List<String> latencyVariants,
            Path out, Duration timeout) {

        static Options parse(String[] args) {
            int events = 200_000;
            int warmupRounds = 2;
            int repeats = 5;
            int partitions = 3;
            long commit = 100;
            int rate = 5_000;
            int latencySeconds = 20;
            int latencyWarmup = 2;
            List<String> variants = List.of("baseline", "json", "avro");
            List<String> latencyVariants = List.of("exactly_once_v2", "at_least_once", "at_least_once+linger5");
            Path out = Path.of("bench/results");
            Duration timeout = Duration.ofMinutes(5);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println("""
                            usage: EndToEndBenchmark [options]
                              --events N            events pre-loaded per input topic (default 200000)
                              --warmup-rounds W     rounds of all variants run first and not counted (default 2)
                              --repeats R           rounds of the throughput variants, interleaved; medians reported (default 5)
                              --partitions P        partitions of every topic (default 3)
                              --commit-interval MS  commit.interval.ms of every topology (default 100)
                              --rate R              events/s of the latency runs (default 5000)
                              --latency-seconds S   length of each latency run (default 20)
                              --latency-warmup S    seconds at the start of a latency run left out (default 2)
                              --variants LIST       throughput variants, of baseline,json,avro,tribuo (default baseline,json,avro;
                                                    tribuo: JSON with a Tribuo random forest retrained in the background)
                              --latency LIST        latency variants, of exactly_once_v2,at_least_once,at_least_once+linger5
                                                    (default all; 'none' for none; exactly_once_v2 needs the json variant)
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
                    case "--partitions" -> partitions = Integer.parseInt(v);
                    case "--commit-interval" -> commit = Long.parseLong(v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--latency-seconds" -> latencySeconds = Integer.parseInt(v);
                    case "--latency-warmup" -> latencyWarmup = Integer.parseInt(v);
                    case "--variants" -> variants = List.of(v.split(","));
                    case "--latency" -> latencyVariants = v.equals("none") ? List.of() : List.of(v.split(","));
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            if (events < 1 || warmupRounds < 0 || repeats < 1 || rate < 1 || latencySeconds <= latencyWarmup) {
                throw new IllegalArgumentException(
                        "need events >= 1, repeats >= 1, rate >= 1 and latency-seconds > latency-warmup");
            }
            for (String variant : variants) {
                if (!List.of("baseline", "json", "avro", "tribuo").contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant);
                }
            }
            for (String variant : latencyVariants) {
                if (!List.of("exactly_once_v2", "at_least_once", "at_least_once+linger5").contains(variant)) {
                    throw new IllegalArgumentException("unknown latency variant " + variant);
                }
            }
            if (latencyVariants.contains("exactly_once_v2") && !variants.contains("json")) {
                throw new IllegalArgumentException("the exactly_once_v2 latency run uses the json variant's processor");
            }
            return new Options(events, warmupRounds, repeats, partitions, commit, rate, latencySeconds, latencyWarmup, variants,
                    latencyVariants, out, timeout);
        }
    }

    /** One throughput measurement (one topology over the whole input once). */
    record Throughput(String variant, int round, long outputRecords, double eventsPerSecond, double windowSeconds,
            double untilVisibleEventsPerSecond, double firstOutputAfterStartSeconds,
            double lastVisibleAfterStartSeconds, long deadLettered) {}

    /**
     * A variant's result over its rounds: the median rate (and the range), and its ratio to the baseline's median.
     * Rounds interleave the variants (baseline, json, avro, baseline, ...), so a burst of load from another process
     * on the box hits one round of one variant rather than a whole variant; the median discards it.
     */
    record VariantResult(String variant, String description, double eventsPerSecond, double minEventsPerSecond,
            double maxEventsPerSecond, double untilVisibleEventsPerSecond, Double ratioToBaseline,
            List<Double> roundRatiosToBaseline, List<Throughput> rounds) {}

    /** One latency measurement (milliseconds). */
    record Latency(String variant, String processingGuarantee, String producerLinger, int targetRate,
            double achievedRate, int seconds, int warmupSeconds, int measured, int missing, double p50Ms,
            double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {}

    private final Options options;
    private final Map<String, String> loadAverages = new LinkedHashMap<>();
    private EmbeddedKafkaBroker kafka;
    private ApicurioRegistry registry;
    private SchemaRegistryClient registryClient;
    private final List<Path> tempDirs = new ArrayList<>();

    private EndToEndBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options options = Options.parse(args);
        EndToEndBenchmark bench = new EndToEndBenchmark(options);
        try {
            bench.run();
        } finally {
            bench.shutdown();
        }
        // Kafka and Quarkus helper threads must not keep the JVM alive.
        System.exit(0);
    }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        loadAverages.put("start", loadAverage());
        log("starting the Kafka broker");
        kafka = EmbeddedKafkaBroker.start();
        log("broker at " + kafka.bootstrapServers());
        boolean avro = options.variants().contains("avro");
        CompletableFuture<ApicurioRegistry> registryStart = avro
                ? CompletableFuture.supplyAsync(() -> ApicurioRegistry.start(ApicurioRegistry.locateDistribution()))
                : CompletableFuture.completedFuture(null);

        // ---- events, generated once: the same N events for every variant (JSON and Avro encode the same records).
        List<FeatureEvent> events = events(options.events(), 11L, "e-");
        int p = options.partitions();
        kafka.createTopic("bench.in.json", p);
        log("pre-loading " + options.events() + " JSON events");
        Serializer<FeatureEvent> json = EventSerdes.featureEventsJson().serializer();
        long jsonBytes = preload("bench.in.json", events, json);
        long avroBytes = 0;
        String registryUrl = "";
        if (avro) {
            log("waiting for the Apicurio registry");
            registry = registryStart.get(5, TimeUnit.MINUTES);
            registryUrl = registry.ccompatUrl();
            registryClient = new SchemaRegistryClient(registryUrl);
            log("registry at " + registryUrl + "; pre-loading " + options.events() + " Avro events");
            kafka.createTopic("bench.in.avro", p);
            Serializer<FeatureEvent> avroSerializer = EventSerdes.featureEvents(EventFormat.AVRO, registryClient).serializer();
            avroBytes = preload("bench.in.avro", events, avroSerializer);
        }
        events = null; // let the heap forget them
        loadAverages.put("after-preload", loadAverage());

        // ---- throughput
        List<Throughput> throughputs = new ArrayList<>();
        TributaryProcessor jsonProcessor = null;
        // JSON runs last in each round, so that the processor the latency run reuses (the last round's) never
        // idles beside another variant's measurement.
        List<String> executionOrder = new ArrayList<>(options.variants());
        if (executionOrder.remove("json")) {
            executionOrder.add("json");
        }
        int rounds = options.warmupRounds() + options.repeats();
        for (int round = 1; round <= rounds; round++) {
            boolean lastRound = round == rounds;
            boolean warmup = round <= options.warmupRounds();
            for (String variant : executionOrder) {
                log(variant + ": round " + round + (warmup ? " (warm-up)" : "") + ", " + options.events() + " events");
                Running running = startVariant(variant, "run", "bench.in." + (variant.equals("avro") ? "avro" : "json"),
                        registryUrl);
                Throughput t = measure(running, options.events(), round);
                if (!warmup) {
                    throughputs.add(t);
                }
                log(String.format(Locale.ROOT, "%s: round %d: %s events/s (%s until the last was visible), %d output "
                                + "records, first output %.2f s after start", variant, round, fmt(t.eventsPerSecond()),
                        fmt(t.untilVisibleEventsPerSecond()), t.outputRecords(), t.firstOutputAfterStartSeconds()));
                loadAverages.put("after-" + variant + "-" + round, loadAverage());
                if (lastRound && variant.equals("json") && options.latencyVariants().contains("exactly_once_v2")) {
                    jsonProcessor = running.processor; // the latency run reuses it, already running
                } else {
                    running.close();
                }
            }
        }
        List<VariantResult> variantResults = summarize(throughputs);

        // ---- latency
        List<Latency> latencies = new ArrayList<>();
        for (String variant : options.latencyVariants()) {
            TributaryProcessor processor;
            String in;
            String out;
            boolean owned;
            if (variant.equals("exactly_once_v2")) {
                processor = jsonProcessor;
                in = processor.config().processor().featuresTopic();
                out = processor.config().processor().predictionsTopic();
                owned = false;
            } else {
                String id = "bench-latency-" + variant.replace('+', '-');
                in = id + ".features";
                out = id + ".predictions";
                String extra = variant.endsWith("linger5") ? "producer.linger.ms: 5" : "";
                processor = startProcessor(id, in, out, "json", "", "at_least_once", extra);
                owned = true;
            }
            log("latency (" + variant + "): " + options.rate() + " events/s for " + options.latencySeconds() + " s");
            Latency l = latency(variant, processor, in, out);
            latencies.add(l);
            log(String.format(Locale.ROOT, "latency (%s): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms "
                    + "(%d measured, %d missing, %.0f events/s sent)", variant, l.p50Ms(), l.p90Ms(), l.p99Ms(),
                    l.maxMs(), l.measured(), l.missing(), l.achievedRate()));
            loadAverages.put("after-latency-" + variant, loadAverage());
            if (owned || variant.equals("exactly_once_v2")) {
                processor.close();
                if (processor == jsonProcessor) {
                    jsonProcessor = null;
                }
            }
        }
        if (jsonProcessor != null) {
            jsonProcessor.close();
        }
        loadAverages.put("end", loadAverage());

        // ---- results
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("benchmark", "io.tributary.bench.EndToEndBenchmark");
        results.put("date", Instant.now().toString());
        results.put("machine", machine());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("events", options.events());
        config.put("warmupRounds", options.warmupRounds());
        config.put("repeats", options.repeats());
        config.put("dimension", DIMENSION);
        config.put("keys", KEYS);
        config.put("partitions", options.partitions());
        config.put("commitIntervalMs", options.commitIntervalMs());
        config.put("processingGuarantee", "exactly_once_v2");
        config.put("numStreamThreads", 1);
        config.put("model", "logistic_regression, adagrad, lr 0.1, l2 1e-4, d 16 (one replica per partition)");
        config.put("jsonInputBytes", jsonBytes);
        config.put("avroInputBytes", avroBytes);
        config.put("latencyRate", options.rate());
        config.put("latencySeconds", options.latencySeconds());
        config.put("latencyWarmupSeconds", options.latencyWarmupSeconds());
        results.put("config", config);
        results.put("throughputMethod", "a read_committed consumer of the output topic (assigned, no group) reads "
                + "all N committed output records; output topics use LogAppendTime; eventsPerSecond = (N - 1) / (last - "
                + "first broker append time of the output records); untilVisibleEventsPerSecond = (N - 1) / (time the "
                + "N-th record was received by the consumer - first append time), i.e. including the final commit; "
                + "each variant runs warmupRounds + repeats times, rounds interleaved (json last in each round), the "
                + "warm-up rounds not counted; eventsPerSecond is "
                + "the median over rounds and ratioToBaseline = median / baseline median (roundRatiosToBaseline: "
                + "the same ratio within each round)");
        results.put("latencyMethod", "producer at a fixed rate, eventId -> System.nanoTime() at send; read_committed "
                + "consumer of predictions records System.nanoTime() at receipt; first warm-up seconds excluded");
        results.put("throughput", variantResults);
        results.put("latency", latencies);
        results.put("loadAverage", loadAverages);
        results.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(options.out());
        Path jsonOut = options.out().resolve("e2e.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonOut.toFile(), results);
        plot(variantResults, latencies);
        log("wrote " + jsonOut + ", e2e-throughput.png, e2e-latency.png in " + fmt((System.nanoTime() - t0) / 1e9)
                + " s");
        printSummary(variantResults, latencies);
    }

    // ------------------------------------------------------------------------------------------ variants

    /** A started topology: the baseline's KafkaStreams or a Tributary processor, and the topic it writes. */
    private static final class Running {
        final String variant;
        final String outputTopic;
        final KafkaStreams baseline;
        final TributaryProcessor processor;
        final long startMillis;

        Running(String variant, String outputTopic, KafkaStreams baseline, TributaryProcessor processor, long startMillis) {
            this.variant = variant;
            this.outputTopic = outputTopic;
            this.baseline = baseline;
            this.processor = processor;
            this.startMillis = startMillis;
        }

        long deadLettered() {
            return processor == null ? 0 : processor.metrics().deadLetteredCount();
        }

        void close() {
            if (baseline != null) {
                baseline.close(Duration.ofSeconds(30));
            }
            if (processor != null) {
                processor.close();
            }
        }
    }

    private int runs;

    private Running startVariant(String variant, String phase, String inputTopic, String registryUrl) throws Exception {
        String id = "bench-" + variant + "-" + phase + "-" + (++runs);
        String out = id + ".out";
        // The output topic is created here (the processor keeps an existing one) so that it uses LogAppendTime.
        kafka.createTopic(out, options.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
        if (variant.equals("baseline")) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(inputTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, options.commitIntervalMs());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir("bench-baseline-state").toString());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            KafkaStreams streams = new KafkaStreams(builder.build(), props);
            long start = System.currentTimeMillis();
            streams.start();
            return new Running(variant, out, streams, null, start);
        }
        String format = variant.equals("avro") ? "avro" : "json"; // input and output in the same format
        long start = System.currentTimeMillis();
        TributaryProcessor processor = startProcessor(id, inputTopic, out, format,
                format.equals("avro") ? registryUrl : "", "exactly_once_v2", "", variant.equals("tribuo") ? TRIBUO_YAML : MODEL_YAML);
        return new Running(variant, out, null, processor, start);
    }

    private TributaryProcessor startProcessor(String id, String in, String out, String format, String registryUrl,
            String guarantee, String streamsExtra) throws Exception {
        return startProcessor(id, in, out, format, registryUrl, guarantee, streamsExtra, MODEL_YAML);
    }

    private TributaryProcessor startProcessor(String id, String in, String out, String format, String registryUrl,
            String guarantee, String streamsExtra, String models) throws Exception {
        String yaml = """
                processor:
                  application.id: %s
                  bootstrap.servers: "%s"
                  topic.features: %s
                  topic.predictions: %s
                  topics.partitions: %d
                  commit.interval.ms: %d
                  processing.guarantee: %s
                  state.dir: "%s"
                  output.format: %s
                  schema.registry.url: "%s"
                streams:
                %s
                models:
                %s
                """.formatted(id, kafka.bootstrapServers(), in, out, options.partitions(), options.commitIntervalMs(),
                guarantee, tempDir("bench-tributary-state").toString().replace('\\', '/'), format, registryUrl,
                (streamsExtra.isBlank() ? "{}" : streamsExtra).indent(2).stripTrailing(),
                models.indent(2).stripTrailing());
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
     * Reads the committed output of {@code running} until {@code expected} records arrived. The rate is taken from
     * the broker's append times of the first and last output record (the output topics use {@code LogAppendTime};
     * the broker runs on this machine, so its clock is this JVM's {@code currentTimeMillis}): records are appended
     * as the stream thread produces them, before their transaction commits, so this window is the processing span,
     * free of the commit-interval steps in which records become visible. The second figure runs to the moment the
     * N-th record was visible to this {@code read_committed} consumer, so it includes the last commit.
     */
    private Throughput measure(Running running, int expected, int round) throws Exception {
        Properties p = consumerProps();
        long count = 0;
        long minAppend = Long.MAX_VALUE;
        long maxAppend = Long.MIN_VALUE;
        long lastVisibleMillis = -1;
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, running.outputTopic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (count < expected && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                lastVisibleMillis = System.currentTimeMillis();
                count += records.count();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    minAppend = Math.min(minAppend, r.timestamp());
                    maxAppend = Math.max(maxAppend, r.timestamp());
                }
            }
            // A little longer, so that a duplicate beyond the expected count would be seen.
            long grace = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < grace) {
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        if (count < expected) {
            throw new IllegalStateException(running.variant + ": only " + count + " of " + expected
                    + " output records within " + options.timeout());
        }
        double appendWindow = (maxAppend - minAppend) / 1e3;
        double visibleWindow = (lastVisibleMillis - minAppend) / 1e3;
        return new Throughput(running.variant, round, count,
                appendWindow > 0 ? (expected - 1) / appendWindow : Double.NaN, appendWindow,
                visibleWindow > 0 ? (expected - 1) / visibleWindow : Double.NaN,
                (minAppend - running.startMillis) / 1e3, (lastVisibleMillis - running.startMillis) / 1e3,
                running.deadLettered());
    }

    private List<VariantResult> summarize(List<Throughput> runs) {
        Map<Integer, Double> baselineByRound = new LinkedHashMap<>();
        runs.stream().filter(t -> t.variant().equals("baseline"))
                .forEach(t -> baselineByRound.put(t.round(), t.eventsPerSecond()));
        Double baselineMedian = baselineByRound.isEmpty() ? null
                : median(baselineByRound.values().stream().mapToDouble(Double::doubleValue).toArray());
        List<VariantResult> out = new ArrayList<>();
        for (String variant : options.variants()) {
            List<Throughput> mine = runs.stream().filter(t -> t.variant().equals(variant)).toList();
            double[] rates = mine.stream().mapToDouble(Throughput::eventsPerSecond).toArray();
            double[] visibleRates = mine.stream().mapToDouble(Throughput::untilVisibleEventsPerSecond).toArray();
            double med = median(rates);
            List<Double> roundRatios = baselineByRound.isEmpty() ? List.of()
                    : mine.stream().map(t -> t.eventsPerSecond() / baselineByRound.get(t.round())).toList();
            out.add(new VariantResult(variant, describe(variant), med, Arrays.stream(rates).min().orElseThrow(),
                    Arrays.stream(rates).max().orElseThrow(), median(visibleRates),
                    baselineMedian == null ? null : med / baselineMedian, roundRatios, mine));
        }
        return out;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String describe(String variant) {
        return switch (variant) {
            case "baseline" -> "bare Kafka Streams pass-through (bytes in -> bytes out), exactly_once_v2";
            case "json" -> "Tributary processor, JSON in -> JSON predictions, exactly_once_v2";
            case "tribuo" -> "Tributary processor, JSON, a Tribuo random forest (10 trees) retrained in the background every 2000 "
                    + "labelled events on the last 2000, exactly_once_v2";
            case "avro" -> "Tributary processor, Avro (Confluent wire format, Apicurio registry) in -> Avro out, "
                    + "exactly_once_v2";
            default -> variant;
        };
    }

    // ------------------------------------------------------------------------------------------ latency

    private Latency latency(String variant, TributaryProcessor processor, String in, String out) throws Exception {
        int total = options.rate() * options.latencySeconds();
        long[] sent = new long[total];
        long[] received = new long[total];
        String prefix = "lat-" + variant + "-";
        AtomicLong receivedCount = new AtomicLong();
        Deserializer<Prediction> predictions = EventSerdes.predictionsJson().deserializer();

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = partitions(consumer, out);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, before anything is sent
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = Thread.ofPlatform().name("latency-consumer").start(() -> {
            try (consumer) {
                while (!stop.get()) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        String id = predictions.deserialize(out, r.value()).getEventId();
                        if (id != null && id.startsWith(prefix)) {
                            int seq = Integer.parseInt(id, prefix.length(), id.length(), 10);
                            if (received[seq] == 0) {
                                received[seq] = now;
                                receivedCount.incrementAndGet();
                            }
                        }
                    }
                }
            }
        });

        List<FeatureEvent> events = events(total, 31L, prefix);
        Serializer<FeatureEvent> json = EventSerdes.featureEventsJson().serializer();
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        long periodNanos = 1_000_000_000L / options.rate();
        long start;
        long end;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                FeatureEvent e = events.get(i);
                e.setEventTime(Instant.now());
                byte[] value = json.serialize(in, e);
                sent[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(in, ("entity-" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                        value));
            }
            end = System.nanoTime();
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (receivedCount.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        stop.set(true);
        reader.join();

        long measuredFrom = start + TimeUnit.SECONDS.toNanos(options.latencyWarmupSeconds());
        double[] ms = new double[total];
        int n = 0;
        int missing = 0;
        for (int i = 0; i < total; i++) {
            if (sent[i] < measuredFrom) {
                continue;
            }
            if (received[i] == 0) {
                missing++;
            } else {
                ms[n++] = (received[i] - sent[i]) / 1e6;
            }
        }
        double[] sorted = Arrays.copyOf(ms, n);
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
        String guarantee = variant.startsWith("at_least_once") ? "at_least_once" : "exactly_once_v2";
        String linger = variant.endsWith("linger5") ? "5 ms (producer.linger.ms override)"
                : guarantee.equals("exactly_once_v2") ? "100 ms (Kafka Streams default; each commit flushes the producer)"
                : "100 ms (Kafka Streams default; a batch also leaves when batch.size fills)";
        return new Latency(variant, guarantee, linger, options.rate(), total / ((end - start) / 1e9),
                options.latencySeconds(), options.latencyWarmupSeconds(), n, missing, percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 99.9),
                n == 0 ? Double.NaN : sorted[n - 1], mean);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** {@code count} labelled events of the drifting hyperplane (the demo's stream), ids {@code prefix + i}. */
    static List<FeatureEvent> events(int count, long seed, String prefix) {
        Hyperplane stream = new Hyperplane(DIMENSION, 4, 0.001, 0.05, 0.1, seed);
        List<FeatureEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LabelledInstance instance = stream.next();
            List<Float> dense = new ArrayList<>(DIMENSION);
            for (float v : instance.x()) {
                dense.add(v);
            }
            out.add(FeatureEvent.newBuilder().setEventId(prefix + i).setDense(dense).setLabel(instance.y()).build());
        }
        return out;
    }

    /** Writes the events to {@code topic}, keyed {@code entity-(i % KEYS)}; returns the value bytes written. */
    private long preload(String topic, List<FeatureEvent> events, Serializer<FeatureEvent> serializer) {
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
                producer.send(new ProducerRecord<>(topic, ("entity-" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                        value));
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

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        tempDirs.add(dir);
        return dir;
    }

    private void shutdown() {
        if (registryClient != null) {
            registryClient.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        for (Path dir : tempDirs) {
            Directories.deleteRecursively(dir);
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = BenchMachine.facts(
                "shared 2-core box: broker, registry, topologies and clients all compete for the same cores");
        m.put("schemaRegistry", "Apicurio Registry " + ApicurioRegistry.VERSION + " (child JVM, same machine)");
        return m;
    }

    private static String loadAverage() {
        return BenchMachine.loadAverage();
    }

    private void plot(List<VariantResult> throughputs, List<Latency> latencies) throws IOException {
        if (!throughputs.isEmpty()) {
            List<String> categories = throughputs.stream().map(t -> switch (t.variant()) {
                case "baseline" -> "pass-through (baseline)";
                case "json" -> "Tributary, JSON";
                case "avro" -> "Tributary, Avro + registry";
                case "tribuo" -> "Tributary, JSON, Tribuo forest";
                default -> t.variant();
            }).toList();
            List<String> labelled = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                Double ratio = throughputs.get(i).ratioToBaseline();
                labelled.add(ratio == null ? categories.get(i)
                        : categories.get(i) + String.format(Locale.ROOT, " (%.2f×)", ratio));
            }
            Map<String, List<? extends Number>> series = new LinkedHashMap<>();
            series.put("committed output, events/s", throughputs.stream().map(t -> Math.round(t.eventsPerSecond())).toList());
            Charts.savePng(Charts.bars(String.format(Locale.ROOT,
                            "Throughput, %,d events (d=16), %d partitions, EOS v2, median of %d",
                            options.events(), options.partitions(), options.repeats()),
                    "variant (ratio to baseline)", "events/s", labelled, series, "#,###"),
                    options.out().resolve("e2e-throughput.png"));
        }
        if (!latencies.isEmpty()) {
            List<String> categories = List.of("p50", "p90", "p99", "max");
            Map<String, List<? extends Number>> series = new LinkedHashMap<>();
            for (Latency l : latencies) {
                String name = switch (l.variant()) {
                    case "exactly_once_v2" -> "exactly_once_v2 (commit 100 ms)";
                    case "at_least_once" -> "at_least_once (linger 100 ms)";
                    case "at_least_once+linger5" -> "at_least_once, linger 5 ms";
                    default -> l.variant();
                };
                series.put(name, List.of(round1(l.p50Ms()), round1(l.p90Ms()), round1(l.p99Ms()), round1(l.maxMs())));
            }
            Charts.savePng(Charts.bars(String.format(Locale.ROOT,
                            "Event-to-prediction latency at %,d events/s (JSON, read_committed)", options.rate()),
                    "percentile", "milliseconds", categories, series, "#,##0.#"),
                    options.out().resolve("e2e-latency.png"));
        }
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void printSummary(List<VariantResult> throughputs, List<Latency> latencies) {
        System.out.println();
        System.out.println("| variant | events/s, median (range) | events/s until the last was visible | ratio to "
                + "baseline (per round) |");
        System.out.println("|---|---:|---:|---:|");
        for (VariantResult t : throughputs) {
            System.out.printf(Locale.ROOT, "| %s | %s (%s–%s) | %s | %s %s |%n", t.variant(), fmt(t.eventsPerSecond()),
                    fmt(t.minEventsPerSecond()), fmt(t.maxEventsPerSecond()), fmt(t.untilVisibleEventsPerSecond()),
                    t.ratioToBaseline() == null ? "-" : String.format(Locale.ROOT, "%.2f×", t.ratioToBaseline()),
                    t.roundRatiosToBaseline().stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        }
        System.out.println();
        System.out.println("| latency run | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Latency l : latencies) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", l.variant(), l.p50Ms(), l.p90Ms(),
                    l.p99Ms(), l.maxMs());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static void log(String message) {
        System.out.printf("%tT e2e: %s%n", System.currentTimeMillis(), message);
    }
}
