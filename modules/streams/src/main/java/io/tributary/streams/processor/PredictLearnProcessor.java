package io.tributary.streams.processor;

import io.tributary.events.EventDecodingException;
import io.tributary.events.FeatureEvent;
import io.tributary.events.FeatureEventDecoder;
import io.tributary.events.CandidateScore;
import io.tributary.events.ModelMetrics;
import io.tributary.events.SelectionScoreboard;
import io.tributary.events.Prediction;
import io.tributary.learn.FeatureVector;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.selection.Scoreboard;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.metrics.ProcessorMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import io.tributary.streams.state.ModelStateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import io.tributary.streams.swap.HotSwap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predict, then learn: for each feature event, every model it addresses predicts (the prediction goes to the
 * predictions topic); if the event is labelled, the prequential metrics are updated with that prediction and only
 * then does the model learn. Learning first would score the model on an example it has already seen.
 *
 * <p>Each stream task owns one replica of each model (a task is a partition); the replica lives in memory, and a
 * changed replica is encoded into the changelog-backed {@link ModelStateStore} once per commit, so under exactly-once
 * the snapshot, the outputs and the input offsets commit in one transaction and a restart resumes from exactly the
 * committed model.
 *
 * <p>Nothing is dropped: a record that cannot be decoded, or that a model cannot use, goes to the dead-letter topic
 * with its original bytes and the reason in headers, and processing goes on.
 */
public final class PredictLearnProcessor implements Processor<byte[], byte[], Object, Object> {

    public static final String PREDICTIONS_SINK = "predictions-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String MODEL_METRICS_SINK = "model-metrics-sink";
    public static final String MIXING_SINK = "mixing-sink";
    public static final String PENDING_SINK = "pending-sink";

    private static final org.apache.kafka.common.serialization.Deserializer<io.tributary.events.PendingPrediction> JOINED =
            io.tributary.events.EventSerdes.json(io.tributary.events.PendingPrediction.class).deserializer();

    public static final String HEADER_REASON = DeadLetters.HEADER_REASON;
    public static final String HEADER_MESSAGE = DeadLetters.HEADER_MESSAGE;
    public static final String HEADER_MODEL = DeadLetters.HEADER_MODEL;
    public static final String HEADER_SOURCE_TOPIC = DeadLetters.HEADER_SOURCE_TOPIC;
    public static final String HEADER_SOURCE_PARTITION = DeadLetters.HEADER_SOURCE_PARTITION;
    public static final String HEADER_SOURCE_OFFSET = DeadLetters.HEADER_SOURCE_OFFSET;

    private static final Logger LOG = LoggerFactory.getLogger(PredictLearnProcessor.class);
    /** Model selection: the gauges' copy of a replica's scoreboard is refreshed every this many labelled events. */
    private static final long SCOREBOARD_EVERY = 100;
    /** Keyed forecasters: the most series listed, most recently seen first, in one model-metrics record. */
    private static final int FORECAST_SERIES_PER_RECORD = 1000;

    private final List<ModelDefinition> definitions;
    private final String storeName;
    private final FeatureEventDecoder decoder;
    private final ProcessorMetrics metrics;

    private ProcessorContext<Object, Object> context;
    private ModelStateStore store;
    private final Map<String, LiveModel> models = new LinkedHashMap<>();
    /** Partition-scoped models: one replica each in this task. */
    private List<LiveModel> allModels;
    /** Partition-scoped models whose learner changes on another thread (Tribuo retrains). */
    private List<LiveModel> asyncModels = List.of();
    /** Keyed models: one replica per record key, by model name. */
    private final Map<String, KeyedModels> keyedModels = new LinkedHashMap<>();
    /** Every model this processor serves, in config order: a LiveModel or a KeyedModels. */
    private final Map<String, Object> served = new LinkedHashMap<>();
    private List<Object> allServed;

    private final long metricsEmitIntervalMs;
    private final HotSwap hotSwap;
    /** Delayed labels: the topic of joined labels coming back to this task, or null when delayed labels are off. */
    private final String labelJoinsTopic;
    /** Global models: the mirror of the mixing topic (the replicas' posts); null when no model is global. */
    private KeyValueStore<String, byte[]> mixingPosts;
    private long boardGeneration = -1;

    /**
     * @param hotSwap where snapshots from the models topic come from (the board and the global store that holds
     *                them), or null for a processor without hot swap (tests)
     * @param labelJoinsTopic delayed labels: the topic on which predictions joined with their labels come back (a
     *                second source of this processor), or null when delayed labels are off
     */
    public PredictLearnProcessor(List<ModelDefinition> definitions, String storeName, FeatureEventDecoder decoder,
            ProcessorMetrics metrics, long metricsEmitIntervalMs, HotSwap hotSwap, String labelJoinsTopic) {
        this.labelJoinsTopic = labelJoinsTopic;
        this.definitions = definitions;
        this.storeName = storeName;
        this.decoder = decoder;
        this.metrics = metrics;
        this.metricsEmitIntervalMs = metricsEmitIntervalMs;
        this.hotSwap = hotSwap;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        long idleCheckMs = 0;
        for (ModelDefinition definition : definitions) {
            if (definition.scope().keyed()) {
                KeyedModels keyed = new KeyedModels(definition, metrics.model(definition.name()));
                keyedModels.put(definition.name(), keyed);
                served.put(definition.name(), keyed);
                long idle = definition.scope().idleTimeoutMs();
                if (idle > 0) {
                    long every = Math.max(100, Math.min(idle / 4, 30_000));
                    idleCheckMs = idleCheckMs == 0 ? every : Math.min(idleCheckMs, every);
                }
                continue;
            }
            LiveModel live = new LiveModel(definition, restoreOrCreate(definition, definition.name()), metrics.model(definition.name()));
            live.metrics.observeVersion(live.prequential, live.version());
            live.metrics.reporter(context.taskId().partition(), live.reporter());
            if (definition.scope().global()) {
                live.mixing = new ParameterMixing(definition.name(), context.taskId().partition(), definition.scope().syncEvery());
                if (mixingPosts == null) {
                    mixingPosts = context.getStateStore(ParameterMixing.STORE_NAME);
                }
            }
            models.put(definition.name(), live);
            served.put(definition.name(), live);
        }
        allModels = List.copyOf(models.values());
        allServed = List.copyOf(served.values());
        if (idleCheckMs > 0) {
            context.schedule(Duration.ofMillis(idleCheckMs), PunctuationType.WALL_CLOCK_TIME, this::evictIdle);
        }
        long mixEvery = definitions.stream().filter(d -> d.scope().global()).mapToLong(d -> d.scope().syncIntervalMs())
                .min().orElse(0);
        if (mixEvery > 0) {
            context.schedule(Duration.ofMillis(mixEvery), PunctuationType.WALL_CLOCK_TIME, this::mixWhenPeersPosted);
        }
        asyncModels = allModels.stream().filter(m -> m.tribuo() != null).toList();
        if (!asyncModels.isEmpty()) {
            // A retrain that finishes while no labelled event arrives must still reach the store: check every second.
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> persistAsyncChanges());
        }
        if (hotSwap != null) {
            hotSwap.init(context);
            checkForSnapshots(); // snapshots published while this task was not running
        }
        if (metricsEmitIntervalMs > 0) {
            context.schedule(Duration.ofMillis(metricsEmitIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::emitModelMetrics);
        }
    }

    /**
     * Publishes each replica's prequential metrics, keyed by model name. Emitted inside the task's transaction like
     * everything else, and only when the replica served something since the last record.
     */
    private void emitModelMetrics(long now) {
        for (LiveModel model : allModels) {
            if (model.predictions == model.predictionsAtLastEmit) {
                continue;
            }
            model.predictionsAtLastEmit = model.predictions;
            forwardModelMetrics(model, now, false);
        }
        for (KeyedModels keyed : keyedModels.values()) {
            if (keyed.predictions == keyed.predictionsAtLastEmit) {
                continue;
            }
            keyed.predictionsAtLastEmit = keyed.predictions;
            LiveModel any = keyed.anyReplica();
            context.forward(new Record<Object, Object>(keyed.name(), metricsRecord(keyed.definition, keyed.prequential,
                    keyed.maxVersion(), keyed.predictions, now).setKeyedModels(keyed.size())
                    .setForecast(any == null ? null : forecastRecord(any)).build(), now), MODEL_METRICS_SINK);
        }
    }

    /**
     * MLP dimensionality tracking: refreshes the replica's gauges when the tracker took a new measurement, and on a jump
     * counts it and publishes a model-metrics record at once, as a drift does.
     */
    private void publishDimensionality(LiveModel model) {
        io.tributary.learn.neural.MlpLearner mlp = model.trackedMlp();
        if (mlp == null) {
            return;
        }
        if (model.trackedLearner != model.learner) { // a new learner (start, reset, swap): listen to its tracker
            model.trackedLearner = model.learner;
            mlp.tracker().orElseThrow().onJump(model.pendingJumps::add);
        }
        mlp.latestDimensionality().ifPresent(r -> model.metrics.dimensionality(context.taskId().partition(), r));
        if (!model.pendingJumps.isEmpty()) {
            long now = context.currentSystemTimeMs();
            for (io.tributary.learn.neural.DimensionalityJump jump : model.pendingJumps) {
                model.metrics.dimensionalityJump();
                LOG.info("Task {}: model '{}' dimensionality jump in {} at step {}: {} -> {} (score {})", context.taskId(),
                        model.name(), jump.series(), jump.step(), jump.previous(), jump.value(), jump.score());
                context.forward(new Record<Object, Object>(model.name(), metricsRecord(model.definition, model.prequential,
                        model.version(), model.predictions, now).setDimensionality(dimensionalityRecord(mlp, jump)).build(), now),
                        MODEL_METRICS_SINK);
            }
            model.pendingJumps.clear();
        }
    }

    private static io.tributary.events.Dimensionality dimensionalityRecord(io.tributary.learn.neural.MlpLearner mlp,
            io.tributary.learn.neural.DimensionalityJump jump) {
        io.tributary.learn.neural.DimensionalityReport r = mlp.latestDimensionality().orElse(null);
        if (r == null) {
            return null;
        }
        List<io.tributary.events.LayerMeasures> layers = new ArrayList<>();
        for (io.tributary.learn.neural.LayerDimensionality l : r.layers()) {
            layers.add(io.tributary.events.LayerMeasures.newBuilder().setLayer(l.layer()).setStableRank(l.stableRank())
                    .setParticipationRatio(l.participationRatio()).setComponents90(l.componentsFor90())
                    .setNuclearNormRatio(l.nuclearNormRatio()).build());
        }
        return io.tributary.events.Dimensionality.newBuilder()
                .setStep(r.step())
                .setLoss(r.loss())
                .setGradientNorm(r.gradientNorm())
                .setLayers(layers)
                .setJumps(mlp.dimensionalityJumps())
                .setJump(jump == null ? null : io.tributary.events.DimensionalityJumpEvent.newBuilder().setStep(jump.step())
                        .setSeries(jump.series()).setPrevious(jump.previous()).setValue(jump.value()).setScore(jump.score()).build())
                .build();
    }

    /** Global models: posts this replica's parameters (its local progress), then averages in its peers' latest. */
    private void mixParameters(LiveModel model, long timestamp) {
        io.tributary.learn.mixing.Mixable learner = io.tributary.learn.mixing.Mixable.of(model.learner);
        long updates = model.learner.updates();
        context.forward(new Record<Object, Object>(model.mixing.key(), model.mixing.post(learner, updates,
                context.currentSystemTimeMs()), timestamp), MIXING_SINK);
        model.metrics.mixed(model.mixing.mix(learner, updates, mixingPosts));
    }

    /**
     * Global models, on a timer: a replica whose peers posted since its last mix mixes again and posts the result,
     * even without new events, so that replicas converge to one model when the stream pauses.
     */
    private void mixWhenPeersPosted(long now) {
        for (LiveModel model : allModels) {
            if (model.mixing == null || !model.mixing.peersPosted(mixingPosts)) {
                continue;
            }
            io.tributary.learn.mixing.Mixable learner = io.tributary.learn.mixing.Mixable.of(model.learner);
            long updates = model.learner.updates();
            int peers = model.mixing.mix(learner, updates, mixingPosts);
            model.metrics.mixed(peers);
            context.forward(new Record<Object, Object>(model.mixing.key(), model.mixing.post(learner, updates, now), now), MIXING_SINK);
            store.markDirty(model.storeKey, model::snapshot);
        }
    }

    /** Keyed models: drops the replicas idle for longer than the timeout, and their stored snapshots. */
    private void evictIdle(long now) {
        for (KeyedModels keyed : keyedModels.values()) {
            long idle = keyed.definition.scope().idleTimeoutMs();
            if (idle > 0) {
                for (LiveModel gone : keyed.idleSince(now - idle)) {
                    evict(keyed, gone, "idle");
                }
            }
        }
    }

    private void evict(KeyedModels keyed, LiveModel gone, String reason) {
        store.delete(gone.storeKey);
        keyed.metrics.keyedModelEvicted(reason);
    }

    /** The replica of a keyed model for this key: live, restored from the store, or new; the cap applied after. */
    private LiveModel keyedReplica(KeyedModels keyed, String key, long now) {
        LiveModel replica = keyed.get(key);
        if (replica == null) {
            String storeKey = keyed.storeKey(key);
            replica = new LiveModel(keyed.definition, keyed.input, restoreOrCreate(keyed.definition, storeKey), keyed.metrics,
                    keyed.prequential, storeKey, keyed);
            keyed.put(key, replica);
            for (LiveModel gone : keyed.overCap()) {
                evict(keyed, gone, "cap");
            }
        }
        replica.lastSeenMs = now;
        return replica;
    }

    private void forwardModelMetrics(LiveModel model, long now, boolean driftDetected) {
        ModelMetrics record = metricsRecord(model.definition, model.prequential, model.version(),
                model.owner != null ? model.owner.predictions : model.predictions, now)
                .setDriftDetector(model.drift == null ? null : model.drift.name())
                .setDriftAlarms(model.driftAlarms)
                .setDriftDetected(driftDetected)
                .setLastDriftAt(model.lastDriftAt)
                .setSelection(selectionRecord(model))
                .setKeyedModels(model.owner == null ? null : model.owner.size())
                .setDimensionality(model.trackedMlp() == null ? null : dimensionalityRecord(model.trackedMlp(), null))
                .setForecast(forecastRecord(model))
                .build();
        context.forward(new Record<Object, Object>(model.name(), record, now), MODEL_METRICS_SINK);
    }

    /** The fields every ModelMetrics record has: the replica's (or the task's keyed models') prequential metrics. */
    private ModelMetrics.Builder metricsRecord(ModelDefinition definition, io.tributary.streams.metrics.PrequentialTracker prequential,
            long version, long predictions, long now) {
        boolean classification = definition.task().isClassification();
        return ModelMetrics.newBuilder()
                .setModel(definition.name())
                .setModelVersion(version)
                .setTask(io.tributary.events.Task.valueOf(definition.task().name()))
                .setPartition(context.taskId().partition())
                .setWindow(prequential.window())
                .setWindowCount(prequential.windowCount())
                .setPredictions(predictions)
                .setLabelled(prequential.count())
                .setAccuracy(classification ? finiteOrNull(prequential.accuracy()) : null)
                .setLogLoss(classification ? finiteOrNull(prequential.logLoss()) : null)
                .setMae(classification ? null : finiteOrNull(prequential.mae()))
                .setRmse(classification ? null : finiteOrNull(prequential.rmse()))
                .setAuc(finiteOrNull(prequential.auc()))
                .setMacroF1(finiteOrNull(prequential.macroF1()))
                .setR2(finiteOrNull(prequential.r2()))
                .setEmittedAt(Instant.ofEpochMilli(now))
                .setFadingFactor(prequential.fadingFactor() > 0 ? prequential.fadingFactor() : null)
                .setFadingAccuracy(classification ? finiteOrNull(prequential.fadingAccuracy()) : null)
                .setFadingLogLoss(classification ? finiteOrNull(prequential.fadingLogLoss()) : null)
                .setFadingMae(classification ? null : finiteOrNull(prequential.fadingMae()))
                .setFadingRmse(classification ? null : finiteOrNull(prequential.fadingRmse()));
    }

    /** The replica's scoreboard for model-metrics (also refreshing the gauges' copy), or null for a single learner. */
    private static SelectionScoreboard selectionRecord(LiveModel model) {
        ModelSelector selector = model.selector();
        if (selector == null) {
            return null;
        }
        Scoreboard board = selector.scoreboard();
        model.metrics.publishScoreboard(model.prequential, board);
        List<CandidateScore> candidates = new ArrayList<>(board.candidates().size());
        for (Scoreboard.Entry e : board.candidates()) {
            candidates.add(CandidateScore.newBuilder()
                    .setName(e.name())
                    .setLoss(finiteOrNull(e.loss()))
                    .setEvaluated(e.evaluated())
                    .setUpdates(e.updates())
                    .setMeanReward(finiteOrNull(e.meanReward()))
                    .setActive(e.active())
                    .build());
        }
        return SelectionScoreboard.newBuilder()
                .setStrategy(board.strategy())
                .setLoss(board.loss())
                .setWinner(board.winner())
                .setRounds(board.rounds())
                .setCandidates(candidates)
                .build();
    }

    /**
     * Feeds the replica's error on this event to its drift detector. On a detection: counted, published at once on
     * model-metrics, and with {@code action: reset} a fresh learner takes over (the version keeps growing).
     */
    private void watchDrift(LiveModel model, double error) {
        if (model.drift == null || !model.drift.update(error)) {
            return;
        }
        long now = System.currentTimeMillis();
        model.driftAlarms++;
        model.lastDriftAt = Instant.ofEpochMilli(now);
        model.metrics.driftAlarm();
        boolean reset = model.definition.drift().action() == io.tributary.streams.config.DriftSpec.Action.RESET;
        LOG.info("Task {}: drift detected by {} on model '{}' at version {}{}", context.taskId(), model.drift.name(),
                model.name(), model.version(), reset ? "; starting a fresh learner" : "");
        if (reset) {
            model.replaceLearner(model.definition.newLearner());
            if (model.owner == null) {
                model.metrics.reporter(context.taskId().partition(), model.reporter());
            }
        }
        forwardModelMetrics(model, now, true);
    }

    /** An empty window has no accuracy yet: null on the wire, rather than NaN. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Override
    public void close() {
        for (LiveModel model : allModels) {
            model.metrics.removeReplica(model.prequential);
            model.metrics.removeDimensionality(context.taskId().partition());
            model.metrics.reporter(context.taskId().partition(), null);
            if (model.forecastMetrics != null) {
                model.metrics.untrackForecasts(model.forecastMetrics);
            }
        }
        for (KeyedModels keyed : keyedModels.values()) {
            keyed.close();
        }
    }

    /**
     * The replica this task learned so far (restored from the changelog after a restart or a rebalance), or a new
     * one. A stored model that no longer matches its definition (the config changed its algorithm or dimension)
     * cannot be used; it is replaced by a fresh learner and the log says so.
     */
    private StoredModel restoreOrCreate(ModelDefinition definition, String storeKey) {
        // Built once: the fallback learner, and the reference a stored model must match (its algorithm name comes
        // from the learner factory, which also names pipelines).
        OnlineLearner fresh = definition.newLearner();
        byte[] bytes = store.get(storeKey);
        if (bytes == null) {
            return new StoredModel(0, StoredModel.NO_SNAPSHOT, fresh);
        }
        try {
            StoredModel stored = StoredModel.decode(bytes);
            OnlineLearner learner = stored.learner();
            String mismatch = LearnerShape.mismatch(learner, fresh);
            if (mismatch == null) {
                return stored;
            }
            LOG.warn("Task {}: stored model '{}' does not match its definition ({}); starting a fresh one",
                    context.taskId(), definition.name(), mismatch);
            return new StoredModel(stored.versionBase() + learner.updates(), stored.appliedSnapshotVersion(), fresh);
        } catch (IllegalArgumentException e) {
            LOG.warn("Task {}: stored model '{}' cannot be decoded ({}); starting a fresh one",
                    context.taskId(), definition.name(), e.getMessage());
        }
        return new StoredModel(0, StoredModel.NO_SNAPSHOT, fresh);
    }

    /**
     * Applies snapshots newer than what each replica has considered: from the board when the global thread posted
     * one since the last look (one volatile read per record otherwise), and at start-up from the global store.
     */
    private void checkForSnapshots() {
        long generation = hotSwap.board().generation();
        if (generation == boardGeneration) {
            return;
        }
        boardGeneration = generation;
        for (LiveModel model : allModels) {
            io.tributary.events.ModelSnapshot snapshot = hotSwap.latest(model.name());
            if (snapshot != null && snapshot.getVersion() > model.consideredSnapshotVersion) {
                apply(model, snapshot);
            }
        }
    }

    /**
     * Swaps a snapshot in, or rejects it with a logged reason and a metric while the live model keeps serving. A
     * snapshot must name a payload format this processor reads, decode, and fit the declared model exactly as a
     * restored one must (see {@link LearnerShape}). The swapped model is marked dirty, so the swap commits with the
     * outputs that follow it and a restart does not apply the snapshot twice.
     */
    private void apply(LiveModel model, io.tributary.events.ModelSnapshot snapshot) {
        model.consideredSnapshotVersion = snapshot.getVersion();
        io.tributary.streams.swap.SwapOutcome rejected;
        String why;
        OnlineLearner learner = null;
        if (snapshot.getVersion() <= model.appliedSnapshotVersion) {
            rejected = io.tributary.streams.swap.SwapOutcome.STALE;
            why = "version " + snapshot.getVersion() + " is not above the applied " + model.appliedSnapshotVersion;
        } else if (io.tributary.tribuo.TribuoModels.FORMAT.equals(snapshot.getFormat())) {
            // A Tribuo model (protobuf, with its provenance) for a Tribuo learner: installed as its next model.
            io.tributary.tribuo.TribuoLearner<?> tribuo = model.tribuo();
            if (tribuo == null) {
                rejected = io.tributary.streams.swap.SwapOutcome.INCOMPATIBLE;
                why = "a " + snapshot.getFormat() + " snapshot needs a model with algorithm tribuo, this one is " + model.definition.algorithm();
            } else {
                try {
                    tribuo.installProtobuf(payload(snapshot));
                    learner = model.learner;
                    rejected = null;
                    why = null;
                } catch (IllegalArgumentException e) {
                    rejected = io.tributary.streams.swap.SwapOutcome.INCOMPATIBLE;
                    why = e.getMessage();
                } catch (RuntimeException e) { // Tribuo's protobuf reader throws its own exceptions on garbage
                    rejected = io.tributary.streams.swap.SwapOutcome.BAD_PAYLOAD;
                    why = e.toString();
                }
            }
        } else if (!io.tributary.streams.swap.HotSwap.FORMAT.equals(snapshot.getFormat())) {
            rejected = io.tributary.streams.swap.SwapOutcome.UNKNOWN_FORMAT;
            why = "format '" + snapshot.getFormat() + "' is neither " + io.tributary.streams.swap.HotSwap.FORMAT + " nor "
                    + io.tributary.tribuo.TribuoModels.FORMAT;
        } else {
            try {
                learner = io.tributary.learn.snapshot.LearnerCodec.decode(payload(snapshot));
                String mismatch = LearnerShape.mismatch(learner, model.definition.newLearner());
                rejected = mismatch == null ? null : io.tributary.streams.swap.SwapOutcome.INCOMPATIBLE;
                why = mismatch;
            } catch (IllegalArgumentException e) {
                rejected = io.tributary.streams.swap.SwapOutcome.BAD_PAYLOAD;
                why = e.getMessage();
            }
        }
        if (rejected != null) {
            LOG.warn("Task {}: snapshot version {} of model '{}' (source {}) rejected: {}; the live model (version {}) keeps serving",
                    context.taskId(), snapshot.getVersion(), model.name(), snapshot.getSource(), why, model.version());
            model.metrics.swapOutcome(rejected);
            return;
        }
        model.swapIn(learner, snapshot.getVersion());
        model.metrics.reporter(context.taskId().partition(), model.reporter());
        store.markDirty(model.storeKey, model::snapshot);
        model.metrics.swapOutcome(io.tributary.streams.swap.SwapOutcome.APPLIED);
        model.metrics.snapshotApplied(model.prequential, snapshot.getVersion());
        model.metrics.observeVersion(model.prequential, model.version());
        LOG.info("Task {}: model '{}' swapped to snapshot version {} from {} ({} updates in it)", context.taskId(), model.name(),
                snapshot.getVersion(), snapshot.getSource(), learner.updates());
    }

    /**
     * Tribuo models retrain on their own thread, so their model changes without a learning update on this one: mark
     * such a replica dirty when its model version moved, so the new model commits (and survives a restart).
     */
    private void persistAsyncChanges() {
        for (LiveModel model : asyncModels) {
            io.tributary.tribuo.TribuoLearner<?> tribuo = model.tribuo();
            if (tribuo != null && tribuo.modelVersion() != model.persistedTribuoVersion) {
                model.persistedTribuoVersion = tribuo.modelVersion();
                store.markDirty(model.storeKey, model::snapshot);
            }
        }
    }

    private static byte[] payload(io.tributary.events.ModelSnapshot snapshot) {
        byte[] payload = new byte[snapshot.getPayload().remaining()];
        snapshot.getPayload().duplicate().get(payload);
        return payload;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (hotSwap != null) {
            checkForSnapshots();
        }
        if (!asyncModels.isEmpty()) {
            persistAsyncChanges();
        }
        if (labelJoinsTopic != null && context.recordMetadata().map(m -> m.topic().equals(labelJoinsTopic)).orElse(false)) {
            onJoinedLabel(record);
            return;
        }
        metrics.consumed();
        FeatureEvent event;
        try {
            event = decoder.decode(record.value());
        } catch (EventDecodingException e) {
            deadLetter(record, DlqReason.UNDECODABLE, e.reason() + ": " + e.getMessage(), null);
            return;
        }
        List<Object> targets;
        if (event.getModel() == null) {
            targets = allServed;
        } else {
            Object named = served.get(event.getModel());
            if (named == null) {
                deadLetter(record, DlqReason.UNKNOWN_MODEL,
                        "no model named '" + event.getModel() + "'; this processor serves " + served.keySet(), event.getModel());
                return;
            }
            targets = List.of(named);
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String eventId = event.getEventId() != null ? event.getEventId() : derivedEventId();
        Instant eventTime = event.getEventTime() != null ? event.getEventTime() : Instant.ofEpochMilli(record.timestamp());
        for (Object target : targets) {
            LiveModel model;
            if (target instanceof KeyedModels keyed) {
                if (key == null) {
                    deadLetter(record, DlqReason.MISSING_KEY, "model '" + keyed.name()
                            + "' keeps one model per record key (scope: keyed), and this record has no key", keyed.name());
                    continue;
                }
                model = keyedReplica(keyed, key, context.currentSystemTimeMs()); // the clock punctuations use
            } else {
                model = (LiveModel) target;
            }
            serve(model, record, event, key, eventId, eventTime);
        }
    }

    /** What one model made of one event, before anything is emitted. */
    private record Served(FeatureVector x, Prediction prediction, float[] probabilities, double value, int classTarget,
            double regressionTarget) {}

    /**
     * Only the model's own work is guarded here. Emitting the prediction and writing the store are not: if the output
     * cannot be written (say the schema registry is down) that is not the record's fault, so the exception fails the
     * task, the transaction aborts, and the record is processed again after the thread is replaced.
     */
    private void serve(LiveModel model, Record<byte[], byte[]> record, FeatureEvent event, String key, String eventId,
            Instant eventTime) {
        long start = System.nanoTime();
        Served served;
        try {
            served = predict(model, event, key, eventId, eventTime);
        } catch (RejectedInput e) {
            deadLetter(record, e.reason(), e.getMessage(), model.name());
            return;
        } catch (RuntimeException e) {
            LOG.warn("Model '{}' failed to predict on a record; it goes to the DLQ", model.name(), e);
            deadLetter(record, DlqReason.MODEL_ERROR, "predict failed: " + e, model.name());
            return;
        }
        model.metrics.predictLatency.observe((System.nanoTime() - start) / 1e9);
        context.forward(new Record<Object, Object>(key, served.prediction(), record.timestamp()), PREDICTIONS_SINK);
        model.predictions++;
        if (model.owner != null) {
            model.owner.predictions++;
        }
        model.metrics.predicted();
        metrics.endToEnd(Math.max(0, System.currentTimeMillis() - record.timestamp()) / 1e3);

        if (event.getLabel() == null) {
            if (labelJoinsTopic != null && event.getEventId() != null) {
                // A label may come later on the labels topic: the prediction waits for it, keyed by event id.
                context.forward(new Record<Object, Object>(eventId, pending(model, record, key, served), record.timestamp()), PENDING_SINK);
            }
            return;
        }
        learn(model, served.x(), served.probabilities(), served.value(), served.classTarget(), served.regressionTarget(), record);
    }

    private io.tributary.events.PendingPrediction pending(LiveModel model, Record<byte[], byte[]> record, String key, Served served) {
        List<Float> scores = served.prediction().getScores();
        return io.tributary.events.PendingPrediction.newBuilder()
                .setEventId(served.prediction().getEventId())
                .setModel(model.name())
                .setKey(key)
                .setPartition(context.taskId().partition())
                .setEvent(java.nio.ByteBuffer.wrap(record.value()))
                .setPrediction(served.value())
                .setScores(scores)
                .setModelVersion(served.prediction().getModelVersion())
                .setPredictedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
    }

    /**
     * Scores the prediction that was made for an event against its label (prequential: the prediction came first), then
     * learns from the event. For a delayed label, the prediction is the one made when the event arrived, and the model
     * that learns is the model as it is now.
     */
    private void learn(LiveModel model, FeatureVector x, float[] probabilities, double value, int classTarget,
            double regressionTarget, Record<byte[], byte[]> record) {
        long learnStart = System.nanoTime();
        try {
            double error;
            if (probabilities != null) {
                model.prequential.updateClassification(classTarget, probabilities);
                model.classifier().learnOne(x, classTarget);
                error = value == classTarget ? 0 : 1;
            } else {
                model.prequential.updateRegression(regressionTarget, value);
                io.tributary.learn.forecast.ForecasterRegressor forecaster = model.forecaster();
                if (forecaster != null) {
                    forecastMetrics(model, forecaster).observe(regressionTarget); // scores the forecasts made before it
                }
                model.regressor().learnOne(x, regressionTarget);
                if (forecaster != null) {
                    model.forecastMetrics.issue(forecaster.forecast());
                }
                error = Math.abs(value - regressionTarget);
            }
            watchDrift(model, error);
        } catch (RuntimeException e) {
            // Predicted but not learned from: the DLQ keeps the record so the gap in training is visible and replayable.
            LOG.warn("Model '{}' failed to learn from a record; it goes to the DLQ", model.name(), e);
            deadLetter(record, DlqReason.MODEL_ERROR, "learn failed (the prediction was emitted): " + e, model.name());
            return;
        }
        if (model.mixing != null && model.mixing.learned()) {
            mixParameters(model, record.timestamp());
        }
        store.markDirty(model.storeKey, model::snapshot); // encoded once per commit, not per record
        publishDimensionality(model);
        ModelSelector selector = model.selector();
        if (selector != null && selector.updates() % SCOREBOARD_EVERY == 0) {
            model.metrics.publishScoreboard(model.prequential, selector.scoreboard());
        }
        model.metrics.learnLatency.observe((System.nanoTime() - learnStart) / 1e9);
        model.metrics.learnUpdates.inc();
        model.metrics.observeVersion(model.prequential, model.version());
    }

    private io.tributary.learn.metrics.ForecastMetrics forecastMetrics(LiveModel model,
            io.tributary.learn.forecast.ForecasterRegressor forecaster) {
        if (model.forecastMetrics == null || model.forecastMetrics.horizon() != forecaster.horizon()) {
            model.forecastMetrics = new io.tributary.learn.metrics.ForecastMetrics(forecaster.horizon());
            model.metrics.trackForecasts(model.forecastMetrics);
        }
        return model.forecastMetrics;
    }

    /** Forecasters: the replica's (or, for keyed ones, the task's series') forecast accuracy for model-metrics. */
    private io.tributary.events.ForecastAccuracy forecastRecord(LiveModel model) {
        List<io.tributary.events.SeriesAccuracy> series = new ArrayList<>();
        io.tributary.learn.metrics.ForecastMetrics.Summary total;
        int horizon;
        if (model.owner != null) {
            List<io.tributary.learn.metrics.ForecastMetrics> all = new ArrayList<>();
            int[] h = {0};
            model.owner.forEachRecentFirst((key, replica) -> {
                if (replica.forecastMetrics != null) {
                    all.add(replica.forecastMetrics);
                    h[0] = replica.forecastMetrics.horizon();
                    if (series.size() < FORECAST_SERIES_PER_RECORD) {
                        var sm = replica.forecastMetrics.summary();
                        series.add(io.tributary.events.SeriesAccuracy.newBuilder().setKey(key).setCount(sm.count())
                                .setMae(finiteOrNull(sm.mae())).setSmape(finiteOrNull(sm.smape())).build());
                    }
                }
            });
            if (all.isEmpty()) {
                return null;
            }
            total = io.tributary.learn.metrics.ForecastMetrics.aggregate(all);
            horizon = h[0];
        } else {
            if (model.forecastMetrics == null) {
                return null;
            }
            total = model.forecastMetrics.summary();
            horizon = model.forecastMetrics.horizon();
        }
        return io.tributary.events.ForecastAccuracy.newBuilder().setHorizon(horizon).setCount(total.count())
                .setMae(finiteOrNull(total.mae())).setSmape(finiteOrNull(total.smape())).setSeries(series).build();
    }

    /** A prediction joined with its delayed label, sent back to this task (which holds the model) by the label join. */
    private void onJoinedLabel(Record<byte[], byte[]> record) {
        io.tributary.events.PendingPrediction joined = JOINED.deserialize(null, record.value()); // written by our own join
        Object target = served.get(joined.getModel());
        if (target == null) {
            deadLetter(record, DlqReason.UNKNOWN_MODEL, "the label joined a prediction of model '" + joined.getModel()
                    + "', which this processor no longer serves", joined.getModel());
            return;
        }
        LiveModel model;
        if (target instanceof KeyedModels keyed) {
            model = keyedReplica(keyed, joined.getKey(), context.currentSystemTimeMs());
        } else {
            model = (LiveModel) target;
        }
        byte[] eventBytes = new byte[joined.getEvent().remaining()];
        joined.getEvent().duplicate().get(eventBytes);
        FeatureVector x;
        int classTarget = -1;
        double regressionTarget = 0;
        try {
            x = model.input.features(decoder.decode(eventBytes));
            if (model.definition.task().isClassification()) {
                classTarget = model.input.classTarget(joined.getLabel());
            } else {
                regressionTarget = model.input.regressionTarget(joined.getLabel());
            }
        } catch (RejectedInput e) {
            deadLetter(record, e.reason(), "delayed label: " + e.getMessage(), model.name());
            return;
        } catch (EventDecodingException e) {
            deadLetter(record, DlqReason.UNDECODABLE, "delayed label: " + e.getMessage(), model.name());
            return;
        }
        float[] probabilities = null;
        if (model.definition.task().isClassification()) {
            probabilities = new float[joined.getScores().size()];
            for (int k = 0; k < probabilities.length; k++) {
                probabilities[k] = joined.getScores().get(k);
            }
        }
        learn(model, x, probabilities, joined.getPrediction(), classTarget, regressionTarget, record);
        metrics.delayedLabel("learned");
    }

    private Served predict(LiveModel model, FeatureEvent event, String key, String eventId, Instant eventTime)
            throws RejectedInput {
        FeatureVector x = model.input.features(event);
        Object label = event.getLabel();
        // Validate the label before predicting, so a record is either fully served or fully dead-lettered.
        double regressionTarget = 0;
        int classTarget = -1;
        if (label != null) {
            if (model.definition.task().isClassification()) {
                classTarget = model.input.classTarget(label);
            } else {
                regressionTarget = model.input.regressionTarget(label);
            }
        }
        double value;
        String predictedClass = null;
        List<Float> scores;
        float[] probabilities = null;
        List<Double> forecast = List.of();
        if (model.definition.task().isClassification()) {
            probabilities = model.classifier().predictProbaOne(x);
            int best = argmax(probabilities);
            value = best;
            predictedClass = model.input.className(best);
            scores = new ArrayList<>(probabilities.length);
            for (float p : probabilities) {
                scores.add(p);
            }
        } else {
            value = model.regressor().predictOne(x);
            io.tributary.learn.forecast.ForecasterRegressor forecaster = model.forecaster();
            if (forecaster != null) {
                double[] f = forecaster.forecast();
                forecast = new ArrayList<>(f.length);
                for (double v : f) {
                    forecast.add(v);
                }
            }
            scores = List.of();
        }
        Prediction prediction = Prediction.newBuilder()
                .setEventId(eventId)
                .setKey(key)
                .setModel(model.name())
                .setModelVersion(model.version())
                .setTask(model.task)
                .setPrediction(value)
                .setPredictedClass(predictedClass)
                .setScores(scores)
                .setLabel(label)
                .setEventTime(eventTime)
                .setPredictedAt(Instant.now())
                .setForecast(forecast)
                .build();
        return new Served(x, prediction, probabilities, value, classTarget, regressionTarget);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private String derivedEventId() {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "-" + m.offset())
                .orElse("unknown-" + System.nanoTime());
    }

    private void deadLetter(Record<byte[], byte[]> record, DlqReason reason, String message, String model) {
        context.forward(DeadLetters.record(record, reason, message, model, context), DLQ_SINK);
        metrics.deadLettered(reason);
    }
}
