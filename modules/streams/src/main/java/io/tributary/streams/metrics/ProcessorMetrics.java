package io.tributary.streams.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.learn.Task;
import io.tributary.learn.selection.Scoreboard;
import io.tributary.streams.config.ModelDefinition;
import io.tributary.streams.config.SelectionSpec;
import io.tributary.streams.processor.DlqReason;
import io.tributary.streams.swap.SwapOutcome;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's Prometheus metrics. One instance per {@link PrometheusRegistry}: names are fixed
 * ({@code tributary_} prefix, {@code _total} counters, seconds), so two processors in one JVM (tests)
 * each need their own registry.
 *
 * <p>Data points are resolved once per label value and cached, so the hot path pays an array or map
 * lookup and an atomic add, not a label-set lookup inside the client library.
 */
public final class ProcessorMetrics {

    /** Latency buckets from 1 µs to 1 s: predict and learn on small models sit in the microseconds. */
    private static final double[] MODEL_LATENCY_BUCKETS = {
        1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 1e-2, 0.1, 1.0
    };
    /** Record timestamp to prediction: dominated by producer batching and the broker, 1 ms to 1 min. */
    private static final double[] END_TO_END_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final CounterDataPoint eventsConsumed;
    private final Map<DlqReason, CounterDataPoint> dlq = new EnumMap<>(DlqReason.class);
    private final Map<String, ModelMetrics> models = new ConcurrentHashMap<>();
    private final DistributionDataPoint endToEnd;
    private final Counter swapCounter;
    private final Counter delayedLabels;

    /**
     * Per-model data points and state, resolved once. The prequential metrics live in one tracker per replica (per
     * stream task); the model's gauges combine the replicas' windows exactly, weighting each by how many labelled
     * events its window holds.
     */
    public static final class ModelMetrics {
        public final CounterDataPoint predictions;
        public final CounterDataPoint learnUpdates;
        public final DistributionDataPoint predictLatency;
        public final DistributionDataPoint learnLatency;
        private final CounterDataPoint driftAlarms;
        private final Task task;
        private final int numClasses;
        private final int window;
        private final double fadingFactor;
        private final List<String> candidates;
        private final Set<PrequentialTracker> replicas = ConcurrentHashMap.newKeySet();
        /** Model selection: each replica's latest scoreboard, published by its stream thread. */
        private final Map<PrequentialTracker, Scoreboard> scoreboards = new ConcurrentHashMap<>();
        private final Map<PrequentialTracker, Long> versions = new ConcurrentHashMap<>();
        private final Map<PrequentialTracker, Long> snapshotVersions = new ConcurrentHashMap<>();
        private final Map<SwapOutcome, CounterDataPoint> swaps = new EnumMap<>(SwapOutcome.class);
        private final java.util.concurrent.atomic.AtomicLong keyedModels = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong keyedSnapshotBytes = new java.util.concurrent.atomic.AtomicLong();
        private final Counter keyedEvictions;
        private CounterDataPoint mixes;
        private CounterDataPoint dimensionalityJumps;
        private final Map<Integer, io.tributary.learn.ReportsMetrics> reporters = new ConcurrentHashMap<>();
        private final Set<io.tributary.learn.metrics.ForecastMetrics> forecasts = ConcurrentHashMap.newKeySet();
        private final Map<Integer, io.tributary.learn.neural.DimensionalityReport> dimensionality = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong lastMixPeers = new java.util.concurrent.atomic.AtomicLong();
        private final String name;
        private final boolean keyed;

        ModelMetrics(CounterDataPoint predictions, CounterDataPoint learnUpdates, DistributionDataPoint predictLatency,
                DistributionDataPoint learnLatency, CounterDataPoint driftAlarms, Task task, int numClasses, int window,
                double fadingFactor, List<String> candidates, Counter swapCounter, String name, boolean keyed,
                Counter keyedEvictions) {
            this.name = name;
            this.keyed = keyed;
            this.keyedEvictions = keyedEvictions;
            for (SwapOutcome outcome : SwapOutcome.values()) {
                swaps.put(outcome, swapCounter.labelValues(name, outcome.label())); // every outcome shows as 0 from the start
            }
            this.fadingFactor = fadingFactor;
            this.candidates = List.copyOf(candidates);
            this.numClasses = numClasses;
            this.driftAlarms = driftAlarms;
            this.predictions = predictions;
            this.learnUpdates = learnUpdates;
            this.predictLatency = predictLatency;
            this.learnLatency = learnLatency;
            this.task = task;
            this.window = window;
        }

        /** A tracker for a new replica of this model; the gauges include it until {@link #removeReplica}. */
        public PrequentialTracker newReplica() {
            PrequentialTracker tracker = new PrequentialTracker(task, numClasses, window, fadingFactor);
            replicas.add(tracker);
            return tracker;
        }

        public void removeReplica(PrequentialTracker tracker) {
            replicas.remove(tracker);
            scoreboards.remove(tracker);
            versions.remove(tracker);
            snapshotVersions.remove(tracker);
        }

        /** The learner's own metrics for the partition's replica (e.g. Tribuo's), or null to drop them. */
        public void reporter(int partition, io.tributary.learn.ReportsMetrics reporter) {
            if (reporter == null) {
                reporters.remove(partition);
            } else {
                reporters.put(partition, reporter);
            }
        }

        /** Forecasters: a replica's forecast accuracy joins the model's gauges. */
        public void trackForecasts(io.tributary.learn.metrics.ForecastMetrics f) {
            forecasts.add(f);
        }

        public void untrackForecasts(io.tributary.learn.metrics.ForecastMetrics f) {
            forecasts.remove(f);
        }

        /** Pooled over every series (replica) of this instance; NaN before the first scored forecast. */
        public io.tributary.learn.metrics.ForecastMetrics.Summary forecastSummary() {
            return io.tributary.learn.metrics.ForecastMetrics.aggregate(List.copyOf(forecasts));
        }

        /** MLP tracking: the latest measurement of the replica of this partition (gauges per partition and layer). */
        public void dimensionality(int partition, io.tributary.learn.neural.DimensionalityReport report) {
            dimensionality.put(partition, report);
        }

        public void removeDimensionality(int partition) {
            dimensionality.remove(partition);
        }

        public void dimensionalityJump() {
            if (dimensionalityJumps != null) {
                dimensionalityJumps.inc();
            }
        }

        public long dimensionalityJumpCount() {
            return dimensionalityJumps == null ? 0 : dimensionalityJumps.getLongValue();
        }

        /** Global models: a replica mixed its parameters with {@code peers} peers' posts (0: none was fresh). */
        public void mixed(int peers) {
            mixes.inc();
            lastMixPeers.set(peers);
        }

        public long mixCount() {
            return mixes.getLongValue();
        }

        /** Keyed models: a task created or restored a model for a key. */
        public void keyedModelAdded() {
            keyedModels.incrementAndGet();
        }

        /** Keyed models: a task dropped a key's model (evicted, or the task closed); its last snapshot size leaves the sum. */
        public void keyedModelRemoved(int snapshotBytes) {
            keyedModels.decrementAndGet();
            keyedSnapshotBytes.addAndGet(-snapshotBytes);
        }

        public void keyedModelResized(long deltaBytes) {
            keyedSnapshotBytes.addAndGet(deltaBytes);
        }

        /** Keyed models: a key's model was evicted (reason: cap or idle). */
        public void keyedModelEvicted(String reason) {
            keyedEvictions.labelValues(name, reason).inc();
        }

        public long keyedModels() {
            return keyedModels.get();
        }

        /** Mean snapshot size of this instance's keyed models, bytes (NaN before the first is encoded). */
        public double keyedModelBytes() {
            long n = keyedModels.get();
            long bytes = keyedSnapshotBytes.get();
            return n == 0 || bytes == 0 ? Double.NaN : (double) bytes / n;
        }

        /** Model selection: the replica's current standings, for the selection gauges. */
        public void publishScoreboard(PrequentialTracker replica, Scoreboard scoreboard) {
            if (replicas.contains(replica)) {
                scoreboards.put(replica, scoreboard);
            }
        }

        /** Candidate names of a model_selection model, in config order; empty for a single learner. */
        public List<String> candidates() {
            return candidates;
        }

        /** Replicas of this model (in this instance) whose winner is the named candidate. */
        public long replicasServedBy(String candidate) {
            return scoreboards.values().stream().filter(s -> s.winner().equals(candidate)).count();
        }

        /** Replicas in which the candidate is still competing (successive halving eliminates). */
        public long replicasWithActive(String candidate) {
            return scoreboards.values().stream().filter(s -> s.entry(candidate).active()).count();
        }

        /** Events the candidate was scored on, summed over this instance's replicas. */
        public long candidateEvaluations(String candidate) {
            return scoreboards.values().stream().mapToLong(s -> s.entry(candidate).evaluated()).sum();
        }

        /**
         * The candidate's prequential loss: the mean over replicas where it has a finite loss (replicas' windows fill
         * at different rates, so this is a plain mean, not a pooled one).
         */
        public double candidateLoss(String candidate) {
            return scoreboards.values().stream().mapToDouble(s -> s.entry(candidate).loss())
                    .filter(Double::isFinite).average().orElse(Double.NaN);
        }

        public double fadingFactor() {
            return fadingFactor;
        }

        /** The replicas' fading accuracies, each weighted by min(labelled count, effective memory 1/(1-alpha)). */
        public double fadingAccuracy() {
            return fadingMean(PrequentialTracker::fadingAccuracy, false);
        }

        public double fadingLogLoss() {
            return fadingMean(PrequentialTracker::fadingLogLoss, false);
        }

        public double fadingMae() {
            return fadingMean(PrequentialTracker::fadingMae, false);
        }

        public double fadingRmse() {
            return Math.sqrt(fadingMean(PrequentialTracker::fadingRmse, true));
        }

        private double fadingMean(java.util.function.ToDoubleFunction<PrequentialTracker> metric, boolean squared) {
            double memory = fadingFactor >= 1 ? Double.POSITIVE_INFINITY : 1 / (1 - fadingFactor);
            return weightedMean(metric, squared, t -> Math.min(t.count(), memory));
        }

        public Task task() {
            return task;
        }

        public double accuracy() {
            return weightedMean(PrequentialTracker::accuracy, false);
        }

        public double logLoss() {
            return weightedMean(PrequentialTracker::logLoss, false);
        }

        public double mae() {
            return weightedMean(PrequentialTracker::mae, false);
        }

        /** Count-weighted mean of the replicas' window AUCs (the AUC of the union is not a mean: an approximation). */
        public double auc() {
            return weightedMean(PrequentialTracker::auc, false);
        }

        /** Count-weighted mean of the replicas' macro-F1 (an approximation of the union's). */
        public double macroF1() {
            return weightedMean(PrequentialTracker::macroF1, false);
        }

        /** Count-weighted mean of the replicas' R² (an approximation of the union's). */
        public double r2() {
            return weightedMean(PrequentialTracker::r2, false);
        }

        /** RMSE of the union of the windows: the root of the weighted mean of squared errors. */
        public double rmse() {
            return Math.sqrt(weightedMean(PrequentialTracker::rmse, true));
        }

        /** Labelled events scored by the live replicas since they started. */
        public long labelledCount() {
            long n = 0;
            for (PrequentialTracker t : replicas) {
                n += t.count();
            }
            return n;
        }

        private double weightedMean(java.util.function.ToDoubleFunction<PrequentialTracker> metric, boolean squared) {
            return weightedMean(metric, squared, PrequentialTracker::windowCount);
        }

        private double weightedMean(java.util.function.ToDoubleFunction<PrequentialTracker> metric, boolean squared,
                java.util.function.ToDoubleFunction<PrequentialTracker> weightOf) {
            double sum = 0;
            double weight = 0;
            for (PrequentialTracker t : replicas) {
                double n = weightOf.applyAsDouble(t);
                if (n > 0) {
                    double v = metric.applyAsDouble(t);
                    sum += (squared ? v * v : v) * n;
                    weight += n;
                }
            }
            return weight == 0 ? Double.NaN : sum / weight;
        }

        /** A drift detector fired on one of this model's replicas. */
        public void driftAlarm() {
            driftAlarms.inc();
        }

        public void predicted() {
            predictions.inc();
        }

        /**
         * The replica's current version. Several tasks serve one model, each with its own replica; the gauge shows
         * the highest version among the live replicas (a hot swap can lower a replica's version, so this is not a
         * running maximum).
         */
        public void observeVersion(PrequentialTracker replica, long v) {
            if (replicas.contains(replica)) {
                versions.put(replica, v);
            }
        }

        public long version() {
            return versions.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** A replica applied a hot-swapped snapshot of this version. */
        public void snapshotApplied(PrequentialTracker replica, long snapshotVersion) {
            if (replicas.contains(replica)) {
                snapshotVersions.put(replica, snapshotVersion);
            }
        }

        /** The newest snapshot version applied by a live replica; -1 when none has applied one. */
        public long snapshotVersion() {
            return snapshotVersions.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        public void swapOutcome(SwapOutcome outcome) {
            swaps.get(outcome).inc();
        }

        public long swapCount(SwapOutcome outcome) {
            return swaps.get(outcome).getLongValue();
        }

        public long predictionCount() {
            return predictions.getLongValue();
        }
    }

    /**
     * @param window       the sliding window of the prequential metrics (labelled events)
     * @param fadingFactor alpha of the fading prequential metrics, or 0 for none
     */
    public ProcessorMetrics(PrometheusRegistry registry, String featuresTopic, List<ModelDefinition> definitions, int window,
            double fadingFactor) {
        eventsConsumed = Counter.builder()
                .name("tributary_events_consumed_total")
                .help("Records read from the features topic, good or bad.")
                .labelNames("topic")
                .register(registry)
                .labelValues(featuresTopic);
        Counter dlqCounter = Counter.builder()
                .name("tributary_dlq_records_total")
                .help("Records sent to the dead-letter topic, by reason.")
                .labelNames("reason")
                .register(registry);
        for (DlqReason reason : DlqReason.values()) {
            dlq.put(reason, dlqCounter.labelValues(reason.code())); // every reason shows as 0 from the start
        }
        Counter predictions = Counter.builder()
                .name("tributary_predictions_total")
                .help("Predictions emitted, by model.")
                .labelNames("model")
                .register(registry);
        Counter learnUpdates = Counter.builder()
                .name("tributary_learn_updates_total")
                .help("Labelled events learned from, by model.")
                .labelNames("model")
                .register(registry);
        Counter driftAlarms = Counter.builder()
                .name("tributary_drift_alarms_total")
                .help("Concept drifts detected on a model's replicas (models with a drift: block only).")
                .labelNames("model")
                .register(registry);
        Histogram predictLatency = Histogram.builder()
                .name("tributary_predict_latency_seconds")
                .help("Time to compute one prediction (feature extraction included), by model.")
                .labelNames("model")
                .classicOnly()
                .classicUpperBounds(MODEL_LATENCY_BUCKETS)
                .register(registry);
        Histogram learnLatency = Histogram.builder()
                .name("tributary_learn_latency_seconds")
                .help("Time of one learning update (state persistence included), by model.")
                .labelNames("model")
                .classicOnly()
                .classicUpperBounds(MODEL_LATENCY_BUCKETS)
                .register(registry);
        endToEnd = Histogram.builder()
                .name("tributary_event_to_prediction_latency_seconds")
                .help("From the input record's timestamp to its prediction being emitted (before the transaction commits).")
                .classicOnly()
                .classicUpperBounds(END_TO_END_BUCKETS)
                .register(registry);
        swapCounter = Counter.builder()
                .name("tributary_model_swaps_total")
                .help("Snapshots from the models topic, by model and outcome: applied (per replica that swapped it in), or why not "
                        + "(undecodable, unknown_format, bad_payload, incompatible, stale).")
                .labelNames("model", "outcome")
                .register(registry);
        delayedLabels = Counter.builder()
                .name("tributary_delayed_labels_total")
                .help("Delayed labels (labels.enabled), by outcome: joined (to a waiting prediction), learned (by the model's task), "
                        + "late and unknown (dead-lettered), expired_unlabelled (predictions whose label never came).")
                .labelNames("outcome")
                .register(registry);
        for (String outcome : List.of("joined", "learned", "late", "unknown", "expired_unlabelled")) {
            delayedLabels.labelValues(outcome);
        }
        Counter jumpCounter = Counter.builder()
                .name("tributary_dimensionality_jumps_total")
                .help("MLP dimensionality tracking (track_every): sudden changes in a tracked series, by model.")
                .labelNames("model")
                .register(registry);
        Counter mixCounter = Counter.builder()
                .name("tributary_parameter_mixes_total")
                .help("Global models (scope: global): parameter mixes by this instance's replicas, by model.")
                .labelNames("model")
                .register(registry);
        Counter keyedEvictions = Counter.builder()
                .name("tributary_keyed_models_evicted_total")
                .help("Keyed models dropped from a task, by model and reason: cap (least recently used, beyond keyed.max_models) or idle.")
                .labelNames("model", "reason")
                .register(registry);
        for (ModelDefinition d : definitions) {
            String m = d.name();
            models.put(m, new ModelMetrics(predictions.labelValues(m), learnUpdates.labelValues(m), predictLatency.labelValues(m),
                    learnLatency.labelValues(m), driftAlarms.labelValues(m), d.task(), d.numClasses(), window, fadingFactor,
                    d.selection() == null ? List.of() : d.selection().candidates().stream().map(SelectionSpec.Candidate::name).toList(),
                    swapCounter, m, d.scope().keyed(), keyedEvictions));
            if (d.scope().global()) {
                models.get(m).mixes = mixCounter.labelValues(m);
            }
            if (d.algorithm().trim().equalsIgnoreCase("mlp")) {
                models.get(m).dimensionalityJumps = jumpCounter.labelValues(m);
            }
            if (d.scope().keyed()) {
                keyedEvictions.labelValues(m, "cap");
                keyedEvictions.labelValues(m, "idle");
            }
        }
        GaugeWithCallback.builder()
                .name("tributary_model_version")
                .help("Version of the model serving predictions (learning updates absorbed, or the swapped-in snapshot's version).")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> cb.call(mm.version(), m)))
                .register(registry);
        dimensionalityGauge(registry, "tributary_mlp_stable_rank", "sum(s^2) / max(s^2) of the layer's activations",
                io.tributary.learn.neural.LayerDimensionality::stableRank);
        dimensionalityGauge(registry, "tributary_mlp_participation_ratio", "(sum s^2)^2 / sum s^4 of the layer's activations",
                io.tributary.learn.neural.LayerDimensionality::participationRatio);
        dimensionalityGauge(registry, "tributary_mlp_components_90", "singular directions holding 90 % of the layer's energy",
                l -> l.componentsFor90());
        dimensionalityGauge(registry, "tributary_mlp_nuclear_norm_ratio", "nuclear-norm ratio of the layer's activations",
                io.tributary.learn.neural.LayerDimensionality::nuclearNormRatio);
        GaugeWithCallback.builder()
                .name("tributary_learner_metric")
                .help("Numbers a learner reports about itself, by model, partition and metric: for Tribuo models retrains, "
                        + "retrain_seconds_last, window_size, and the held-out tribuo_accuracy, tribuo_macro_f1, tribuo_rmse, tribuo_mae, tribuo_r2.")
                .labelNames("model", "partition", "metric")
                .callback(cb -> models.forEach((m, mm) -> mm.reporters.forEach((p, r) -> r.learnerMetrics()
                        .forEach((name, value) -> cb.call(value, m, Integer.toString(p), name)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_forecast_mae")
                .help("Forecasters: mean absolute error of the h-step forecasts, all steps and series of this instance, by model.")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    if (!mm.forecasts.isEmpty()) {
                        cb.call(mm.forecastSummary().mae(), m);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_forecast_smape")
                .help("Forecasters: symmetric MAPE (percent, 0-200) of the h-step forecasts, all steps and series of this instance, by model.")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    if (!mm.forecasts.isEmpty()) {
                        cb.call(mm.forecastSummary().smape(), m);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_mlp_loss")
                .help("MLP with track_every: mini-batch loss at the latest measurement, by model and partition.")
                .labelNames("model", "partition")
                .callback(cb -> models.forEach((m, mm) -> mm.dimensionality.forEach((p, r) -> cb.call(r.loss(), m, Integer.toString(p)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_mlp_gradient_norm")
                .help("MLP with track_every: gradient norm at the latest measurement, by model and partition.")
                .labelNames("model", "partition")
                .callback(cb -> models.forEach((m, mm) -> mm.dimensionality.forEach((p, r) -> cb.call(r.gradientNorm(), m, Integer.toString(p)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_parameter_mix_peers")
                .help("Global models: peers whose fresh parameters the latest mix of a replica averaged in, by model.")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    if (mm.mixes != null) {
                        cb.call(mm.lastMixPeers.get(), m);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_keyed_models")
                .help("Keyed models live in this instance, by model (scope: keyed only).")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    if (mm.keyed) {
                        cb.call(mm.keyedModels(), m);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_keyed_model_snapshot_bytes")
                .help("Mean size of a keyed model's snapshot in this instance, bytes: what one key costs in the store and changelog.")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    if (mm.keyed) {
                        cb.call(mm.keyedModelBytes(), m);
                    }
                }))
                .register(registry);
        GaugeWithCallback.builder()
                .name("tributary_model_snapshot_version")
                .help("Version of the newest hot-swapped snapshot (from the models topic) a replica of the model serves from; -1 for none.")
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> cb.call(mm.snapshotVersion(), m)))
                .register(registry);
        prequentialGauge(registry, "tributary_prequential_accuracy", "Prequential accuracy over the metrics window, by model.",
                CLASSIFIERS, ModelMetrics::accuracy);
        prequentialGauge(registry, "tributary_prequential_log_loss", "Prequential log-loss over the metrics window, by model.",
                CLASSIFIERS, ModelMetrics::logLoss);
        prequentialGauge(registry, "tributary_prequential_macro_f1", "Prequential macro-averaged F1 over the metrics window, by model.",
                CLASSIFIERS, ModelMetrics::macroF1);
        prequentialGauge(registry, "tributary_prequential_auc",
                "Prequential ROC AUC over the metrics window, by binary classification model.", BINARY, ModelMetrics::auc);
        prequentialGauge(registry, "tributary_prequential_r2", "Prequential coefficient of determination over the metrics window, by model.",
                REGRESSORS, ModelMetrics::r2);
        prequentialGauge(registry, "tributary_prequential_mae", "Prequential mean absolute error over the metrics window, by model.",
                REGRESSORS, ModelMetrics::mae);
        prequentialGauge(registry, "tributary_prequential_rmse", "Prequential root mean squared error over the metrics window, by model.",
                REGRESSORS, ModelMetrics::rmse);
        if (fadingFactor > 0) {
            prequentialGauge(registry, "tributary_prequential_fading_accuracy",
                    "Prequential accuracy with the fading factor metrics.fading.factor, by model.", CLASSIFIERS, ModelMetrics::fadingAccuracy);
            prequentialGauge(registry, "tributary_prequential_fading_log_loss",
                    "Prequential log-loss with the fading factor metrics.fading.factor, by model.", CLASSIFIERS, ModelMetrics::fadingLogLoss);
            prequentialGauge(registry, "tributary_prequential_fading_mae",
                    "Prequential mean absolute error with the fading factor metrics.fading.factor, by model.", REGRESSORS, ModelMetrics::fadingMae);
            prequentialGauge(registry, "tributary_prequential_fading_rmse",
                    "Prequential root mean squared error with the fading factor metrics.fading.factor, by model.", REGRESSORS,
                    ModelMetrics::fadingRmse);
        }
        selectionGauge(registry, "tributary_selection_candidate_loss",
                "Model selection: a candidate's prequential loss (mean over this instance's replicas), by model and candidate.",
                ModelMetrics::candidateLoss);
        selectionGauge(registry, "tributary_selection_winner",
                "Model selection: how many of this instance's replicas of the model the candidate serves (0 = it is not the winner anywhere).",
                ModelMetrics::replicasServedBy);
        selectionGauge(registry, "tributary_selection_candidate_active",
                "Model selection: replicas in which the candidate still competes (successive halving eliminates candidates).",
                ModelMetrics::replicasWithActive);
        selectionGauge(registry, "tributary_selection_candidate_evaluations",
                "Model selection: events the candidate was scored on, summed over this instance's live replicas.",
                ModelMetrics::candidateEvaluations);
    }

    private void dimensionalityGauge(PrometheusRegistry registry, String name, String what,
            java.util.function.ToDoubleFunction<io.tributary.learn.neural.LayerDimensionality> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help("MLP with track_every: " + what + " at the latest measurement, by model, partition and hidden layer.")
                .labelNames("model", "partition", "layer")
                .callback(cb -> models.forEach((m, mm) -> mm.dimensionality.forEach((p, r) -> {
                    for (io.tributary.learn.neural.LayerDimensionality l : r.layers()) {
                        cb.call(value.applyAsDouble(l), m, Integer.toString(p), Integer.toString(l.layer()));
                    }
                })))
                .register(registry);
    }

    private void selectionGauge(PrometheusRegistry registry, String name, String help,
            java.util.function.ToDoubleBiFunction<ModelMetrics, String> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("model", "candidate")
                .callback(cb -> models.forEach((m, mm) -> {
                    for (String candidate : mm.candidates()) {
                        cb.call(value.applyAsDouble(mm, candidate), m, candidate);
                    }
                }))
                .register(registry);
    }

    private static final java.util.function.Predicate<Task> CLASSIFIERS = Task::isClassification;
    private static final java.util.function.Predicate<Task> REGRESSORS = t -> !t.isClassification();
    private static final java.util.function.Predicate<Task> BINARY = t -> t == Task.BINARY_CLASSIFICATION;

    private void prequentialGauge(PrometheusRegistry registry, String name, String help,
            java.util.function.Predicate<Task> appliesTo, java.util.function.ToDoubleFunction<ModelMetrics> value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("model")
                .callback(cb -> models.forEach((m, mm) -> {
                    // A classification metric means nothing for a regressor and vice versa (and AUC is for binary
                    // models only); before the first label the value is NaN, which Prometheus represents as is.
                    if (appliesTo.test(mm.task())) {
                        cb.call(value.applyAsDouble(mm), m);
                    }
                }))
                .register(registry);
    }

    public ModelMetrics model(String name) {
        return models.get(name);
    }

    public void consumed() {
        eventsConsumed.inc();
    }

    public void deadLettered(DlqReason reason) {
        dlq.get(reason).inc();
    }

    /**
     * Counts a models-topic record that was rejected before it reached a model (undecodable); the label is the model
     * it names if this processor serves it, else "other" (a bad record must not create label values at will).
     */
    public void swapOutcome(String model, SwapOutcome outcome) {
        ModelMetrics mm = model == null ? null : models.get(model);
        (mm != null ? mm.swaps.get(outcome) : swapCounter.labelValues("other", outcome.label())).inc();
    }

    public void delayedLabel(String outcome) {
        delayedLabels.labelValues(outcome).inc();
    }

    public void delayedLabel(String outcome, long n) {
        delayedLabels.labelValues(outcome).inc(n);
    }

    public long delayedLabelCount(String outcome) {
        return delayedLabels.labelValues(outcome).getLongValue();
    }

    public void endToEnd(double seconds) {
        endToEnd.observe(seconds);
    }

    public long consumedCount() {
        return eventsConsumed.getLongValue();
    }

    public long deadLetteredCount() {
        return dlq.values().stream().mapToLong(CounterDataPoint::getLongValue).sum();
    }
}
