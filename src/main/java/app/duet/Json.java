package app.duet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper: strict on input (duplicate keys and trailing tokens are errors). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() { }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /** @throws DuetException bad_request if the text is not one JSON object */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    public static ObjectNode parseObject(byte[] utf8) {
        JsonNode node;
        try {
            node = MAPPER.readTree(utf8);
        } catch (java.io.IOException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** A required string field. */
    public static String string(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw missing(field);
        if (!v.isTextual()) throw wrongType(field, "a string");
        return v.textValue();
    }

    /** An optional string field: absent or null gives null. */
    public static String optionalString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw wrongType(field, "a string");
        return v.textValue();
    }

    /** A required integer field (a JSON number without fraction, in the long range). */
    public static long integer(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw missing(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(field, "an integer");
        return v.longValue();
    }

    private static DuetException missing(String field) {
        return new DuetException(ErrorCode.BAD_REQUEST, "The field '" + field + "' is required.");
    }

    private static DuetException wrongType(String field, String type) {
        return new DuetException(ErrorCode.BAD_REQUEST, "The field '" + field + "' must be " + type + ".");
    }
}
