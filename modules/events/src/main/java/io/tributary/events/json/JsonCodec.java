package io.tributary.events.json;

import static io.tributary.events.json.JsonReads.describe;
import static io.tributary.events.json.JsonReads.duplicate;
import static io.tributary.events.json.JsonReads.missing;
import static io.tributary.events.json.JsonReads.unknown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import io.tributary.events.FeatureEvent;
import io.tributary.events.FeatureEvents;
import io.tributary.events.ModelSnapshot;
import io.tributary.events.Prediction;
import io.tributary.events.SparseFeatures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Natural JSON for {@link FeatureEvent}, {@link Prediction} and {@link ModelSnapshot}: what a human types into
 * kcat or a producer in any language, e.g.
 *
 * <pre>{@code
 * {"eventId":"e-1","eventTime":1700000000000,"dense":[0.1,0.2],"label":1}
 * {"sparse":{"dimension":1048576,"indices":[3,77],"values":[1.0,0.5]}}
 * {"named":{"age":31,"income":52000.0},"label":"yes"}
 * }</pre>
 *
 * <p>The mapping is written by hand rather than using Avro's JSON encoding, whose unions look like
 * {@code {"label":{"double":1.0}}} — correct but hostile to humans. Field names are the Avro field names.
 *
 * <p>Decoding is strict, because a lenient reader turns producer bugs into silently wrong models: unknown and
 * duplicate fields are errors (a typo like {@code "lable"} must not silently drop the label), wrong JSON types
 * name the field and the expected type, and a FeatureEvent must carry exactly one of {@code dense},
 * {@code sparse} or {@code named}. JSON {@code null} is the same as an absent optional field. Times are epoch
 * milliseconds or ISO-8601 strings with an offset. All errors are {@link EventDecodingException}s.
 *
 * <p>Encoding omits null fields, writes times as epoch milliseconds and bytes as standard base64. Encoders do not
 * validate: they write what they are given (a FeatureEvent with no features encodes, and is rejected on decode).
 *
 * <p>Everything runs on Jackson's streaming parser and generator (no tree model, no data binding): FeatureEvent
 * decoding and Prediction encoding are on the processor's hot path. Instances are immutable and thread-safe.
 */
public final class JsonCodec {

  // One factory for the whole JVM: it owns the symbol tables and buffer recyclers that make parsing cheap.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  private static final List<String> FEATURE_EVENT_FIELDS = fieldNames(FeatureEvent.getClassSchema());
  private static final List<String> SPARSE_FIELDS = fieldNames(SparseFeatures.getClassSchema());
  private static final List<String> PREDICTION_FIELDS = fieldNames(Prediction.getClassSchema());
  private static final List<String> SNAPSHOT_FIELDS = fieldNames(ModelSnapshot.getClassSchema());

  // Pre-encoded field names: the generator copies their UTF-8 bytes instead of escaping each time.
  private static final SerializableString EVENT_ID = new SerializedString("eventId");
  private static final SerializableString EVENT_TIME = new SerializedString("eventTime");
  private static final SerializableString MODEL = new SerializedString("model");
  private static final SerializableString DENSE = new SerializedString("dense");
  private static final SerializableString SPARSE = new SerializedString("sparse");
  private static final SerializableString NAMED = new SerializedString("named");
  private static final SerializableString LABEL = new SerializedString("label");
  private static final SerializableString CLIENT_ID = new SerializedString("clientId");
  private static final SerializableString DIMENSION = new SerializedString("dimension");
  private static final SerializableString INDICES = new SerializedString("indices");
  private static final SerializableString VALUES = new SerializedString("values");
  private static final SerializableString KEY = new SerializedString("key");
  private static final SerializableString MODEL_VERSION = new SerializedString("modelVersion");
  private static final SerializableString TASK = new SerializedString("task");
  private static final SerializableString PREDICTION = new SerializedString("prediction");
  private static final SerializableString PREDICTED_CLASS = new SerializedString("predictedClass");
  private static final SerializableString SCORES = new SerializedString("scores");
  private static final SerializableString PREDICTED_AT = new SerializedString("predictedAt");
  private static final SerializableString FORECAST = new SerializedString("forecast");
  private static final SerializableString VERSION = new SerializedString("version");
  private static final SerializableString ALGORITHM = new SerializedString("algorithm");
  private static final SerializableString FORMAT = new SerializedString("format");
  private static final SerializableString CREATED_AT = new SerializedString("createdAt");
  private static final SerializableString SOURCE = new SerializedString("source");
  private static final SerializableString PAYLOAD = new SerializedString("payload");

  /** Creates a codec. Instances hold no state; sharing one is as good as creating several. */
  public JsonCodec() {}

  // ================================================================== FeatureEvent

  /**
   * Decodes a UTF-8 JSON object into a FeatureEvent and checks its structure
   * ({@link FeatureEvents#checkStructure}).
   *
   * @throws EventDecodingException if the JSON is malformed, has unknown, duplicate or mistyped fields, or does
   *     not have exactly one kind of features
   */
  public FeatureEvent decodeFeatureEvent(byte[] json) {
    return decodeFeatureEvent(json, 0, json.length);
  }

  /** As {@link #decodeFeatureEvent(byte[])}, for {@code length} bytes of {@code json} from {@code offset}. */
  public FeatureEvent decodeFeatureEvent(byte[] json, int offset, int length) {
    try (JsonParser p = FACTORY.createParser(json, offset, length)) {
      return FeatureEvents.checkStructure(readRoot(p, "FeatureEvent", JsonCodec::readFeatureEvent));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** As {@link #decodeFeatureEvent(byte[])}, from a string. */
  public FeatureEvent decodeFeatureEvent(String json) {
    // Jackson skips a byte-order mark in bytes but not in a String; treat both alike.
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    try (JsonParser p = FACTORY.createParser(text)) {
      return FeatureEvents.checkStructure(readRoot(p, "FeatureEvent", JsonCodec::readFeatureEvent));
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  private static FeatureEvent readFeatureEvent(JsonParser p) throws IOException {
    FeatureEvent e = new FeatureEvent();
    int seen = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      // One bit per field: duplicates would otherwise silently overwrite each other.
      int bit = switch (name) {
        case "eventId" -> 1;
        case "eventTime" -> 1 << 1;
        case "model" -> 1 << 2;
        case "dense" -> 1 << 3;
        case "sparse" -> 1 << 4;
        case "named" -> 1 << 5;
        case "label" -> 1 << 6;
        case "clientId" -> 1 << 7;
        default -> throw unknown("FeatureEvent", name, name, FEATURE_EVENT_FIELDS);
      };
      if ((seen & bit) != 0) throw duplicate(name);
      seen |= bit;
      switch (bit) {
        case 1 -> e.setEventId(JsonReads.nullableString(p, name));
        case 1 << 1 -> e.setEventTime(JsonReads.instant(p, name, true));
        case 1 << 2 -> e.setModel(JsonReads.nullableString(p, name));
        case 1 << 3 -> e.setDense(JsonReads.floats(p, name, true, false));
        case 1 << 4 -> e.setSparse(readSparse(p));
        case 1 << 5 -> e.setNamed(JsonReads.doubleMap(p, name));
        case 1 << 6 -> e.setLabel(JsonReads.label(p, name));
        default -> e.setClientId(JsonReads.nullableString(p, name));
      }
    }
    return e;
  }

  private static SparseFeatures readSparse(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) return null;
    if (t != JsonToken.START_OBJECT) {
      throw JsonReads.wrongType("sparse", "an object with dimension, indices and values", t);
    }
    SparseFeatures s = new SparseFeatures();
    int seen = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      String path = "sparse." + name;
      int bit = switch (name) {
        case "dimension" -> 1;
        case "indices" -> 2;
        case "values" -> 4;
        default -> throw unknown("SparseFeatures", path, name, SPARSE_FIELDS);
      };
      if ((seen & bit) != 0) throw duplicate(path);
      seen |= bit;
      switch (bit) {
        case 1 -> s.setDimension(JsonReads.requiredInt(p, path));
        case 2 -> s.setIndices(JsonReads.ints(p, path));
        default -> s.setValues(JsonReads.floats(p, path, false, false));
      }
    }
    if ((seen & 1) == 0) throw missing("sparse features", "sparse.dimension");
    if ((seen & 2) == 0) throw missing("sparse features", "sparse.indices");
    if ((seen & 4) == 0) throw missing("sparse features", "sparse.values");
    return s;
  }

  /** Encodes a FeatureEvent as compact UTF-8 JSON, omitting null fields. */
  public byte[] encodeFeatureEvent(FeatureEvent e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (e.getEventId() != null) {
        g.writeFieldName(EVENT_ID);
        g.writeString(e.getEventId());
      }
      if (e.getEventTime() != null) {
        g.writeFieldName(EVENT_TIME);
        g.writeNumber(e.getEventTime().toEpochMilli());
      }
      if (e.getModel() != null) {
        g.writeFieldName(MODEL);
        g.writeString(e.getModel());
      }
      if (e.getDense() != null) {
        g.writeFieldName(DENSE);
        writeFloats(g, e.getDense());
      }
      if (e.getSparse() != null) {
        SparseFeatures s = e.getSparse();
        g.writeFieldName(SPARSE);
        g.writeStartObject();
        g.writeFieldName(DIMENSION);
        g.writeNumber(s.getDimension());
        g.writeFieldName(INDICES);
        writeInts(g, s.getIndices());
        g.writeFieldName(VALUES);
        writeFloats(g, s.getValues());
        g.writeEndObject();
      }
      if (e.getNamed() != null) {
        g.writeFieldName(NAMED);
        g.writeStartObject();
        for (Map.Entry<String, Double> entry : e.getNamed().entrySet()) {
          g.writeFieldName(entry.getKey());
          g.writeNumber(entry.getValue());
        }
        g.writeEndObject();
      }
      if (e.getLabel() != null) {
        g.writeFieldName(LABEL);
        writeLabel(g, e.getLabel());
      }
      if (e.getClientId() != null) {
        g.writeFieldName(CLIENT_ID);
        g.writeString(e.getClientId());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex); // cannot happen: the target is memory
    }
    return out.toByteArray();
  }

  // ================================================================== Prediction

  /**
   * Encodes a Prediction as compact UTF-8 JSON, omitting null optional fields; non-finite numbers are written
   * as the strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them) and read back by
   * {@link #decodePrediction}.
   *
   * @throws IllegalArgumentException if a required field is null
   */
  public byte[] encodePrediction(Prediction pr) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(192);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(EVENT_ID);
      g.writeString(required(pr.getEventId(), "Prediction", "eventId"));
      if (pr.getKey() != null) {
        g.writeFieldName(KEY);
        g.writeString(pr.getKey());
      }
      g.writeFieldName(MODEL);
      g.writeString(required(pr.getModel(), "Prediction", "model"));
      g.writeFieldName(MODEL_VERSION);
      g.writeNumber(pr.getModelVersion());
      g.writeFieldName(TASK);
      g.writeString(required(pr.getTask(), "Prediction", "task").name());
      g.writeFieldName(PREDICTION);
      g.writeNumber(pr.getPrediction());
      if (pr.getPredictedClass() != null) {
        g.writeFieldName(PREDICTED_CLASS);
        g.writeString(pr.getPredictedClass());
      }
      g.writeFieldName(SCORES);
      writeFloats(g, required(pr.getScores(), "Prediction", "scores"));
      if (pr.getLabel() != null) {
        g.writeFieldName(LABEL);
        writeLabel(g, pr.getLabel());
      }
      g.writeFieldName(EVENT_TIME);
      g.writeNumber(required(pr.getEventTime(), "Prediction", "eventTime").toEpochMilli());
      g.writeFieldName(PREDICTED_AT);
      g.writeNumber(required(pr.getPredictedAt(), "Prediction", "predictedAt").toEpochMilli());
      if (pr.getForecast() != null && !pr.getForecast().isEmpty()) { // forecasters only: omitted when empty
        g.writeFieldName(FORECAST);
        g.writeStartArray();
        for (Double v : pr.getForecast()) {
          writeDouble(g, v);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /** Decodes a Prediction written by {@link #encodePrediction} (or by hand, with the same field names). */
  public Prediction decodePrediction(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      return readRoot(p, "Prediction", JsonCodec::readPrediction);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** As {@link #decodePrediction(byte[])}, from a string. */
  public Prediction decodePrediction(String json) {
    return decodePrediction(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Prediction readPrediction(JsonParser p) throws IOException {
    Prediction pr = new Prediction();
    int seen = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      int bit = bitOf(name, PREDICTION_FIELDS, "Prediction");
      if ((seen & bit) != 0) throw duplicate(name);
      seen |= bit;
      switch (name) {
        case "eventId" -> pr.setEventId(JsonReads.requiredString(p, name));
        case "key" -> pr.setKey(JsonReads.nullableString(p, name));
        case "model" -> pr.setModel(JsonReads.requiredString(p, name));
        case "modelVersion" -> pr.setModelVersion(JsonReads.requiredLong(p, name));
        case "task" -> pr.setTask(JsonReads.task(p, name));
        case "prediction" -> pr.setPrediction(JsonReads.requiredDoubleAllowingNonFinite(p, name));
        case "predictedClass" -> pr.setPredictedClass(JsonReads.nullableString(p, name));
        case "scores" -> pr.setScores(JsonReads.floats(p, name, false, true));
        case "label" -> pr.setLabel(JsonReads.label(p, name));
        case "eventTime" -> pr.setEventTime(JsonReads.instant(p, name, false));
        case "predictedAt" -> pr.setPredictedAt(JsonReads.instant(p, name, false));
        case "forecast" -> pr.setForecast(JsonReads.doubles(p, name));
        default -> throw new AssertionError(name); // bitOf accepted a name this switch does not know
      }
    }
    requireAll(seen, PREDICTION_FIELDS, "Prediction", "key", "predictedClass", "label", "forecast");
    if (pr.getForecast() == null) {
      pr.setForecast(List.of());
    }
    return pr;
  }

  // ================================================================== ModelSnapshot

  /**
   * Encodes a ModelSnapshot as UTF-8 JSON with the payload in standard base64. Meant for tools and debugging;
   * on the models topic Avro is the better choice for large payloads (base64 adds a third).
   *
   * @throws IllegalArgumentException if a required field is null
   */
  public byte[] encodeModelSnapshot(ModelSnapshot s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(MODEL);
      g.writeString(required(s.getModel(), "ModelSnapshot", "model"));
      g.writeFieldName(VERSION);
      g.writeNumber(s.getVersion());
      g.writeFieldName(ALGORITHM);
      g.writeString(required(s.getAlgorithm(), "ModelSnapshot", "algorithm"));
      g.writeFieldName(FORMAT);
      g.writeString(required(s.getFormat(), "ModelSnapshot", "format"));
      g.writeFieldName(TASK);
      g.writeString(required(s.getTask(), "ModelSnapshot", "task").name());
      g.writeFieldName(DIMENSION);
      g.writeNumber(s.getDimension());
      g.writeFieldName(CREATED_AT);
      g.writeNumber(required(s.getCreatedAt(), "ModelSnapshot", "createdAt").toEpochMilli());
      g.writeFieldName(SOURCE);
      g.writeString(required(s.getSource(), "ModelSnapshot", "source"));
      g.writeFieldName(PAYLOAD);
      // duplicate(): never move the caller's buffer position.
      ByteBuffer payload = required(s.getPayload(), "ModelSnapshot", "payload").duplicate();
      if (payload.hasArray()) {
        g.writeBinary(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
      } else {
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        g.writeBinary(copy);
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toByteArray();
  }

  /** Decodes a ModelSnapshot written by {@link #encodeModelSnapshot}. */
  public ModelSnapshot decodeModelSnapshot(byte[] json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      return readRoot(p, "ModelSnapshot", JsonCodec::readSnapshot);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** As {@link #decodeModelSnapshot(byte[])}, from a string. */
  public ModelSnapshot decodeModelSnapshot(String json) {
    return decodeModelSnapshot(json.getBytes(StandardCharsets.UTF_8));
  }

  private static ModelSnapshot readSnapshot(JsonParser p) throws IOException {
    ModelSnapshot s = new ModelSnapshot();
    int seen = 0;
    String name;
    while ((name = p.nextFieldName()) != null) {
      int bit = bitOf(name, SNAPSHOT_FIELDS, "ModelSnapshot");
      if ((seen & bit) != 0) throw duplicate(name);
      seen |= bit;
      switch (name) {
        case "model" -> s.setModel(JsonReads.requiredString(p, name));
        case "version" -> s.setVersion(JsonReads.requiredLong(p, name));
        case "algorithm" -> s.setAlgorithm(JsonReads.requiredString(p, name));
        case "format" -> s.setFormat(JsonReads.requiredString(p, name));
        case "task" -> s.setTask(JsonReads.task(p, name));
        case "dimension" -> s.setDimension(JsonReads.requiredInt(p, name));
        case "createdAt" -> s.setCreatedAt(JsonReads.instant(p, name, false));
        case "source" -> s.setSource(JsonReads.requiredString(p, name));
        case "payload" -> s.setPayload(JsonReads.base64(p, name));
        default -> throw new AssertionError(name);
      }
    }
    requireAll(seen, SNAPSHOT_FIELDS, "ModelSnapshot");
    return s;
  }

  // ================================================================== shared plumbing

  @FunctionalInterface
  private interface Body<T> {
    T read(JsonParser p) throws IOException;
  }

  /** Reads one root JSON object with {@code body} and insists that nothing but whitespace follows it. */
  private static <T> T readRoot(JsonParser p, String type, Body<T> body) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new EventDecodingException(Reason.MALFORMED_JSON, null, "empty input: expected a JSON object (" + type + ")");
    }
    if (t != JsonToken.START_OBJECT) {
      throw new EventDecodingException(Reason.WRONG_TYPE, null,
          type + " must be a JSON object, got " + describe(t));
    }
    T value = body.read(p);
    if (p.nextToken() != null) {
      JsonLocation at = p.currentTokenLocation();
      throw new EventDecodingException(Reason.MALFORMED_JSON, null, "unexpected content after the " + type
          + " object at line " + at.getLineNr() + ", column " + at.getColumnNr() + "; one record holds one object");
    }
    return value;
  }

  private static EventDecodingException malformed(IOException e) {
    if (e instanceof JsonProcessingException j) {
      JsonLocation at = j.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new EventDecodingException(Reason.MALFORMED_JSON, null,
          "malformed JSON" + where + ": " + j.getOriginalMessage(), e);
    }
    return new EventDecodingException(Reason.MALFORMED_JSON, null, "could not read JSON: " + e.getMessage(), e);
  }

  private static int bitOf(String name, List<String> fields, String type) {
    int i = fields.indexOf(name);
    if (i < 0) throw unknown(type, name, name, fields);
    return 1 << i;
  }

  private static void requireAll(int seen, List<String> fields, String type, String... optional) {
    for (int i = 0; i < fields.size(); i++) {
      if ((seen & (1 << i)) == 0 && !List.of(optional).contains(fields.get(i))) {
        throw missing(type, fields.get(i));
      }
    }
  }

  private static <T> T required(T value, String type, String field) {
    if (value == null) {
      throw new IllegalArgumentException(type + "." + field + " is required but null");
    }
    return value;
  }

  private static void writeFloats(JsonGenerator g, List<Float> values) throws IOException {
    g.writeStartArray();
    if (values instanceof PrimitivesArrays.FloatArray fa) {
      for (int i = 0, n = fa.size(); i < n; i++) g.writeNumber(fa.getFloat(i));
    } else {
      for (Float v : values) g.writeNumber(v);
    }
    g.writeEndArray();
  }

  /** A double, or "NaN"/"Infinity"/"-Infinity" as a string (JSON has no literal for them), as predictions do. */
  private static void writeDouble(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeString(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }
  }

  private static void writeInts(JsonGenerator g, List<Integer> values) throws IOException {
    g.writeStartArray();
    if (values instanceof PrimitivesArrays.IntArray ia) {
      for (int i = 0, n = ia.size(); i < n; i++) g.writeNumber(ia.getInt(i));
    } else {
      for (Integer v : values) g.writeNumber(v);
    }
    g.writeEndArray();
  }

  private static void writeLabel(JsonGenerator g, Object label) throws IOException {
    if (label instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else if (label instanceof CharSequence s) {
      g.writeString(s.toString()); // String, or Avro's Utf8 from generic readers
    } else {
      throw new IllegalArgumentException("label must be a Double or a String, got " + label.getClass().getName());
    }
  }

  private static List<String> fieldNames(org.apache.avro.Schema schema) {
    return schema.getFields().stream().map(org.apache.avro.Schema.Field::name).toList();
  }
}
