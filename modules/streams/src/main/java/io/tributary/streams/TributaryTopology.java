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
import io.tributary.events.ParameterUpdate;
import io.tributary.streams.processor.ParameterMixing;
import io.tributary.streams.state.ModelStoreBuilder;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.tributary.streams.swap.HotSwap;
import io.tributary.streams.swap.ModelSnapshotDecoder;
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
        ModelSnapshotDecoder snapshotDecoder = new ModelSnapshotDecoder(snapshotRegistry);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HotSwap.STORE_NAME), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(), // a global store restores from its source topic
                MODELS_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.modelsTopic(), MODELS_PROCESSOR,
                () -> new ModelsTopicProcessor(HotSwap.STORE_NAME, snapshotDecoder, board, metrics));
        topology.addProcessor(PROCESSOR,
                () -> new PredictLearnProcessor(config.models(), ProcessorConfig.MODEL_STORE_NAME, decoder, metrics,
                        pc.metricsEmitIntervalMs(), new HotSwap(board, snapshotDecoder)), SOURCE);
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
}
