package io.tributary.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tributary.events.EventFormat;
import io.tributary.events.EventSerdes;
import io.tributary.events.FeatureEvent;
import io.tributary.events.Prediction;
import io.tributary.events.avro.SchemaRegistryClient;
import io.tributary.runtime.testing.SharedInfrastructure;
import io.tributary.streams.config.TributaryConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Avro path against a real schema registry (Apicurio, Confluent-compatible API): the spine through Avro in
 * Confluent wire format, and interoperability with a plain Confluent-format writer and reader that share none of
 * our code (raw REST calls, Avro's generic API, hand-written framing).
 */
@ExtendWith(SharedInfrastructure.class)
class AvroPipelineIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSpineWorksThroughAvroAndTheRegistry() throws Exception {
        String registryUrl = SharedInfrastructure.registry().ccompatUrl();
        TributaryConfig config = ItSupport.config("spine-avro",
                "output.format: avro\nschema.registry.url: \"" + registryUrl + "\"", ItSupport.HYPERPLANE_MODEL);
        SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry())) {
            PredictLearnIT.produce(config.processor().featuresTopic(), EventSerdes.featureEvents(EventFormat.AVRO, registry).serializer());
            List<ConsumerRecord<String, Prediction>> out = ItSupport.drain(config.processor().predictionsTopic(), ItSupport.strings(),
                    EventSerdes.predictions(EventFormat.AVRO, registry).deserializer(), PredictLearnIT.EVENTS, Duration.ofSeconds(180));
            PredictLearnIT.checkSpine(out);
            assertEquals(0, processor.metrics().deadLetteredCount());
        }
    }

    @Test
    void aRecordFromAPlainConfluentFormatWriterIsReadAndPredictedAndOurOutputReadsWithAPlainReader() throws Exception {
        String registryUrl = SharedInfrastructure.registry().ccompatUrl();
        TributaryConfig config = ItSupport.config("spine-wire",
                "output.format: avro\nschema.registry.url: \"" + registryUrl + "\"", ItSupport.HYPERPLANE_MODEL);
        String featuresTopic = config.processor().featuresTopic();

        // A plain writer: register the schema by hand, frame by hand (magic 0, big-endian id, Avro binary).
        Schema writerSchema = new Schema.Parser().parse(FeatureEvent.getClassSchema().toString());
        int id = registerByHand(registryUrl, featuresTopic + "-value", writerSchema);
        GenericRecord event = new GenericData.Record(writerSchema);
        float[] x = {0.9f, 0.1f, 0.4f, 0.6f, 0.2f, 0.8f, 0.3f, 0.7f, 0.5f, 0.5f, 0.1f, 0.9f, 0.2f, 0.8f, 0.3f, 0.7f};
        List<Float> dense = new java.util.ArrayList<>();
        for (float v : x) {
            dense.add(v);
        }
        event.put("eventId", "plain-1");
        event.put("dense", dense);
        event.put("label", 1.0);
        byte[] framed = frame(id, writerSchema, event);

        // Our deserializer reads the plain writer's bytes.
        FeatureEvent decoded = EventSerdes.featureEvents(EventFormat.AVRO, new SchemaRegistryClient(registryUrl))
                .deserializer().deserialize(featuresTopic, framed);
        assertEquals("plain-1", decoded.getEventId());
        assertEquals(16, decoded.getDense().size());
        assertEquals(0.9f, decoded.getDense().get(0), 0f);

        try (TributaryProcessor processor = ItSupport.start(config, new PrometheusRegistry());
                KafkaProducer<String, byte[]> producer = ItSupport.producer(new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(featuresTopic, "plain-key", framed)).get();
            List<ConsumerRecord<byte[], byte[]>> out = ItSupport.drainBytes(config.processor().predictionsTopic(), 1, Duration.ofSeconds(60));
            assertEquals(1, out.size());

            // A plain reader: parse the frame by hand, fetch the writer schema by raw REST, decode generically.
            ByteBuffer buf = ByteBuffer.wrap(out.get(0).value());
            assertEquals(0, buf.get(), "magic byte");
            int predictionSchemaId = buf.getInt();
            Schema predictionSchema = schemaByHand(registryUrl, predictionSchemaId);
            GenericRecord prediction = new GenericDatumReader<GenericRecord>(predictionSchema).read(null,
                    DecoderFactory.get().binaryDecoder(buf.array(), buf.position(), buf.remaining(), null));
            assertEquals("plain-1", prediction.get("eventId").toString());
            assertEquals("plain-key", prediction.get("key").toString());
            assertEquals("hyperplane", prediction.get("model").toString());
            assertEquals(0L, prediction.get("modelVersion"));
            assertEquals(1.0, (Double) prediction.get("label"), 0.0);
            assertTrue(predictionSchema.getField("scores") != null);
            assertEquals(0, processor.metrics().deadLetteredCount());
        }
    }

    static byte[] frame(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static int registerByHand(String registryUrl, String subject, Schema schema) throws Exception {
        String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registryUrl + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asInt();
    }

    static Schema schemaByHand(String registryUrl, int id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode node = JSON.readTree(response.body());
        return new Schema.Parser().parse(node.get("schema").asText());
    }
}
