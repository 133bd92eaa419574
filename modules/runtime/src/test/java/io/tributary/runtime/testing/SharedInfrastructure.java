package io.tributary.runtime.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.runtime.registry.ApicurioRegistry;

/**
 * One Kafka broker (and, on demand, one Apicurio registry) per test JVM, shared by every test
 * class in it: starting a broker costs seconds, so test classes share it and keep apart by
 * using fresh topic names ({@link TestTopics#unique(String)}).
 *
 * <pre>{@code
 * @ExtendWith(SharedInfrastructure.class)
 * class MyTest {
 *     @Test void roundTrip() {
 *         String topic = TestTopics.unique("features");
 *         SharedInfrastructure.kafka().createTopic(topic, 2);
 *         props.put("bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers());
 *     }
 * }
 * }</pre>
 *
 * <p>Both start lazily on first use. As an extension this class registers a closer in JUnit's
 * root store, which JUnit closes after the last test of the run; a JVM shutdown hook covers
 * code that calls the accessors without the extension. Tests that kill or stop the broker
 * should start their own with {@link EmbeddedKafkaBroker#start()}; if the shared one is found
 * dead anyway, {@link #kafka()} restarts it on the same address.
 */
public final class SharedInfrastructure implements BeforeAllCallback {

    private static final Object LOCK = new Object();
    private static EmbeddedKafkaBroker kafka;
    private static ApicurioRegistry registry;
    private static boolean hookInstalled;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Closer.class, key -> new Closer(), Closer.class);
    }

    /** The shared broker, started on first call. */
    public static EmbeddedKafkaBroker kafka() {
        synchronized (LOCK) {
            installHook();
            if (kafka == null) {
                kafka = EmbeddedKafkaBroker.start();
            } else if (!kafka.isRunning()) {
                kafka.restart();
            }
            return kafka;
        }
    }

    /** Shorthand for {@code kafka().bootstrapServers()}. */
    public static String bootstrapServers() {
        return kafka().bootstrapServers();
    }

    /**
     * The shared Apicurio registry, started on first call from
     * {@link ApicurioRegistry#locateDistribution()} (which throws, saying how to get the
     * distribution, if it is not there).
     */
    public static ApicurioRegistry registry() {
        synchronized (LOCK) {
            installHook();
            if (registry == null || !registry.isRunning()) {
                if (registry != null) {
                    registry.close();
                }
                registry = ApicurioRegistry.start(ApicurioRegistry.locateDistribution());
            }
            return registry;
        }
    }

    /** Stops whatever was started. Idempotent; the accessors start afresh afterwards. */
    public static void shutdown() {
        synchronized (LOCK) {
            RuntimeException failure = null;
            if (registry != null) {
                try {
                    registry.close();
                } catch (RuntimeException e) {
                    failure = e;
                }
                registry = null;
            }
            if (kafka != null) {
                try {
                    kafka.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
                kafka = null;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfrastructure::shutdown, "tributary-test-infra-stop"));
        }
    }

    /** Stored in JUnit's root context; JUnit closes it when the whole test run is over. */
    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            shutdown();
        }
    }
}
