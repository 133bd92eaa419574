package io.tributary.tribuo;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.ReportsMetrics;
import io.tributary.learn.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * A Tribuo batch model kept fresh on a stream: {@code learnOne} adds the event to a bounded window and, every
 * {@code retrain_every} events (or {@code retrain_interval_ms}), hands an immutable copy of the window to a
 * background thread that trains a new Tribuo model on it and swaps it in. {@link TribuoClassifier} and
 * {@link TribuoRegressor} are the two tasks.
 *
 * <p><b>Threads.</b> As for every {@link OnlineLearner}, one thread owns the learner and calls {@code learnOne}
 * (and snapshots it). Training and evaluation run on a single background thread per learner (a daemon that exits
 * after 30 s idle, so a discarded learner leaves no thread behind), or inline in {@code synchronous} mode. The served
 * model is an immutable {@link Served} holder (Tribuo model, version, protobuf bytes) behind one atomic reference:
 * predictions read it once and never block, never see a half-built model, and may come from any thread.
 *
 * <p><b>Coalescing.</b> At most one retrain waits: a trigger while a retrain runs replaces the waiting window copy
 * (counted in {@code retrains_coalesced}) instead of queueing another, so a slow trainer makes retrains rarer, never
 * a backlog. {@code learnOne} does O(1) work plus, on a trigger, a copy of the window's references (O(window) once
 * per {@code retrain_every} events).
 *
 * <p><b>Before the first model</b> (fewer than {@code min_train} events, or no retrain succeeded yet) predictions are
 * the prior: the class frequencies in the window, or the mean target of the window.
 *
 * <p><b>Evaluation.</b> Each new model is evaluated on the next {@code eval_events} labelled events that arrive after
 * it was swapped in (events it was not trained on), with Tribuo's evaluator, in the background; see
 * {@link #learnerMetrics()}. A model replaced before its events are complete is evaluated on those it got.
 *
 * @param <T> Tribuo's output type: {@code Label} or {@code Regressor}
 */
public abstract sealed class TribuoLearner<T extends Output<T>> implements OnlineLearner, ReportsMetrics
        permits TribuoClassifier, TribuoRegressor {

    /**
     * Tribuo logs several INFO lines per retrain (per tree for forests) through java.util.logging; a stream that
     * retrains every few seconds would drown its log in them. Unless the application set a level for
     * {@code org.tribuo} itself, it is set to WARNING. Held in a field because java.util.logging keeps loggers only
     * weakly, and a collected logger forgets its level.
     */
    private static final Logger TRIBUO_LOGGER = quietTribuo();

    /** The served model: immutable, swapped as a whole. {@code protobuf} is {@link TribuoModels#toProtobuf}'s. */
    record Served<T extends Output<T>>(Model<T> model, long version, byte[] protobuf) {
    }

    /**
     * Package-private seams: where the background work runs, the time trigger's clock, and a call made with each new
     * model just before it is swapped in (on the training thread).
     */
    record Hooks(Executor executor, LongSupplier clockMillis, Consumer<Served<?>> beforeSwap) {
        static Hooks of(TribuoConfig config) {
            Executor executor = config.synchronous() ? Runnable::run
                    : background("tributary-tribuo-" + config.trainer().configName());
            return new Hooks(executor, System::currentTimeMillis, s -> { });
        }
    }

    /** What a retrain trains on: the window at the trigger, and where the trigger stands in the learner's life. */
    private record RetrainJob(List<Row> rows, int invocation, long updates, long seen) {
    }

    private record EvalJob<T extends Output<T>>(Served<T> served, List<Row> rows) {
    }

    /** The learner's state besides its config, window and model, for the snapshot codec. */
    record Progress(long updates, long sinceTrigger, long triggers, boolean retrainPending, long retrains,
                    long failures, long coalesced, double lastRetrainSeconds, double lastSerializeSeconds,
                    Map<String, Double> evaluation) {
    }

    final TribuoConfig config;
    final FeatureNames features;
    final TrainingWindow window;
    private final Hooks hooks;
    private final Object swapLock = new Object();

    // Owned by the learner's thread.
    private long sinceTrigger;
    private long triggers;
    private long lastTriggerMillis;
    private boolean retrainOnNextEvent;
    private long evalVersion;
    private Served<T> evalModel;
    private List<Row> evalRows;

    // Read from any thread; written by the owner (updates, windowSize, coalesced) or the worker (the rest).
    private volatile long updates;
    private volatile int windowSize;
    private final AtomicLong coalesced = new AtomicLong();
    private volatile long retrains;
    private volatile long failures;
    private volatile double lastRetrainSeconds = Double.NaN;
    private volatile double lastSerializeSeconds = Double.NaN;
    private volatile String lastFailure;
    private volatile Map<String, Double> evaluation = Map.of();
    private volatile boolean retraining;

    private final AtomicReference<Served<T>> served = new AtomicReference<>();
    private final AtomicReference<RetrainJob> pendingRetrain = new AtomicReference<>();
    private final AtomicReference<EvalJob<T>> pendingEval = new AtomicReference<>();
    /** True while a drain task is queued or running: guarantees one worker at a time and at most one queued task. */
    private final AtomicBoolean draining = new AtomicBoolean();

    TribuoLearner(TribuoConfig config, TrainingWindow window, Hooks hooks) {
        this.config = Objects.requireNonNull(config, "config");
        this.window = Objects.requireNonNull(window, "window");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.features = new FeatureNames(config.dimension());
        this.lastTriggerMillis = hooks.clockMillis().getAsLong();
        this.windowSize = window.size();
    }

    static TrainingWindow newWindow(TribuoConfig config) {
        return config.windowKind() == TribuoConfig.WindowKind.SLIDING
                ? new SlidingWindow(config.window())
                : new ReservoirWindow(config.window(), config.seed());
    }

    // ---- what each task supplies ----

    abstract OutputFactory<T> factory();

    abstract Class<T> outputType();

    /** The Tribuo output for a stored target. */
    abstract T output(double y);

    abstract Model<T> train(Dataset<T> data, Model<T> servedModel, int invocation, Map<String, Provenance> run);

    /** Tribuo's evaluation of {@code model} on {@code data}, as metric name to value. */
    abstract Map<String, Double> evaluate(Model<T> model, Dataset<T> data);

    /** Whether Tribuo's evaluator can score {@code model} on {@code row} (a classifier must know the row's class). */
    abstract boolean evaluable(Model<T> model, Row row);

    /** Keeps the prior in step with the window: {@code added} came in, {@code left} (maybe null) went out. */
    abstract void windowChanged(Row added, Row left);

    /** Checks a model's outputs before {@link #install}: throws IllegalArgumentException when they do not fit. */
    abstract void checkOutputs(Model<T> model);

    // ---- learning ----

    /** Adds one labelled event; called by the typed {@code learnOne}s after they checked the target. */
    final void learn(Row row) {
        checkDimension(row.x());
        if (!row.x().isFinite()) {
            throw new IllegalArgumentException("features must be finite (no NaN or infinity)");
        }
        Row left = window.add(row);
        windowChanged(row, left);
        windowSize = window.size();
        updates++;
        sinceTrigger++;
        collectHeldOut(row);
        if (retrainDue()) {
            trigger();
        }
    }

    private boolean retrainDue() {
        if (retrainOnNextEvent) {
            return true;
        }
        if (triggers == 0) {
            return updates >= config.minTrain();
        }
        if (sinceTrigger >= config.retrainEvery()) {
            return true;
        }
        return config.retrainIntervalMs() > 0
                && hooks.clockMillis().getAsLong() - lastTriggerMillis >= config.retrainIntervalMs();
    }

    private void trigger() {
        retrainOnNextEvent = false;
        int invocation = (int) Math.min(triggers, Integer.MAX_VALUE);
        triggers++;
        sinceTrigger = 0;
        lastTriggerMillis = hooks.clockMillis().getAsLong();
        RetrainJob job = new RetrainJob(window.snapshot(), invocation, updates, window.seen());
        if (pendingRetrain.getAndSet(job) != null) {
            coalesced.incrementAndGet();
        }
        kick();
    }

    /** The held-out events of the served model: the first {@code eval_events} that arrive after its swap. */
    private void collectHeldOut(Row row) {
        if (config.evalEvents() == 0) {
            return;
        }
        Served<T> current = served.get();
        if (current == null) {
            return;
        }
        if (current.version() != evalVersion) {
            flushHeldOut();
            evalVersion = current.version();
            evalModel = current;
            evalRows = new ArrayList<>(Math.min(config.evalEvents(), 1024));
        }
        if (evalRows != null) {
            evalRows.add(row);
            if (evalRows.size() == config.evalEvents()) {
                flushHeldOut();
            }
        }
    }

    private void flushHeldOut() {
        if (evalRows != null && !evalRows.isEmpty()) {
            pendingEval.set(new EvalJob<>(evalModel, List.copyOf(evalRows)));
            kick();
        }
        evalRows = null;
    }

    // ---- the background worker ----

    private void kick() {
        if (draining.compareAndSet(false, true)) {
            try {
                hooks.executor().execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        do {
            try {
                while (true) {
                    EvalJob<T> e = pendingEval.getAndSet(null);
                    if (e != null) {
                        runEvaluation(e);
                    }
                    // Flagged before the job is taken, so that a snapshot (which reads the pending job first, then
                    // this flag) never sees a retrain as neither pending nor running.
                    retraining = true;
                    RetrainJob r = pendingRetrain.getAndSet(null);
                    if (r != null) {
                        retrain(r);
                    }
                    retraining = false;
                    if (e == null && r == null) {
                        break;
                    }
                }
            } finally {
                retraining = false;
                draining.set(false);
            }
            // A job may have arrived between the last empty poll and the reset; whoever wins the flag runs it.
        } while ((pendingEval.get() != null || pendingRetrain.get() != null) && draining.compareAndSet(false, true));
    }

    private void retrain(RetrainJob job) {
        long start = System.nanoTime();
        try {
            Served<T> before = served.get();
            Model<T> previous = before == null ? null : before.model();
            MutableDataset<T> data = dataset(job.rows(), "tributary " + config.windowKind().configName()
                    + " window of " + job.rows().size() + " events");
            Map<String, Provenance> run = new LinkedHashMap<>();
            run.put("tributary-learner", new StringProvenance("tributary-learner",
                    TribuoConfig.ALGORITHM + "/" + config.trainer().configName()));
            run.put("tributary-window-kind", new StringProvenance("tributary-window-kind",
                    config.windowKind().configName()));
            run.put("tributary-window-rows", new LongProvenance("tributary-window-rows", job.rows().size()));
            run.put("tributary-events-seen", new LongProvenance("tributary-events-seen", job.updates()));
            run.put("tributary-retrain", new LongProvenance("tributary-retrain", job.invocation()));
            run.put("tributary-warm-start", new BooleanProvenance("tributary-warm-start",
                    Trainers.warm(config, previous)));
            Model<T> model = train(data, previous, job.invocation(), run);
            long trained = System.nanoTime();
            // Serialised here, off the owner's thread, once per model: snapshots and publishing reuse the bytes.
            byte[] protobuf = TribuoModels.toProtobuf(model);
            lastSerializeSeconds = (System.nanoTime() - trained) / 1e9;
            publish(model, protobuf);
            lastRetrainSeconds = (trained - start) / 1e9;
            retrains++;
        } catch (RuntimeException | LinkageError e) {
            // A window Tribuo cannot train on (one class for XGBoost, say) keeps the served model; the next trigger
            // tries again. Errors beyond linkage (out of memory) propagate.
            failures++;
            lastFailure = e.toString();
        }
    }

    private void publish(Model<T> model, byte[] protobuf) {
        synchronized (swapLock) {
            Served<T> before = served.get();
            Served<T> next = new Served<>(model, (before == null ? 0 : before.version()) + 1, protobuf);
            hooks.beforeSwap().accept(next);
            served.set(next);
        }
    }

    private void runEvaluation(EvalJob<T> job) {
        try {
            Model<T> model = job.served().model();
            List<Row> usable = new ArrayList<>(job.rows().size());
            for (Row r : job.rows()) {
                if (evaluable(model, r)) {
                    usable.add(r);
                }
            }
            Map<String, Double> out = new LinkedHashMap<>();
            if (!usable.isEmpty()) {
                Map<String, Double> scores = evaluate(model, dataset(usable, "tributary held-out events after "
                        + "model version " + job.served().version()));
                scores.forEach((k, v) -> {
                    if (Double.isFinite(v)) {
                        out.put(k, v);
                    }
                });
            }
            out.put("tribuo_eval_events", (double) usable.size());
            out.put("tribuo_eval_skipped_events", (double) (job.rows().size() - usable.size()));
            out.put("tribuo_eval_model_version", (double) job.served().version());
            evaluation = Collections.unmodifiableMap(out);
        } catch (RuntimeException e) {
            lastFailure = "evaluation: " + e;
        }
    }

    MutableDataset<T> dataset(List<Row> rows, String description) {
        OutputFactory<T> factory = factory();
        MutableDataset<T> data = new MutableDataset<>(new SimpleDataSourceProvenance(description, factory), factory);
        for (Row r : rows) {
            data.add(features.example(r.x(), output(r.y())));
        }
        return data;
    }

    // ---- predicting ----

    /**
     * The served model's prediction for {@code x}, or null when the prior applies: no model yet, or (sparse input)
     * none of {@code x}'s features is known to the model.
     */
    final Prediction<T> modelPrediction(FeatureVector x) {
        checkDimension(x);
        Served<T> current = served.get();
        if (current == null || !features.anyKnown(x, current.model().getFeatureIDMap())) {
            return null;
        }
        return current.model().predict(features.example(x, factory().getUnknownOutput()));
    }

    final void checkDimension(FeatureVector x) {
        Objects.requireNonNull(x, "x");
        if (x.dimension() != config.dimension()) {
            throw new IllegalArgumentException("expected dimension " + config.dimension() + ", got " + x.dimension());
        }
    }

    // ---- the served model ----

    /** The version of the served model: retrains completed plus models installed; 0 while the prior is served. */
    public long modelVersion() {
        Served<T> current = served.get();
        return current == null ? 0 : current.version();
    }

    /** The served Tribuo model, if one has been trained (or installed, or restored). */
    public Optional<Model<T>> currentModel() {
        Served<T> current = served.get();
        return current == null ? Optional.empty() : Optional.of(current.model());
    }

    /** The served model in {@link TribuoModels#FORMAT} (computed when it was trained), e.g. to publish it. */
    public Optional<byte[]> currentModelProtobuf() {
        Served<T> current = served.get();
        return current == null ? Optional.empty() : Optional.of(current.protobuf().clone());
    }

    /**
     * Serves {@code model} from now on (the hot-swap path: a model trained elsewhere, e.g. read with
     * {@link TribuoModels#fromProtobuf(byte[], Class)}), as the next version. The next retrain replaces it as usual.
     *
     * @throws IllegalArgumentException when the model predicts another output type, or knows features or classes
     *                                  this learner does not have ({@code f0..f{d-1}}, classes {@code 0..K-1})
     */
    public void install(Model<T> model) {
        Objects.requireNonNull(model, "model");
        if (!model.validate(outputType())) {
            throw new IllegalArgumentException("the model does not predict " + outputType().getSimpleName());
        }
        for (VariableInfo v : model.getFeatureIDMap()) {
            if (features.coordinate(v.getName()) < 0) {
                throw new IllegalArgumentException("the model knows feature '" + v.getName() + "', which is not one of "
                        + "this learner's f0..f" + (config.dimension() - 1));
            }
        }
        checkOutputs(model);
        publish(model, TribuoModels.toProtobuf(model));
    }

    /**
     * Installs a model given as Tribuo protobuf bytes ({@link TribuoModels#FORMAT}, e.g. from the models topic): read as
     * this learner's output type, then as {@link #install}.
     *
     * @throws IllegalArgumentException when the bytes are not such a model, or the model does not fit this learner
     */
    public void installProtobuf(byte[] bytes) {
        install(TribuoModels.fromProtobuf(bytes, outputType()));
    }

    /** The last retrain's or evaluation's failure, if any failed. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Waits until no retrain or evaluation is waiting or running (or the timeout passes); for tests, benchmarks and
     * orderly shutdown. Returns whether the learner is idle.
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (draining.get() || pendingRetrain.get() != null || pendingEval.get() != null) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /**
     * {@code model_version}, {@code retrains}, {@code retrain_failures}, {@code retrains_coalesced},
     * {@code retrain_seconds_last} (window-to-dataset conversion and training of the last successful retrain),
     * {@code model_serialize_seconds_last} (its protobuf serialisation, also on the training thread),
     * {@code model_bytes} (the served model's protobuf size), {@code window_size}, then the latest evaluation: {@code tribuo_accuracy} and {@code tribuo_macro_f1}
     * (classification) or {@code tribuo_rmse}, {@code tribuo_mae} and {@code tribuo_r2} (regression), with
     * {@code tribuo_eval_events} (events scored), {@code tribuo_eval_skipped_events} (events of a class the model
     * never saw, which Tribuo's evaluator cannot score) and {@code tribuo_eval_model_version}.
     */
    @Override
    public Map<String, Double> learnerMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("model_version", (double) modelVersion());
        m.put("retrains", (double) retrains);
        m.put("retrain_failures", (double) failures);
        m.put("retrains_coalesced", (double) coalesced.get());
        double seconds = lastRetrainSeconds;
        if (!Double.isNaN(seconds)) {
            m.put("retrain_seconds_last", seconds);
        }
        double serialize = lastSerializeSeconds;
        if (!Double.isNaN(serialize)) {
            m.put("model_serialize_seconds_last", serialize);
        }
        Served<T> current = served.get();
        if (current != null) {
            m.put("model_bytes", (double) current.protobuf().length);
        }
        m.put("window_size", (double) windowSize);
        m.putAll(evaluation);
        return Collections.unmodifiableMap(m);
    }

    // ---- OnlineLearner ----

    @Override
    public Task task() {
        return config.task();
    }

    @Override
    public int dimension() {
        return config.dimension();
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public String algorithm() {
        return TribuoConfig.ALGORITHM;
    }

    public TribuoConfig config() {
        return config;
    }

    // ---- snapshot support ----

    Served<T> served() {
        return served.get();
    }

    /**
     * The state the codec stores; call on the owner thread, before {@link #served()}. A retrain counts as pending
     * when its job waits or runs (read in that order: the worker raises its flag before taking the job), so that a
     * decoded learner redoes a retrain the snapshot may not contain; at worst it redoes one that it does contain.
     */
    Progress progress() {
        boolean pending = pendingRetrain.get() != null || retraining || retrainOnNextEvent;
        return new Progress(updates, sinceTrigger, triggers, pending, retrains, failures, coalesced.get(),
                lastRetrainSeconds, lastSerializeSeconds, evaluation);
    }

    /** Puts a decoded learner back where it was; called once, right after construction. */
    void restore(Progress p, Model<T> model, long version, byte[] protobuf) {
        updates = p.updates();
        sinceTrigger = p.sinceTrigger();
        triggers = p.triggers();
        retrainOnNextEvent = p.retrainPending();
        retrains = p.retrains();
        failures = p.failures();
        coalesced.set(p.coalesced());
        lastRetrainSeconds = p.lastRetrainSeconds();
        lastSerializeSeconds = p.lastSerializeSeconds();
        evaluation = Collections.unmodifiableMap(new LinkedHashMap<>(p.evaluation()));
        for (int i = 0; i < window.size(); i++) {
            windowChanged(window.get(i), null);
        }
        windowSize = window.size();
        if (model != null) {
            if (model instanceof XGBoostModel<T> xgb) {
                xgb.setNumThreads(1);
            }
            served.set(new Served<>(model, version, protobuf));
        }
    }

    // ---- plumbing ----

    private static Executor background(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static Logger quietTribuo() {
        Logger logger = Logger.getLogger("org.tribuo");
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        return logger;
    }
}
