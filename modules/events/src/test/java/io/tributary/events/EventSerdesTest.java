package io.tributary.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.avro.ConfluentWireFormat;
import io.tributary.events.avro.InMemorySchemaRegistry;
import io.tributary.events.avro.SchemaRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class EventSerdesTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  static final FeatureEvent EVENT = FeatureEvent.newBuilder().setNamed(java.util.Map.of("a", 1.0)).setLabel("x").build();
  static final Prediction PREDICTION = Prediction.newBuilder().setEventId("e").setModel("m").setModelVersion(1)
      .setTask(Task.REGRESSION).setPrediction(0.5).setScores(List.of()).setEventTime(Instant.ofEpochMilli(1))
      .setPredictedAt(Instant.ofEpochMilli(2)).build();
  static final ModelSnapshot SNAPSHOT = ModelSnapshot.newBuilder().setModel("m").setVersion(1).setAlgorithm("sgd")
      .setFormat("tributary-linear/1").setTask(Task.REGRESSION).setDimension(2).setCreatedAt(Instant.ofEpochMilli(3))
      .setSource("processor").setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();

  private static <T> T roundTrip(Serde<T> serde, String topic, T value) {
    try (serde) {
      byte[] bytes = serde.serializer().serialize(topic, value);
      assertNull(serde.serializer().serialize(topic, null));
      assertNull(serde.deserializer().deserialize(topic, null));
      return serde.deserializer().deserialize(topic, bytes);
    }
  }

  @Test
  void everyTypeRoundTripsInBothFormats() {
    for (EventFormat f : EventFormat.values()) {
      SchemaRegistry r = f == EventFormat.AVRO ? registry : null;
      assertEquals(EVENT, roundTrip(EventSerdes.featureEvents(f, r), "features", EVENT), f.name());
      assertEquals(PREDICTION, roundTrip(EventSerdes.predictions(f, r), "predictions", PREDICTION), f.name());
      assertEquals(SNAPSHOT, roundTrip(EventSerdes.modelSnapshots(f, r), "models", SNAPSHOT), f.name());
    }
    assertEquals(List.of("features-value", "predictions-value", "models-value"), registry.subjects());
  }

  @Test
  void jsonSerdesWriteJson() {
    byte[] bytes = EventSerdes.predictionsJson().serializer().serialize("predictions", PREDICTION);
    assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("{\"eventId\":\"e\""));
  }

  @Test
  void avroNeedsARegistry() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> EventSerdes.featureEvents(EventFormat.AVRO, (String) null));
    assertTrue(e.getMessage().startsWith("the Avro format needs a schema registry: set schema.registry.url"),
        e.getMessage());
    assertThrows(ConfigException.class, () -> EventSerdes.predictions(EventFormat.AVRO, " "));
    assertThrows(ConfigException.class, () -> EventSerdes.modelSnapshots(EventFormat.AVRO, (SchemaRegistry) null));
    // JSON needs none.
    EventSerdes.featureEvents(EventFormat.JSON, (String) null).close();
  }

  @Test
  void avroSerdeFromAUrlOwnsItsClient() {
    try (Serde<FeatureEvent> s = EventSerdes.featureEvents(EventFormat.AVRO, "http://127.0.0.1:1")) {
      assertTrue(s.serializer() != null);
    }
  }

  @Test
  void featureEventDeserializersCheckStructureInBothFormats() {
    FeatureEvent none = FeatureEvent.newBuilder().setEventId("x").build();
    for (EventFormat f : EventFormat.values()) {
      try (Serde<FeatureEvent> s = EventSerdes.featureEvents(f, registry)) {
        byte[] bytes = s.serializer().serialize("features", none); // encoders do not validate
        EventDecodingException e = assertThrows(EventDecodingException.class,
            () -> s.deserializer().deserialize("features", bytes));
        assertEquals(Reason.MISSING_FEATURES, e.reason(), f.name());
      }
    }
  }

  @Test
  void autoDetectingSerdeReadsBoth() {
    try (Serde<FeatureEvent> json = EventSerdes.featureEventsAutoDetect(EventFormat.JSON, registry);
        Serde<FeatureEvent> avro = EventSerdes.featureEventsAutoDetect(EventFormat.AVRO, registry)) {
      byte[] a = avro.serializer().serialize("features", EVENT);
      byte[] j = json.serializer().serialize("features", EVENT);
      assertEquals(0, a[0]);
      assertEquals('{', j[0]);
      assertEquals(EVENT, json.deserializer().deserialize("features", a));
      assertEquals(EVENT, avro.deserializer().deserialize("features", j));
    }
    assertThrows(ConfigException.class, () -> EventSerdes.featureEventsAutoDetect(EventFormat.AVRO, null));
  }

  @Test
  void keySerdeUsesTheKeySubject() {
    try (Serde<FeatureEvent> keys = EventSerdes.avro(FeatureEvent.class, registry, true)) {
      byte[] bytes = keys.serializer().serialize("features", EVENT);
      assertEquals(1, ConfluentWireFormat.readSchemaId(bytes));
      assertEquals(List.of("features-key"), registry.subjects());
      assertEquals(EVENT, keys.deserializer().deserialize("features", bytes));
    }
  }

  @Test
  void jsonSerializerReportsMissingRequiredFields() {
    Prediction p = Prediction.newBuilder(PREDICTION).build();
    p.setEventId(null);
    SerializationException e = assertThrows(SerializationException.class,
        () -> EventSerdes.predictionsJson().serializer().serialize("predictions", p));
    assertEquals("could not serialize Prediction for topic 'predictions' as JSON: Prediction.eventId is required "
        + "but null", e.getMessage());
  }
}
