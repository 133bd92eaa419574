package io.tributary.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.Task;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Token-level reads for {@link JsonCodec}: each method reads exactly one JSON value (the parser is positioned on
 * the field name before the call) and reports problems as {@link EventDecodingException}s that name the field
 * and the expected type. Kept apart from the codec so the per-type readers there stay readable.
 */
final class JsonReads {
  private JsonReads() {}

  // Lists are Avro's primitive-backed arrays (float[]/int[] inside): no boxing while decoding, and consumers can
  // read them with getFloat/getInt (see FeatureEvents.toFloatArray). Avro's own (fast) reader produces boxed
  // GenericData.Array instead, so consumers must accept any List.
  static final Schema FLOAT_ARRAY = Schema.createArray(Schema.create(Schema.Type.FLOAT));
  static final Schema INT_ARRAY = Schema.createArray(Schema.create(Schema.Type.INT));

  static String nullableString(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) return p.getText();
    if (t == JsonToken.VALUE_NULL) return null;
    throw wrongType(field, "a string", t);
  }

  static String requiredString(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_STRING) return p.getText();
    throw wrongType(field, "a string", t);
  }

  static long requiredLong(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT) throw wrongType(field, "an integer", t);
    JsonParser.NumberType nt = p.getNumberType();
    if (nt != JsonParser.NumberType.INT && nt != JsonParser.NumberType.LONG) {
      throw new EventDecodingException(Reason.INVALID_VALUE, field,
          "'" + field + "' = " + p.getText() + " does not fit in a 64-bit integer");
    }
    return p.getLongValue();
  }

  static int requiredInt(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_NUMBER_INT) throw wrongType(field, "an integer", t);
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new EventDecodingException(Reason.INVALID_VALUE, field,
          "'" + field + "' = " + p.getText() + " does not fit in a 32-bit integer");
    }
    return p.getIntValue();
  }

  /**
   * A double that may be non-finite. JSON has no NaN/Infinity; Jackson writes them as the strings "NaN",
   * "Infinity", "-Infinity", so those strings are read back here (only for model output, never for features).
   */
  static double requiredDoubleAllowingNonFinite(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getDoubleValue();
    if (t == JsonToken.VALUE_STRING) {
      Double special = nonFinite(p.getText());
      if (special != null) return special;
    }
    throw wrongType(field, "a number", t);
  }

  private static Double nonFinite(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  /** An array of numbers as an Avro primitive float array; null for JSON null when {@code nullable}. */
  static List<Float> floats(JsonParser p, String field, boolean nullable, boolean allowNonFinite)
      throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL && nullable) return null;
    if (t != JsonToken.START_ARRAY) throw wrongType(field, "an array of numbers", t);
    PrimitivesArrays.FloatArray out = new PrimitivesArrays.FloatArray(16, FLOAT_ARRAY);
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
        // getFloatValue parses the text straight to the nearest float (no double rounding).
        out.add(out.size(), p.getFloatValue());
      } else {
        Double special = allowNonFinite && t == JsonToken.VALUE_STRING ? nonFinite(p.getText()) : null;
        if (special == null) throw wrongType(field + "[" + out.size() + "]", "a number", t);
        out.add(out.size(), special.floatValue());
      }
    }
    return out;
  }

  /** An array of numbers as doubles; "NaN", "Infinity" and "-Infinity" strings are read as those values. */
  static List<Double> doubles(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_ARRAY) throw wrongType(field, "an array of numbers", t);
    List<Double> out = new java.util.ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
        out.add(p.getDoubleValue());
      } else {
        Double special = t == JsonToken.VALUE_STRING ? nonFinite(p.getText()) : null;
        if (special == null) throw wrongType(field + "[" + out.size() + "]", "a number", t);
        out.add(special);
      }
    }
    return out;
  }

  static List<Integer> ints(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_ARRAY) throw wrongType(field, "an array of integers", t);
    PrimitivesArrays.IntArray out = new PrimitivesArrays.IntArray(16, INT_ARRAY);
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw wrongType(field + "[" + out.size() + "]", "an integer", t);
      }
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        String element = field + "[" + out.size() + "]";
        throw new EventDecodingException(Reason.INVALID_VALUE, element,
            "'" + element + "' = " + p.getText() + " does not fit in a 32-bit integer");
      }
      out.add(out.size(), p.getIntValue());
    }
    return out;
  }

  /** An object of name to number, in document order; duplicate names are an error. */
  static Map<String, Double> doubleMap(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) return null;
    if (t != JsonToken.START_OBJECT) throw wrongType(field, "an object of name to number", t);
    Map<String, Double> out = new LinkedHashMap<>();
    String name;
    while ((name = p.nextFieldName()) != null) {
      t = p.nextToken();
      if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
        throw wrongType(field + "." + name, "a number", t);
      }
      if (out.put(name, p.getDoubleValue()) != null) {
        throw duplicate(field + "." + name);
      }
    }
    return out;
  }

  /** A label: a JSON number becomes a Double (regression value or class index), a string stays a String. */
  static Object label(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    return switch (t) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      default -> throw wrongType(field, "a number or a string", t);
    };
  }

  /** A time as epoch milliseconds (integer) or an ISO-8601 string with an offset; null if nullable. */
  static Instant instant(JsonParser p, String field, boolean nullable) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL && nullable) return null;
    if (t == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType nt = p.getNumberType();
      if (nt != JsonParser.NumberType.INT && nt != JsonParser.NumberType.LONG) {
        throw new EventDecodingException(Reason.INVALID_VALUE, field,
            "'" + field + "' = " + p.getText() + " is out of range for epoch milliseconds");
      }
      return Instant.ofEpochMilli(p.getLongValue());
    }
    if (t == JsonToken.VALUE_STRING) {
      return parseIsoInstant(p.getText(), field);
    }
    throw wrongType(field, "epoch milliseconds (an integer) or an ISO-8601 string", t);
  }

  /**
   * Parses an ISO-8601 date-time with an offset ("2024-05-01T12:00:00Z", "2024-05-01T14:00:00.250+02:00") and
   * truncates it to milliseconds, the precision of Avro's timestamp-millis, so a JSON and an Avro producer of the
   * same event produce equal events.
   */
  static Instant parseIsoInstant(String text, String field) {
    Instant instant;
    try {
      instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from).toInstant();
    } catch (DateTimeParseException e) {
      String hint;
      if (isLocalDateTime(text)) {
        hint = " has no time-zone offset; add 'Z' for UTC or an offset like '+02:00'";
      } else {
        hint = " is not an ISO-8601 date-time like '2024-05-01T12:00:00Z' (or give epoch milliseconds as a number)";
      }
      throw new EventDecodingException(Reason.INVALID_VALUE, field, "'" + field + "' = \"" + text + "\"" + hint, e);
    }
    try {
      return Instant.ofEpochMilli(instant.toEpochMilli());
    } catch (ArithmeticException e) {
      throw new EventDecodingException(Reason.INVALID_VALUE, field,
          "'" + field + "' = \"" + text + "\" is out of range for epoch milliseconds", e);
    }
  }

  private static boolean isLocalDateTime(String text) {
    try {
      LocalDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static Task task(JsonParser p, String field) throws IOException {
    String symbol = requiredString(p, field);
    for (Task task : Task.values()) {
      if (task.name().equals(symbol)) return task;
    }
    throw new EventDecodingException(Reason.INVALID_VALUE, field, "'" + field + "' = \"" + symbol
        + "\" is not a task; expected one of REGRESSION, BINARY_CLASSIFICATION, MULTICLASS_CLASSIFICATION");
  }

  /** Bytes as standard base64 (RFC 4648, with padding), the way {@link JsonCodec} writes them. */
  static ByteBuffer base64(JsonParser p, String field) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.VALUE_STRING) throw wrongType(field, "a base64 string", t);
    try {
      return ByteBuffer.wrap(p.getBinaryValue());
    } catch (StreamReadException e) {
      throw new EventDecodingException(Reason.INVALID_VALUE, field,
          "'" + field + "' is not valid base64 (standard alphabet, with padding): " + e.getOriginalMessage(), e);
    }
  }

  // ---- errors ----

  static EventDecodingException wrongType(String field, String expected, JsonToken actual) {
    return new EventDecodingException(Reason.WRONG_TYPE, field,
        "'" + field + "' must be " + expected + ", got " + describe(actual));
  }

  static EventDecodingException duplicate(String field) {
    return new EventDecodingException(Reason.DUPLICATE_FIELD, field,
        "field '" + field + "' appears more than once; one of the values would be lost");
  }

  static EventDecodingException missing(String type, String field) {
    return new EventDecodingException(Reason.MISSING_FIELD, field, type + " is missing required field '" + field + "'");
  }

  /** An unknown field, with a "did you mean" for near misses (typos are the usual cause). */
  static EventDecodingException unknown(String type, String path, String name, List<String> known) {
    String suggestion = closest(name, known);
    return new EventDecodingException(Reason.UNKNOWN_FIELD, path,
        "unknown field '" + path + "' in " + type
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; known fields: " + String.join(", ", known));
  }

  static String describe(JsonToken t) {
    if (t == null) return "the end of the input";
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> t.name();
    };
  }

  private static String closest(String name, List<String> known) {
    if (name.length() > 64) return null; // a megabyte-long key is not a typo; do not spend time on it
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = k.toLowerCase(Locale.ROOT).equals(lower) ? 0 : editDistance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    // Only suggest near misses; a far-off name is probably a different mistake and a guess would mislead.
    int allowed = name.length() <= 3 ? 1 : name.length() < 9 ? 2 : 3;
    return bestDistance <= allowed ? best : null;
  }

  /** Edit distance counting an adjacent transposition ("lable" for "label") as one edit. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
