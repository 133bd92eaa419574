package io.tributary.events.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.events.EventDecodingException;
import io.tributary.events.EventDecodingException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Natural JSON for any generated record, driven by its Avro schema: the same shapes as {@link JsonCodec} (a union
 * with null is the value or an absent field, timestamps are epoch milliseconds, enums their names, bytes base64), but
 * through a tree model. Meant for low-volume types (metrics, control messages); the per-event types keep the
 * hand-written streaming codec in {@link JsonCodec}, which is several times faster.
 */
public final class SchemaJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaJson() {}

    public static byte[] encode(SpecificRecord record) {
        try {
            return MAPPER.writeValueAsBytes(write(record, record.getSchema()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    /**
     * Reads a record of {@code type}. Strict like {@link JsonCodec}: unknown fields, wrong types and missing required
     * fields are {@link EventDecodingException}s naming the field.
     */
    public static <T extends SpecificRecord> T decode(byte[] json, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new EventDecodingException(Reason.MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EventDecodingException(Reason.MALFORMED_JSON, null, "not valid JSON: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        T record = (T) read(tree, schema, schema.getName());
        return record;
    }

    private static JsonNode write(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (schema.getType()) {
            case RECORD -> {
                ObjectNode node = NODES.objectNode();
                SpecificRecord record = (SpecificRecord) value;
                for (Schema.Field field : schema.getFields()) {
                    Object v = record.get(field.pos());
                    // Null optional fields and empty arrays that default to empty are omitted, as the hand-written
                    // codec does; reading fills them back in.
                    boolean emptyDefault = v instanceof java.util.Collection<?> c && c.isEmpty() && field.hasDefaultValue();
                    if (v != null && !emptyDefault) {
                        node.set(field.name(), write(v, field.schema()));
                    }
                }
                yield node;
            }
            case UNION -> write(value, branchOf(value, schema));
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(write(item, schema.getElementType()));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode node = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> node.set(k.toString(), write(v, schema.getValueType())));
                yield node;
            }
            case ENUM, STRING -> NODES.textNode(value.toString());
            case BYTES -> NODES.textNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case LONG -> value instanceof Instant t ? NODES.numberNode(t.toEpochMilli()) : NODES.numberNode((Long) value);
            case INT -> NODES.numberNode((Integer) value);
            case FLOAT -> finite(((Float) value).doubleValue()) ? NODES.numberNode((Float) value) : NODES.textNode(value.toString());
            case DOUBLE -> finite((Double) value) ? NODES.numberNode((Double) value) : NODES.textNode(value.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case NULL -> NODES.nullNode();
            case FIXED -> throw new IllegalArgumentException("fixed is not used in Tributary's schemas");
        };
    }

    private static Object read(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
                for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        throw new EventDecodingException(Reason.UNKNOWN_FIELD, path + "." + name,
                                schema.getName() + " has no field '" + name + "'");
                    }
                }
                for (Schema.Field field : schema.getFields()) {
                    JsonNode child = node.get(field.name());
                    String where = path + "." + field.name();
                    if (child == null && field.hasDefaultValue()) {
                        record.put(field.pos(), SpecificData.get().getDefaultValue(field));
                    } else if (child == null || child.isNull()) {
                        if (!nullable(field.schema())) {
                            throw new EventDecodingException(Reason.MISSING_FIELD, where, "required field '" + field.name() + "' is missing");
                        }
                        record.put(field.pos(), null);
                    } else {
                        record.put(field.pos(), read(child, field.schema(), where));
                    }
                }
                return record;
            }
            case UNION -> {
                // The JSON value's own type picks the branch: "label": 1 is the double, "label": "cat" the string.
                for (Schema branch : schema.getTypes()) {
                    if (accepts(branch, node)) {
                        return read(node, branch, path);
                    }
                }
                throw wrongType(path, "one of " + schema.getTypes().stream().map(Schema::getType).toList(), node);
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw wrongType(path, "an array", node);
                }
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    list.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return list;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), read(e.getValue(), schema.getValueType(), path + "." + e.getKey())));
                return map;
            }
            case ENUM -> {
                if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
                    throw wrongType(path, "one of " + schema.getEnumSymbols(), node);
                }
                return SpecificData.get().createEnum(node.asText(), schema);
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw wrongType(path, "a string", node);
                }
                return node.asText();
            }
            case BYTES -> {
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
                } catch (IllegalArgumentException e) {
                    throw wrongType(path, "base64 text", node);
                }
            }
            case LONG -> {
                if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                    throw wrongType(path, "a whole number", node);
                }
                return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? Instant.ofEpochMilli(node.asLong()) : node.asLong();
            }
            case INT -> {
                if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                    throw wrongType(path, "a whole number", node);
                }
                return node.asInt();
            }
            case FLOAT -> {
                return (float) number(node, path);
            }
            case DOUBLE -> {
                return number(node, path);
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw wrongType(path, "true or false", node);
                }
                return node.asBoolean();
            }
            default -> throw new IllegalArgumentException(path + ": unsupported schema type " + schema.getType());
        }
    }

    private static boolean accepts(Schema branch, JsonNode node) {
        return switch (branch.getType()) {
            case NULL -> node.isNull();
            case RECORD, MAP -> node.isObject();
            case ARRAY -> node.isArray();
            case STRING, ENUM, BYTES -> node.isTextual();
            case INT, LONG -> node.isIntegralNumber();
            case FLOAT, DOUBLE -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
            default -> false;
        };
    }

    private static double number(JsonNode node, String path) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            switch (node.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw wrongType(path, "a number", node);
    }

    private static Schema branchOf(Object value, Schema union) {
        int index = SpecificData.get().resolveUnion(union, value);
        return union.getTypes().get(index);
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static EventDecodingException wrongType(String path, String expected, JsonNode got) {
        return new EventDecodingException(Reason.WRONG_TYPE, path, path + ": expected " + expected + ", got " + got.getNodeType().name().toLowerCase());
    }
}
