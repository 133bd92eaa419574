package io.tributary.events.avro;

import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;

/**
 * Confluent's wire format for schema-registry-backed Avro: one magic byte {@code 0}, the schema id as a 4-byte
 * big-endian int, then the Avro binary body (no Avro container header). Speaking it exactly is what lets
 * Confluent's own serializers, kcat {@code -s avro}, ksqlDB and Tributary read each other's records.
 */
public final class ConfluentWireFormat {
  private ConfluentWireFormat() {}

  /** The first byte of every framed value. */
  public static final byte MAGIC_BYTE = 0x0;

  /** Bytes before the Avro body: magic byte plus 4-byte schema id. */
  public static final int HEADER_SIZE = 5;

  /** Whether a value starts with the magic byte (a cheap test for "this might be Confluent Avro"). */
  public static boolean hasMagicByte(byte[] value) {
    return value != null && value.length > 0 && value[0] == MAGIC_BYTE;
  }

  /** Writes the 5-byte header for {@code schemaId} into {@code dst} at {@code offset}. */
  public static void writeHeader(byte[] dst, int offset, int schemaId) {
    if (schemaId < 0) {
      throw new IllegalArgumentException("schema id must not be negative: " + schemaId);
    }
    if (dst.length - offset < HEADER_SIZE) {
      throw new IllegalArgumentException("need " + HEADER_SIZE + " bytes at offset " + offset
          + " for the wire-format header, the array has " + dst.length);
    }
    dst[offset] = MAGIC_BYTE;
    dst[offset + 1] = (byte) (schemaId >>> 24);
    dst[offset + 2] = (byte) (schemaId >>> 16);
    dst[offset + 3] = (byte) (schemaId >>> 8);
    dst[offset + 4] = (byte) schemaId;
  }

  /** The 5-byte header for {@code schemaId}. */
  public static byte[] header(int schemaId) {
    byte[] h = new byte[HEADER_SIZE];
    writeHeader(h, 0, schemaId);
    return h;
  }

  /** A complete frame: header for {@code schemaId} followed by {@code avroBody}. */
  public static byte[] frame(int schemaId, byte[] avroBody) {
    byte[] out = new byte[HEADER_SIZE + avroBody.length];
    writeHeader(out, 0, schemaId);
    System.arraycopy(avroBody, 0, out, HEADER_SIZE, avroBody.length);
    return out;
  }

  /**
   * Validates the header of a framed value and returns its schema id. The Avro body starts at
   * {@link #HEADER_SIZE}.
   *
   * @throws EventDecodingException with reason {@code BAD_WIRE_FORMAT} if the value is shorter than the header or
   *     does not start with the magic byte, or the id is negative
   */
  public static int readSchemaId(byte[] value) {
    if (value == null || value.length < HEADER_SIZE) {
      throw new EventDecodingException(Reason.BAD_WIRE_FORMAT, null, "value is "
          + (value == null ? "null" : value.length + " bytes long")
          + "; Confluent wire format needs at least " + HEADER_SIZE + " bytes (magic byte 0 + 4-byte schema id)");
    }
    if (value[0] != MAGIC_BYTE) {
      throw new EventDecodingException(Reason.BAD_WIRE_FORMAT, null, String.format(
          "first byte is 0x%02x, not the Confluent wire-format magic byte 0x00", value[0] & 0xff));
    }
    int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    if (id < 0) {
      // Registries hand out non-negative ids; a negative one means the bytes are not really a frame.
      throw new EventDecodingException(Reason.BAD_WIRE_FORMAT, null, "schema id " + id + " in the header is negative");
    }
    return id;
  }
}
