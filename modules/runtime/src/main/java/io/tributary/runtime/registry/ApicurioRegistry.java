package io.tributary.runtime.registry;

import io.tributary.runtime.io.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.runtime.net.FreePorts;
import io.tributary.runtime.process.ChildJvm;

/**
 * Apicurio Registry (in-memory storage) in a child JVM, for its Confluent-compatible schema
 * registry API at {@link #ccompatUrl()}.
 *
 * <p>Why Apicurio: Confluent's Schema Registry is not on Maven Central, Apicurio's runnable
 * distribution is ({@code io.apicurio:apicurio-registry-app:<v>:tar.gz:all}), and its
 * {@code /apis/ccompat/v7} API speaks the Confluent REST protocol that Avro serdes expect.
 *
 * <pre>{@code
 * try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.locateDistribution())) {
 *     serdeConfig.put("schema.registry.url", registry.ccompatUrl());
 * }
 * }</pre>
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);

    /** System property naming an unpacked distribution; wins over the Maven repository. */
    public static final String DIR_PROPERTY = "tributary.apicurio.dir";

    /** The Apicurio Registry version this module is built and tested against. */
    public static final String VERSION = loadVersion();

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final int port;
    private final int managementPort;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private ChildJvm child;

    private ApicurioRegistry(int port, int managementPort, Path workDir, boolean ownsWorkDir) {
        this.port = port;
        this.managementPort = managementPort;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
    }

    /** Starts the registry from an unpacked distribution with defaults (free ports, 512 MiB). */
    public static ApicurioRegistry start(Path distributionDir) {
        return builder(distributionDir).start();
    }

    public static Builder builder(Path distributionDir) {
        return new Builder(distributionDir);
    }

    /** {@code http://localhost:<port>/apis/ccompat/v7}: the Confluent-compatible API. */
    public String ccompatUrl() {
        return url() + "/apis/ccompat/v7";
    }

    /** {@code http://localhost:<port>}; Apicurio's native API is under {@code /apis/registry/v3}. */
    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Quarkus' management interface ({@code /health}, {@code /metrics}). */
    public int managementPort() {
        return managementPort;
    }

    /** The registry's stdout and stderr (Quarkus logs to the console). */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    public synchronized boolean isRunning() {
        return child != null && child.isAlive();
    }

    /** Stops the registry (SIGTERM, then SIGKILL after 20 s). All schemas are lost: memory only. */
    public synchronized void stop() {
        if (child != null) {
            child.stop(Duration.ofSeconds(20));
            child = null;
            LOG.info("Apicurio Registry at {} stopped", url());
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (ownsWorkDir) {
            Directories.deleteRecursively(workDir);
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + ccompatUrl() + "]";
    }

    // ---------------------------------------------------------------------------------------
    // Finding the distribution

    /**
     * An unpacked Apicurio Registry distribution: the directory named by the system property
     * {@value #DIR_PROPERTY} if set, else the {@code tar.gz:all} artifact from the local Maven
     * repository, unpacked once into {@code ~/.cache/tributary/apicurio-<version>}.
     *
     * @throws IllegalStateException if neither is there, saying how to fetch the artifact
     */
    public static Path locateDistribution() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (findRunner(dir).isEmpty()) {
                throw new IllegalStateException("-D" + DIR_PROPERTY + "=" + configured
                        + " does not contain an unpacked Apicurio Registry (no quarkus-run.jar under it)");
            }
            return dir;
        }
        return locateDistribution(Path.of(System.getProperty("user.home"), ".cache", "tributary"), mavenRepository());
    }

    /** {@link #locateDistribution()} without the system property, with explicit locations. */
    static Path locateDistribution(Path cacheRoot, Path mavenRepository) {
        Path cache = cacheRoot.resolve("apicurio-" + VERSION);
        if (findRunner(cache).isPresent()) {
            return cache;
        }
        Path tarball = mavenRepository.resolve(Path.of("io", "apicurio", "apicurio-registry-app", VERSION,
                "apicurio-registry-app-" + VERSION + "-all.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("Apicurio Registry " + VERSION + " is not available: set -D"
                    + DIR_PROPERTY + "=<unpacked dir>, or fetch the distribution into the local Maven repository with\n"
                    + "  ./mvnw dependency:get -Dartifact=io.apicurio:apicurio-registry-app:" + VERSION
                    + ":tar.gz:all -Dtransitive=false\n(looked for " + tarball + ")");
        }
        unpack(tarball, cache);
        return cache;
    }

    /** The local Maven repository: {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    static Path mavenRepository() {
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            return Path.of(local);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * Unpacks into a sibling temp directory and renames it into place, so JVMs that race here
     * (parallel test forks) never see a half-unpacked distribution; the loser discards its copy.
     * {@code tar} rather than a Java untar: it is on every machine this runs on, and no
     * dependency is needed for a one-off 160 MB unpack.
     */
    private static void unpack(Path tarball, Path target) {
        long t0 = System.nanoTime();
        Path parent = target.toAbsolutePath().getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, target.getFileName() + ".unpacking-");
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", staging.toString())
                    .redirectErrorStream(true)
                    .start();
            tar.getOutputStream().close();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IllegalStateException("tar failed to unpack " + tarball + ": " + output);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (findRunner(target).isEmpty()) {
                    throw e;
                }
            } catch (IOException e) {
                // Linux reports a non-empty existing target as DirectoryNotEmptyException.
                if (findRunner(target).isEmpty()) {
                    throw e;
                }
            }
            LOG.info("Unpacked Apicurio Registry {} into {} in {} ms", VERSION, target,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + tarball + " into " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        } finally {
            if (staging != null) {
                Directories.deleteRecursively(staging);
            }
        }
    }

    /** {@code quarkus-run.jar} anywhere in the top few levels of {@code dir}. */
    static Optional<Path> findRunner(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("quarkus-run.jar"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String loadVersion() {
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream("/io/tributary/runtime/versions.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("apicurio.version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the version this code was written against
        }
        return "3.3.3";
    }

    // ---------------------------------------------------------------------------------------
    // Starting

    private synchronized void launch(Path runner, String maxHeap, Map<String, String> properties,
                                     List<String> jvmOptions, Duration timeout) {
        long t0 = System.nanoTime();
        ChildJvm.Builder b = ChildJvm.builder(QUARKUS_MAIN)
                .name("apicurio-registry")
                .workDir(workDir)
                .output(logFile())
                // quarkus-run.jar's manifest class path brings lib/boot; the runner finds the
                // rest of the application relative to its own jar.
                .classpath(runner.toAbsolutePath().toString())
                .jvmOptions("-Xmx" + maxHeap,
                        // These two come from the jar's manifest, which only -jar would honour.
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--enable-native-access=ALL-UNNAMED",
                        // Netty and friends use sun.misc.Unsafe; JDK 24+ warns otherwise.
                        "--sun-misc-unsafe-memory-access=allow",
                        // Two cores: C1 and a single-threaded GC start Quarkus faster.
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Djava.awt.headless=true")
                .jvmOptions(jvmOptions);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.http.port", Integer.toString(port));
        // The management interface binds 0.0.0.0:9000 unless told otherwise, which clashes
        // between two registries and with anything else on 9000.
        props.put("quarkus.management.host", "127.0.0.1");
        props.put("quarkus.management.port", Integer.toString(managementPort));
        // Nothing listens for OpenTelemetry here; keep the SDK off (it is off by default in
        // 3.3.x, said explicitly so a changed default does not spam connection errors).
        props.put("quarkus.otel.sdk.disabled", "true");
        props.putAll(properties);
        props.forEach(b::systemProperty);
        child = b.start();
        awaitReady(t0, timeout);
        LOG.info("Apicurio Registry ready at {} in {} ms (pid {})", ccompatUrl(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), child.pid());
    }

    private void awaitReady(long startNanos, Duration timeout) {
        long deadline = startNanos + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        String last = "no answer yet";
        try (http) {
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    throw startFailure("the registry JVM exited with code " + child.exitValue());
                }
                try {
                    HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = "HTTP " + response.statusCode() + ": " + response.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.kill();
            throw new IllegalStateException("interrupted while waiting for the registry", e);
        }
        child.kill();
        throw startFailure("GET " + probe.uri() + " did not return 200 within " + timeout + " (last: " + last + ")");
    }

    private IllegalStateException startFailure(String what) {
        return new IllegalStateException("Apicurio Registry on port " + port + " failed to start: " + what
                + "\n--- tail of " + logFile() + " ---\n" + ChildJvm.tail(logFile(), 40));
    }

    /** Options for {@link ApicurioRegistry}. */
    public static final class Builder {
        private final Path distributionDir;
        private int port;
        private int managementPort;
        private Path workDir;
        private String maxHeap = "512m";
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(180);

        private Builder(Path distributionDir) {
            this.distributionDir = Objects.requireNonNull(distributionDir, "distributionDir");
        }

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** Management (health, metrics) port; 0 (default) picks a free one. */
        public Builder managementPort(int value) {
            this.managementPort = value;
            return this;
        }

        /** Where the log goes; default a temp directory, deleted on close. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder maxHeap(String value) {
            this.maxHeap = Objects.requireNonNull(value);
            return this;
        }

        /** A Quarkus or Apicurio configuration property, passed as {@code -Dkey=value}. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Default 180 s: Quarkus takes 5-40 s on two busy cores. */
        public Builder startTimeout(Duration value) {
            this.startTimeout = Objects.requireNonNull(value);
            return this;
        }

        public ApicurioRegistry start() {
            Path runner = findRunner(distributionDir).orElseThrow(() -> new IllegalStateException(
                    "no quarkus-run.jar under " + distributionDir + "; is it an unpacked Apicurio Registry?"));
            int[] free = FreePorts.pick(2);
            int p = port != 0 ? port : free[0];
            int m = managementPort != 0 ? managementPort : free[1];
            boolean owns = workDir == null;
            Path dir;
            try {
                dir = owns ? Files.createTempDirectory("tributary-apicurio-") : Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the registry's work directory", e);
            }
            ApicurioRegistry registry = new ApicurioRegistry(p, m, dir, owns);
            try {
                registry.launch(runner, maxHeap, properties, jvmOptions, startTimeout);
                return registry;
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
        }
    }
}
