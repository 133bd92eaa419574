package io.tributary.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.SparseFeatures;
import io.tributary.runtime.io.Directories;
import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.runtime.process.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler;

/**
 * How long the processor takes to come back after a SIGKILL, as a function of the size of its model: dense logistic
 * regression at d = 100, 10 000 and 100 000 and FTRL over 2^20 hashed coordinates, on one real (embedded, child-JVM)
 * KRaft broker, in one run.
 *
 * <p><b>What runs.</b> The real {@code tributary serve} command ({@code io.tributary.app.TributaryCommand}) in a
 * child JVM ({@link ChildJvm}), one model, a features topic of one partition, {@code exactly_once_v2}, commit every
 * 100 ms, and {@code session.timeout.ms} 6 000 / {@code heartbeat.interval.ms} 1 500 under {@code streams:}. The
 * model store is in memory with a compacted changelog and every commit writes one full snapshot of each changed
 * model, so a restart always restores by reading the model's changelog partition (under exactly-once Kafka Streams
 * would also wipe a local store after an unclean stop; an in-memory store has nothing to wipe). Snapshots above the
 * 1 MiB default message size need {@code producer.max.request.size} and {@code topic.max.message.bytes}; both are
 * set to 16 MiB.
 *
 * <p><b>Training.</b> The model is trained to its size with labelled events sent in a fixed number of chunks (default
 * 10); after each chunk the benchmark waits until its predictions are committed, so each chunk ends in at least one
 * commit (more when its processing spans several commit intervals, as FTRL's does). The changelog's segment size is
 * Kafka's default, 1 GiB (the embedded broker's test default of 16 MiB would let the log cleaner compact an FTRL
 * changelog at unpredictable moments), so nothing is compacted during a run and a restore reads every snapshot
 * written so far; the changelog's size before each kill and the records each restore read are reported.
 *
 * <p>Dense models get sparse events (50 non-zero coordinates, labelled by a hidden hyperplane), so event cost does
 * not grow with d and the snapshot (weights and AdaGrad accumulators, 8 bytes per coordinate) is what changes. FTRL
 * gets named events (10 low-cardinality and 90 high-cardinality {@code name=value} features) hashed into 2^20
 * coordinates: a coordinate is stored once it has seen a gradient, so its snapshot grows with the distinct features
 * seen (12 bytes each in the sparse layout, to about 5.7 MB after 7 000 events; 8 MiB, the dense layout, once more
 * than two thirds of the coordinates are touched).
 *
 * <p><b>One recovery cycle.</b> With the processor idle (every prediction committed, so no transaction is open), the
 * benchmark SIGKILLs it, sends a few labelled probe events, then restarts it on the same config and state directory —
 * at once ({@code immediate}, what a supervisor does) or after the broker has dropped the killed member from the
 * consumer group ({@code after-expiry}, which takes up to {@code session.timeout.ms}). It then waits until every
 * probe's prediction is committed. A {@code read_committed} consumer of the predictions topic ({@code LogAppendTime})
 * gives the first new committed prediction; the child's log (a log4j2 configuration with epoch-millisecond
 * timestamps and Kafka Streams' state transitions and restore messages at INFO) gives when the processor started,
 * when its stream thread got the partition, when the restore ended and when the instance was RUNNING; polling the
 * group with the admin client gives when the killed member left it.
 *
 * <p><b>Interleaving.</b> All models are trained first, each by its own processor, which then stays up (idle) until
 * its turn. Each round runs one variant on every model, the model order rotating by one each round; the figures are
 * medians over the repeats. JVM start-up, a large share of every restart, slows down and speeds up with the load of
 * other processes on a shared machine over minutes; interleaving spreads that drift over all models.
 *
 * <p><b>Why these variants.</b> A killed member stays in the group until its session times out, and a new member's
 * join completes only once every known member has rejoined or been dropped: the first rebalance after an immediate
 * restart waits for the dead member's session to expire. The {@code after-expiry} restart shows the same recovery
 * without that wait; the difference between the two is the session-timeout share. With {@code --static-membership}
 * every processor gets a {@code group.instance.id}: a restarted static member replaces the killed one as soon as it
 * joins, without waiting for the session to time out.
 *
 * <p>The {@code mid-transaction} variant kills the processor while its transaction is open, as a crash under load
 * does: it sends a burst of events (default 10 000, more than one commit interval's work) and sends the SIGKILL as
 * soon as a {@code read_uncommitted} consumer sees the burst's first prediction appended; the admin client confirms
 * the open transaction and reports when the broker aborted it. Kafka Streams names an exactly-once producer's
 * transactional id after its process id, and keeps that id across restarts only when the instance has a persistent
 * store (it is stored in the state directory); the processor's model store is in memory, so every start has a new
 * process id (the log says so, and the results record it), the restarted producer cannot fence its predecessor, and
 * the open transaction blocks {@code read_committed} readers of the predictions topic (and, when the kill caught
 * the commit after the snapshot was written, the restore of the changelog) until the broker times it out
 * ({@code transaction.timeout.ms}, 10 s under Kafka Streams' exactly-once, checked every
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}, 10 s by default).
 *
 * <p>Writes {@code recovery.json} and {@code recovery.png} to the output directory ({@code recovery-static.*} with
 * {@code --static-membership}, {@code recovery-mid-transaction.*} for the {@code mid-transaction} variant alone).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp modules/bench/target/tributary-bench.jar \
 *     io.tributary.bench.RecoveryBenchmark [--repeats 3] [--static-membership] [--variants mid-transaction] \
 *     [--out bench/results]
 * </pre>
 */
public final class RecoveryBenchmark {

    static final String PROCESSOR_MAIN = "io.tributary.app.TributaryCommand";
    static final int NON_ZEROS = 50;
    static final int FTRL_LOW_CARDINALITY = 10;
    static final int FTRL_HIGH_CARDINALITY = 90;
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    static final String MODEL_NAME = "m";
    /**
     * Segment size of the changelog: Kafka's default (1 GiB), set explicitly because the embedded broker's default
     * for tests is 16 MiB, which would let the log cleaner compact an FTRL changelog at unpredictable moments.
     */
    static final int SEGMENT_BYTES = 1 << 30;

    /** One model to recover: a name such as {@code dense_d10000} or {@code ftrl_2^20}. */
    record ModelCase(String name, boolean ftrl, int dimension) {

        static ModelCase parse(String text) {
            String s = text.trim();
            if (s.startsWith("dense_d")) {
                int d = Integer.parseInt(s.substring("dense_d".length()));
                if (d < NON_ZEROS) {
                    throw new IllegalArgumentException("dense models need d >= " + NON_ZEROS + ", got " + s);
                }
                return new ModelCase(s, false, d);
            }
            if (s.startsWith("ftrl_2^")) {
                int bits = Integer.parseInt(s.substring("ftrl_2^".length()));
                if (bits < 10 || bits > 24) {
                    throw new IllegalArgumentException("ftrl models take 2^10 to 2^24 coordinates, got " + s);
                }
                return new ModelCase(s, true, 1 << bits);
            }
            throw new IllegalArgumentException("a model is dense_d<N> or ftrl_2^<bits>, got '" + s + "'");
        }

        /** A name usable in topic names and paths. */
        String slug() {
            return name.replace("^", "");
        }

        String yaml() {
            return ftrl ? """
                    - name: %s
                      task: binary_classification
                      algorithm: ftrl
                      features: {layout: hashed, dimension: %d}
                      hyperparameters: {alpha: 0.1, l1: 1.0}
                    """.formatted(MODEL_NAME, dimension) : """
                    - name: %s
                      task: binary_classification
                      algorithm: logistic_regression
                      features: {layout: dense, dimension: %d}
                      hyperparameters: {optimizer: adagrad, learning_rate: 0.1}
                    """.formatted(MODEL_NAME, dimension);
        }

        String describe() {
            return ftrl ? "FTRL-Proximal (alpha 0.1, l1 1), hashed layout, " + dimension + " coordinates"
                    : "logistic regression, AdaGrad, dense layout, d = " + dimension;
        }
    }

    /** Command-line options. */
    record Options(List<ModelCase> models, List<String> variants, int repeats, int chunks, int denseTrainEvents,
            int ftrlTrainEvents, int probes, int burst, int sessionTimeoutMs, int heartbeatMs, boolean staticMembership,
            Path out, String name, boolean keep, Duration timeout) {

        static Options parse(String[] args) {
            List<ModelCase> models = List.of(ModelCase.parse("dense_d100"), ModelCase.parse("dense_d10000"),
                    ModelCase.parse("dense_d100000"), ModelCase.parse("ftrl_2^20"));
            List<String> variants = List.of("immediate", "after-expiry");
            int repeats = 3;
            int chunks = 10;
            int denseTrain = 2_000;
            int ftrlTrain = 7_000;
            int probes = 20;
            int burst = 10_000;
            int session = 6_000;
            int heartbeat = 1_500;
            Path out = Path.of("bench/results");
            boolean keep = false;
            boolean staticMembership = false;
            String name = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--keep")) {
                    keep = true;
                    continue;
                }
                if (a.equals("--static-membership")) {
                    staticMembership = true;
                    continue;
                }
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.println("""
                            usage: RecoveryBenchmark [options]
                              --models LIST          of dense_d<N> and ftrl_2^<bits> (default dense_d100,dense_d10000,
                                                     dense_d100000,ftrl_2^20)
                              --variants LIST        of immediate, after-expiry, mid-transaction (default
                                                     immediate,after-expiry)
                              --repeats R            recovery cycles per model and variant, interleaved (default 3)
                              --chunks C             training chunks, each awaited until committed (default 10)
                              --dense-train N        labelled training events of a dense model (default 2000)
                              --ftrl-train N         labelled training events of an FTRL model (default 7000)
                              --probes N             labelled events sent while the processor is down (default 20)
                              --burst N              events sent just before a mid-transaction kill (default 10000)
                              --session-timeout MS   session.timeout.ms of the processor (default 6000)
                              --heartbeat MS         heartbeat.interval.ms of the processor (default 1500)
                              --static-membership    give each processor a group.instance.id (static membership)
                              --out DIR              results directory (default bench/results)
                              --name NAME            results file names (default recovery, or recovery-static)
                              --keep                 keep the work directory (configs, processor logs) at the end
                            """);
                    System.exit(0);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--models" -> models = Arrays.stream(v.split(",")).map(ModelCase::parse).toList();
                    case "--variants" -> variants = List.of(v.split(","));
                    case "--repeats" -> repeats = Integer.parseInt(v);
                    case "--chunks" -> chunks = Integer.parseInt(v);
                    case "--dense-train" -> denseTrain = Integer.parseInt(v.replace("_", ""));
                    case "--ftrl-train" -> ftrlTrain = Integer.parseInt(v.replace("_", ""));
                    case "--probes" -> probes = Integer.parseInt(v);
                    case "--burst" -> burst = Integer.parseInt(v.replace("_", ""));
                    case "--session-timeout" -> session = Integer.parseInt(v);
                    case "--heartbeat" -> heartbeat = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    case "--name" -> name = v;
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            if (name == null) {
                name = "recovery" + (staticMembership ? "-static" : "")
                        + (variants.equals(List.of("mid-transaction")) ? "-mid-transaction" : "");
            }
            if (new HashSet<>(models).size() != models.size()) {
                throw new IllegalArgumentException("a model is listed twice: " + models);
            }
            for (String variant : variants) {
                if (!List.of("immediate", "after-expiry", "mid-transaction").contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant
                            + " (immediate, after-expiry, mid-transaction)");
                }
            }
            if (models.isEmpty() || variants.isEmpty() || repeats < 1 || chunks < 1 || denseTrain < chunks
                    || ftrlTrain < chunks || probes < 1 || burst < 1 || heartbeat < 1 || session <= heartbeat) {
                throw new IllegalArgumentException("need a model and a variant, repeats, chunks, probes and burst "
                        + ">= 1, at least one training event per chunk, and session-timeout > heartbeat");
            }
            return new Options(models, variants, repeats, chunks, denseTrain, ftrlTrain, probes, burst, session,
                    heartbeat,
                    staticMembership, out, name, keep, Duration.ofMinutes(2));
        }
    }

    /** The model's changelog partition just before a kill: what the restarted instance must read back. */
    record Changelog(long endOffset, long bytesOnDisk, long lastSnapshotBytes) {}

    /**
     * One kill and restart. Times are epoch milliseconds ({@code System.currentTimeMillis()} here and in the child's
     * log; one machine, one clock); -1 where a moment was not seen.
     */
    record Cycle(String variant, int repeat, Changelog changelog, int eventsSentAroundKill,
            boolean openTransactionAtKill, String processId, boolean processIdKept, long killedAt, long restartedAt,
            long killedMemberGoneAt, long openTransactionAbortedAt, long childLogStartAt, long processorStartedAt,
            long partitionAssignedAt, long restoreStartedAt, long restoreEndedAt, long restoredRecords,
            long runningAt, long firstPredictionAppendedAt, long firstPredictionVisibleAt, long allVisibleAt) {

        double seconds(long from, long to) {
            return from < 0 || to < 0 ? Double.NaN : (to - from) / 1e3;
        }

        /** From the restart to the first committed prediction of the new instance. */
        double restartToFirstPrediction() {
            return seconds(restartedAt, firstPredictionVisibleAt);
        }

        double restartToRunning() {
            return seconds(restartedAt, runningAt);
        }

        double restartToProcessorStarted() {
            return seconds(restartedAt, processorStartedAt);
        }

        double restartToAssigned() {
            return seconds(restartedAt, partitionAssignedAt);
        }

        /** The restore itself, from the log's start and end of restoring the changelog. */
        double restoreSeconds() {
            return seconds(restoreStartedAt, restoreEndedAt);
        }

        double runningToFirstPrediction() {
            return seconds(runningAt, firstPredictionVisibleAt);
        }

        /** From the SIGKILL to the moment the broker had dropped the killed member (the session timeout's share). */
        double killToMemberGone() {
            return seconds(killedAt, killedMemberGoneAt);
        }

        /** From the SIGKILL to the abort of the transaction the killed instance left open (mid-transaction only). */
        double killToTransactionAborted() {
            return seconds(killedAt, openTransactionAbortedAt);
        }

        /** The whole outage as a client sees it: from the kill to the first new committed prediction. */
        double killToFirstPrediction() {
            return seconds(killedAt, firstPredictionVisibleAt);
        }
    }

    /** Medians of one model and variant over its cycles (seconds). */
    record Summary(String model, String variant, int cycles, double restartToProcessorStarted,
            double restartToAssigned, double restoreSeconds, double restartToRunning, double runningToFirstPrediction,
            double restartToFirstPrediction, double killToMemberGone, double killToTransactionAborted,
            double killToFirstPrediction, int cyclesWithOpenTransaction, int cyclesKeepingProcessId,
            double restoredRecords, double changelogBytes, double restoreMegabytesPerSecond) {}

    /** Everything about one model. */
    record ModelResult(String model, String description, int dimension, int trainEvents, double trainSeconds,
            long snapshotBytes, List<Cycle> cycles, List<Summary> summaries) {}

    private final Options options;
    private final Map<String, String> loadAverages = new LinkedHashMap<>();
    private final List<ModelRun> running = new ArrayList<>();
    private EmbeddedKafkaBroker kafka;
    private Admin admin;
    private Path workDir;
    private Path log4j;

    private RecoveryBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        RecoveryBenchmark bench = new RecoveryBenchmark(Options.parse(args));
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
        workDir = Files.createTempDirectory("bench-recovery");
        log("starting the Kafka broker; work directory " + workDir);
        kafka = EmbeddedKafkaBroker.start();
        admin = kafka.admin();
        log("broker at " + kafka.bootstrapServers());
        log4j = workDir.resolve("log4j2-recovery.xml");
        Files.writeString(log4j, LOG4J_CONFIG);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // Train every model first; each processor then stays up, idle, until its turn to be killed.
            for (ModelCase model : options.models()) {
                ModelRun m = new ModelRun(model);
                running.add(m);
                m.train(producer);
                loadAverages.put("after-training-" + model.name(), BenchMachine.loadAverage());
            }
            // Cycles interleave the models (the order rotating each round), so that the load of other processes on
            // a shared machine, which drifts over minutes, spreads over all models instead of favouring the first.
            int round = 0;
            for (int repeat = 1; repeat <= options.repeats(); repeat++) {
                for (String variant : options.variants()) {
                    for (int k = 0; k < running.size(); k++) {
                        ModelRun m = running.get((k + round) % running.size());
                        Cycle cycle = m.cycle(variant, repeat, producer);
                        log(String.format(Locale.ROOT, "%s: %s #%d: restart -> RUNNING %.2f s, -> first committed "
                                        + "prediction %.2f s; restore %.2f s (%d records, changelog %s); kill -> "
                                        + "member gone %.2f s", m.model.name(), variant, repeat,
                                cycle.restartToRunning(), cycle.restartToFirstPrediction(), cycle.restoreSeconds(),
                                cycle.restoredRecords(), bytes(cycle.changelog().bytesOnDisk()),
                                cycle.killToMemberGone()));
                    }
                    round++;
                    loadAverages.put("after-" + variant + "-" + repeat, BenchMachine.loadAverage());
                }
            }
        }
        List<ModelResult> results = new ArrayList<>();
        for (ModelRun m : running) {
            m.child.stop(Duration.ofSeconds(30));
            m.consumer.close();
            results.add(m.result());
        }
        loadAverages.put("end", BenchMachine.loadAverage());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "io.tributary.bench.RecoveryBenchmark");
        out.put("date", Instant.now().toString());
        out.put("machine", BenchMachine.facts("shared 2-core box: the broker, the processor JVMs and this benchmark "
                + "share the same cores; JVM start-up is slow here and drifts with the load of other processes"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("partitions", 1);
        config.put("processingGuarantee", "exactly_once_v2");
        config.put("commitIntervalMs", 100);
        config.put("sessionTimeoutMs", options.sessionTimeoutMs());
        config.put("heartbeatIntervalMs", options.heartbeatMs());
        config.put("membership", options.staticMembership() ? "static (group.instance.id)" : "dynamic");
        config.put("maxMessageBytes", MAX_MESSAGE_BYTES);
        config.put("changelogSegmentBytes", SEGMENT_BYTES);
        config.put("trainingChunks", options.chunks());
        config.put("denseTrainEvents", options.denseTrainEvents());
        config.put("denseEvents", "sparse JSON, " + NON_ZEROS + " non-zeros, labelled by a hidden hyperplane");
        config.put("ftrlTrainEvents", options.ftrlTrainEvents());
        config.put("ftrlEvents", "named JSON, " + FTRL_LOW_CARDINALITY + " low-cardinality + " + FTRL_HIGH_CARDINALITY
                + " high-cardinality name=value features, hashed by the processor");
        config.put("probeEvents", options.probes());
        config.put("burstEvents", options.burst());
        config.put("repeats", options.repeats());
        config.put("variants", options.variants());
        config.put("processor", "tributary serve in a child JVM (--add-modules jdk.incubator.vector -Xmx1g), "
                + "killed with SIGKILL while idle; one processor per model, all trained first and left running");
        out.put("config", config);
        out.put("method", "per cycle: SIGKILL the idle processor, send the probe events, restart it (immediate) or "
                + "wait until the admin client shows the killed member gone from the group, then restart it "
                + "(after-expiry); or send a burst and SIGKILL the processor as soon as a read_uncommitted consumer "
                + "sees its first prediction, then restart it (mid-transaction; openTransactionAtKill from the admin "
                + "client's ONGOING transactions of the application, openTransactionAbortedAt when it is no longer "
                + "listed); processId from the child's log (StateDirectory); cycles interleave the models, the "
                + "order rotating each round; times come from "
                + "this JVM's clock (kill, restart, group polling every 100 ms, a read_committed consumer of the "
                + "predictions topic polling every 50 ms) and from the child's log (epoch ms: first line, processor "
                + "started, stream thread PARTITIONS_ASSIGNED, restore start (end offset initialised) and end, client "
                + "RUNNING); restartToFirstPrediction = restart -> first committed prediction appended after the "
                + "restart visible to the consumer; killToMemberGone = kill -> killed member no longer listed; "
                + "figures are medians over the cycles of a model and variant");
        out.put("models", results);
        out.put("loadAverage", loadAverages);
        out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(options.out());
        Path jsonOut = options.out().resolve(options.name() + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonOut.toFile(), out);
        plot(results);
        log("wrote " + jsonOut + " and " + options.name() + ".png in " + String.format(Locale.ROOT, "%.0f",
                (System.nanoTime() - t0) / 1e9) + " s");
        printSummary(results);
    }

    // ------------------------------------------------------------------------------------------ one model

    /** One model's processor, its topics and what was measured on it. */
    private final class ModelRun {
        final ModelCase model;
        final String id;
        final String features;
        final String changelogTopic;
        final String predictions;
        final Path dir;
        final Path config;
        final EventMaker events;
        final Serializer<FeatureEvent> json = EventSerdes.featureEventsJson().serializer();
        final KafkaConsumer<byte[], byte[]> consumer;
        final PredictionCount count;
        final int trainEvents;
        final List<Cycle> cycles = new ArrayList<>();
        ChildJvm child;
        String processId;
        int runs;
        long expected;
        double trainSeconds;

        ModelRun(ModelCase model) throws IOException {
            this.model = model;
            this.id = "bench-recovery-" + model.slug() + (options.staticMembership() ? "-static" : "");
            this.features = id + ".features";
            this.predictions = id + ".predictions";
            this.changelogTopic = id + "-tributary-models-changelog";
            this.dir = workDir.resolve(id);
            Files.createDirectories(dir);
            kafka.createTopic(features, 1);
            // Created here (the processor keeps an existing topic) so that it uses LogAppendTime.
            kafka.createTopic(predictions, 1, Map.of("message.timestamp.type", "LogAppendTime"));
            this.config = dir.resolve("config.yaml");
            String membership = options.staticMembership() ? "\n  group.instance.id: " + id + "-instance" : "";
            Files.writeString(config, """
                    processor:
                      application.id: %s
                      topic.features: %s
                      topic.predictions: %s
                      topics.partitions: 1
                      commit.interval.ms: 100
                      processing.guarantee: exactly_once_v2
                      state.dir: "%s"
                      metrics.emit.interval.ms: 0
                    streams:
                      session.timeout.ms: %d
                      heartbeat.interval.ms: %d
                      producer.max.request.size: %d
                      topic.max.message.bytes: "%d"
                      topic.segment.bytes: "%d"%s
                    models:
                    %s
                    """.formatted(id, features, predictions, dir.resolve("state").toString().replace('\\', '/'),
                    options.sessionTimeoutMs(), options.heartbeatMs(), MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES,
                    SEGMENT_BYTES, membership, model.yaml().indent(2).stripTrailing()));
            this.events = new EventMaker(model, 42L);
            this.consumer = predictionsConsumer(predictions);
            this.count = new PredictionCount(consumer);
            this.trainEvents = model.ftrl() ? options.ftrlTrainEvents() : options.denseTrainEvents();
        }

        /** Starts the processor and trains it chunk by chunk, each chunk awaited until its predictions commit. */
        void train(KafkaProducer<byte[], byte[]> producer) throws Exception {
            log(model.name() + ": starting the processor and training it on " + trainEvents + " events in "
                    + options.chunks() + " chunks");
            child = startProcessor();
            long start = System.nanoTime();
            for (int c = 0; c < options.chunks(); c++) {
                int from = (int) ((long) trainEvents * c / options.chunks());
                int to = (int) ((long) trainEvents * (c + 1) / options.chunks());
                for (int i = from; i < to; i++) {
                    send(producer, features, json, events.next("train-" + i));
                }
                producer.flush();
                count.awaitAtLeast(to, options.timeout(), child);
            }
            expected = trainEvents;
            trainSeconds = (System.nanoTime() - start) / 1e9;
            processId = ChildLog.read(child.output()).processId();
            log(String.format(Locale.ROOT, "%s: trained in %.1f s", model.name(), trainSeconds));
        }

        Cycle cycle(String variant, int repeat, KafkaProducer<byte[], byte[]> producer) throws Exception {
            // The processor is idle: every event sent so far has its prediction committed.
            count.awaitAtLeast(expected, options.timeout(), child);
            Thread.sleep(300); // let its last commit's markers settle before measuring the changelog
            Changelog before = changelog(changelogTopic);
            Set<String> members = memberIds(id);

            int sent;
            long killedAt;
            Set<String> openTransactions = Set.of();
            if (variant.equals("mid-transaction")) {
                // A burst, and the SIGKILL as soon as its first prediction is appended (seen by a read_uncommitted
                // consumer): the stream thread's transaction is open, as it nearly always is under load.
                sent = options.burst();
                try (KafkaConsumer<byte[], byte[]> uncommitted = uncommittedConsumer()) {
                    for (int i = 0; i < sent; i++) {
                        send(producer, features, json, events.next("burst-" + runs + "-" + i));
                    }
                    producer.flush();
                    long deadline = System.nanoTime() + options.timeout().toNanos();
                    while (uncommitted.poll(Duration.ofMillis(5)).isEmpty()) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(model.name() + ": no prediction of the burst appeared");
                        }
                    }
                    killedAt = System.currentTimeMillis();
                    child.kill();
                }
                openTransactions = ongoingTransactions(id);
            } else {
                sent = options.probes();
                killedAt = System.currentTimeMillis();
                child.kill();
                for (int i = 0; i < sent; i++) {
                    send(producer, features, json, events.next("probe-" + runs + "-" + i));
                }
                producer.flush();
            }
            long memberGoneAt = -1;
            if (variant.equals("after-expiry")) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.sessionTimeoutMs() + 30_000L);
                while (memberGoneAt < 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(model.name() + ": the killed member never left the group");
                    }
                    if (!containsAny(memberIds(id), members)) {
                        memberGoneAt = System.currentTimeMillis();
                    } else {
                        Thread.sleep(100);
                    }
                }
            }

            long restartedAt = System.currentTimeMillis();
            child = startProcessor();
            Path logFile = child.output();
            long firstAppended = -1;
            long firstVisible = -1;
            long abortedAt = openTransactions.isEmpty() ? -1 : -2; // -2: still to be seen
            long nextAdminCheck = 0;
            long deadline = System.nanoTime() + options.timeout().toNanos();
            long target = expected + sent;
            while (count.seen() < target || memberGoneAt < 0 || abortedAt == -2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(model.name() + " " + variant + ": " + count.seen() + " of "
                            + target + " predictions, killed member gone: " + (memberGoneAt >= 0)
                            + ", open transaction aborted: " + (abortedAt != -2) + "\n" + child.outputTail(40));
                }
                if (!child.isAlive()) {
                    throw new IllegalStateException(model.name() + ": the processor died\n" + child.outputTail(40));
                }
                for (ConsumerRecord<byte[], byte[]> r : count.poll(Duration.ofMillis(50))) {
                    if (firstVisible < 0 && r.timestamp() >= restartedAt) {
                        firstVisible = System.currentTimeMillis();
                        firstAppended = r.timestamp();
                    }
                }
                if ((memberGoneAt < 0 || abortedAt == -2) && System.currentTimeMillis() >= nextAdminCheck) {
                    if (memberGoneAt < 0 && !containsAny(memberIds(id), members)) {
                        memberGoneAt = System.currentTimeMillis();
                    }
                    if (abortedAt == -2 && !containsAny(ongoingTransactions(id), openTransactions)) {
                        abortedAt = System.currentTimeMillis();
                    }
                    nextAdminCheck = System.currentTimeMillis() + 100;
                }
            }
            if (count.seen() != target) {
                throw new IllegalStateException(model.name() + ": " + count.seen() + " committed predictions for "
                        + target + " events: a duplicate after the restart");
            }
            expected = target;
            long allVisible = System.currentTimeMillis();
            ChildLog timeline = ChildLog.read(logFile);
            boolean kept = timeline.processId() != null && timeline.processId().equals(processId);
            processId = timeline.processId();
            Cycle cycle = new Cycle(variant, repeat, before, sent, !openTransactions.isEmpty(), processId, kept,
                    killedAt, restartedAt, memberGoneAt, abortedAt, timeline.firstLineAt(),
                    timeline.processorStartedAt(), timeline.assignedAt(), timeline.restoreStartedAt(),
                    timeline.restoreEndedAt(), timeline.restoredRecords(), timeline.runningAt(), firstAppended,
                    firstVisible, allVisible);
            cycles.add(cycle);
            return cycle;
        }

        /** A read_uncommitted consumer of the predictions, at their end: it sees records before they commit. */
        private KafkaConsumer<byte[], byte[]> uncommittedConsumer() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = List.of(new TopicPartition(predictions, 0));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve "end" now, before the burst is sent
            return consumer;
        }

        private ChildJvm startProcessor() {
            int run = runs++;
            return ChildJvm.builder(PROCESSOR_MAIN)
                    .name("processor-" + run)
                    .workDir(dir)
                    .jvmOptions("--add-modules", "jdk.incubator.vector", "-Xmx1g")
                    .systemProperty("log4j2.configurationFile", log4j.toString())
                    .args("serve", "--config", config.toString(), "--bootstrap", kafka.bootstrapServers(),
                            "--metrics-port", "0")
                    .output(dir.resolve("run-" + run + ".log"))
                    .start();
        }

        ModelResult result() {
            long snapshotBytes = cycles.isEmpty() ? -1 : cycles.getLast().changelog().lastSnapshotBytes();
            return new ModelResult(model.name(), model.describe(), model.dimension(), trainEvents, trainSeconds,
                    snapshotBytes, cycles, summarize(model, cycles));
        }
    }

    // ------------------------------------------------------------------------------------------ Kafka helpers

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Serializer<FeatureEvent> json,
            FeatureEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getEventId().getBytes(StandardCharsets.UTF_8),
                json.serialize(topic, event)));
    }

    private KafkaConsumer<byte[], byte[]> predictionsConsumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Committed predictions read so far by one {@code read_committed} consumer. */
    private static final class PredictionCount {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long seen;

        PredictionCount(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        long seen() {
            return seen;
        }

        Iterable<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
            var records = consumer.poll(timeout);
            seen += records.count();
            return records;
        }

        void awaitAtLeast(long target, Duration timeout, ChildJvm processor) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen < target) {
                if (System.nanoTime() > deadline || !processor.isAlive()) {
                    throw new IllegalStateException(seen + " of " + target + " predictions committed; processor "
                            + processor + "\n" + processor.outputTail(40));
                }
                poll(Duration.ofMillis(100));
            }
            if (seen > target) {
                throw new IllegalStateException(seen + " committed predictions for " + target + " events: a duplicate");
            }
        }
    }

    /** The member ids of the group, empty when it has none (or does not exist yet). */
    private Set<String> memberIds(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group);
        Set<String> ids = new HashSet<>();
        for (MemberDescription m : description.members()) {
            ids.add(m.consumerId());
        }
        return ids;
    }

    /** The transactional ids of {@code applicationId}'s producers with a transaction in progress. */
    private Set<String> ongoingTransactions(String applicationId) throws Exception {
        Set<String> ids = new HashSet<>();
        for (TransactionListing t : admin.listTransactions(new ListTransactionsOptions()
                .filterStates(List.of(TransactionState.ONGOING))).all().get(30, TimeUnit.SECONDS)) {
            if (t.transactionalId().startsWith(applicationId + "-")) {
                ids.add(t.transactionalId());
            }
        }
        return ids;
    }

    private static boolean containsAny(Set<String> set, Set<String> wanted) {
        for (String s : wanted) {
            if (set.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** End offset, size on disk and the size of the last committed snapshot of partition 0. */
    private Changelog changelog(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long bytesOnDisk = -1;
        int node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
        var dirs = admin.describeLogDirs(List.of(node)).allDescriptions().get(30, TimeUnit.SECONDS).get(node);
        for (var description : dirs.values()) {
            ReplicaInfo info = description.replicaInfos().get(tp);
            if (info != null) {
                bytesOnDisk = info.size();
            }
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        long last = -1;
        long end;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            end = consumer.endOffsets(List.of(tp)).get(tp);
            // Each commit is one snapshot and one transaction marker: the last snapshot lies within the last few
            // offsets. (The restore's own log line counts the records it read.)
            consumer.seek(tp, Math.max(0, end - 4));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    last = r.value() == null ? 0 : r.value().length;
                }
            }
        }
        return new Changelog(end, bytesOnDisk, last);
    }

    // ------------------------------------------------------------------------------------------ events

    /** Labelled events for a model: sparse for dense models, named (hashed by the processor) for FTRL. */
    static final class EventMaker {
        private final ModelCase model;
        private final SplittableRandom random;
        /** The hidden hyperplane that labels a dense model's events (null for FTRL). */
        final float[] hidden;

        EventMaker(ModelCase model, long seed) {
            this.model = model;
            this.random = new SplittableRandom(seed);
            if (model.ftrl()) {
                hidden = null;
            } else {
                hidden = new float[model.dimension()];
                for (int i = 0; i < hidden.length; i++) {
                    hidden[i] = (float) random.nextGaussian();
                }
            }
        }

        FeatureEvent next(String eventId) {
            return model.ftrl() ? named(eventId) : sparse(eventId);
        }

        private FeatureEvent sparse(String eventId) {
            int d = model.dimension();
            // NON_ZEROS distinct coordinates in increasing order, each with a standard normal value.
            int[] indices = random.ints(0, d).distinct().limit(NON_ZEROS).sorted().toArray();
            List<Integer> idx = new ArrayList<>(NON_ZEROS);
            List<Float> values = new ArrayList<>(NON_ZEROS);
            double margin = 0;
            for (int i : indices) {
                float v = (float) random.nextGaussian();
                idx.add(i);
                values.add(v);
                margin += hidden[i] * v;
            }
            SparseFeatures x = SparseFeatures.newBuilder().setDimension(d).setIndices(idx).setValues(values).build();
            return FeatureEvent.newBuilder().setEventId(eventId).setSparse(x).setLabel(margin > 0 ? 1.0 : 0.0).build();
        }

        private FeatureEvent named(String eventId) {
            Map<String, Double> named = new HashMap<>();
            int c0 = random.nextInt(10);
            named.put("c0=" + c0, 1.0);
            for (int j = 1; j < FTRL_LOW_CARDINALITY; j++) {
                named.put("c" + j + "=" + random.nextInt(10), 1.0);
            }
            for (int j = 0; j < FTRL_HIGH_CARDINALITY; j++) {
                named.put("h" + j + "=" + random.nextInt(1_000_000_000), 1.0);
            }
            // Learnable from one field, with 10 % label noise.
            int label = (c0 < 5) != (random.nextDouble() < 0.1) ? 1 : 0;
            return FeatureEvent.newBuilder().setEventId(eventId).setNamed(named).setLabel((double) label).build();
        }
    }

    // ------------------------------------------------------------------------------------------ the child's log

    /**
     * log4j2 configuration for the processor JVM: epoch milliseconds first on every line (this JVM reads them back),
     * and at INFO exactly the Kafka Streams loggers that report the milestones of a restart.
     */
    static final String LOG4J_CONFIG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="WARN">
              <Appenders>
                <Console name="console" target="SYSTEM_OUT">
                  <PatternLayout pattern="%d{UNIX_MILLIS} %-5level %c{1} - %msg%n%throwable"/>
                </Console>
              </Appenders>
              <Loggers>
                <Logger name="io.tributary" level="INFO"/>
                <Logger name="org.apache.kafka.streams.KafkaStreams" level="INFO"/>
                <Logger name="org.apache.kafka.streams.processor.internals.StreamThread" level="INFO"/>
                <Logger name="org.apache.kafka.streams.processor.internals.StoreChangelogReader" level="INFO"/>
                <Logger name="org.apache.kafka.streams.processor.internals.StateDirectory" level="INFO"/>
                <Logger name="org.apache.kafka" level="WARN"/>
                <Root level="WARN">
                  <AppenderRef ref="console"/>
                </Root>
              </Loggers>
            </Configuration>
            """;

    /** The milestones of one processor run, read from its log; -1 where a milestone is missing. */
    record ChildLog(String processId, long firstLineAt, long processorStartedAt, long assignedAt,
            long restoreStartedAt, long restoreEndedAt, long restoredRecords, long runningAt) {

        private static final Pattern LINE = Pattern.compile("^(\\d{13}) +\\w+ +(\\S+) - (.*)$");
        private static final Pattern PROCESS_ID = Pattern.compile(
                "(?:process id|UUID from process file):? ([0-9a-f]{8}-[0-9a-f-]{27})");
        private static final Pattern RESTORED = Pattern.compile("total number of (\\d+) records");

        static ChildLog read(Path file) throws IOException {
            String processId = null;
            long first = -1;
            long started = -1;
            long assigned = -1;
            long restoreStart = -1;
            long restoreEnd = -1;
            long restored = -1;
            long running = -1;
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long t = Long.parseLong(m.group(1));
                String logger = m.group(2);
                String msg = m.group(3);
                if (first < 0) {
                    first = t;
                }
                Matcher pid = PROCESS_ID.matcher(msg);
                if (processId == null && logger.equals("StateDirectory") && pid.find()) {
                    processId = pid.group(1);
                } else if (started < 0 && logger.equals("TributaryProcessor") && msg.contains("' started")) {
                    started = t;
                } else if (assigned < 0 && logger.equals("StreamThread") && msg.contains("to PARTITIONS_ASSIGNED")) {
                    assigned = t;
                } else if (logger.equals("StoreChangelogReader")) {
                    if (restoreStart < 0 && msg.contains("End offset for changelog")) {
                        restoreStart = t;
                    }
                    if (restoreEnd < 0 && msg.contains("Finished restoring")) {
                        restoreEnd = t;
                        Matcher r = RESTORED.matcher(msg);
                        if (r.find()) {
                            restored = Long.parseLong(r.group(1));
                        }
                    }
                } else if (running < 0 && logger.equals("KafkaStreams") && msg.contains("to RUNNING")) {
                    running = t;
                }
            }
            return new ChildLog(processId, first, started, assigned, restoreStart, restoreEnd, restored, running);
        }
    }

    // ------------------------------------------------------------------------------------------ results

    private List<Summary> summarize(ModelCase model, List<Cycle> cycles) {
        List<Summary> out = new ArrayList<>();
        for (String variant : options.variants()) {
            List<Cycle> all = cycles.stream().filter(c -> c.variant().equals(variant)).toList();
            // A mid-transaction cycle whose kill missed the open transaction (it had just committed) measures an
            // idle kill instead: the medians leave it out, the JSON keeps it.
            List<Cycle> open = all.stream().filter(Cycle::openTransactionAtKill).toList();
            List<Cycle> mine = variant.equals("mid-transaction") && !open.isEmpty() ? open : all;
            double restoreSeconds = median(mine, Cycle::restoreSeconds);
            double changelogBytes = median(mine, c -> c.changelog().bytesOnDisk());
            out.add(new Summary(model.name(), variant, all.size(), median(mine, Cycle::restartToProcessorStarted),
                    median(mine, Cycle::restartToAssigned), restoreSeconds, median(mine, Cycle::restartToRunning),
                    median(mine, Cycle::runningToFirstPrediction), median(mine, Cycle::restartToFirstPrediction),
                    median(mine, Cycle::killToMemberGone), median(mine, Cycle::killToTransactionAborted),
                    median(mine, Cycle::killToFirstPrediction),
                    open.size(), (int) all.stream().filter(Cycle::processIdKept).count(),
                    median(mine, c -> c.restoredRecords()), changelogBytes,
                    median(mine, c -> c.changelog().bytesOnDisk() / 1e6 / c.restoreSeconds())));
        }
        return out;
    }

    /** Median of the finite values; NaN when there are none. */
    private static double median(List<Cycle> cycles, ToDoubleFunction<Cycle> f) {
        double[] values = cycles.stream().mapToDouble(f).filter(Double::isFinite).toArray();
        return values.length == 0 ? Double.NaN : BenchMachine.median(values);
    }

    private void plot(List<ModelResult> results) throws IOException {
        List<String> categories = results.stream()
                .map(r -> r.model().replace("dense_d", "dense d = ").replace("ftrl_", "FTRL ") + " ("
                        + bytes(r.snapshotBytes()) + ")").toList();
        Map<String, List<? extends Number>> series = new LinkedHashMap<>();
        for (String variant : options.variants()) {
            series.put("restart → RUNNING, " + variant, results.stream()
                    .map(r -> round2(summary(r, variant).restartToRunning())).toList());
            series.put("restart → first committed prediction, " + variant, results.stream()
                    .map(r -> round2(summary(r, variant).restartToFirstPrediction())).toList());
            if (variant.equals("mid-transaction")) {
                series.put("kill → open transaction aborted", results.stream()
                        .map(r -> round2(summary(r, variant).killToTransactionAborted())).toList());
            }
        }
        CategoryChart chart = Charts.bars(String.format(Locale.ROOT,
                        "Recovery after SIGKILL (1 partition, EOS v2, session timeout %.0f s%s), median of %d",
                        options.sessionTimeoutMs() / 1e3, options.staticMembership() ? ", static members" : "",
                        options.repeats()),
                "model (snapshot size)", "seconds", categories, series, "#,##0.00");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // four series: keep the bars clear
        Charts.savePng(chart, options.out().resolve(options.name() + ".png"));
    }

    private static Summary summary(ModelResult r, String variant) {
        return r.summaries().stream().filter(s -> s.variant().equals(variant)).findFirst().orElseThrow();
    }

    private static double round2(double v) {
        return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : 0.0;
    }

    private void printSummary(List<ModelResult> results) {
        System.out.println();
        System.out.println("| model | snapshot | variant | changelog (records, bytes) "
                + "| restart → processor started | → partition assigned | restore | → RUNNING "
                + "| → first committed prediction | kill → member gone | kill → open transaction aborted "
                + "| kill → first prediction |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ModelResult r : results) {
            for (Summary s : r.summaries()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f, %s | %.2f s | %.2f s | %.2f s | %.2f s | "
                                + "%.2f s | %.2f s | %s | %.2f s |%n", r.model(), bytes(r.snapshotBytes()), s.variant(),
                        s.restoredRecords(), bytes((long) s.changelogBytes()), s.restartToProcessorStarted(),
                        s.restartToAssigned(), s.restoreSeconds(), s.restartToRunning(),
                        s.restartToFirstPrediction(), s.killToMemberGone(),
                        s.cyclesWithOpenTransaction() == 0 ? "–" : String.format(Locale.ROOT, "%.2f s (%d of %d "
                                + "cycles)", s.killToTransactionAborted(), s.cyclesWithOpenTransaction(), s.cycles()),
                        s.killToFirstPrediction());
            }
        }
        long kept = results.stream().flatMap(r -> r.cycles().stream()).filter(Cycle::processIdKept).count();
        long all = results.stream().mapToLong(r -> r.cycles().size()).sum();
        System.out.println();
        System.out.println("Kafka Streams process id kept across the restart in " + kept + " of " + all + " cycles.");
    }

    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }

    private void shutdown() {
        for (ModelRun m : running) {
            if (m.child != null && m.child.isAlive()) {
                m.child.stop(Duration.ofSeconds(30));
            }
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (workDir != null && !options.keep()) {
            Directories.deleteRecursively(workDir);
        } else if (workDir != null) {
            log("kept " + workDir);
        }
    }

    private static void log(String message) {
        System.out.printf("%tT recovery: %s%n", System.currentTimeMillis(), message);
    }
}
