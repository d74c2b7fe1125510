package io.maestro.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from Maestro's JSON-like values. Reading yields {@link LinkedHashMap} (in
 * document order; a repeated key keeps its last value), {@link ArrayList}, String, Boolean,
 * null, and numbers that keep their exact value: integers as Integer, Long or BigInteger
 * (the smallest that holds them); decimals as Double when the double prints back as the same
 * number ({@code 0.1}, {@code 2.50}, {@code 1e3}), otherwise as BigDecimal
 * ({@code 0.12345678901234567890}, {@code 1e400}). Thread-safe.
 */
public final class JsonCodec {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();

    public byte[] write(Object value) throws JsonProcessingException {
        return mapper.writeValueAsBytes(value);
    }

    public String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON-like value: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses exactly one JSON value (surrounding whitespace allowed); no content at all is
     * {@code null}.
     *
     * @throws IOException (a {@link JsonProcessingException}) for malformed JSON or trailing content
     */
    public Object read(byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object value = read(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseFailure("unexpected content after the JSON value: " + trailing, parser);
            }
            return value;
        }
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(read(p, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return decimal(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseFailure("unexpected " + token, p);
        }
    }

    /** A Double when it represents the decimal exactly as written (up to trailing zeros). */
    static Number decimal(BigDecimal exact) {
        double d = exact.doubleValue();
        if (Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(exact) == 0) {
            return d;
        }
        return exact;
    }

    private static final class JsonParseFailure extends com.fasterxml.jackson.core.JsonParseException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String message, JsonParser parser) {
            super(parser, message);
        }
    }
}
