package io.tributary.events.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

  @Test
  void headerIsMagicByteThenBigEndianId() {
    assertArrayEquals(new byte[] {0, 0, 0, 0, 1}, ConfluentWireFormat.header(1));
    assertArrayEquals(new byte[] {0, 0x12, 0x34, 0x56, 0x78}, ConfluentWireFormat.header(0x12345678));
    assertArrayEquals(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        ConfluentWireFormat.header(Integer.MAX_VALUE));
  }

  @Test
  void frameRoundTrips() {
    byte[] frame = ConfluentWireFormat.frame(300, new byte[] {7, 8, 9});
    assertArrayEquals(new byte[] {0, 0, 0, 1, 44, 7, 8, 9}, frame);
    assertEquals(300, ConfluentWireFormat.readSchemaId(frame));
    assertEquals(Integer.MAX_VALUE, ConfluentWireFormat.readSchemaId(ConfluentWireFormat.header(Integer.MAX_VALUE)));
    assertTrue(ConfluentWireFormat.hasMagicByte(frame));
    assertFalse(ConfluentWireFormat.hasMagicByte(new byte[] {'{'}));
    assertFalse(ConfluentWireFormat.hasMagicByte(new byte[0]));
  }

  @Test
  void writeHeaderAtAnOffset() {
    byte[] buf = new byte[8];
    ConfluentWireFormat.writeHeader(buf, 2, 258);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 2, 0}, buf);
    assertThrows(IllegalArgumentException.class, () -> ConfluentWireFormat.writeHeader(buf, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> ConfluentWireFormat.header(-1));
  }

  @Test
  void rejectsShortFrames() {
    for (byte[] value : new byte[][] {new byte[0], {0}, {0, 0, 0, 1}}) {
      EventDecodingException e = assertThrows(EventDecodingException.class,
          () -> ConfluentWireFormat.readSchemaId(value));
      assertEquals(Reason.BAD_WIRE_FORMAT, e.reason());
      assertEquals("value is " + value.length + " bytes long; Confluent wire format needs at least 5 bytes "
          + "(magic byte 0 + 4-byte schema id)", e.getMessage());
    }
    assertEquals(Reason.BAD_WIRE_FORMAT,
        assertThrows(EventDecodingException.class, () -> ConfluentWireFormat.readSchemaId(null)).reason());
  }

  @Test
  void rejectsWrongMagicByte() {
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> ConfluentWireFormat.readSchemaId(new byte[] {1, 0, 0, 0, 1, 2}));
    assertEquals(Reason.BAD_WIRE_FORMAT, e.reason());
    assertEquals("first byte is 0x01, not the Confluent wire-format magic byte 0x00", e.getMessage());
  }

  @Test
  void rejectsNegativeIds() {
    EventDecodingException e = assertThrows(EventDecodingException.class,
        () -> ConfluentWireFormat.readSchemaId(new byte[] {0, (byte) 0xff, 0, 0, 0}));
    assertEquals(Reason.BAD_WIRE_FORMAT, e.reason());
  }
}
