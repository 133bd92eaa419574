package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.Prediction;
import io.tributary.runtime.kafka.EmbeddedKafkaBroker;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.TributaryConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker dies (SIGKILL) in the middle of a run and comes back on the same ports and data. The processor must
 * recover by itself, and every acknowledged event must end up with exactly one committed prediction: nothing lost,
 * nothing predicted twice, and each key's model versions still growing (no model restarted from zero).
 */
@ExtendWith(SharedInfrastructure.class)
class BrokerRestartIT {

    static final int EVENTS = 12_000;

    @Test
    void theProcessorRidesOutABrokerCrashWithExactlyOnceOutput() throws Exception {
        TributaryConfig config = ItSupport.config("broker-crash", "", ItSupport.HYPERPLANE_MODEL);
        String topic = config.processor().featuresTopic();
        EmbeddedKafkaBroker broker = SharedInfrastructure.kafka();
        HyperplaneEvents events = new HyperplaneEvents(17, 30);
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry())) {
            Thread feed = Thread.ofPlatform().name("crash-feed").start(() -> {
                // acks=all and idempotence: a send is acknowledged only once it is durable, and retries across the
                // outage never duplicate it.
                try (KafkaProducer<String, FeatureEvent> producer = ItSupport.producer(EventSerdes.featureEventsJson().serializer())) {
                    for (int i = 0; i < EVENTS; i++) {
                        producer.send(new ProducerRecord<>(topic, events.key(), events.next()));
                        if (i % 200 == 199) {
                            Thread.sleep(100);
                        }
                    }
                    producer.flush();
                } catch (Throwable t) {
                    feedFailure.set(t);
                }
            });
            Thread.sleep(2500);
            broker.kill();
            Thread.sleep(2000);
            broker.restart();
            feed.join(Duration.ofMinutes(3));
            assertEquals(null, feedFailure.get(), "the feed was acknowledged after the broker came back");

            List<ConsumerRecord<String, Prediction>> out = ItSupport.drain(config.processor().predictionsTopic(), ItSupport.strings(),
                    EventSerdes.predictionsJson().deserializer(), EVENTS, Duration.ofSeconds(180));
            Set<String> ids = new HashSet<>();
            Map<String, Long> lastVersion = new HashMap<>();
            for (ConsumerRecord<String, Prediction> r : out) {
                assertTrue(ids.add(r.value().getEventId()), "duplicate prediction for " + r.value().getEventId());
                Long previous = lastVersion.put(r.key(), r.value().getModelVersion());
                assertTrue(previous == null || previous < r.value().getModelVersion(),
                        r.key() + ": version " + r.value().getModelVersion() + " after " + previous);
            }
            assertEquals(EVENTS, ids.size(), "every acknowledged event predicted exactly once");
            assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, processor.state(), "the processor recovered by itself");
        }
    }
}
