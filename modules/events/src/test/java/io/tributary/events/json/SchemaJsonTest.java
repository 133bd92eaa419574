package io.tributary.events.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.events.EventDecodingException;
import io.tributary.events.ModelMetrics;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {

    static ModelMetrics metrics() {
        return ModelMetrics.newBuilder().setModel("m").setModelVersion(42).setTask(Task.BINARY_CLASSIFICATION)
                .setPartition(2).setWindow(1000).setWindowCount(500).setPredictions(600).setLabelled(500)
                .setAccuracy(0.875).setLogLoss(0.31).setEmittedAt(Instant.ofEpochMilli(1_700_000_000_123L)).build();
    }

    @Test
    void roundTripsAndOmitsNulls() throws Exception {
        byte[] json = SchemaJson.encode(metrics());
        var tree = new ObjectMapper().readTree(json);
        assertEquals(1_700_000_000_123L, tree.get("emittedAt").asLong(), "timestamps are epoch millis");
        assertEquals("BINARY_CLASSIFICATION", tree.get("task").asText());
        assertTrue(!tree.has("mae") && !tree.has("rmse"), "null optional fields are omitted: " + tree);
        ModelMetrics back = SchemaJson.decode(json, ModelMetrics.class);
        assertEquals(metrics(), back);
        assertNull(back.getMae());
    }

    @Test
    void writesTheSameShapesAsTheHandWrittenCodec() throws Exception {
        Prediction p = Prediction.newBuilder().setEventId("e").setKey(null).setModel("m").setModelVersion(3)
                .setTask(Task.MULTICLASS_CLASSIFICATION).setPrediction(1).setPredictedClass("b").setScores(List.of(0.25f, 0.5f, 0.25f))
                .setLabel("b").setEventTime(Instant.ofEpochMilli(5)).setPredictedAt(Instant.ofEpochMilli(6)).build();
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(new JsonCodec().encodePrediction(p)), mapper.readTree(SchemaJson.encode(p)));
        assertEquals(p, SchemaJson.decode(new JsonCodec().encodePrediction(p), Prediction.class));

        ModelSnapshot s = ModelSnapshot.newBuilder().setModel("m").setVersion(1).setAlgorithm("a").setFormat("f")
                .setTask(Task.REGRESSION).setDimension(2).setCreatedAt(Instant.ofEpochMilli(9)).setSource("cli")
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
        assertEquals(mapper.readTree(new JsonCodec().encodeModelSnapshot(s)), mapper.readTree(SchemaJson.encode(s)));
    }

    @Test
    void isStrictAndNamesTheField() {
        EventDecodingException unknown = assertThrows(EventDecodingException.class, () -> SchemaJson.decode(
                "{\"model\":\"m\",\"modelVersoin\":1}".getBytes(StandardCharsets.UTF_8), ModelMetrics.class));
        assertEquals(EventDecodingException.Reason.UNKNOWN_FIELD, unknown.reason());
        assertTrue(unknown.getMessage().contains("modelVersoin"));
        String json = new String(SchemaJson.encode(metrics()), StandardCharsets.UTF_8);
        EventDecodingException missing = assertThrows(EventDecodingException.class, () -> SchemaJson.decode(
                json.replace("\"partition\":2,", "").getBytes(StandardCharsets.UTF_8), ModelMetrics.class));
        assertEquals(EventDecodingException.Reason.MISSING_FIELD, missing.reason());
        EventDecodingException type = assertThrows(EventDecodingException.class, () -> SchemaJson.decode(
                json.replace("\"partition\":2", "\"partition\":\"two\"").getBytes(StandardCharsets.UTF_8), ModelMetrics.class));
        assertEquals(EventDecodingException.Reason.WRONG_TYPE, type.reason());
        assertEquals(EventDecodingException.Reason.MALFORMED_JSON, assertThrows(EventDecodingException.class,
                () -> SchemaJson.decode("{".getBytes(StandardCharsets.UTF_8), ModelMetrics.class)).reason());
    }
}
