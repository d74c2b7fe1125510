package io.maestro.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes a request message from a step's JSON-like input ({@code Map}, {@code List}, String,
 * Number, Boolean, null), following protobuf's JSON mapping: fields by proto name
 * ({@code loan_id}) or JSON name ({@code loanId}); 64-bit integers as numbers or decimal
 * strings; enums by name or number; bytes as base64; well-known types in their JSON form
 * (RFC 3339 timestamps, {@code "1.5s"} durations, any JSON for {@code Struct}/{@code Value},
 * bare values for wrappers, {@code {"@type": …}} for {@code Any}); null meaning "not set".
 *
 * <p>Input that does not fit fails with an {@link InputException} naming the field's path
 * ({@code input.address.zip_code}) and what was expected. Stateless apart from its settings;
 * thread-safe.
 */
final class MessageReader {

    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final boolean ignoreUnknownFields;
    private final Function<String, Descriptor> types;

    /** @param types finds message types by full name, for {@code Any} */
    MessageReader(boolean ignoreUnknownFields, Function<String, Descriptor> types) {
        this.ignoreUnknownFields = ignoreUnknownFields;
        this.types = types;
    }

    /** The request message of type {@code type} for {@code input} (null: an empty message). */
    DynamicMessage read(Object input, Descriptor type) {
        if (input == null) {
            return DynamicMessage.getDefaultInstance(type);
        }
        return (DynamicMessage) message(input, type, "input");
    }

    private Message message(Object value, Descriptor type, String path) {
        String wellKnown = type.getFullName();
        if (WellKnown.isWellKnown(wellKnown)) {
            return wellKnown(value, type, path);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InputException(path, "expected an object (" + type.getFullName() + "), got " + describe(value));
        }
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        Map<FieldDescriptor, String> seen = new HashMap<>();
        Map<OneofDescriptor, FieldDescriptor> oneofs = new HashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String at = path + "." + name;
            FieldDescriptor f = field(type, name);
            if (f == null) {
                if (ignoreUnknownFields) {
                    continue;
                }
                List<String> names = type.getFields().stream().map(FieldDescriptor::getName).toList();
                throw new InputException(at, "unknown field '" + name + "' of " + type.getFullName()
                        + Suggestions.didYouMean(name, names) + "; its fields: " + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
            String earlier = seen.put(f, name);
            if (earlier != null) {
                throw new InputException(at, "field " + f.getName() + " is given twice, as " + earlier + " and as " + name);
            }
            Object v = e.getValue();
            if (v == null && !isValueType(f)) {
                continue; // JSON null: the field keeps its default
            }
            OneofDescriptor oneof = f.getRealContainingOneof();
            if (oneof != null) {
                FieldDescriptor other = oneofs.put(oneof, f);
                if (other != null) {
                    throw new InputException(at, "fields " + other.getName() + " and " + f.getName() + " belong to oneof "
                            + oneof.getName() + " of " + type.getFullName() + ": set at most one");
                }
            }
            if (f.isMapField()) {
                mapField(b, f, v, at);
            } else if (f.isRepeated()) {
                if (!(v instanceof List<?> list)) {
                    throw new InputException(at, "expected a list, got " + describe(v));
                }
                for (int i = 0; i < list.size(); i++) {
                    Object item = list.get(i);
                    String itemAt = at + "[" + i + "]";
                    if (item == null && !isValueType(f)) {
                        throw new InputException(itemAt, "a list element must not be null");
                    }
                    Object converted = single(item, f, itemAt);
                    if (converted != null) {
                        b.addRepeatedField(f, converted);
                    }
                }
            } else {
                Object converted = single(v, f, at);
                if (converted != null) {
                    b.setField(f, converted);
                }
            }
        }
        return b.build();
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f != null) {
            return f;
        }
        for (FieldDescriptor candidate : type.getFields()) {
            if (candidate.getJsonName().equals(name)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isValueType(FieldDescriptor f) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && f.getMessageType().getFullName().equals("google.protobuf.Value");
    }

    private void mapField(DynamicMessage.Builder b, FieldDescriptor f, Object v, String at) {
        if (!(v instanceof Map<?, ?> map)) {
            throw new InputException(at, "expected an object (a map), got " + describe(v));
        }
        Descriptor entryType = f.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String entryAt = at + "['" + key + "']";
            if (e.getValue() == null && !isValueType(valueField)) {
                throw new InputException(entryAt, "a map value must not be null");
            }
            Object k = mapKey(key, keyField, entryAt);
            Object value = single(e.getValue(), valueField, entryAt);
            if (value == null) {
                continue; // an unknown enum name, ignored
            }
            b.addRepeatedField(f, DynamicMessage.newBuilder(entryType).setField(keyField, k).setField(valueField, value).build());
        }
    }

    private Object mapKey(String key, FieldDescriptor keyField, String at) {
        return switch (keyField.getJavaType()) {
            case STRING -> key;
            case BOOLEAN -> {
                if (!key.equals("true") && !key.equals("false")) {
                    throw new InputException(at, "expected a bool map key, true or false, got '" + key + "'");
                }
                yield Boolean.parseBoolean(key);
            }
            default -> single(key, keyField, at);
        };
    }

    /** One value of a field (an element, for a repeated field); {@code null} to leave it out. */
    private Object single(Object v, FieldDescriptor f, String at) {
        return switch (f.getJavaType()) {
            case INT -> (int) integer(v, f, at).longValue();
            case LONG -> integer(v, f, at).longValue();
            case FLOAT -> {
                double d = floating(v, f, at);
                if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE * (1 + 1e-6)) {
                    throw new InputException(at, "out of range for a float: " + describe(v));
                }
                yield (float) d;
            }
            case DOUBLE -> floating(v, f, at);
            case BOOLEAN -> {
                if (!(v instanceof Boolean bool)) {
                    throw new InputException(at, "expected a bool, true or false, got " + describe(v));
                }
                yield bool;
            }
            case STRING -> {
                if (!(v instanceof String s)) {
                    throw new InputException(at, "expected a string, got " + describe(v));
                }
                yield s;
            }
            case BYTE_STRING -> bytes(v, at);
            case ENUM -> enumValue(v, f.getEnumType(), at);
            case MESSAGE -> message(v, f.getMessageType(), at);
        };
    }

    private static BigInteger integer(Object v, FieldDescriptor f, String at) {
        BigInteger i = integral(v);
        String kind = f.getType().name().toLowerCase(java.util.Locale.ROOT);
        if (i == null) {
            throw new InputException(at, "expected an " + kind + " (a whole number), got " + describe(v));
        }
        boolean inRange = switch (f.getType()) {
            case INT32, SINT32, SFIXED32 -> i.bitLength() < 32;
            case UINT32, FIXED32 -> i.signum() >= 0 && i.compareTo(UINT32_MAX) <= 0;
            case INT64, SINT64, SFIXED64 -> i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0;
            default -> i.signum() >= 0 && i.compareTo(UINT64_MAX) <= 0; // UINT64, FIXED64
        };
        if (!inRange) {
            throw new InputException(at, "out of range for an " + kind + ": " + describe(v));
        }
        return i;
    }

    /** The whole number {@code v} holds (a number or a decimal string), or {@code null}. */
    private static BigInteger integral(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        try {
            BigDecimal d;
            if (v instanceof BigDecimal bd) {
                d = bd;
            } else if (v instanceof Double || v instanceof Float) {
                double x = ((Number) v).doubleValue();
                if (!Double.isFinite(x)) {
                    return null;
                }
                d = new BigDecimal(x);
            } else if (v instanceof String s && !s.isBlank() && s.length() < 100) {
                d = new BigDecimal(s.trim());
            } else {
                return null;
            }
            return d.toBigIntegerExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static double floating(Object v, FieldDescriptor f, String at) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return new BigDecimal(s.trim()).doubleValue();
                    } catch (NumberFormatException e) {
                        // reported below
                    }
            }
        }
        throw new InputException(at, "expected a " + f.getType().name().toLowerCase(java.util.Locale.ROOT) + " (a number), got " + describe(v));
    }

    private static ByteString bytes(Object v, String at) {
        if (v instanceof String s) {
            try {
                return ByteString.copyFrom(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                try {
                    return ByteString.copyFrom(Base64.getUrlDecoder().decode(s));
                } catch (IllegalArgumentException e2) {
                    // reported below
                }
            }
        }
        throw new InputException(at, "expected bytes as a base64 string, got " + describe(v));
    }

    private EnumValueDescriptor enumValue(Object v, EnumDescriptor type, String at) {
        if (v instanceof String s) {
            EnumValueDescriptor e = type.findValueByName(s);
            if (e != null) {
                return e;
            }
            if (ignoreUnknownFields) {
                return null;
            }
            List<String> names = type.getValues().stream().map(EnumValueDescriptor::getName).toList();
            throw new InputException(at, "unknown value '" + s + "' of enum " + type.getFullName()
                    + Suggestions.didYouMean(s, names) + "; its values: " + String.join(", ", names));
        }
        BigInteger i = v instanceof Boolean ? null : integral(v);
        if (i != null && i.bitLength() < 32) {
            EnumValueDescriptor e = type.findValueByNumber(i.intValue());
            if (e != null) {
                return e;
            }
            if (!type.isClosed()) {
                return type.findValueByNumberCreatingIfUnknown(i.intValue());
            }
            if (ignoreUnknownFields) {
                return null;
            }
            throw new InputException(at, "enum " + type.getFullName() + " has no value numbered " + i);
        }
        throw new InputException(at, "expected a value name of enum " + type.getFullName() + ", got " + describe(v));
    }

    // --- well-known types --------------------------------------------------------------------

    private Message wellKnown(Object v, Descriptor type, String at) {
        String name = type.getFullName();
        try {
            return switch (name) {
                case "google.protobuf.Timestamp" -> {
                    if (!(v instanceof String s)) {
                        throw new InputException(at, "expected an RFC 3339 timestamp string such as 2024-05-01T12:00:00Z, got " + describe(v));
                    }
                    yield convert(Timestamps.parse(s), type);
                }
                case "google.protobuf.Duration" -> {
                    if (!(v instanceof String s)) {
                        throw new InputException(at, "expected a duration string in seconds such as \"1.5s\", got " + describe(v));
                    }
                    yield convert(Durations.parse(s), type);
                }
                case "google.protobuf.FieldMask" -> {
                    if (!(v instanceof String s)) {
                        throw new InputException(at, "expected a field mask string such as \"name,address.zipCode\", got " + describe(v));
                    }
                    FieldMask mask = FieldMaskUtil.fromJsonString(s);
                    yield convert(mask, type);
                }
                case "google.protobuf.Struct" -> {
                    if (!(v instanceof Map<?, ?> map)) {
                        throw new InputException(at, "expected an object, got " + describe(v));
                    }
                    yield convert(struct(map, at), type);
                }
                case "google.protobuf.ListValue" -> {
                    if (!(v instanceof List<?> list)) {
                        throw new InputException(at, "expected a list, got " + describe(v));
                    }
                    yield convert(list(list, at), type);
                }
                case "google.protobuf.Value" -> convert(value(v, at), type);
                case "google.protobuf.Any" -> any(v, type, at);
                default -> { // the wrappers: DoubleValue, Int64Value, StringValue…
                    FieldDescriptor valueField = type.findFieldByNumber(1);
                    Object converted = single(v, valueField, at);
                    yield converted == null ? DynamicMessage.getDefaultInstance(type)
                            : DynamicMessage.newBuilder(type).setField(valueField, converted).build();
                }
            };
        } catch (ParseException | IllegalArgumentException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw new InputException(at, "invalid " + name + ": " + describe(v) + " (" + e.getMessage() + ")");
        }
    }

    /** A generated well-known message as a message of {@code type} (the server's descriptor of it). */
    private static Message convert(Message generated, Descriptor type) {
        if (generated.getDescriptorForType() == type) {
            return generated;
        }
        try {
            return DynamicMessage.parseFrom(type, generated.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot convert " + type.getFullName(), e);
        }
    }

    private static Struct struct(Map<?, ?> map, String at) {
        Struct.Builder b = Struct.newBuilder();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            b.putFields(key, value(e.getValue(), at + "." + key));
        }
        return b.build();
    }

    private static ListValue list(List<?> list, String at) {
        ListValue.Builder b = ListValue.newBuilder();
        for (int i = 0; i < list.size(); i++) {
            b.addValues(value(list.get(i), at + "[" + i + "]"));
        }
        return b.build();
    }

    private static Value value(Object v, String at) {
        if (v == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (v instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (v instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (v instanceof Map<?, ?> m) {
            return Value.newBuilder().setStructValue(struct(m, at)).build();
        }
        if (v instanceof List<?> l) {
            return Value.newBuilder().setListValue(list(l, at)).build();
        }
        throw new InputException(at, "not a JSON value: " + v.getClass().getName());
    }

    private Message any(Object v, Descriptor anyType, String at) {
        if (!(v instanceof Map<?, ?> map)) {
            throw new InputException(at, "expected an object with an @type, got " + describe(v));
        }
        if (map.isEmpty()) {
            return DynamicMessage.getDefaultInstance(anyType);
        }
        if (!(map.get("@type") instanceof String url)) {
            throw new InputException(at, "a google.protobuf.Any needs an \"@type\" such as type.googleapis.com/pkg.Message");
        }
        String typeName = url.substring(url.lastIndexOf('/') + 1);
        Descriptor packed = types.apply(typeName);
        if (packed == null) {
            throw new InputException(at + ".@type", "unknown message type " + typeName + " (the server's schema does not define it)");
        }
        Message inner;
        if (WellKnown.isWellKnown(typeName)) {
            if (!map.containsKey("value")) {
                throw new InputException(at, "a google.protobuf.Any of " + typeName + " holds it in \"value\"");
            }
            inner = message(map.get("value"), packed, at + ".value");
        } else {
            Map<Object, Object> rest = new java.util.LinkedHashMap<>(map);
            rest.remove("@type");
            inner = message(rest, packed, at);
        }
        return DynamicMessage.newBuilder(anyType)
                .setField(anyType.findFieldByNumber(1), url)
                .setField(anyType.findFieldByNumber(2), inner.toByteString())
                .build();
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v.toString();
    }

    /** Input that does not fit the request message. */
    static final class InputException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        InputException(String path, String message) {
            super(path + ": " + message);
        }
    }
}
