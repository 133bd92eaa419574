package io.tributary.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.runtime.testing.TestClients;
import io.tributary.runtime.testing.TestTopics;

/** Stops, kills and restarts: these need their own broker, never the shared one. */
class EmbeddedKafkaBrokerFaultTest {

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().heap("128m", "512m").start();
    }

    @AfterAll
    static void closeBroker() {
        if (kafka != null) {
            Path dir = kafka.directory();
            kafka.close();
            assertFalse(Files.exists(dir), "close() deletes the temp directory it created");
        }
    }

    @Test
    void gracefulRestartKeepsDataOnTheSameAddress() {
        String topic = TestTopics.unique("restart");
        kafka.createTopic(topic, 1);
        String bootstrap = kafka.bootstrapServers();
        TestClients.produce(bootstrap, topic, Map.of("before", "stop"));

        kafka.stop();
        assertFalse(kafka.isRunning());
        kafka.restart();

        assertEquals(bootstrap, kafka.bootstrapServers());
        List<ConsumerRecord<String, String>> got = TestClients.consume(bootstrap, topic, 1, Duration.ofSeconds(30));
        assertEquals(1, got.size());
        assertEquals("stop", got.getFirst().value());
    }

    @Test
    void killedBrokerRestartsAndConnectedClientsReconnect() throws Exception {
        String topic = TestTopics.unique("kill");
        kafka.createTopic(topic, 1);
        String bootstrap = kafka.bootstrapServers();
        long pidBefore = kafka.pid();

        try (KafkaProducer<String, String> producer = TestClients.stringProducer(bootstrap)) {
            producer.send(new ProducerRecord<>(topic, "a", "before-kill")).get(30, TimeUnit.SECONDS);

            kafka.kill();
            assertFalse(kafka.isRunning());
            assertFalse(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive).orElse(false),
                    "SIGKILL leaves no broker process behind");

            kafka.restart();
            assertNotEquals(pidBefore, kafka.pid());
            // The producer created before the crash finds the broker again on the same port.
            producer.send(new ProducerRecord<>(topic, "b", "after-kill")).get(60, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, String>> got = TestClients.consume(bootstrap, topic, 2, Duration.ofSeconds(30));
        assertEquals(List.of("before-kill", "after-kill"), got.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void startFailureSaysWhy(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedKafkaBroker.builder()
                .dataDir(dir)
                .property("log.segment.bytes", "not-a-number")
                .start());
        assertTrue(e.getMessage().contains("log.segment.bytes"), e.getMessage());
    }
}
