package app.duet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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

    /**
     * Decodes {@code utf8} strictly first (see {@link #strictUtf8}), then parses it as one object:
     * Jackson alone would read an overlong {@code C0 BC} as {@code <}.
     *
     * @throws DuetException bad_request if the bytes are not UTF-8 or not one JSON object
     */
    public static ObjectNode parseObject(byte[] utf8) {
        return parseObject(strictUtf8(utf8));
    }

    /**
     * The text of well-formed UTF-8: overlong forms, encoded surrogates (ED A0 80..ED BF BF),
     * code points above U+10FFFF, truncated sequences and stray continuation bytes are refused.
     *
     * @throws DuetException bad_request if the bytes are not well-formed UTF-8
     */
    public static String strictUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DuetException(ErrorCode.BAD_REQUEST, "The body is not valid UTF-8.");
        }
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

    /** An optional boolean field: absent or null gives null. */
    public static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw wrongType(field, "true or false");
        return v.booleanValue();
    }

    /** An optional boolean field: {@code absent} when it is missing or null. */
    public static boolean optionalBoolean(ObjectNode body, String field, boolean absent) {
        Boolean v = optionalBoolean(body, field);
        return v == null ? absent : v;
    }

    /** A required integer field (a JSON number without fraction, in the long range). */
    public static long integer(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) throw missing(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(field, "an integer");
        return v.longValue();
    }

    /** An optional integer field: absent or null gives null. */
    public static Long optionalInteger(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        return integer(body, field);
    }

    private static DuetException missing(String field) {
        return new DuetException(ErrorCode.BAD_REQUEST, "The field '" + field + "' is required.");
    }

    private static DuetException wrongType(String field, String type) {
        return new DuetException(ErrorCode.BAD_REQUEST, "The field '" + field + "' must be " + type + ".");
    }
}
