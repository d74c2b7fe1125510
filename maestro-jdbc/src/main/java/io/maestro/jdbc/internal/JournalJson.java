package io.maestro.jdbc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A journal entry's data as JSON text that reads back with the same Java types.
 *
 * <p>Plain JSON already round-trips {@code String}, {@code Boolean}, {@code null}, maps, lists,
 * {@code Integer}, {@code Long} outside the int range and finite {@code Double}s (written with a
 * fraction or exponent). Values JSON would change are wrapped in a one-key object whose key is
 * reserved: {@code {"@long":5}}, {@code {"@decimal":"1.50"}}, {@code {"@bigint":"7"}},
 * {@code {"@float":"1.5"}}, {@code {"@double":"NaN"}}, {@code {"@short":1}}, {@code {"@byte":1}}.
 * A map of the caller's whose single key happens to be reserved is wrapped too, as
 * {@code {"@map":[[key, value]]}}. Other types (records, enums, {@code Instant}…) are written as
 * Jackson renders them and read back as that JSON form. Read values are unmodifiable.
 */
public final class JournalJson {

    private static final String LONG = "@long";
    private static final String DECIMAL = "@decimal";
    private static final String BIGINT = "@bigint";
    private static final String FLOAT = "@float";
    private static final String DOUBLE = "@double";
    private static final String SHORT = "@short";
    private static final String BYTE = "@byte";
    private static final String MAP = "@map";
    private static final Set<String> RESERVED = Set.of(LONG, DECIMAL, BIGINT, FLOAT, DOUBLE, SHORT, BYTE, MAP);

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public JournalJson() {
        this.mapper = new ObjectMapper()
                .disable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .disable(DeserializationFeature.USE_LONG_FOR_INTS)
                .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        this.factory = mapper.getFactory();
        // Step outputs can be large documents; the journal must read back whatever it accepted.
        factory.setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNumberLength(10_000).maxNestingDepth(2_000).build());
    }

    /** The JSON text of {@code data}, or {@code null} for an empty map (keeps rows small). */
    public String encode(Map<String, Object> data) {
        if (data == null || data.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeMap(g, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The data written by {@link #encode}; an empty map for {@code null}. */
    public Map<String, Object> decode(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalStateException("journal data is not a JSON object: " + abbreviate(json));
            }
            Object value = readObject(p);
            if (!(value instanceof Map)) {
                throw new IllegalStateException("journal data is not a JSON object: " + abbreviate(json));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            return map;
        } catch (IOException e) {
            throw new IllegalStateException("journal data is not valid JSON: " + abbreviate(json), e);
        }
    }

    private void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                wrapped(g, LONG).writeNumber(l);
                g.writeEndObject();
            } else {
                g.writeNumber(l);
            }
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                wrapped(g, DOUBLE).writeString(d.toString());
                g.writeEndObject();
            }
        } else if (v instanceof Map<?, ?> m) {
            writeMap(g, m);
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object o : it) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof BigDecimal d) {
            wrapped(g, DECIMAL).writeString(d.toString());
            g.writeEndObject();
        } else if (v instanceof BigInteger b) {
            wrapped(g, BIGINT).writeString(b.toString());
            g.writeEndObject();
        } else if (v instanceof Float f) {
            wrapped(g, FLOAT).writeString(f.toString());
            g.writeEndObject();
        } else if (v instanceof Short s) {
            wrapped(g, SHORT).writeNumber(s);
            g.writeEndObject();
        } else if (v instanceof Byte b) {
            wrapped(g, BYTE).writeNumber(b);
            g.writeEndObject();
        } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>
                || v instanceof java.time.temporal.TemporalAccessor || v instanceof java.time.temporal.TemporalAmount
                || v instanceof java.util.UUID) {
            g.writeString(v.toString());
        } else if (v instanceof Object[] array) {
            writeValue(g, List.of(array));
        } else {
            // Anything else is data only through its JSON form (records, beans).
            Object converted;
            try {
                converted = mapper.convertValue(v, Object.class);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot journal a value of type " + v.getClass().getName() + ": " + e.getMessage(), e);
            }
            writeValue(g, converted);
        }
    }

    private void writeMap(JsonGenerator g, Map<?, ?> m) throws IOException {
        if (m.size() == 1) {
            Map.Entry<?, ?> only = m.entrySet().iterator().next();
            if (RESERVED.contains(String.valueOf(only.getKey()))) {
                wrapped(g, MAP).writeStartArray();
                g.writeStartArray();
                g.writeString(String.valueOf(only.getKey()));
                writeValue(g, only.getValue());
                g.writeEndArray();
                g.writeEndArray();
                g.writeEndObject();
                return;
            }
        }
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            g.writeFieldName(String.valueOf(e.getKey()));
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static JsonGenerator wrapped(JsonGenerator g, String marker) throws IOException {
        g.writeStartObject();
        g.writeFieldName(marker);
        return g;
    }

    private Object readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, n));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return p.getIntValue();
                    case LONG:
                        return p.getLongValue();
                    default:
                        return p.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected JSON token " + t);
        }
    }

    /** Reads an object after its START_OBJECT; unwraps a reserved one-key object. */
    private Object readObject(JsonParser p) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        String first = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (first == null) {
                first = name;
            }
            map.put(name, readValue(p, p.nextToken()));
        }
        if (map.size() == 1 && RESERVED.contains(first)) {
            return unwrap(first, map.get(first));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object unwrap(String marker, Object v) {
        switch (marker) {
            case LONG:
                return ((Number) v).longValue();
            case DECIMAL:
                return new BigDecimal((String) v);
            case BIGINT:
                return new BigInteger((String) v);
            case FLOAT:
                return Float.valueOf((String) v);
            case DOUBLE:
                return Double.valueOf((String) v);
            case SHORT:
                return ((Number) v).shortValue();
            case BYTE:
                return ((Number) v).byteValue();
            default: {
                Iterator<?> pair = ((List<?>) ((List<?>) v).get(0)).iterator();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put((String) pair.next(), pair.next());
                return Collections.unmodifiableMap(m);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
