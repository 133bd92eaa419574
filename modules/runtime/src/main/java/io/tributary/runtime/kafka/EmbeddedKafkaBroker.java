package io.tributary.runtime.kafka;

import io.tributary.runtime.io.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.runtime.net.FreePorts;
import io.tributary.runtime.process.ChildJvm;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running in a
 * child JVM built from the {@code kafka_2.13} jar on this JVM's class path.
 *
 * <p>A child process, not an in-process cluster, so that fault tests can {@link #kill()} it
 * (SIGKILL: no flush, no controlled shutdown) and {@link #restart()} it on the same ports and
 * data directory, and so that the broker's log output goes to {@code broker.log} in its
 * directory instead of the console of the process under test.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *     kafka.createTopic("features", 4);
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String KAFKA_MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final int NODE_ID = 1;

    private final Path dir;
    private final boolean ownsDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> extraProperties;
    private final String minHeap;
    private final String maxHeap;
    private final List<String> jvmOptions;
    private final String classpath;
    private final Duration startTimeout;

    private ChildJvm child;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder b, Path dir, boolean ownsDir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.extraProperties = Map.copyOf(b.properties);
        this.minHeap = b.minHeap;
        this.maxHeap = b.maxHeap;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.classpath = b.classpath;
        this.startTimeout = b.startTimeout;
    }

    /** Starts a broker with defaults: a fresh temp directory, free ports, 1 GiB max heap. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>}; the same across {@link #restart()}. */
    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The broker's directory: {@code server.properties}, {@code broker.log}, {@code data/}. */
    public Path directory() {
        return dir;
    }

    /** The broker's own log file (log4j2, INFO and up). */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return child != null && child.isAlive();
    }

    /** Process id of the broker JVM, or -1 if it is not running. */
    public synchronized long pid() {
        return isRunning() ? child.pid() : -1;
    }

    /** Creates a topic with replication factor 1; an existing topic is not an error. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    /** Creates a topic with extra topic configs (e.g. {@code cleanup.policy=compact}). */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    /** Creates topics, one partition each; existing ones are left as they are. */
    public void createTopics(String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        createTopics(topics);
    }

    /**
     * Creates topics and waits for them; existing ones are left as they are (a topic that
     * exists with a different partition count is not changed).
     */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, ? extends Future<Void>> e : result.values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + e.getKey(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics, e);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Graceful stop: SIGTERM (controlled shutdown, logs flushed), SIGKILL after 20 s. */
    public synchronized void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(20));
            LOG.info("Kafka broker at {} stopped", bootstrapServers());
            child = null;
        }
    }

    /** SIGKILL: the broker dies as in a crash; unflushed log data may be lost or recovered. */
    public synchronized void kill() {
        if (child != null) {
            child.kill();
            LOG.info("Kafka broker at {} killed", bootstrapServers());
            child = null;
        }
    }

    /**
     * Stops the broker if it is running and starts it again on the same ports and data
     * directory, without reformatting, so topics, records and committed offsets survive and
     * clients configured with {@link #bootstrapServers()} reconnect on their own.
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        stop();
        awaitPortsFree(Duration.ofSeconds(30));
        launch();
    }

    /** Stops the broker and deletes its directory if this object created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (ownsDir) {
            Directories.deleteRecursively(dir);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------

    private synchronized void launch() {
        long t0 = System.nanoTime();
        child = ChildJvm.builder(KAFKA_MAIN)
                .name("kafka-broker")
                .workDir(dir)
                .output(dir.resolve("broker.out"))
                .classpath(classpath)
                .jvmOptions(commonJvmOptions())
                .jvmOptions("-Xms" + minHeap, "-Xmx" + maxHeap)
                .jvmOptions(jvmOptions)
                .args(dir.resolve("server.properties").toString())
                .start();
        awaitReady(t0);
        LOG.info("Kafka broker ready at {} in {} ms (pid {}, dir {})",
                bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), child.pid(), dir);
    }

    private List<String> commonJvmOptions() {
        return List.of(
                // Kafka's log4j2 configuration: the file we wrote, not whatever log4j2.xml the
                // parent's class path happens to carry.
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2-broker.xml").toUri(),
                "-Dkafka.logs.dir=" + dir,
                // The file appender flushes every line, so log4j needs no shutdown hook; with one,
                // a logger first used during shutdown prints a warning to broker.out.
                "-Dlog4j.shutdownHookEnabled=false",
                // kafka-clients uses sun.misc.Unsafe to unmap buffers and the compression codecs
                // load native code; both print JDK 24+ warnings on every start otherwise.
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                // Serial GC: on two cores a parallel collector's threads compete with the
                // broker's own, and a heap of 1 GiB collects quickly anyway. C2 stays on:
                // benchmarks run against this broker.
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true");
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        ChildJvm tool = ChildJvm.builder(STORAGE_TOOL)
                .name("kafka-storage-format")
                .workDir(dir)
                .output(dir.resolve("format.out"))
                .classpath(classpath)
                .jvmOptions(commonJvmOptions())
                // A one-second tool: the C1 compiler alone starts it faster.
                .jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1")
                .args("format", "-t", clusterId, "-c", dir.resolve("server.properties").toString())
                .start();
        try {
            int exit = tool.waitFor(Duration.ofSeconds(60));
            if (exit != 0) {
                if (exit == -1) {
                    tool.kill();
                }
                throw new IllegalStateException("kafka-storage format failed (exit " + exit + "):\n"
                        + tool.outputTail(40));
            }
        } catch (InterruptedException e) {
            tool.kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting " + dir, e);
        }
    }

    private void awaitReady(long startNanos) {
        long deadline = startNanos + startTimeout.toNanos();
        // The broker opens its client listener only once it is registered and unfenced, so
        // wait for the port first: an admin client polling a closed port logs a WARN per try.
        Throwable last = null;
        while (!portAccepts(brokerPort)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                failStart("the broker did not open port " + brokerPort + " within " + startTimeout, null);
            }
            sleep(100);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                checkAlive();
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    child.kill();
                    child = null;
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
                sleep(200);
            }
        }
        failStart("the broker did not answer describeCluster within " + startTimeout, last);
    }

    private void checkAlive() {
        if (!child.isAlive()) {
            int exit = child.exitValue();
            child = null;
            throw startFailure("the broker JVM exited with code " + exit, null);
        }
    }

    private void failStart(String what, Throwable cause) {
        child.kill();
        child = null;
        throw startFailure(what, cause);
    }

    private static boolean portAccepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private IllegalStateException startFailure(String what, Throwable cause) {
        return new IllegalStateException("Kafka broker at " + bootstrapServers() + " failed to start: " + what
                + "\n--- tail of " + logFile() + " ---\n" + ChildJvm.tail(logFile(), 40)
                + "\n--- tail of " + dir.resolve("broker.out") + " ---\n" + ChildJvm.tail(dir.resolve("broker.out"), 20),
                cause);
    }

    private void awaitPortsFree(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(FreePorts.isFree(brokerPort) && FreePorts.isFree(controllerPort))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ports " + brokerPort + "/" + controllerPort
                        + " are still in use; cannot restart the broker on them");
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void writeConfig() throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        // One node: every internal topic must make do with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Tests start consumer groups all the time; the default 3 s delay only slows them.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly, so a typo in a topic name fails instead of
        // silently creating a new topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // Small segments and indexes: many short-lived test topics, little disk and page cache.
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        // The cleaner's offset map is allocated on the heap up front (128 MiB by default).
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("log.retention.check.interval.ms", "60000");
        // After a SIGKILL the restarted broker cannot register until the controller has
        // expired the dead incarnation's session (DUPLICATE_BROKER_REGISTRATION until then):
        // 9 s by default. 4 s with a heartbeat every 0.5 s still tolerates 7 missed beats.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Two cores: fewer threads than Kafka's server defaults.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("num.replica.fetchers", "1");
        p.putAll(extraProperties);

        StringBuilder text = new StringBuilder("# Written by Tributary's EmbeddedKafkaBroker\n");
        p.forEach((k, v) -> text.append(k).append('=').append(escapeProperty(v)).append('\n'));
        Files.writeString(dir.resolve("server.properties"), text, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j2-broker.xml"), brokerLog4jConfig(), StandardCharsets.UTF_8);
    }

    private static String escapeProperty(String value) {
        return value.replace("\\", "\\\\");
    }

    private String brokerLog4jConfig() {
        String logFile = logFile().toString().replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
        // INFO for the broker's lifecycle and errors, WARN for the per-request and
        // per-partition chatter that would otherwise make broker.log grow by megabytes a test.
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <File name="file" fileName="%s" append="true">
                      <PatternLayout pattern="[%%d{ISO8601}] %%-5p %%m (%%c{1})%%n"/>
                    </File>
                  </Appenders>
                  <Loggers>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="kafka.network.RequestChannel$" level="WARN"/>
                    <Logger name="kafka.log" level="WARN"/>
                    <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
                    <Logger name="state.change.logger" level="WARN"/>
                    <Logger name="kafka.cluster.Partition" level="WARN"/>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                    <Logger name="org.apache.kafka.common.config" level="WARN"/>
                    <Root level="INFO">
                      <AppenderRef ref="file"/>
                    </Root>
                  </Loggers>
                </Configuration>
                """.formatted(logFile);
    }

    /** Options for {@link EmbeddedKafkaBroker}; {@link #start()} formats if needed and starts. */
    public static final class Builder {
        private Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String minHeap = "256m";
        private String maxHeap = "1g";
        private final List<String> jvmOptions = new ArrayList<>();
        private String classpath = System.getProperty("java.class.path");
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * The broker's directory. If it already holds a formatted broker (an earlier run
         * with the same directory), that broker's data is reused; it is never deleted by
         * {@link EmbeddedKafkaBroker#close()}. Default: a fresh temp directory, deleted on close.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Client listener port; 0 (default) picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** Controller listener port; 0 (default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** A broker property (server.properties); overrides Tributary's defaults. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            return this;
        }

        /** Heap of the broker JVM, e.g. ("256m", "1g") — the defaults. */
        public Builder heap(String min, String max) {
            this.minHeap = Objects.requireNonNull(min);
            this.maxHeap = Objects.requireNonNull(max);
            return this;
        }

        /** Extra options for the broker JVM. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /**
         * Class path of the broker JVM; must hold {@code kafka_2.13} and its dependencies.
         * Default: this JVM's {@code java.class.path}, which is right for tests, the
         * runnable jar and {@code java -cp}, but not for launchers that load the application
         * in their own class loader (e.g. {@code mvn exec:java}).
         */
        public Builder classpath(String value) {
            this.classpath = Objects.requireNonNull(value);
            return this;
        }

        /** How long to wait for the broker to answer; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Formats the directory if it is new, starts the broker, and waits until it answers. */
        public EmbeddedKafkaBroker start() {
            boolean owns = dataDir == null;
            Path dir;
            try {
                dir = owns ? Files.createTempDirectory("tributary-kafka-") : dataDir.toAbsolutePath();
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the broker directory", e);
            }
            int[] free = FreePorts.pick(2);
            int bp = brokerPort != 0 ? brokerPort : free[0];
            int cp = controllerPort != 0 ? controllerPort : (free[1] != bp ? free[1] : free[0]);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(this, dir, owns, bp, cp);
            try {
                broker.writeConfig();
                if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                    broker.format();
                }
                broker.launch();
                return broker;
            } catch (IOException e) {
                broker.close();
                throw new UncheckedIOException("could not start the Kafka broker in " + dir, e);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
