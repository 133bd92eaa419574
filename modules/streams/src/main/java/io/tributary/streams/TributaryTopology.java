package io.tributary.streams;

import io.tributary.events.FeatureEventDecoder;
import io.tributary.events.ModelMetrics;
import io.tributary.events.Prediction;
import io.tributary.streams.config.ProcessorConfig;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.metrics.ProcessorMetrics;
import io.tributary.streams.processor.PredictLearnProcessor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import io.tributary.events.avro.SchemaRegistry;
import io.tributary.events.EventSerdes;
import io.tributary.events.LabelEvent;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.ParameterUpdate;
import io.tributary.events.RecordDecoder;
import io.tributary.events.PendingPrediction;
import io.tributary.streams.labels.LabelJoinProcessor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import io.tributary.streams.processor.ParameterMixing;
import io.tributary.streams.state.ModelStoreBuilder;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.tributary.streams.swap.HotSwap;
import io.tributary.streams.swap.ModelsTopicProcessor;
import io.tributary.streams.swap.SnapshotBoard;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor topology: {@code features} (raw bytes) → predict-then-learn → {@code predictions}, with a side exit
 * to the dead-letter topic and each model replica's metrics to {@code model-metrics}. Input is read as bytes and decoded inside the processor so that a bad record becomes a
 * DLQ entry with a reason instead of a deserialization failure that stops the task.
 */
public final class TributaryTopology {

    public static final String SOURCE = "features-source";
    public static final String PROCESSOR = "predict-learn";
    public static final String MODELS_SOURCE = "models-source";
    public static final String MODELS_PROCESSOR = "models-reader";
    public static final String MIXING_SOURCE = "mixing-source";
    public static final String JOINS_SOURCE = "label-joins-source";
    public static final String LABELS_SOURCE = "labels-source";
    public static final String PENDING_SOURCE = "pending-source";
    public static final String LABEL_JOIN = "label-join";
    public static final String MIXING_PROCESSOR = "mixing-mirror";

    private TributaryTopology() {}

    public static Topology build(TributaryConfig config, ProcessorMetrics metrics, FeatureEventDecoder decoder,
            Serializer<Prediction> predictionSerializer, Serializer<ModelMetrics> modelMetricsSerializer) {
        return build(config, metrics, decoder, predictionSerializer, modelMetricsSerializer, null);
    }

    /** @param snapshotRegistry reads Avro snapshots on the models topic; null for JSON only */
    public static Topology build(TributaryConfig config, ProcessorMetrics metrics, FeatureEventDecoder decoder,
            Serializer<Prediction> predictionSerializer, Serializer<ModelMetrics> modelMetricsSerializer,
            SchemaRegistry snapshotRegistry) {
        ProcessorConfig pc = config.processor();
        // Models live as objects in the processor; the store encodes each changed model once per commit, into the
        // same transaction as the outputs (see ModelStateStore).
        ModelStoreBuilder store = new ModelStoreBuilder(ProcessorConfig.MODEL_STORE_NAME);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.featuresTopic());
        // Hot swap: the models topic feeds a global store (every instance reads all of it) and a board the tasks
        // check on each record; see HotSwap.
        SnapshotBoard board = new SnapshotBoard();
        RecordDecoder<ModelSnapshot> snapshotDecoder = new RecordDecoder<>(ModelSnapshot.class, snapshotRegistry);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HotSwap.STORE_NAME), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(), // a global store restores from its source topic
                MODELS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.modelsTopic(), MODELS_PROCESSOR,
                () -> new ModelsTopicProcessor(HotSwap.STORE_NAME, snapshotDecoder, board, metrics));
        boolean labels = pc.labelsEnabled();
        if (labels) {
            topology.addSource(JOINS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.labelJoinsTopic());
        }
        topology.addProcessor(PROCESSOR,
                () -> new PredictLearnProcessor(config.models(), ProcessorConfig.MODEL_STORE_NAME, decoder, metrics,
                        pc.metricsEmitIntervalMs(), new HotSwap(board, snapshotDecoder), labels ? pc.labelJoinsTopic() : null),
                labels ? new String[] {SOURCE, JOINS_SOURCE} : new String[] {SOURCE});
        if (labels) {
            addDelayedLabels(topology, pc, metrics, snapshotRegistry);
        }
        topology.addStateStore(store, PROCESSOR);
        if (config.models().stream().anyMatch(m -> m.scope().global())) {
            // Global models: each replica posts its parameters to the mixing topic, and every instance mirrors the
            // topic in a global store from which the replicas read each other's posts (see ParameterMixing).
            topology.addGlobalStore(
                    Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ParameterMixing.STORE_NAME), Serdes.String(), Serdes.ByteArray())
                            .withLoggingDisabled(),
                    MIXING_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), pc.mixingTopic(), MIXING_PROCESSOR,
                    () -> new ParameterMixing.Mirror());
            topology.addSink(PredictLearnProcessor.MIXING_SINK, pc.mixingTopic(), new StringSerializer(),
                    EventSerdes.json(ParameterUpdate.class).serializer(), PROCESSOR);
        }
        topology.addSink(PredictLearnProcessor.PREDICTIONS_SINK, pc.predictionsTopic(), new StringSerializer(),
                predictionSerializer, PROCESSOR);
        topology.addSink(PredictLearnProcessor.DLQ_SINK, pc.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(PredictLearnProcessor.MODEL_METRICS_SINK, pc.modelMetricsTopic(), new StringSerializer(),
                modelMetricsSerializer, PROCESSOR);
        return topology;
    }

    /**
     * Delayed labels: the predicting processor sends unlabelled predictions, keyed by event id, to the pending topic;
     * a second sub-topology joins them with the labels topic (both keyed by event id, so co-partitioned) and sends each
     * joined prediction back to the partition of the task that made it, where the model scores and learns.
     */
    private static void addDelayedLabels(Topology topology, ProcessorConfig pc, ProcessorMetrics metrics, SchemaRegistry registry) {
        topology.addSink(PredictLearnProcessor.PENDING_SINK, pc.pendingTopic(), new StringSerializer(),
                EventSerdes.json(PendingPrediction.class).serializer(), PROCESSOR);
        topology.addSource(LABELS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.labelsTopic());
        topology.addSource(PENDING_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.pendingTopic());
        RecordDecoder<LabelEvent> labels = new RecordDecoder<>(LabelEvent.class, registry);
        topology.addProcessor(LABEL_JOIN, () -> new LabelJoinProcessor(pc.pendingTopic(), pc.labelsWindowMs(), labels, metrics),
                LABELS_SOURCE, PENDING_SOURCE);
        for (String store : List.of(LabelJoinProcessor.PENDING_STORE, LabelJoinProcessor.EARLY_LABELS_STORE, LabelJoinProcessor.EXPIRED_STORE)) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                    .withCachingEnabled()
                    .withLoggingEnabled(Map.of()), LABEL_JOIN);
        }
        // Back to the partition of the task that holds the model, whatever the key hashes to.
        StreamPartitioner<Object, PendingPrediction> toItsTask = (topic, key, value, partitions) -> Optional.of(Set.of(value.getPartition()));
        topology.addSink(LabelJoinProcessor.JOINS_SINK, pc.labelJoinsTopic(), new StringSerializer(),
                EventSerdes.json(PendingPrediction.class).serializer(), toItsTask, LABEL_JOIN);
        topology.addSink(LabelJoinProcessor.DLQ_SINK, pc.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), LABEL_JOIN);
    }
}
