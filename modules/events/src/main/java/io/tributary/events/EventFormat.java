package io.tributary.events;

import java.util.Locale;

/** How event values are encoded on a topic. */
public enum EventFormat {
  /** Natural JSON, UTF-8, one object per record (see {@link io.tributary.events.json.JsonCodec}). */
  JSON,
  /** Avro binary in Confluent wire format: magic byte 0, 4-byte schema id, Avro body; needs a schema registry. */
  AVRO;

  /**
   * Parses a format name as found in configuration or on a command line, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static EventFormat parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("event format is missing; expected one of: json, avro");
    }
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (EventFormat f : values()) {
      if (f.name().equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown event format '" + name.trim() + "'; expected one of: json, avro");
  }
}
