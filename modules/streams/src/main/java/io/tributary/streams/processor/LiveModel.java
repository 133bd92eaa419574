package io.tributary.streams.processor;

import io.tributary.learn.Classifier;
import io.tributary.learn.OnlineLearner;
import io.tributary.learn.drift.DriftDetector;
import io.tributary.learn.Regressor;
import io.tributary.learn.selection.ModelSelector;
import io.tributary.learn.transform.Pipeline;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.metrics.PrequentialTracker;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.model.ModelInput;

/**
 * One model replica as one stream task serves it: its definition, its input rules, its learner and its metrics. A
 * partition-scoped model has one per task; a keyed model has one per record key, all sharing the task's prequential
 * tracker and input rules ({@link KeyedModels}).
 */
final class LiveModel {

    final ModelDefinition definition;
    final ModelInput input;
    final ProcessorMetrics.ModelMetrics metrics;
    final io.tributary.events.Task task;
    /** This replica's prequential window: published on model-metrics, and part of the model's gauges. */
    final PrequentialTracker prequential;
    OnlineLearner learner;
    /** Updates absorbed by learners this replica has replaced; see {@link StoredModel}. */
    long versionBase;
    /** The version of the last hot-swapped snapshot this replica applied, or {@link StoredModel#NO_SNAPSHOT}. */
    long appliedSnapshotVersion;
    /** The newest snapshot version this replica has looked at (applied or rejected), so each is judged once. */
    long consideredSnapshotVersion;
    long predictions;
    /** Watches this replica's per-event error; null when the model declares no drift watch. */
    final DriftDetector drift;
    long driftAlarms;
    java.time.Instant lastDriftAt;
    /** What the last ModelMetrics record described, so an idle replica does not repeat itself. */
    long predictionsAtLastEmit = -1;
    /** The key of this replica in the model store: the model name, or for a keyed model "name/key". */
    final String storeKey;
    /** The keyed models this replica belongs to, or null for a partition-scoped model. */
    final KeyedModels owner;
    /** Keyed models: when this replica last served an event (wall clock), for idle eviction. */
    long lastSeenMs;
    /** MLP dimensionality tracking: jumps flagged during the current learnOne, published right after it. */
    final java.util.List<io.tributary.learn.neural.DimensionalityJump> pendingJumps = new java.util.ArrayList<>();
    /** The learner whose tracker {@link #pendingJumps} listens to, so a replaced learner gets a listener too. */
    OnlineLearner trackedLearner;
    /** Tribuo models: the model version last marked for persistence (retrains finish on another thread). */
    long persistedTribuoVersion = -1;
    /** Forecasters: prequential accuracy of this replica's h-step forecasts; created with the first forecast. */
    io.tributary.learn.metrics.ForecastMetrics forecastMetrics;
    /** Global models: this replica's parameter mixing; null for other scopes. */
    ParameterMixing mixing;
    /** Size of this replica's last snapshot (bytes), for the memory-per-keyed-model gauge. */
    int lastSnapshotBytes;

    /** A partition-scoped replica, with its own prequential tracker. */
    LiveModel(ModelDefinition definition, StoredModel stored, ProcessorMetrics.ModelMetrics metrics) {
        this(definition, new ModelInput(definition), stored, metrics, metrics.newReplica(), definition.name(), null);
    }

    LiveModel(ModelDefinition definition, ModelInput input, StoredModel stored, ProcessorMetrics.ModelMetrics metrics,
            PrequentialTracker prequential, String storeKey, KeyedModels owner) {
        this.definition = definition;
        this.input = input;
        this.metrics = metrics;
        this.storeKey = storeKey;
        this.owner = owner;
        this.learner = stored.learner();
        this.versionBase = stored.versionBase();
        this.appliedSnapshotVersion = stored.appliedSnapshotVersion();
        this.consideredSnapshotVersion = stored.appliedSnapshotVersion();
        this.task = io.tributary.events.Task.valueOf(definition.task().name());
        this.prequential = prequential;
        this.drift = definition.drift() == null ? null : definition.drift().newDetector();
    }

    String name() {
        return definition.name();
    }

    /** The version a prediction carries: updates absorbed by this replica, across learner replacements. */
    long version() {
        return versionBase + learnerVersion();
    }

    /**
     * The learner's own version: its updates, or for a Tribuo learner the number of models it has trained (or been
     * given), since its predictions come from that model, not from each update.
     */
    private long learnerVersion() {
        return tribuo() != null ? tribuo().modelVersion() : learner.updates();
    }

    /** The Tribuo learner behind this replica (inside its pipeline, if any), or null. */
    io.tributary.tribuo.TribuoLearner<?> tribuo() {
        OnlineLearner core = learner instanceof Pipeline pipeline ? pipeline.learner() : learner;
        return core instanceof io.tributary.tribuo.TribuoLearner<?> t ? t : null;
    }

    /** The learner's own metrics (e.g. a Tribuo learner's retrains and held-out evaluation), or null. */
    io.tributary.learn.ReportsMetrics reporter() {
        OnlineLearner core = learner instanceof Pipeline pipeline ? pipeline.learner() : learner;
        return core instanceof io.tributary.learn.ReportsMetrics r ? r : null;
    }

    /** Starts a fresh learner, keeping the version monotonic. */
    void replaceLearner(OnlineLearner fresh) {
        versionBase += learnerVersion();
        learner = fresh;
    }

    /** The model selector behind this replica (inside its pipeline, if any), or null for a single learner. */
    ModelSelector selector() {
        OnlineLearner core = learner instanceof Pipeline pipeline ? pipeline.learner() : learner;
        return core instanceof ModelSelector selector ? selector : null;
    }

    /**
     * Serves and learns from a hot-swapped learner from now on; the version continues from the snapshot's:
     * the next prediction carries {@code snapshotVersion}, and each update adds one.
     */
    void swapIn(OnlineLearner swapped, long snapshotVersion) {
        learner = swapped;
        versionBase = snapshotVersion - learnerVersion();
        appliedSnapshotVersion = snapshotVersion;
    }

    /** The forecaster behind this replica (inside its pipeline, if any), or null. */
    io.tributary.learn.forecast.ForecasterRegressor forecaster() {
        OnlineLearner core = learner instanceof Pipeline pipeline ? pipeline.learner() : learner;
        return core instanceof io.tributary.learn.forecast.ForecasterRegressor f ? f : null;
    }

    /** The MLP behind this replica (inside its pipeline, if any) when it tracks dimensionality, else null. */
    io.tributary.learn.neural.MlpLearner trackedMlp() {
        OnlineLearner core = learner instanceof Pipeline pipeline ? pipeline.learner() : learner;
        return core instanceof io.tributary.learn.neural.MlpLearner mlp && mlp.tracker().isPresent() ? mlp : null;
    }

    Classifier classifier() {
        return (Classifier) learner;
    }

    Regressor regressor() {
        return (Regressor) learner;
    }

    byte[] snapshot() {
        byte[] bytes = new StoredModel(versionBase, appliedSnapshotVersion, learner).encode();
        if (owner != null) {
            owner.resized(this, bytes.length);
        }
        lastSnapshotBytes = bytes.length;
        return bytes;
    }
}
