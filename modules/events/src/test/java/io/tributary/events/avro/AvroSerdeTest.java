package io.tributary.events.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.FeatureEvent;
import io.tributary.events.Prediction;
import io.tributary.events.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The Kafka serializer and deserializer against an in-memory registry. */
class AvroSerdeTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  private static byte[] genericBody(Schema schema, GenericRecord r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  @Test
  void roundTripRegistersUnderTopicValueOnce() {
    AvroSerializer<FeatureEvent> ser = new AvroSerializer<>(registry);
    AvroDeserializer<FeatureEvent> de = new AvroDeserializer<>(FeatureEvent.class, registry);
    FeatureEvent e = AvroBinaryTest.fullEvent();

    byte[] bytes = ser.serialize("features", e);
    assertEquals(0, bytes[0]);
    assertEquals(1, ConfluentWireFormat.readSchemaId(bytes));
    assertEquals(List.of("features-value"), registry.subjects());
    assertEquals(e, de.deserialize("features", bytes));

    int calls = registry.requestCount();
    for (int i = 0; i < 100; i++) {
      assertEquals(e, de.deserialize("features", ser.serialize("features", e)));
    }
    assertEquals(calls, registry.requestCount(), "ids and schemas are cached after first use");
  }

  @Test
  void keysUseTheKeySubjectAndNullsStayNull() {
    AvroSerializer<FeatureEvent> keys = new AvroSerializer<>(registry, true, true);
    keys.serialize("features", AvroBinaryTest.fullEvent());
    assertEquals(List.of("features-key"), registry.subjects());
    assertNull(keys.serialize("features", null));
    assertNull(new AvroDeserializer<>(FeatureEvent.class, registry).deserialize("features", null));
  }

  @Test
  void withoutAutoRegisterTheSchemaMustExist() {
    AvroSerializer<FeatureEvent> ser = new AvroSerializer<>(registry, false, false);
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
        () -> ser.serialize("features", AvroBinaryTest.fullEvent()));
    assertTrue(e.isNotFound());
    int id = registry.register("features-value", FeatureEvent.getClassSchema());
    assertEquals(id, ConfluentWireFormat.readSchemaId(ser.serialize("features", AvroBinaryTest.fullEvent())));
  }

  @Test
  void olderWriterSchemaFromTheRegistryResolves() throws IOException {
    Schema old = AvroBinaryTest.featureEventWithoutClientId();
    int id = registry.register("features-value", old);
    GenericRecord r = new GenericData.Record(old);
    r.put("eventId", "old");
    r.put("dense", List.of(1f, 2f));
    byte[] frame = ConfluentWireFormat.frame(id, genericBody(old, r));

    FeatureEvent e = new AvroDeserializer<>(FeatureEvent.class, registry).deserialize("features", frame);
    assertEquals("old", e.getEventId());
    assertEquals(List.of(1f, 2f), e.getDense());
    assertNull(e.getClientId());
  }

  @Test
  void producerSchemaInAnotherNamespaceResolves() throws IOException {
    // A non-Java producer that copied the fields but not the namespace: Avro resolves records by unqualified name.
    Schema theirs = new Schema.Parser().parse(
        FeatureEvent.getClassSchema().toString().replace("io.tributary.events", "com.acme.ml"));
    int id = registry.register("features-value", theirs);
    GenericRecord r = new GenericData.Record(theirs);
    r.put("dense", List.of(4f));
    r.put("label", "yes");
    FeatureEvent e = new AvroDeserializer<>(FeatureEvent.class, registry)
        .deserialize("features", ConfluentWireFormat.frame(id, genericBody(theirs, r)));
    assertEquals(List.of(4f), e.getDense());
    assertEquals("yes", e.getLabel());
  }

  @Test
  void deserializerWithoutATypeFindsTheGeneratedClass() {
    byte[] bytes = new AvroSerializer<FeatureEvent>(registry).serialize("features", AvroBinaryTest.fullEvent());
    AvroDeserializer<FeatureEvent> de = new AvroDeserializer<>(null, registry);
    assertEquals(AvroBinaryTest.fullEvent(), de.deserialize("features", bytes));
  }

  @Test
  void unknownSchemaId() {
    byte[] frame = ConfluentWireFormat.frame(99, new byte[] {0});
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> new AvroDeserializer<>(FeatureEvent.class, registry).deserialize("features", frame));
    assertEquals(Reason.UNKNOWN_SCHEMA_ID, e.reason());
    assertEquals("schema id 99 in the record header cannot be used: schema id 99 not found", e.getMessage());
  }

  @Test
  void badFramesAndBodies() {
    AvroDeserializer<FeatureEvent> de = new AvroDeserializer<>(FeatureEvent.class, registry);
    byte[] good = new AvroSerializer<FeatureEvent>(registry).serialize("features", AvroBinaryTest.fullEvent());

    assertEquals(Reason.BAD_WIRE_FORMAT,
        assertThrows(EventDecodingException.class, () -> de.deserialize("t", new byte[] {0, 0})).reason());

    EventDecodingException truncated = assertThrows(EventDecodingException.class,
        () -> de.deserialize("t", Arrays.copyOf(good, good.length - 3)));
    assertEquals(Reason.AVRO_DECODE_ERROR, truncated.reason());
    assertTrue(truncated.getMessage().startsWith(
        "cannot decode Avro body written with schema id 1 (io.tributary.events.FeatureEvent): "), truncated.getMessage());

    EventDecodingException trailing = assertThrows(EventDecodingException.class,
        () -> de.deserialize("t", Arrays.copyOf(good, good.length + 2)));
    assertEquals(Reason.AVRO_DECODE_ERROR, trailing.reason());
    assertTrue(trailing.getMessage().contains("has bytes left over after the record"));

    byte[] corrupt = good.clone();
    corrupt[5] = 9; // union index of eventId: there are only two branches
    assertEquals(Reason.AVRO_DECODE_ERROR,
        assertThrows(EventDecodingException.class, () -> de.deserialize("t", corrupt)).reason());
  }

  @Test
  void incompatibleWriterSchemaIsExplained() throws IOException {
    Schema other = SchemaBuilder.record("FeatureEvent").namespace("io.tributary.events").fields()
        .requiredInt("dense").endRecord();
    int id = registry.register("features-value", other);
    GenericRecord r = new GenericData.Record(other);
    r.put("dense", 3);
    byte[] frame = ConfluentWireFormat.frame(id, genericBody(other, r));
    AvroDeserializer<FeatureEvent> de = new AvroDeserializer<>(FeatureEvent.class, registry);
    for (int i = 0; i < 2; i++) { // the second time comes from the cache, with the same message
      EventDecodingException e = assertThrows(EventDecodingException.class, () -> de.deserialize("t", frame));
      assertEquals(Reason.AVRO_DECODE_ERROR, e.reason());
      assertTrue(e.getMessage().startsWith("records written with io.tributary.events.FeatureEvent cannot be read as "
          + "io.tributary.events.FeatureEvent: "), e.getMessage());
      assertTrue(e.getMessage().contains("/fields/3/type"), e.getMessage());
    }
  }

  @Test
  void aPredictionWrittenToTheWrongTopicIsNotAFeatureEvent() {
    Prediction p = Prediction.newBuilder().setEventId("e").setModel("m").setModelVersion(1).setTask(Task.REGRESSION)
        .setPrediction(1).setScores(List.of()).setEventTime(Instant.EPOCH).setPredictedAt(Instant.EPOCH).build();
    byte[] bytes = new AvroSerializer<Prediction>(registry).serialize("features", p);
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> new AvroDeserializer<>(FeatureEvent.class, registry).deserialize("features", bytes));
    assertEquals(Reason.AVRO_DECODE_ERROR, e.reason());
  }

  @Test
  void registryOutagesAreNotDecodingErrors() {
    SchemaRegistry down = new SchemaRegistry() {
      @Override public int register(String subject, Schema schema) {
        throw new SchemaRegistryException("down", 0, 0, "", null);
      }
      @Override public int lookup(String subject, Schema schema) {
        throw new SchemaRegistryException("down", 0, 0, "", null);
      }
      @Override public Schema getById(int id) {
        throw new SchemaRegistryException("down", 503, 0, "", null);
      }
    };
    SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
        () -> new AvroDeserializer<>(FeatureEvent.class, down).deserialize("t", ConfluentWireFormat.frame(1, new byte[1])));
    assertTrue(e.isRetriable());
  }

  @Test
  void serializerReportsUnwritableRecords() {
    FeatureEvent e = AvroBinaryTest.fullEvent();
    e.setLabel(1); // an Integer: the union is null|double|string
    SerializationException ex = assertThrows(SerializationException.class,
        () -> new AvroSerializer<FeatureEvent>(registry).serialize("features", e));
    assertTrue(ex.getMessage().startsWith("could not serialize io.tributary.events.FeatureEvent for topic 'features'"),
        ex.getMessage());
  }

  @Test
  void isThreadSafe() throws Exception {
    AvroSerializer<FeatureEvent> ser = new AvroSerializer<>(registry);
    AvroDeserializer<FeatureEvent> de = new AvroDeserializer<>(FeatureEvent.class, registry);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            FeatureEvent e = FeatureEvent.newBuilder().setEventId(seed + "-" + i).setDense(List.of((float) i)).build();
            if (!e.equals(de.deserialize("features", ser.serialize("features", e)))) return false;
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) assertTrue(f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void configureNeedsARegistryUrl() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new AvroSerializer<FeatureEvent>().configure(Map.of(), false));
    assertTrue(e.getMessage().contains("set schema.registry.url"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> new AvroSerializer<FeatureEvent>().serialize("t", AvroBinaryTest.fullEvent()));
  }

  @Test
  void configureFromKafkaStyleProperties() {
    AvroSerializer<FeatureEvent> ser = new AvroSerializer<>();
    ser.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:1"), true);
    assertEquals("features-key", ser.subject("features"));
    ser.close();
  }

  @Test
  void headerBytesMatchConfluent() {
    registry.register("x-value", SchemaBuilder.record("X").fields().endRecord());
    byte[] bytes = new AvroSerializer<FeatureEvent>(registry).serialize("features", AvroBinaryTest.fullEvent());
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(bytes, 5));
    assertSame(FeatureEvent.getClassSchema(), registry.getById(2));
  }
}
