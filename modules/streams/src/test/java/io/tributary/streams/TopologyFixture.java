package io.tributary.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEventDecoder;
import io.tributary.events.Prediction;
import io.tributary.streams.config.TributaryConfig;
import io.tributary.streams.metrics.ProcessorMetrics;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A topology under {@link TopologyTestDriver}, fed raw bytes, with its outputs decoded (fast tests, no broker). */
final class TopologyFixture implements AutoCloseable {

    final TributaryConfig config;
    final ProcessorMetrics metrics;
    final PrometheusRegistry registry = new PrometheusRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> features;
    final TestOutputTopic<String, Prediction> predictions;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestOutputTopic<String, io.tributary.events.ModelMetrics> modelMetrics;

    TopologyFixture(String yaml) {
        this(yaml, EventSerdes.predictionsJson().serializer());
    }

    TopologyFixture(String yaml, org.apache.kafka.common.serialization.Serializer<Prediction> predictionSerializer) {
        config = TributaryConfig.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", Map.of());
        metrics = new ProcessorMetrics(registry, config.processor().featuresTopic(), config.models(), config.processor().metricsWindow(),
                config.processor().metricsFadingFactor());
        var topology = TributaryTopology.build(config, metrics, new FeatureEventDecoder(null), predictionSerializer,
                EventSerdes.json(io.tributary.events.ModelMetrics.class).serializer());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        features = driver.createInputTopic(config.processor().featuresTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(config.processor().predictionsTopic(), new StringDeserializer(),
                EventSerdes.predictionsJson().deserializer());
        dlq = driver.createOutputTopic(config.processor().dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        modelMetrics = driver.createOutputTopic(config.processor().modelMetricsTopic(), new StringDeserializer(),
                EventSerdes.json(io.tributary.events.ModelMetrics.class).deserializer());
    }

    void send(String key, String json) {
        features.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(String key, byte[] value) {
        features.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    @Override
    public void close() {
        driver.close();
    }
}
