package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.Task;
import io.tributary.tribuo.TestStreams.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * The background path under load: the owner thread learns a stream that triggers a retrain every 40 events (far more
 * often than the worker can train, so most triggers coalesce) while another thread predicts without pause. Every
 * prediction it sees must be exactly the output of some complete model: before each swap, the swap hook records what
 * an independent copy of the new model (decoded from its protobuf bytes) predicts for the probes, and versions must
 * never go backwards.
 */
class ConcurrentSwapTest {

    private static final List<DenseVector> PROBES = List.of(DenseVector.of(0.5f, 0.5f), DenseVector.of(-0.3f, 0.8f),
            DenseVector.of(0.05f, -0.9f));

    @Test
    void predictionsOnlyEverComeFromCompleteModels() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        Map<Long, List<float[]>> expectedByVersion = new ConcurrentHashMap<>();
        try {
            TribuoConfig cfg = TribuoConfig.parse(new LearnerSpec("tribuo", Task.BINARY_CLASSIFICATION, 2, 0,
                    Map.of("trainer", "cart", "window", 300, "min_train", 100, "retrain_every", 40,
                            "max_depth", 6)));
            TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                    new TribuoLearner.Hooks(worker, System::currentTimeMillis, served -> {
                        Model<Label> copy = TribuoModels.fromProtobuf(served.protobuf(), Label.class);
                        List<float[]> outputs = new ArrayList<>();
                        for (DenseVector x : PROBES) {
                            float[] p = new float[2];
                            var prediction = copy.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL,
                                    new String[] {"f0", "f1"}, new double[] {x.values()[0], x.values()[1]}));
                            prediction.getOutputScores().forEach((k, v) -> p[Integer.parseInt(k)] = (float) v.getScore());
                            outputs.add(p);
                        }
                        expectedByVersion.put(served.version(), outputs);
                    }));
            List<Event> events = TestStreams.xor(6000, 31);
            for (Event e : events.subList(0, 100)) {
                c.learnOne(e.x(), e.label());
            }
            assertTrue(c.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(1, c.modelVersion());

            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<String> problem = new AtomicReference<>();
            long[] checked = new long[1];
            Thread predictor = new Thread(() -> {
                long lastVersion = 0;
                while (!done.get() && problem.get() == null) {
                    for (int i = 0; i < PROBES.size(); i++) {
                        long before = c.modelVersion();
                        float[] p = c.predictProbaOne(PROBES.get(i));
                        long after = c.modelVersion();
                        if (before < lastVersion) {
                            problem.set("version went back from " + lastVersion + " to " + before);
                        }
                        lastVersion = after;
                        boolean matches = false;
                        for (long v = before; v <= after; v++) {
                            List<float[]> expected = expectedByVersion.get(v);
                            matches |= expected != null && Arrays.equals(expected.get(i), p);
                        }
                        if (!matches) {
                            problem.set("probe " + i + " got " + Arrays.toString(p) + " between versions " + before
                                    + " and " + after);
                        }
                        checked[0]++;
                    }
                }
            }, "predictor");
            predictor.start();
            for (Event e : events.subList(100, events.size())) {
                c.learnOne(e.x(), e.label());
            }
            assertTrue(c.awaitIdle(Duration.ofSeconds(10)));
            done.set(true);
            predictor.join(10_000);
            assertEquals(null, problem.get());
            Map<String, Double> m = c.learnerMetrics();
            long versions = c.modelVersion();
            System.out.printf("%d predictions checked; %d model versions, %.0f triggers coalesced%n", checked[0],
                    versions, m.get("retrains_coalesced"));
            assertTrue(versions >= 2, "the stream swapped models while predicting: " + versions);
            assertEquals(1 + (6000 - 100) / 40, m.get("retrains") + m.get("retrains_coalesced"),
                    "every trigger (at event 100, then every 40 events) either trained or was coalesced");
            assertTrue(checked[0] > 100, "the predictor ran: " + checked[0]);
        } finally {
            worker.shutdownNow();
        }
    }
}
