package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.processor.PredictLearnProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Malformed records on a real broker: every one lands in the DLQ with its reason, every good one is still predicted. */
@ExtendWith(SharedInfrastructure.class)
class DeadLetterIT {

    @Test
    void malformedRecordsAreDeadLetteredWithReasonsAndTheStreamGoesOn() throws Exception {
        TributaryConfig config = ItSupport.config("spine-dlq", "", ItSupport.HYPERPLANE_MODEL);
        String zeros16 = "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";
        Map<String, String> malformed = new HashMap<>();
        malformed.put("garbage", "\u0007\u0001binary junk");
        malformed.put("short-vector", "{\"dense\":[1.0,2.0,3.0],\"label\":1}");
        malformed.put("string-label", "{\"dense\":" + zeros16 + ",\"label\":\"maybe\"}");
        malformed.put("class-out-of-range", "{\"dense\":" + zeros16 + ",\"label\":3}");
        malformed.put("unknown-model", "{\"dense\":" + zeros16 + ",\"model\":\"nope\"}");
        malformed.put("typo-field", "{\"dens\":" + zeros16 + "}");
        Map<String, String> expectedReason = Map.of("garbage", "undecodable", "short-vector", "wrong_dimension",
                "string-label", "bad_label", "class-out-of-range", "bad_label", "unknown-model", "unknown_model",
                "typo-field", "undecodable");
        int good = 0;
        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry());
                KafkaProducer<String, byte[]> producer = ItSupport.producer(new ByteArraySerializer())) {
            String topic = config.processor().featuresTopic();
            for (int round = 0; round < 50; round++) {
                for (Map.Entry<String, String> bad : malformed.entrySet()) {
                    producer.send(new ProducerRecord<>(topic, "good-" + good, ("{\"eventId\":\"g" + good + "\",\"dense\":" + zeros16 + ",\"label\":0}").getBytes(StandardCharsets.UTF_8)));
                    good++;
                    producer.send(new ProducerRecord<>(topic, bad.getKey(), bad.getValue().getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
            int badCount = 50 * malformed.size();

            List<ConsumerRecord<byte[], byte[]>> dead = ItSupport.drainBytes(config.processor().dlqTopic(), badCount, Duration.ofSeconds(90));
            assertEquals(badCount, dead.size(), "every malformed record is in the DLQ, once");
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                String kind = new String(r.key(), StandardCharsets.UTF_8);
                assertEquals(malformed.get(kind), new String(r.value(), StandardCharsets.UTF_8), "original bytes kept");
                assertEquals(expectedReason.get(kind), header(r, PredictLearnProcessor.HEADER_REASON), "reason of " + kind);
                assertNotNull(header(r, PredictLearnProcessor.HEADER_MESSAGE));
                assertEquals(topic, header(r, PredictLearnProcessor.HEADER_SOURCE_TOPIC));
            }

            List<ConsumerRecord<byte[], byte[]>> predictions = ItSupport.drainBytes(config.processor().predictionsTopic(), good, Duration.ofSeconds(90));
            assertEquals(good, predictions.size(), "every good record around the bad ones was predicted");
            Set<String> keys = new HashSet<>();
            predictions.forEach(p -> keys.add(new String(p.key(), StandardCharsets.UTF_8)));
            assertEquals(good, keys.size());
            assertEquals(badCount, processor.metrics().deadLetteredCount());
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
