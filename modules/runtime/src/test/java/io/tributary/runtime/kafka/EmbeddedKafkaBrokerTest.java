package io.tributary.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestClients;
import io.tributary.runtime.testing.TestTopics;

/** The shared broker, used the way other modules' tests use it. */
@ExtendWith(SharedInfrastructure.class)
class EmbeddedKafkaBrokerTest {

    @Test
    void producedRecordsAreConsumedBack() {
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        String topic = TestTopics.unique("roundtrip");
        kafka.createTopic(topic, 3);

        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            records.put("key-" + i, "value-" + i);
        }
        TestClients.produce(kafka.bootstrapServers(), topic, records);

        List<ConsumerRecord<String, String>> got =
                TestClients.consume(kafka.bootstrapServers(), topic, 30, Duration.ofSeconds(30));
        assertEquals(30, got.size());
        Map<String, String> back = new LinkedHashMap<>();
        got.forEach(r -> back.put(r.key(), r.value()));
        assertEquals(records, back);
        // 30 keys hash onto all three partitions (murmur2 is deterministic), so this also
        // shows the consumer read every partition.
        assertEquals(3, got.stream().map(ConsumerRecord::partition).distinct().count());
    }

    @Test
    void createTopicIsIdempotent() throws Exception {
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        String topic = TestTopics.unique("idempotent");
        kafka.createTopic(topic, 2);
        kafka.createTopic(topic, 2);
        // An existing topic is left alone, even when asked for another partition count.
        kafka.createTopic(topic, 5);
        kafka.createTopics(topic, TestTopics.unique("other"));

        try (Admin admin = kafka.admin()) {
            TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertEquals(2, d.partitions().size());
        }
    }

    @Test
    void sharedBrokerIsOnePerJvmAndLocal() {
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        assertSame(kafka, SharedInfrastructure.kafka());
        assertTrue(kafka.isRunning());
        assertTrue(kafka.bootstrapServers().startsWith("localhost:"), kafka.bootstrapServers());
        assertTrue(kafka.pid() > 0);
    }

    @Test
    void autoCreateIsOffSoTopicNameTyposFail() throws Exception {
        EmbeddedKafkaBroker kafka = SharedInfrastructure.kafka();
        try (Admin admin = kafka.admin()) {
            String config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get().values().iterator().next()
                    .get("auto.create.topics.enable").value();
            assertEquals("false", config);
        }
    }
}
