package io.tributary.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import io.tributary.learn.DenseVector;
import io.tributary.learn.LearnerSpec;
import io.tributary.learn.SparseVector;
import io.tributary.learn.Task;
import io.tributary.tribuo.TestStreams.Event;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Retrain schedule, predictions, evaluation, coalescing and installs, mostly in the deterministic synchronous mode. */
class TribuoLearnerTest {

    private static TribuoConfig config(Task task, Object... keyValues) {
        java.util.Map<String, Object> hp = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            hp.put((String) keyValues[i], keyValues[i + 1]);
        }
        return TribuoConfig.parse(new LearnerSpec("tribuo", task, 2, 0, hp));
    }

    /** A CART classifier trained by hand on {@code events}, with the names and settings the learner uses. */
    private static Model<Label> cartByHand(List<Event> events) {
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("by hand", f), f);
        for (Event e : events) {
            data.add(new ArrayExample<>(new Label(Integer.toString(e.label())), new String[] {"f0", "f1"},
                    new double[] {e.x().values()[0], e.x().values()[1]}));
        }
        return new CARTClassificationTrainer(12, 5f, 0f, 1f, false, new GiniIndex(), 12345L).train(data);
    }

    private static float[] byHand(Model<Label> model, DenseVector x) {
        var p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"f0", "f1"},
                new double[] {x.values()[0], x.values()[1]}));
        float[] out = new float[2];
        p.getOutputScores().forEach((name, label) -> out[Integer.parseInt(name)] = (float) label.getScore());
        return out;
    }

    @Test
    void retrainsAtMinTrainThenEveryRetrainEveryEvents() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 30, "min_train", 10,
                "retrain_every", 7);
        List<Event> events = TestStreams.xor(60, 3);
        for (int i = 0; i < events.size(); i++) {
            c.learnOne(events.get(i).x(), events.get(i).label());
            int n = i + 1;
            long expected = n < 10 ? 0 : 1 + (n - 10) / 7;
            assertEquals(expected, c.modelVersion(), "after " + n + " events");
            assertEquals(n, c.updates());
        }
        Map<String, Double> m = c.learnerMetrics();
        assertEquals(8.0, m.get("retrains"));
        assertEquals(0.0, m.get("retrains_coalesced"));
        assertEquals(30.0, m.get("window_size"));
        assertTrue(m.get("retrain_seconds_last") > 0);
    }

    @Test
    void theServedModelIsTheTribuoModelOfTheWindow() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 40, "min_train", 25,
                "retrain_every", 1000);
        List<Event> events = TestStreams.xor(100, 11);
        for (Event e : events.subList(0, 25)) {
            c.learnOne(e.x(), e.label());
        }
        Model<Label> expected = cartByHand(events.subList(0, 25));
        for (Event probe : TestStreams.xor(200, 12)) {
            assertArrayEquals(byHand(expected, probe.x()), c.predictProbaOne(probe.x()), 1e-7f);
        }
        // Sparse input names the same features: (a, b) as indices {1, 0} gives the dense prediction.
        DenseVector dense = DenseVector.of(0.3f, -0.6f);
        assertArrayEquals(c.predictProbaOne(dense),
                c.predictProbaOne(new SparseVector(2, new int[] {1, 0}, new float[] {-0.6f, 0.3f})));
        assertEquals(List.of("f0", "f1"), c.currentModel().orElseThrow().getFeatureIDMap().keySet().stream()
                .sorted().toList());
    }

    @Test
    void retrainsOnTheClockToo() {
        AtomicLong now = new AtomicLong(1_000);
        TribuoConfig cfg = config(Task.BINARY_CLASSIFICATION, "trainer", "cart", "min_train", 5,
                "retrain_every", 1000, "retrain_interval_ms", 100);
        TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                new TribuoLearner.Hooks(Runnable::run, now::get, s -> { }));
        List<Event> events = TestStreams.xor(40, 5);
        int i = 0;
        for (; i < 5; i++) {
            c.learnOne(events.get(i).x(), events.get(i).label());
        }
        assertEquals(1, c.modelVersion(), "min_train reached");
        now.addAndGet(99);
        c.learnOne(events.get(i).x(), events.get(i++).label());
        assertEquals(1, c.modelVersion(), "99 ms is not yet the interval");
        now.addAndGet(1);
        c.learnOne(events.get(i).x(), events.get(i++).label());
        assertEquals(2, c.modelVersion(), "100 ms after the last retrain, with new events");
        now.addAndGet(30);
        c.learnOne(events.get(i).x(), events.get(i++).label());
        assertEquals(2, c.modelVersion(), "the interval restarts at each retrain");
    }

    @Test
    void evaluatesEachNewModelOnTheEventsAfterItsSwap() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "window", 100, "min_train", 60,
                "retrain_every", 500, "eval_events", 40, "max_depth", 2);
        List<Event> events = TestStreams.rings(200, 8);
        for (Event e : events.subList(0, 60)) {
            c.learnOne(e.x(), e.label() == 0 ? 1 : 0);
        }
        assertEquals(1, c.modelVersion());
        Model<Label> model = c.currentModel().orElseThrow();
        int[][] confusion = new int[2][2];
        for (Event e : events.subList(60, 100)) {
            int truth = e.label() == 0 ? 1 : 0;
            confusion[truth][c.predictOne(e.x())]++;
            c.learnOne(e.x(), truth);
        }
        Map<String, Double> m = c.learnerMetrics();
        double accuracy = (confusion[0][0] + confusion[1][1]) / 40.0;
        double f1Zero = 2.0 * confusion[0][0] / (2 * confusion[0][0] + confusion[1][0] + confusion[0][1]);
        double f1One = 2.0 * confusion[1][1] / (2 * confusion[1][1] + confusion[0][1] + confusion[1][0]);
        assertTrue(accuracy > 0.5 && accuracy < 1, "a depth-2 tree on rings errs sometimes: " + accuracy);
        assertEquals(accuracy, m.get("tribuo_accuracy"), 1e-12);
        assertEquals((f1Zero + f1One) / 2, m.get("tribuo_macro_f1"), 1e-12);
        assertEquals(40.0, m.get("tribuo_eval_events"));
        assertEquals(0.0, m.get("tribuo_eval_skipped_events"));
        assertEquals(1.0, m.get("tribuo_eval_model_version"));
        assertEquals(model, c.currentModel().orElseThrow(), "no retrain in between");
    }

    @Test
    void regressionEvaluationMatchesAHandComputation() {
        TribuoRegressor r = TestStreams.regressor("trainer", "linear_sgd", "min_train", 200, "retrain_every", 10_000,
                "eval_events", 50);
        List<Event> events = TestStreams.linear(250, 0.2, 21);
        for (Event e : events.subList(0, 200)) {
            r.learnOne(e.x(), e.y());
        }
        double sse = 0;
        double sae = 0;
        double mean = events.subList(200, 250).stream().mapToDouble(Event::y).average().orElseThrow();
        double sst = 0;
        for (Event e : events.subList(200, 250)) {
            double err = r.predictOne(e.x()) - e.y();
            sse += err * err;
            sae += Math.abs(err);
            sst += (e.y() - mean) * (e.y() - mean);
            r.learnOne(e.x(), e.y());
        }
        Map<String, Double> m = r.learnerMetrics();
        assertEquals(Math.sqrt(sse / 50), m.get("tribuo_rmse"), 1e-9);
        assertEquals(sae / 50, m.get("tribuo_mae"), 1e-9);
        assertEquals(1 - sse / sst, m.get("tribuo_r2"), 1e-9);
        assertTrue(m.get("tribuo_r2") > 0.9, "a linear target: " + m);
    }

    @Test
    void eventsOfAClassTheModelNeverSawAreCountedNotScored() {
        TribuoClassifier c = (TribuoClassifier) TestStreams.learner(Task.MULTICLASS_CLASSIFICATION, 2, 3,
                "trainer", "cart", "min_train", 20, "retrain_every", 1000, "eval_events", 10);
        List<Event> events = TestStreams.xor(30, 2);
        for (Event e : events.subList(0, 20)) {
            c.learnOne(e.x(), e.label());
        }
        for (int i = 20; i < 30; i++) {
            c.learnOne(events.get(i).x(), i % 2 == 0 ? 2 : events.get(i).label());
        }
        Map<String, Double> m = c.learnerMetrics();
        assertEquals(5.0, m.get("tribuo_eval_events"));
        assertEquals(5.0, m.get("tribuo_eval_skipped_events"));
        assertEquals(0f, c.predictProbaOne(DenseVector.of(0.5f, 0.5f))[2], "a class never trained on");
    }

    @Test
    void triggersWaitingForTheWorkerAreCoalescedIntoOne() {
        ArrayDeque<Runnable> queued = new ArrayDeque<>();
        TribuoConfig cfg = config(Task.BINARY_CLASSIFICATION, "trainer", "cart", "window", 12, "min_train", 10,
                "retrain_every", 5);
        TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                new TribuoLearner.Hooks(queued::add, () -> 0L, s -> { }));
        List<Event> events = TestStreams.xor(20, 9);
        for (Event e : events) {
            c.learnOne(e.x(), e.label());
        }
        assertEquals(1, queued.size(), "one drain task for three triggers");
        assertEquals(2.0, c.learnerMetrics().get("retrains_coalesced"));
        assertEquals(0, c.modelVersion());
        queued.poll().run();
        assertTrue(queued.isEmpty());
        assertEquals(1, c.modelVersion(), "only the latest window was trained");
        var run = c.currentModel().orElseThrow().getProvenance().getInstanceProvenance().getMap();
        assertEquals(new LongProvenance("tributary-events-seen", 20), run.get("tributary-events-seen"));
        assertEquals(new LongProvenance("tributary-window-rows", 12), run.get("tributary-window-rows"));
        assertEquals(new LongProvenance("tributary-retrain", 2), run.get("tributary-retrain"),
                "the third trigger's invocation index");
    }

    @Test
    void triggersDuringARunningRetrainAreCoalescedAndRunAfterIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            TribuoConfig cfg = config(Task.BINARY_CLASSIFICATION, "trainer", "cart", "window", 50, "min_train", 10,
                    "retrain_every", 5);
            TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                    new TribuoLearner.Hooks(worker, System::currentTimeMillis, served -> {
                        if (served.version() == 1) {
                            entered.countDown();
                            await(release);
                        }
                    }));
            List<Event> events = TestStreams.xor(25, 4);
            for (Event e : events.subList(0, 10)) {
                c.learnOne(e.x(), e.label());
            }
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the first retrain reached its swap");
            for (Event e : events.subList(10, 25)) {
                c.learnOne(e.x(), e.label());
            }
            assertEquals(2.0, c.learnerMetrics().get("retrains_coalesced"), "triggers at 15 and 20 were replaced");
            assertEquals(0, c.modelVersion(), "nothing swapped while the first retrain is held");
            release.countDown();
            assertTrue(c.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(2, c.modelVersion());
            assertEquals(2.0, c.learnerMetrics().get("retrains"));
            assertEquals(new LongProvenance("tributary-events-seen", 25), c.currentModel().orElseThrow()
                    .getProvenance().getInstanceProvenance().getMap().get("tributary-events-seen"));
        } finally {
            release.countDown();
            worker.shutdownNow();
        }
    }

    @Test
    void aFailedRetrainKeepsTheServedModelAndIsCounted() {
        // The swap hook runs inside the retrain; throwing there stands for any failure of Tribuo's training.
        TribuoConfig cfg = config(Task.BINARY_CLASSIFICATION, "trainer", "cart", "min_train", 10,
                "retrain_every", 10);
        java.util.concurrent.atomic.AtomicBoolean failOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
        TribuoClassifier c = new TribuoClassifier(cfg, TribuoLearner.newWindow(cfg),
                new TribuoLearner.Hooks(Runnable::run, () -> 0L, served -> {
                    if (served.version() == 2 && failOnce.getAndSet(false)) {
                        throw new IllegalStateException("injected failure");
                    }
                }));
        List<Event> events = TestStreams.xor(30, 6);
        for (Event e : events.subList(0, 10)) {
            c.learnOne(e.x(), e.label());
        }
        Model<Label> first = c.currentModel().orElseThrow();
        for (Event e : events.subList(10, 20)) {
            c.learnOne(e.x(), e.label());
        }
        Map<String, Double> m = c.learnerMetrics();
        assertEquals(1.0, m.get("retrain_failures"));
        assertEquals(1.0, m.get("retrains"));
        assertEquals(first, c.currentModel().orElseThrow(), "still the first model");
        assertEquals(1, c.modelVersion());
        assertTrue(c.lastFailure().orElseThrow().contains("injected failure"));
        for (Event e : events.subList(20, 30)) {
            c.learnOne(e.x(), e.label());
        }
        assertEquals(2.0, c.learnerMetrics().get("retrains"), "the next trigger trains again");
    }

    @Test
    void installServesAModelTrainedElsewhereAfterCheckingIt() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart", "min_train", 1000);
        List<Event> events = TestStreams.xor(80, 17);
        Model<Label> external = cartByHand(events);
        c.install(external);
        assertEquals(1, c.modelVersion());
        DenseVector probe = DenseVector.of(-0.4f, 0.7f);
        assertArrayEquals(byHand(external, probe), c.predictProbaOne(probe));

        LabelFactory f = new LabelFactory();
        MutableDataset<Label> wrong = new MutableDataset<>(new SimpleDataSourceProvenance("x", f), f);
        wrong.add(new ArrayExample<>(new Label("cat"), new String[] {"f0"}, new double[] {1}));
        wrong.add(new ArrayExample<>(new Label("0"), new String[] {"f0"}, new double[] {2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.install(new CARTClassificationTrainer(2).train(wrong)));
        assertTrue(e.getMessage().contains("class 'cat'"), e.getMessage());
        MutableDataset<Label> names = new MutableDataset<>(new SimpleDataSourceProvenance("x", f), f);
        names.add(new ArrayExample<>(new Label("1"), new String[] {"x0"}, new double[] {1}));
        e = assertThrows(IllegalArgumentException.class, () -> c.install(new CARTClassificationTrainer(2)
                .train(names)));
        assertTrue(e.getMessage().contains("feature 'x0'"), e.getMessage());
        assertEquals(1, c.modelVersion(), "rejected models are not served");
    }

    @Test
    void rejectsInputsOfTheWrongShape() {
        TribuoClassifier c = TestStreams.classifier("trainer", "cart");
        assertThrows(IllegalArgumentException.class, () -> c.learnOne(DenseVector.of(1f), 0));
        assertThrows(IllegalArgumentException.class, () -> c.learnOne(DenseVector.of(1f, Float.NaN), 0));
        assertThrows(IllegalArgumentException.class, () -> c.learnOne(DenseVector.of(1f, 2f), 2));
        assertThrows(IllegalArgumentException.class, () -> c.predictProbaOne(DenseVector.of(1f, 2f, 3f)));
        TribuoRegressor r = TestStreams.regressor("trainer", "cart");
        assertThrows(IllegalArgumentException.class, () -> r.learnOne(DenseVector.of(1f, 2f), Double.NaN));
        assertEquals(0, c.updates() + r.updates());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
