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
import io.tributary.streams.state.ModelStoreBuilder;

/**
 * The processor topology: {@code features} (raw bytes) → predict-then-learn → {@code predictions}, with a side exit
 * to the dead-letter topic and each model replica's metrics to {@code model-metrics}. Input is read as bytes and decoded inside the processor so that a bad record becomes a
 * DLQ entry with a reason instead of a deserialization failure that stops the task.
 */
public final class TributaryTopology {

    public static final String SOURCE = "features-source";
    public static final String PROCESSOR = "predict-learn";

    private TributaryTopology() {}

    public static Topology build(TributaryConfig config, ProcessorMetrics metrics, FeatureEventDecoder decoder,
            Serializer<Prediction> predictionSerializer, Serializer<ModelMetrics> modelMetricsSerializer) {
        ProcessorConfig pc = config.processor();
        // Models live as objects in the processor; the store encodes each changed model once per commit, into the
        // same transaction as the outputs (see ModelStateStore).
        ModelStoreBuilder store = new ModelStoreBuilder(ProcessorConfig.MODEL_STORE_NAME);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), pc.featuresTopic());
        topology.addProcessor(PROCESSOR,
                () -> new PredictLearnProcessor(config.models(), ProcessorConfig.MODEL_STORE_NAME, decoder, metrics,
                        pc.metricsEmitIntervalMs()), SOURCE);
        topology.addStateStore(store, PROCESSOR);
        topology.addSink(PredictLearnProcessor.PREDICTIONS_SINK, pc.predictionsTopic(), new StringSerializer(),
                predictionSerializer, PROCESSOR);
        topology.addSink(PredictLearnProcessor.DLQ_SINK, pc.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(PredictLearnProcessor.MODEL_METRICS_SINK, pc.modelMetricsTopic(), new StringSerializer(),
                modelMetricsSerializer, PROCESSOR);
        return topology;
    }
}
