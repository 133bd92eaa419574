package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.runtime.testing.TestClients;
import io.tributary.streams.config.TributaryConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delayed labels on the real broker: features keyed by entity on 2 partitions, labels keyed by event id on 3, so a
 * label lands on a different partition than its event. Every label must find its prediction, travel back to the task
 * that holds the model, be scored against the original prediction and learned from exactly once.
 */
@ExtendWith(SharedInfrastructure.class)
class DelayedLabelsIT {

    @Test
    void labelsKeyedByEventIdReachTheModelThatPredictedTheEvent() throws Exception {
        String labels = io.tributary.runtime.testing.TestTopics.unique("labels");
        TributaryConfig config = ItSupport.config("delayed", "topics.partitions: 2\nlabels.enabled: true\ntopic.labels: " + labels, """
                - name: clf
                  task: binary_classification
                  algorithm: logistic_regression
                  features: {layout: dense, dimension: 2}
                  hyperparameters: {optimizer: sgd, learning_rate: 0.5}
                """);
        String bootstrap = SharedInfrastructure.bootstrapServers();
        SharedInfrastructure.kafka().createTopics(List.of(new NewTopic(labels, 3, (short) 1)));
        int n = 3000;
        Random random = new Random(5);
        int[] truth = new int[n];
        Map<String, String> events = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian();
            truth[i] = x > 0 ? 1 : 0;
            events.put("entity-" + i, "{\"eventId\":\"e" + i + "\",\"dense\":[" + x + ",1]}");
        }
        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry())) {
            TestClients.produce(bootstrap, config.processor().featuresTopic(), events);
            assertEquals(n, TestClients.consume(bootstrap, config.processor().predictionsTopic(), n, Duration.ofSeconds(60)).size());
            Map<String, String> labelRecords = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                labelRecords.put("e" + i, "{\"eventId\":\"e" + i + "\",\"label\":" + truth[i] + "}");
            }
            TestClients.produce(bootstrap, labels, labelRecords);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (processor.metrics().delayedLabelCount("learned") < n && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(n, processor.metrics().delayedLabelCount("joined"));
            assertEquals(n, processor.metrics().delayedLabelCount("learned"), "every label reached its model once");
            assertEquals(n, processor.metrics().model("clf").labelledCount());
            assertTrue(processor.metrics().model("clf").version() > n / 3, "the replicas learned: version " + processor.metrics().model("clf").version());
            assertEquals(0, processor.metrics().deadLetteredCount());
        }
    }
}
