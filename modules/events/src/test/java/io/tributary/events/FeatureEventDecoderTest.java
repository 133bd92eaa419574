package io.tributary.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.avro.AvroSerdeConfig;
import io.tributary.events.avro.AvroSerializer;
import io.tributary.events.avro.InMemorySchemaRegistry;
import io.tributary.events.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureEventDecoderTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final FeatureEventDecoder decoder = new FeatureEventDecoder(registry);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static FeatureEvent event() {
    return FeatureEvent.newBuilder().setEventId("e-1").setDense(List.of(0.5f, 1.5f)).setLabel(1.0).build();
  }

  @Test
  void picksJsonAndAvroOnTheSameTopic() {
    byte[] json = new JsonCodec().encodeFeatureEvent(event());
    byte[] avro = new AvroSerializer<FeatureEvent>(registry).serialize("features", event());
    assertEquals(EventFormat.JSON, FeatureEventDecoder.detect(json));
    assertEquals(EventFormat.AVRO, FeatureEventDecoder.detect(avro));
    assertEquals(event(), decoder.decode(json));
    assertEquals(event(), decoder.decode(avro));
  }

  @Test
  void jsonMayStartWithWhitespaceOrAByteOrderMark() {
    assertEquals(event(), decoder.decode(utf8(" \r\n\t{\"eventId\":\"e-1\",\"dense\":[0.5,1.5],\"label\":1}")));
    assertEquals(event(), decoder.decode(utf8("\uFEFF{\"eventId\":\"e-1\",\"dense\":[0.5,1.5],\"label\":1}")));
  }

  @Test
  void garbageIsUndecodable() {
    EventDecodingException text = assertThrows(EventDecodingException.class, () -> decoder.decode(utf8("hello")));
    assertEquals(Reason.UNDECODABLE, text.reason());
    assertEquals("cannot tell the format: the value starts with 0x68 ('h'), expected 0x00 (Confluent wire-format "
        + "Avro) or '{' (a JSON object)", text.getMessage());
    EventDecodingException array = assertThrows(EventDecodingException.class, () -> decoder.decode(utf8(" [1,2]")));
    assertEquals(Reason.UNDECODABLE, array.reason());
    EventDecodingException binary = assertThrows(EventDecodingException.class,
        () -> decoder.decode(new byte[] {(byte) 0x83, 1}));
    assertTrue(binary.getMessage().contains("starts with 0x83,"), binary.getMessage());
    assertEquals(Reason.UNDECODABLE,
        assertThrows(EventDecodingException.class, () -> decoder.decode(new byte[0])).reason());
    assertEquals(Reason.UNDECODABLE, assertThrows(EventDecodingException.class, () -> decoder.decode(null)).reason());
    EventDecodingException blank = assertThrows(EventDecodingException.class, () -> decoder.decode(utf8("  \n")));
    assertEquals("the record value is only whitespace", blank.getMessage());
  }

  @Test
  void avroWithoutARegistry() {
    byte[] avro = new AvroSerializer<FeatureEvent>(registry).serialize("features", event());
    FeatureEventDecoder jsonOnly = new FeatureEventDecoder();
    assertFalse(jsonOnly.supportsAvro());
    EventDecodingException e = assertThrows(EventDecodingException.class, () -> jsonOnly.decode(avro));
    assertEquals(Reason.AVRO_WITHOUT_REGISTRY, e.reason());
    assertEquals("the record is Confluent wire-format Avro with schema id 1 but no schema registry is configured; "
        + "set schema.registry.url", e.getMessage());
    // Still decodes JSON.
    assertEquals(event(), jsonOnly.decode(new JsonCodec().encodeFeatureEvent(event())));
  }

  @Test
  void avroPathChecksStructureToo() {
    FeatureEvent none = FeatureEvent.newBuilder().setEventId("x").build();
    byte[] avro = new AvroSerializer<FeatureEvent>(registry).serialize("features", none);
    assertEquals(Reason.MISSING_FEATURES, assertThrows(EventDecodingException.class, () -> decoder.decode(avro)).reason());
    FeatureEvent bad = FeatureEvent.newBuilder().setSparse(SparseFeatures.newBuilder().setDimension(2)
        .setIndices(List.of(5)).setValues(List.of(1f)).build()).build();
    byte[] avroBad = new AvroSerializer<FeatureEvent>(registry).serialize("features", bad);
    EventDecodingException e = assertThrows(EventDecodingException.class, () -> decoder.decode(avroBad));
    assertEquals(Reason.INVALID_VALUE, e.reason());
    assertEquals("sparse.indices[0]", e.field());
  }

  @Test
  void jsonErrorsComeThrough() {
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> decoder.decode(utf8("{\"dense\":[1],\"lable\":1}")));
    assertEquals(Reason.UNKNOWN_FIELD, e.reason());
  }

  @Test
  void asAKafkaDeserializerNullIsATombstone() {
    assertNull(decoder.deserialize("features", null));
    assertEquals(event(), decoder.deserialize("features", new JsonCodec().encodeFeatureEvent(event())));
  }

  @Test
  void configureEnablesAvro() {
    FeatureEventDecoder d = new FeatureEventDecoder();
    d.configure(Map.of(), false);
    assertFalse(d.supportsAvro());
    d.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:1"), false);
    assertTrue(d.supportsAvro());
    d.close();
  }
}
