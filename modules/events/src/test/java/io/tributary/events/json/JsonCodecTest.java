package io.tributary.events.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.FeatureEvent;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.SparseFeatures;
import io.tributary.events.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.PrimitivesArrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {
  private final JsonCodec codec = new JsonCodec();

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static EventDecodingException decodeFails(String json) {
    return assertThrows(EventDecodingException.class, () -> new JsonCodec().decodeFeatureEvent(json));
  }

  private static void assertMessageContains(EventDecodingException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
  }

  @Nested
  class FeatureEvents {
    @Test
    void denseWithMetadataDecodesAndRoundTrips() {
      String json = "{\"eventId\":\"e-1\",\"eventTime\":1700000000000,\"dense\":[0.1,0.2],\"label\":1}";
      FeatureEvent e = codec.decodeFeatureEvent(json);
      assertEquals("e-1", e.getEventId());
      assertEquals(Instant.ofEpochMilli(1700000000000L), e.getEventTime());
      assertEquals(List.of(0.1f, 0.2f), e.getDense());
      assertEquals(1.0, e.getLabel());
      assertInstanceOf(Double.class, e.getLabel());
      assertNull(e.getModel());
      assertNull(e.getSparse());
      assertNull(e.getNamed());
      assertNull(e.getClientId());
      // A primitive-backed list: no boxing while decoding, readable without boxing.
      assertInstanceOf(PrimitivesArrays.FloatArray.class, e.getDense());

      assertEquals("{\"eventId\":\"e-1\",\"eventTime\":1700000000000,\"dense\":[0.1,0.2],\"label\":1.0}",
          str(codec.encodeFeatureEvent(e)));
      assertEquals(e, codec.decodeFeatureEvent(codec.encodeFeatureEvent(e)));
    }

    @Test
    void sparseRoundTrips() {
      String json = "{\"sparse\":{\"dimension\":1048576,\"indices\":[3,77],\"values\":[1.0,0.5]}}";
      FeatureEvent e = codec.decodeFeatureEvent(json);
      assertEquals(1048576, e.getSparse().getDimension());
      assertEquals(List.of(3, 77), e.getSparse().getIndices());
      assertEquals(List.of(1.0f, 0.5f), e.getSparse().getValues());
      assertEquals(json, str(codec.encodeFeatureEvent(e)));
    }

    @Test
    void namedWithStringLabelRoundTripsInDocumentOrder() {
      String json = "{\"named\":{\"age\":31,\"income\":52000.0},\"label\":\"yes\"}";
      FeatureEvent e = codec.decodeFeatureEvent(json);
      assertEquals(List.of("age", "income"), List.copyOf(e.getNamed().keySet()));
      assertEquals(31.0, e.getNamed().get("age"));
      assertEquals(52000.0, e.getNamed().get("income"));
      assertEquals("yes", e.getLabel());
      assertEquals("{\"named\":{\"age\":31.0,\"income\":52000.0},\"label\":\"yes\"}", str(codec.encodeFeatureEvent(e)));
    }

    @Test
    void everyFieldRoundTrips() {
      Map<String, Double> named = new LinkedHashMap<>();
      named.put("x", -1.5);
      named.put("a b \"c\"", 1e-300);
      FeatureEvent e = FeatureEvent.newBuilder()
          .setEventId("id-ü-✓")
          .setEventTime(Instant.parse("2024-05-01T12:00:00.123Z"))
          .setModel("churn")
          .setNamed(named)
          .setLabel(-3.25)
          .setClientId("bank-a")
          .build();
      FeatureEvent back = codec.decodeFeatureEvent(codec.encodeFeatureEvent(e));
      assertEquals(e, back);
    }

    @Test
    void floatsKeepTheirExactValue() {
      float[] values = {Float.MIN_VALUE, Float.MAX_VALUE, 1e-7f, 0.1f, -0.0f, 123456.79f, 3.4028235e38f};
      FeatureEvent e = new FeatureEvent();
      e.setDense(new java.util.ArrayList<>());
      for (float v : values) e.getDense().add(v);
      FeatureEvent back = codec.decodeFeatureEvent(codec.encodeFeatureEvent(e));
      for (int i = 0; i < values.length; i++) {
        assertEquals(Float.floatToIntBits(values[i]), Float.floatToIntBits(back.getDense().get(i)), "index " + i);
      }
    }

    @Test
    void nullMeansAbsentAndWhitespaceAndBomAreFine() {
      FeatureEvent e = codec.decodeFeatureEvent(
          "\uFEFF \n{ \"eventId\" : null, \"label\": null, \"sparse\": null, \"dense\" : [ 1 , 2 ] }\n  ");
      assertNull(e.getEventId());
      assertNull(e.getLabel());
      assertEquals(List.of(1f, 2f), e.getDense());
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'd', 'e', 'n', 's', 'e', '"', ':', '[', '3', ']', '}'};
      assertEquals(List.of(3f), codec.decodeFeatureEvent(bom).getDense());
    }

    @Test
    void emptyDenseIsStructurallyFine() {
      assertEquals(List.of(), codec.decodeFeatureEvent("{\"dense\":[]}").getDense());
    }

    @Test
    void decodesFromAnOffsetInABuffer() {
      byte[] buf = "xx{\"dense\":[5]}yy".getBytes(StandardCharsets.UTF_8);
      assertEquals(List.of(5f), codec.decodeFeatureEvent(buf, 2, buf.length - 4).getDense());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"2023-11-14T22:13:20Z\"              | 1700000000000",
        "\"2023-11-14T22:13:20.123Z\"          | 1700000000123",
        "\"2023-11-15T00:13:20.5+02:00\"       | 1700000000500",
        "\"2023-11-14T17:13:20-05:00\"         | 1700000000000",
        "\"2023-11-14T22:13:20.123999999Z\"    | 1700000000123",
        "1700000000000                         | 1700000000000",
        "0                                     | 0",
        "-1000                                 | -1000"})
    void eventTimeAcceptsEpochMillisAndIso8601(String value, long expectedMillis) {
      FeatureEvent e = codec.decodeFeatureEvent("{\"eventTime\":" + value + ",\"dense\":[1]}");
      // ISO times are truncated to milliseconds, the precision of Avro's timestamp-millis.
      assertEquals(Instant.ofEpochMilli(expectedMillis), e.getEventTime());
    }
  }

  @Nested
  class FeatureEventErrors {
    @Test
    void malformedJsonSaysWhere() {
      EventDecodingException e = decodeFails("{\"dense\":[1,2,}");
      assertEquals(Reason.MALFORMED_JSON, e.reason());
      assertMessageContains(e, "malformed JSON", "line 1, column");
    }

    @Test
    void truncatedJsonIsMalformed() {
      assertEquals(Reason.MALFORMED_JSON, decodeFails("{\"dense\":[1,2").reason());
    }

    @Test
    void emptyInputIsMalformed() {
      EventDecodingException e = decodeFails("   ");
      assertEquals(Reason.MALFORMED_JSON, e.reason());
      assertMessageContains(e, "empty input");
    }

    @Test
    void nanLiteralIsNotJson() {
      assertEquals(Reason.MALFORMED_JSON, decodeFails("{\"dense\":[NaN]}").reason());
    }

    @Test
    void trailingContentIsRejected() {
      EventDecodingException e = decodeFails("{\"dense\":[1]} {\"dense\":[2]}");
      assertEquals(Reason.MALFORMED_JSON, e.reason());
      assertMessageContains(e, "unexpected content after the FeatureEvent object", "column 15");
      assertEquals(Reason.MALFORMED_JSON, decodeFails("{\"dense\":[1]} x").reason());
    }

    @Test
    void rootMustBeAnObject() {
      EventDecodingException e = decodeFails("[1,2]");
      assertEquals(Reason.WRONG_TYPE, e.reason());
      assertEquals("FeatureEvent must be a JSON object, got an array", e.getMessage());
    }

    @Test
    void unknownFieldIsNamedWithASuggestion() {
      EventDecodingException e = decodeFails("{\"dense\":[1],\"lable\":1}");
      assertEquals(Reason.UNKNOWN_FIELD, e.reason());
      assertEquals("lable", e.field());
      assertEquals("unknown field 'lable' in FeatureEvent (did you mean 'label'?); known fields: "
          + "eventId, eventTime, model, dense, sparse, named, label, clientId", e.getMessage());
    }

    @Test
    void unknownFieldFarFromAnyKnownGetsNoGuess() {
      EventDecodingException e = decodeFails("{\"dense\":[1],\"temperature\":1}");
      assertEquals(Reason.UNKNOWN_FIELD, e.reason());
      assertMessageContains(e, "unknown field 'temperature' in FeatureEvent; known fields:");
    }

    @Test
    void caseMistakeIsSuggested() {
      EventDecodingException e = decodeFails("{\"Dense\":[1]}");
      assertMessageContains(e, "(did you mean 'dense'?)");
    }

    @Test
    void unknownFieldInsideSparseIsNamedWithItsPath() {
      EventDecodingException e = decodeFails("{\"sparse\":{\"dimension\":4,\"indces\":[1],\"values\":[1]}}");
      assertEquals(Reason.UNKNOWN_FIELD, e.reason());
      assertEquals("sparse.indces", e.field());
      assertMessageContains(e, "unknown field 'sparse.indces' in SparseFeatures (did you mean 'indices'?)");
    }

    @Test
    void duplicateFieldIsAnError() {
      EventDecodingException e = decodeFails("{\"dense\":[1],\"label\":1,\"label\":0}");
      assertEquals(Reason.DUPLICATE_FIELD, e.reason());
      assertEquals("field 'label' appears more than once; one of the values would be lost", e.getMessage());
    }

    @Test
    void duplicateNamedFeatureIsAnError() {
      EventDecodingException e = decodeFails("{\"named\":{\"age\":1,\"age\":2}}");
      assertEquals(Reason.DUPLICATE_FIELD, e.reason());
      assertEquals("named.age", e.field());
    }

    @Test
    void wrongTypesNameTheFieldAndTheExpectedType() {
      record Case(String json, String field, String message) {}
      List<Case> cases = List.of(
          new Case("{\"dense\":\"1,2\"}", "dense", "'dense' must be an array of numbers, got a string"),
          new Case("{\"dense\":[1,\"2\"]}", "dense[1]", "'dense[1]' must be a number, got a string"),
          new Case("{\"dense\":[1,null]}", "dense[1]", "'dense[1]' must be a number, got null"),
          new Case("{\"dense\":[1],\"eventId\":7}", "eventId", "'eventId' must be a string, got an integer"),
          new Case("{\"dense\":[1],\"label\":true}", "label", "'label' must be a number or a string, got a boolean"),
          new Case("{\"dense\":[1],\"label\":[1]}", "label", "'label' must be a number or a string, got an array"),
          new Case("{\"named\":{\"age\":\"31\"}}", "named.age", "'named.age' must be a number, got a string"),
          new Case("{\"named\":[1]}", "named", "'named' must be an object of name to number, got an array"),
          new Case("{\"sparse\":[1]}", "sparse",
              "'sparse' must be an object with dimension, indices and values, got an array"),
          new Case("{\"sparse\":{\"dimension\":4,\"indices\":[1.5],\"values\":[1]}}", "sparse.indices[0]",
              "'sparse.indices[0]' must be an integer, got a number"),
          new Case("{\"sparse\":{\"dimension\":\"4\",\"indices\":[1],\"values\":[1]}}", "sparse.dimension",
              "'sparse.dimension' must be an integer, got a string"),
          new Case("{\"dense\":[1],\"eventTime\":1.7e12}", "eventTime",
              "'eventTime' must be epoch milliseconds (an integer) or an ISO-8601 string, got a number"),
          new Case("{\"dense\":[1],\"clientId\":{}}", "clientId", "'clientId' must be a string, got an object"));
      for (Case c : cases) {
        EventDecodingException e = decodeFails(c.json());
        assertEquals(Reason.WRONG_TYPE, e.reason(), c.json());
        assertEquals(c.field(), e.field(), c.json());
        assertEquals(c.message(), e.getMessage(), c.json());
      }
    }

    @Test
    void missingFeatures() {
      EventDecodingException e = decodeFails("{\"eventId\":\"e-1\",\"label\":1}");
      assertEquals(Reason.MISSING_FEATURES, e.reason());
      assertEquals("FeatureEvent has no features: exactly one of 'dense', 'sparse' or 'named' must be present",
          e.getMessage());
      assertEquals(Reason.MISSING_FEATURES, decodeFails("{}").reason());
      assertEquals(Reason.MISSING_FEATURES, decodeFails("{\"dense\":null}").reason());
    }

    @Test
    void severalKindsOfFeatures() {
      EventDecodingException e = decodeFails("{\"dense\":[1],\"named\":{\"a\":1}}");
      assertEquals(Reason.MULTIPLE_FEATURES, e.reason());
      assertEquals("FeatureEvent has 'dense' and 'named': exactly one of 'dense', 'sparse' or 'named' must be present",
          e.getMessage());
      EventDecodingException all = decodeFails(
          "{\"dense\":[1],\"named\":{\"a\":1},\"sparse\":{\"dimension\":2,\"indices\":[],\"values\":[]}}");
      assertMessageContains(all, "has 'dense' and 'sparse' and 'named'");
    }

    @Test
    void sparseNeedsAllThreeParts() {
      EventDecodingException e = decodeFails("{\"sparse\":{\"dimension\":4,\"indices\":[1]}}");
      assertEquals(Reason.MISSING_FIELD, e.reason());
      assertEquals("sparse.values", e.field());
      assertEquals("sparse features is missing required field 'sparse.values'", e.getMessage());
    }

    @Test
    void sparseMustBeConsistent() {
      EventDecodingException lengths = decodeFails("{\"sparse\":{\"dimension\":4,\"indices\":[1,2],\"values\":[1]}}");
      assertEquals(Reason.INVALID_VALUE, lengths.reason());
      assertEquals("sparse.indices has 2 entries but sparse.values has 1; they must be parallel (same length)",
          lengths.getMessage());
      EventDecodingException range = decodeFails("{\"sparse\":{\"dimension\":4,\"indices\":[1,4],\"values\":[1,1]}}");
      assertEquals(Reason.INVALID_VALUE, range.reason());
      assertEquals("sparse.indices[1]", range.field());
      assertEquals("sparse.indices[1] = 4 is outside [0, 4)", range.getMessage());
      assertEquals(Reason.INVALID_VALUE,
          decodeFails("{\"sparse\":{\"dimension\":0,\"indices\":[],\"values\":[]}}").reason());
      EventDecodingException big = decodeFails("{\"sparse\":{\"dimension\":4,\"indices\":[4000000000],\"values\":[1]}}");
      assertEquals(Reason.INVALID_VALUE, big.reason());
      assertMessageContains(big, "'sparse.indices[0]' = 4000000000 does not fit in a 32-bit integer");
    }

    @Test
    void badIsoTimesSayWhatIsWrong() {
      EventDecodingException noZone = decodeFails("{\"dense\":[1],\"eventTime\":\"2024-05-01T12:00:00\"}");
      assertEquals(Reason.INVALID_VALUE, noZone.reason());
      assertEquals("eventTime", noZone.field());
      assertEquals("'eventTime' = \"2024-05-01T12:00:00\" has no time-zone offset; add 'Z' for UTC or an offset "
          + "like '+02:00'", noZone.getMessage());
      EventDecodingException junk = decodeFails("{\"dense\":[1],\"eventTime\":\"yesterday\"}");
      assertEquals(Reason.INVALID_VALUE, junk.reason());
      assertMessageContains(junk, "is not an ISO-8601 date-time like '2024-05-01T12:00:00Z'");
      EventDecodingException huge = decodeFails("{\"dense\":[1],\"eventTime\":123456789012345678901234}");
      assertEquals(Reason.INVALID_VALUE, huge.reason());
      assertMessageContains(huge, "out of range");
    }
  }

  @Nested
  class Predictions {
    private Prediction full() {
      return Prediction.newBuilder()
          .setEventId("e-1")
          .setKey("sensor-7")
          .setModel("churn")
          .setModelVersion(3)
          .setTask(Task.BINARY_CLASSIFICATION)
          .setPrediction(1.0)
          .setPredictedClass("yes")
          .setScores(List.of(0.25f, 0.75f))
          .setLabel("yes")
          .setEventTime(Instant.ofEpochMilli(1700000000000L))
          .setPredictedAt(Instant.ofEpochMilli(1700000000123L))
          .build();
    }

    @Test
    void encodesNaturalJsonAndRoundTrips() {
      Prediction p = full();
      String json = str(codec.encodePrediction(p));
      assertEquals("{\"eventId\":\"e-1\",\"key\":\"sensor-7\",\"model\":\"churn\",\"modelVersion\":3,"
          + "\"task\":\"BINARY_CLASSIFICATION\",\"prediction\":1.0,\"predictedClass\":\"yes\",\"scores\":[0.25,0.75],"
          + "\"label\":\"yes\",\"eventTime\":1700000000000,\"predictedAt\":1700000000123}", json);
      assertEquals(p, codec.decodePrediction(json));
    }

    @Test
    void regressionWithoutOptionalFieldsOmitsThem() {
      Prediction p = Prediction.newBuilder(full())
          .setKey(null).setTask(Task.REGRESSION).setPrediction(42.5).setPredictedClass(null)
          .setScores(List.of()).setLabel(40.0).build();
      String json = str(codec.encodePrediction(p));
      assertEquals("{\"eventId\":\"e-1\",\"model\":\"churn\",\"modelVersion\":3,\"task\":\"REGRESSION\","
          + "\"prediction\":42.5,\"scores\":[],\"label\":40.0,\"eventTime\":1700000000000,"
          + "\"predictedAt\":1700000000123}", json);
      assertEquals(p, codec.decodePrediction(json));
    }

    @Test
    void nonFiniteNumbersSurviveTheRoundTrip() {
      Prediction p = Prediction.newBuilder(full()).setPrediction(Double.NaN)
          .setScores(List.of(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)).build();
      Prediction back = codec.decodePrediction(codec.encodePrediction(p));
      assertTrue(Double.isNaN(back.getPrediction()));
      assertEquals(List.of(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY), back.getScores());
    }

    @Test
    void acceptsIsoTimes() {
      String json = "{\"eventId\":\"e\",\"model\":\"m\",\"modelVersion\":1,\"task\":\"REGRESSION\",\"prediction\":1,"
          + "\"scores\":[],\"eventTime\":\"2023-11-14T22:13:20Z\",\"predictedAt\":1700000000001}";
      assertEquals(Instant.ofEpochMilli(1700000000000L), codec.decodePrediction(json).getEventTime());
    }

    @Test
    void errors() {
      EventDecodingException missing = assertThrows(EventDecodingException.class,
          () -> codec.decodePrediction("{\"eventId\":\"e\",\"modelVersion\":1}"));
      assertEquals(Reason.MISSING_FIELD, missing.reason());
      assertEquals("Prediction is missing required field 'model'", missing.getMessage());
      EventDecodingException task = assertThrows(EventDecodingException.class,
          () -> codec.decodePrediction("{\"task\":\"CLUSTERING\"}"));
      assertEquals(Reason.INVALID_VALUE, task.reason());
      assertEquals("'task' = \"CLUSTERING\" is not a task; expected one of REGRESSION, BINARY_CLASSIFICATION, "
          + "MULTICLASS_CLASSIFICATION", task.getMessage());
      EventDecodingException unknown = assertThrows(EventDecodingException.class,
          () -> codec.decodePrediction("{\"score\":[1]}"));
      assertEquals(Reason.UNKNOWN_FIELD, unknown.reason());
      assertMessageContains(unknown, "(did you mean 'scores'?)");
      EventDecodingException nullModel = assertThrows(EventDecodingException.class,
          () -> codec.decodePrediction("{\"model\":null}"));
      assertEquals(Reason.WRONG_TYPE, nullModel.reason());
      assertEquals("'model' must be a string, got null", nullModel.getMessage());
    }

    @Test
    void encodingRefusesMissingRequiredFields() {
      Prediction p = full();
      p.setModel(null);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encodePrediction(p));
      assertEquals("Prediction.model is required but null", e.getMessage());
    }
  }

  @Nested
  class ModelSnapshots {
    private ModelSnapshot snapshot(ByteBuffer payload) {
      return ModelSnapshot.newBuilder()
          .setModel("churn").setVersion(12).setAlgorithm("logistic-sgd").setFormat("tributary-linear/1")
          .setTask(Task.MULTICLASS_CLASSIFICATION).setDimension(5).setCreatedAt(Instant.ofEpochMilli(1700000000000L))
          .setSource("cli").setPayload(payload).build();
    }

    @Test
    void payloadIsBase64AndRoundTrips() {
      ModelSnapshot s = snapshot(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff, 'h', 'i'}));
      String json = str(codec.encodeModelSnapshot(s));
      assertEquals("{\"model\":\"churn\",\"version\":12,\"algorithm\":\"logistic-sgd\",\"format\":\"tributary-linear/1\","
          + "\"task\":\"MULTICLASS_CLASSIFICATION\",\"dimension\":5,\"createdAt\":1700000000000,\"source\":\"cli\","
          + "\"payload\":\"AAEC/2hp\"}", json);
      assertEquals(s, codec.decodeModelSnapshot(json));
    }

    @Test
    void encodingDoesNotMoveTheBufferAndHonoursItsWindow() {
      byte[] backing = {9, 9, 1, 2, 3, 9};
      ByteBuffer window = ByteBuffer.wrap(backing, 2, 3).slice();
      ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
      for (ByteBuffer b : List.of(window, direct)) {
        ModelSnapshot back = codec.decodeModelSnapshot(codec.encodeModelSnapshot(snapshot(b)));
        ByteBuffer p = back.getPayload();
        byte[] bytes = new byte[p.remaining()];
        p.get(bytes);
        assertArrayEquals(new byte[] {1, 2, 3}, bytes);
        assertEquals(0, b.position());
      }
    }

    @Test
    void badBase64IsAnInvalidValue() {
      String json = str(codec.encodeModelSnapshot(snapshot(ByteBuffer.wrap(new byte[] {1}))))
          .replace("\"payload\":\"AQ==\"", "\"payload\":\"%%%\"");
      EventDecodingException e = assertThrows(EventDecodingException.class, () -> codec.decodeModelSnapshot(json));
      assertEquals(Reason.INVALID_VALUE, e.reason());
      assertEquals("payload", e.field());
      assertMessageContains(e, "'payload' is not valid base64");
    }

    @Test
    void everyFieldIsRequired() {
      EventDecodingException e = assertThrows(EventDecodingException.class,
          () -> codec.decodeModelSnapshot("{\"model\":\"m\",\"version\":1}"));
      assertEquals(Reason.MISSING_FIELD, e.reason());
      assertEquals("ModelSnapshot is missing required field 'algorithm'", e.getMessage());
      EventDecodingException big = assertThrows(EventDecodingException.class,
          () -> codec.decodeModelSnapshot("{\"dimension\":3000000000}"));
      assertEquals(Reason.INVALID_VALUE, big.reason());
    }
  }

  @Test
  void sparseFeaturesCanBeBuiltWithPlainLists() {
    // Producers in Java build events with ordinary lists; encoding must not depend on Avro's primitive arrays.
    FeatureEvent e = FeatureEvent.newBuilder()
        .setSparse(SparseFeatures.newBuilder().setDimension(10).setIndices(List.of(1, 9)).setValues(List.of(2f, 3f))
            .build())
        .build();
    assertEquals("{\"sparse\":{\"dimension\":10,\"indices\":[1,9],\"values\":[2.0,3.0]}}",
        str(codec.encodeFeatureEvent(e)));
  }
}
