package io.tributary.events.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tributary.events.FeatureEvent;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.SparseFeatures;
import io.tributary.events.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Plain Avro binary with the generated classes, no registry: the schemas themselves behave as documented. */
class AvroBinaryTest {

  static <T extends SpecificRecord> byte[] encode(T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<T>(record.getSchema(), SpecificData.getForSchema(record.getSchema())).write(record, enc);
    enc.flush();
    return out.toByteArray();
  }

  static <T> T decode(byte[] bytes, Schema writer, Schema reader) throws IOException {
    SpecificDatumReader<T> r = new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    return r.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
  }

  static FeatureEvent fullEvent() {
    return FeatureEvent.newBuilder()
        .setEventId("e-1")
        .setEventTime(Instant.ofEpochMilli(1700000000123L))
        .setModel("churn")
        .setSparse(SparseFeatures.newBuilder().setDimension(1 << 20).setIndices(List.of(3, 77))
            .setValues(List.of(1.0f, 0.5f)).build())
        .setLabel("yes")
        .setClientId("bank-a")
        .build();
  }

  @Test
  void featureEventRoundTripsEveryShape() throws IOException {
    Schema s = FeatureEvent.getClassSchema();
    for (FeatureEvent e : List.of(
        fullEvent(),
        FeatureEvent.newBuilder().setDense(List.of(0.1f, 0.2f)).setLabel(1.0).build(),
        FeatureEvent.newBuilder().setNamed(Map.of("age", 31.0, "income", 52000.0)).build())) {
      FeatureEvent back = decode(encode(e), s, s);
      assertEquals(e, back);
    }
  }

  @Test
  void logicalTypesAndStringsComeOutAsJavaTypes() throws IOException {
    Schema s = FeatureEvent.getClassSchema();
    FeatureEvent back = decode(encode(fullEvent()), s, s);
    assertInstanceOf(Instant.class, back.getEventTime());
    assertInstanceOf(String.class, back.getEventId());
    assertInstanceOf(String.class, back.getLabel()); // stringType=String reaches union branches too
    FeatureEvent dense = decode(encode(FeatureEvent.newBuilder().setDense(List.of(1f)).setLabel(2.0).build()), s, s);
    assertInstanceOf(Double.class, dense.getLabel());
    assertEquals(List.of(1f), dense.getDense());
  }

  @Test
  void predictionAndSnapshotRoundTrip() throws IOException {
    Prediction p = Prediction.newBuilder().setEventId("e").setKey(null).setModel("m").setModelVersion(2)
        .setTask(Task.MULTICLASS_CLASSIFICATION).setPrediction(2).setPredictedClass("c")
        .setScores(List.of(0.1f, 0.2f, 0.7f)).setLabel(2.0).setEventTime(Instant.ofEpochMilli(5))
        .setPredictedAt(Instant.ofEpochMilli(6)).build();
    assertEquals(p, decode(encode(p), p.getSchema(), p.getSchema()));
    ModelSnapshot m = ModelSnapshot.newBuilder().setModel("m").setVersion(1).setAlgorithm("ftrl")
        .setFormat("tributary-linear/1").setTask(Task.REGRESSION).setDimension(3)
        .setCreatedAt(Instant.ofEpochMilli(7)).setSource("gpu-worker").setPayload(ByteBuffer.wrap(new byte[] {1, 2}))
        .build();
    assertEquals(m, decode(encode(m), m.getSchema(), m.getSchema()));
  }

  /** FeatureEvent as a producer built before clientId existed would have it. */
  static Schema featureEventWithoutClientId() {
    Schema sparse = SparseFeatures.getClassSchema();
    return SchemaBuilder.record("FeatureEvent").namespace("io.tributary.events").fields()
        .optionalString("eventId")
        .name("eventTime").type().unionOf().nullType().and()
        .type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
        .endUnion().nullDefault()
        .optionalString("model")
        .name("dense").type().unionOf().nullType().and().array().items().floatType().endUnion().nullDefault()
        .name("sparse").type().unionOf().nullType().and().type(sparse).endUnion().nullDefault()
        .name("named").type().unionOf().nullType().and().map().values().doubleType().endUnion().nullDefault()
        .name("label").type().unionOf().nullType().and().doubleType().and().stringType().endUnion().nullDefault()
        .endRecord();
  }

  @Test
  void olderWriterWithoutClientIdResolvesToNull() throws IOException {
    Schema old = featureEventWithoutClientId();
    GenericRecord r = new GenericData.Record(old);
    r.put("eventId", "old-1");
    r.put("eventTime", 1700000000000L);
    r.put("dense", List.of(1f, 2f));
    r.put("label", "yes");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(r, enc);
    enc.flush();

    FeatureEvent e = decode(out.toByteArray(), old, FeatureEvent.getClassSchema());
    assertEquals("old-1", e.getEventId());
    assertEquals(Instant.ofEpochMilli(1700000000000L), e.getEventTime());
    assertEquals(List.of(1f, 2f), e.getDense());
    assertEquals("yes", e.getLabel());
    assertNull(e.getClientId());
  }

  @Test
  void newerWriterWithAnExtraFieldIsReadBySkippingIt() throws IOException {
    // A future FeatureEvent with a field this reader does not know, written from a JSON schema string.
    String newer = FeatureEvent.getClassSchema().toString().replace(
        "{\"name\":\"clientId\"",
        "{\"name\":\"weight\",\"type\":[\"null\",\"double\"],\"default\":null},{\"name\":\"clientId\"");
    Schema writer = new Schema.Parser().parse(newer);
    GenericRecord r = new GenericData.Record(writer);
    r.put("dense", List.of(3f));
    r.put("weight", 0.5);
    r.put("clientId", "c");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer).write(r, enc);
    enc.flush();

    FeatureEvent e = decode(out.toByteArray(), writer, FeatureEvent.getClassSchema());
    assertEquals(List.of(3f), e.getDense());
    assertEquals("c", e.getClientId());
  }
}
