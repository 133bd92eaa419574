package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.Prediction;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.TributaryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The model lives in a changelog-backed store: a new instance with an empty local state directory restores each
 * partition's model from the changelog and carries on learning from where the old one stopped.
 */
@ExtendWith(SharedInfrastructure.class)
class ModelRestoreIT {

    @Test
    void aNewInstanceWithNoLocalStateRestoresTheModelsFromTheChangelog() throws Exception {
        TributaryConfig first = ItSupport.config("restore", "", ItSupport.HYPERPLANE_MODEL);
        String topic = first.processor().featuresTopic();
        HyperplaneEvents events = new HyperplaneEvents(5, 12);
        int half = 3000;
        try (TributaryProcessor processor = ItSupport.start(first, new PrometheusRegistry())) {
            produce(topic, events, half);
            ItSupport.drain(first.processor().predictionsTopic(), ItSupport.strings(), EventSerdes.predictionsJson().deserializer(),
                    half, Duration.ofSeconds(60));
        }
        // Same application id and topics, but a brand-new state directory: nothing local to recover from.
        TributaryConfig second = ItSupport.withFreshStateDir(first, ItSupport.HYPERPLANE_MODEL);
        try (TributaryProcessor processor = ItSupport.start(second, new PrometheusRegistry())) {
            produce(topic, events, half);
            List<ConsumerRecord<String, Prediction>> out = ItSupport.drain(first.processor().predictionsTopic(), ItSupport.strings(),
                    EventSerdes.predictionsJson().deserializer(), 2 * half, Duration.ofSeconds(90));
            assertEquals(2 * half, out.size(), "one prediction per event across the restart");
            Set<String> ids = new HashSet<>();
            Map<String, Long> lastVersion = new HashMap<>();
            for (ConsumerRecord<String, Prediction> r : out) {
                assertTrue(ids.add(r.value().getEventId()), "duplicate " + r.value().getEventId());
                Long previous = lastVersion.put(r.key(), r.value().getModelVersion());
                // Had the second instance started from a fresh model, versions would drop back towards 0 here.
                assertTrue(previous == null || previous < r.value().getModelVersion(),
                        r.key() + ": version " + r.value().getModelVersion() + " after " + previous);
            }
            long totalUpdates = processor.metrics().model("hyperplane").labelledCount();
            assertEquals(half, totalUpdates, "the second instance learned only the new half");
            assertTrue(processor.metrics().model("hyperplane").version() > half / 3,
                    "a restored replica's version counts the first half too");
        }
    }

    private static void produce(String topic, HyperplaneEvents events, int n) {
        try (KafkaProducer<String, FeatureEvent> producer = ItSupport.producer(EventSerdes.featureEventsJson().serializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, events.key(), events.next()));
            }
            producer.flush();
        }
    }

}
