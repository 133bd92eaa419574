package io.tributary.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tributary.events.json.JsonCodec;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFormatAndTopicNamesTest {

  @Test
  void parsesFormatsLeniently() {
    assertEquals(EventFormat.JSON, EventFormat.parse("json"));
    assertEquals(EventFormat.AVRO, EventFormat.parse(" Avro "));
    assertEquals(EventFormat.AVRO, EventFormat.parse("AVRO"));
  }

  @Test
  void badFormatsSayWhatIsAccepted() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventFormat.parse("protobuf"));
    assertEquals("unknown event format 'protobuf'; expected one of: json, avro", e.getMessage());
    assertEquals("event format is missing; expected one of: json, avro",
        assertThrows(IllegalArgumentException.class, () -> EventFormat.parse(" ")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> EventFormat.parse(null));
  }

  @Test
  void defaultTopicNames() {
    assertEquals("features", TopicNames.FEATURES);
    assertEquals("labels", TopicNames.LABELS);
    assertEquals("predictions", TopicNames.PREDICTIONS);
    assertEquals("models", TopicNames.MODELS);
    assertEquals("model-metrics", TopicNames.MODEL_METRICS);
    assertEquals("retrain.requests", TopicNames.RETRAIN_REQUESTS);
    assertEquals("retrain.results", TopicNames.RETRAIN_RESULTS);
    assertEquals("tributary.dlq", TopicNames.dlq("tributary"));
    assertEquals("fl.banks.rounds", TopicNames.federationRounds("banks"));
    assertEquals("fl.banks.updates", TopicNames.federationUpdates("banks"));
    assertEquals("fl.banks.client.bank-a", TopicNames.federationClient("banks", "bank-a"));
  }

  @Test
  void invalidTopicNamesAreRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopicNames.federationClient("banks", "bank a"));
    assertEquals("topic name 'fl.banks.client.bank a' has the character ' ' at position 20; Kafka allows only "
        + "letters, digits, '.', '_' and '-'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicNames.requireValid(".."));
    assertThrows(IllegalArgumentException.class, () -> TopicNames.requireValid("x".repeat(250)));
    assertThrows(IllegalArgumentException.class, () -> TopicNames.dlq(""));
    assertEquals("ok_name-1.x", TopicNames.requireValid("ok_name-1.x"));
  }

  @Test
  void toArrayHelpersHandleEveryListKind() {
    FeatureEvent e = new JsonCodec().decodeFeatureEvent(
        "{\"sparse\":{\"dimension\":9,\"indices\":[1,8],\"values\":[0.5,2]}}");
    assertArrayEquals(new int[] {1, 8}, FeatureEvents.toIntArray(e.getSparse().getIndices()));
    assertArrayEquals(new float[] {0.5f, 2f}, FeatureEvents.toFloatArray(e.getSparse().getValues()));
    assertArrayEquals(new float[] {1f, 2f}, FeatureEvents.toFloatArray(List.of(1f, 2f)));
    assertArrayEquals(new float[] {3f}, FeatureEvents.toFloatArray(new LinkedList<>(List.of(3f))));
    assertArrayEquals(new int[] {4, 5}, FeatureEvents.toIntArray(List.of(4, 5)));
  }
}
