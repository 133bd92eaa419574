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
import java.util.ArrayList;
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
 * Scale out and back in while events stream: instances join one consumer group one after another, then one leaves.
 * Each rebalance moves partitions, and with them each partition's model (restored from the changelog by the
 * instance that takes the task over). Every event must get exactly one committed prediction, and every key's model
 * versions must keep growing across the moves: a replica that restarted from scratch would drop back to 0.
 */
@ExtendWith(SharedInfrastructure.class)
class ScaleOutIT {

    static final int EVENTS = 16_000;

    @Test
    void instancesJoiningAndLeavingShareThePartitionsAndTheModelsMoveWithThem() throws Exception {
        TributaryConfig first = ItSupport.config("scale", "topics.partitions: 4", ItSupport.HYPERPLANE_MODEL);
        String topic = first.processor().featuresTopic();
        HyperplaneEvents events = new HyperplaneEvents(11, 40);
        AtomicReference<Throwable> feedFailure = new AtomicReference<>();
        List<TributaryProcessor> instances = new ArrayList<>();
        List<String> timeline = new ArrayList<>();
        try {
            instances.add(ItSupport.start(first, new PrometheusRegistry()));
            Thread feed = Thread.ofPlatform().name("scale-feed").start(() -> {
                try (KafkaProducer<String, FeatureEvent> producer = ItSupport.producer(EventSerdes.featureEventsJson().serializer())) {
                    for (int i = 0; i < EVENTS; i++) {
                        producer.send(new ProducerRecord<>(topic, events.key(), events.next()));
                        if (i % 200 == 199) {
                            Thread.sleep(100); // ~2 000 events/s, so the rebalances happen mid-stream
                        }
                    }
                    producer.flush();
                } catch (Throwable t) {
                    feedFailure.set(t);
                }
            });
            Thread.sleep(2000);
            instances.add(ItSupport.start(ItSupport.withFreshStateDir(first, ItSupport.HYPERPLANE_MODEL), new PrometheusRegistry()));
            timeline.add("second instance running");
            Thread.sleep(2000);
            instances.add(ItSupport.start(ItSupport.withFreshStateDir(first, ItSupport.HYPERPLANE_MODEL), new PrometheusRegistry()));
            timeline.add("third instance running");
            Thread.sleep(2000);
            instances.remove(0).close(); // its tasks move to the others once its session expires
            timeline.add("first instance closed");
            feed.join(Duration.ofMinutes(2));
            assertEquals(null, feedFailure.get(), "the feed was acknowledged");

            List<ConsumerRecord<String, Prediction>> out = ItSupport.drain(first.processor().predictionsTopic(), ItSupport.strings(),
                    EventSerdes.predictionsJson().deserializer(), EVENTS, Duration.ofSeconds(120));
            Set<String> ids = new HashSet<>();
            Map<String, Long> lastVersion = new HashMap<>();
            for (ConsumerRecord<String, Prediction> r : out) {
                assertTrue(ids.add(r.value().getEventId()), "duplicate prediction for " + r.value().getEventId() + " " + timeline);
                Long previous = lastVersion.put(r.key(), r.value().getModelVersion());
                assertTrue(previous == null || previous < r.value().getModelVersion(),
                        r.key() + ": version " + r.value().getModelVersion() + " after " + previous + " " + timeline);
            }
            assertEquals(EVENTS, ids.size(), "every event predicted exactly once " + timeline);
            // The two instances left share the partitions, and each learned something after the moves.
            long learned = 0;
            for (TributaryProcessor p : instances) {
                long n = p.metrics().model("hyperplane").labelledCount();
                learned += n;
            }
            assertTrue(learned > 0 && learned < EVENTS, "the remaining instances learned part of the stream: " + learned);
        } finally {
            for (TributaryProcessor p : instances) {
                p.close();
            }
        }
    }
}
