package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
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

/** The spine, end to end on a real KRaft broker: JSON feature events in, one prediction per event out. */
@ExtendWith(SharedInfrastructure.class)
class PredictLearnIT {

    static final int EVENTS = 20_000;

    @Test
    void everyLabelledEventGetsExactlyOnePredictionInPerKeyOrderAndTheModelLearns() throws Exception {
        TributaryConfig config = ItSupport.config("spine-json", "", ItSupport.HYPERPLANE_MODEL);
        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry())) {
            produce(config.processor().featuresTopic(), EventSerdes.featureEventsJson().serializer());
            List<ConsumerRecord<String, Prediction>> out = ItSupport.drain(config.processor().predictionsTopic(),
                    ItSupport.strings(), EventSerdes.predictionsJson().deserializer(), EVENTS, Duration.ofSeconds(180));
            checkSpine(out);
            assertEquals(EVENTS, processor.metrics().model("hyperplane").labelledCount());
        }
    }

    static void produce(String topic, org.apache.kafka.common.serialization.Serializer<FeatureEvent> serializer) {
        HyperplaneEvents events = new HyperplaneEvents(11, 50);
        try (KafkaProducer<String, FeatureEvent> producer = ItSupport.producer(serializer)) {
            for (int i = 0; i < EVENTS; i++) {
                String key = events.key();
                producer.send(new ProducerRecord<>(topic, key, events.next()));
            }
            producer.flush();
        }
    }

    /**
     * Exactly one prediction per event (no loss, no duplicate); per key, predictions come in production order with
     * growing model versions; and the online model is far better than chance on the drifting hyperplane.
     */
    static void checkSpine(List<ConsumerRecord<String, Prediction>> out) {
        assertEquals(EVENTS, out.size(), "one prediction per event, no more, no less");
        Set<String> ids = new HashSet<>();
        Map<String, Integer> lastSequence = new HashMap<>();
        Map<String, Long> lastVersion = new HashMap<>();
        Map<String, Long> firstVersion = new HashMap<>();
        for (ConsumerRecord<String, Prediction> r : out) {
            Prediction p = r.value();
            assertTrue(ids.add(p.getEventId()), "duplicate prediction for " + p.getEventId());
            assertEquals(r.key(), p.getKey());
            assertEquals("hyperplane", p.getModel());
            int seq = HyperplaneEvents.sequenceOf(p.getEventId());
            Integer before = lastSequence.put(r.key(), seq);
            assertTrue(before == null || before < seq, "key " + r.key() + ": event " + seq + " after " + before);
            Long prevVersion = lastVersion.put(r.key(), p.getModelVersion());
            assertTrue(prevVersion == null || prevVersion < p.getModelVersion(),
                    "key " + r.key() + ": model version " + p.getModelVersion() + " after " + prevVersion);
            firstVersion.putIfAbsent(r.key(), p.getModelVersion());
        }
        // Each key's partition model learned from thousands of events between its first and last prediction.
        lastVersion.forEach((k, v) -> assertTrue(v - firstVersion.get(k) > 1000, "model of " + k + " grew from "
                + firstVersion.get(k) + " to " + v));

        // Prequential accuracy: predictions are made before learning, so this is honest test-then-train accuracy.
        List<ConsumerRecord<String, Prediction>> sorted = out.stream()
                .sorted(java.util.Comparator.comparingInt(r -> HyperplaneEvents.sequenceOf(r.value().getEventId()))).toList();
        int correct = 0;
        int total = 0;
        for (ConsumerRecord<String, Prediction> r : sorted.subList(EVENTS / 2, EVENTS)) {
            double label = ((Number) r.value().getLabel()).doubleValue();
            correct += r.value().getPrediction() == label ? 1 : 0;
            total++;
        }
        double accuracy = correct / (double) total;
        System.out.printf("prequential accuracy over the second half of %d hyperplane events: %.4f%n", EVENTS, accuracy);
        // Measured 0.86 (SGD, lr 0.1); chance is 0.5 and 5% label noise caps it near 0.95.
        assertTrue(accuracy > 0.80, "accuracy " + accuracy + " should be far above chance (0.5)");
    }
}
