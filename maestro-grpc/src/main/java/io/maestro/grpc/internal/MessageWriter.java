package io.maestro.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes a step's JSON-like output from a response message, following protobuf's JSON mapping
 * with Maestro's choices:
 * <ul>
 *   <li>keys are the <b>proto field names</b> ({@code loan_id}), in declaration order;
 *   <li>fields without presence (plain proto3 scalars, repeated, maps) are always there, with
 *       their defaults ({@code 0}, {@code ""}, {@code false}, {@code []}, {@code {}}), so a
 *       workflow can test {@code .identity.verified == false}; fields with presence (messages,
 *       {@code optional}, oneof members, wrappers) are there only when set;
 *   <li>integers are numbers, never strings, 64-bit ones included: Integer when the value fits,
 *       else Long, else (uint64 above 2^63-1) BigInteger, as Jackson reads JSON numbers;
 *       float and double are Double ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}
 *       strings for those);
 *   <li>enums by value name (a number the schema does not know stays a number); bytes base64;
 *   <li>well-known types in their JSON form: Timestamp as an RFC 3339 string, Duration as
 *       {@code "1.5s"}, FieldMask as {@code "a,b.c"}, Struct/Value/ListValue as the JSON they
 *       hold (whole numbers as Integer/Long), wrappers as their bare value, Any as
 *       {@code {"@type": url, …fields}} (or {@code {"@type", "value"}} for a well-known type
 *       inside; a type the schema does not know gives {@code {"@type", "value": base64}}).
 * </ul>
 * Thread-safe.
 */
final class MessageWriter {

    private static final double MAX_EXACT = 9007199254740992.0; // 2^53

    private final Function<String, Descriptor> types;

    /** @param types finds message types by full name, for {@code Any} */
    MessageWriter(Function<String, Descriptor> types) {
        this.types = types;
    }

    /** The JSON-like value of {@code message}: a Map, or for a well-known type its JSON form. */
    Object write(Message message) {
        Descriptor type = message.getDescriptorForType();
        if (WellKnown.isWellKnown(type.getFullName())) {
            return wellKnown(message, type);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDescriptor f : type.getFields()) {
            if (f.isMapField()) {
                out.put(f.getName(), map(message, f));
            } else if (f.isRepeated()) {
                int n = message.getRepeatedFieldCount(f);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(single(f, message.getRepeatedField(f, i)));
                }
                out.put(f.getName(), list);
            } else if (!f.hasPresence() || message.hasField(f)) {
                out.put(f.getName(), single(f, message.getField(f)));
            }
        }
        return out;
    }

    private Map<String, Object> map(Message message, FieldDescriptor f) {
        int n = message.getRepeatedFieldCount(f);
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == 0) {
            return out;
        }
        Descriptor entryType = f.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (int i = 0; i < n; i++) {
            Message entry = (Message) message.getRepeatedField(f, i);
            out.put(mapKey(keyField, entry.getField(keyField)), single(valueField, entry.getField(valueField)));
        }
        return out;
    }

    private static String mapKey(FieldDescriptor keyField, Object key) {
        Object v = switch (keyField.getJavaType()) {
            case INT, LONG -> integer(keyField, key);
            default -> key;
        };
        return String.valueOf(v);
    }

    private Object single(FieldDescriptor f, Object v) {
        return switch (f.getJavaType()) {
            case INT, LONG -> integer(f, v);
            case FLOAT -> floating(Double.parseDouble(Float.toString((Float) v)));
            case DOUBLE -> floating((Double) v);
            case BOOLEAN, STRING -> v;
            case BYTE_STRING -> Base64.getEncoder().encodeToString(((ByteString) v).toByteArray());
            case ENUM -> {
                EnumValueDescriptor e = (EnumValueDescriptor) v;
                if (e.getType().getFullName().equals("google.protobuf.NullValue")) {
                    yield null;
                }
                yield e.getType().findValueByNumber(e.getNumber()) == null ? (Object) e.getNumber() : e.getName();
            }
            case MESSAGE -> write((Message) v);
        };
    }

    private static Object integer(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case UINT32, FIXED32 -> narrow(Integer.toUnsignedLong((Integer) v));
            case UINT64, FIXED64 -> {
                long l = (Long) v;
                yield l >= 0 ? narrow(l) : new BigInteger(Long.toUnsignedString(l));
            }
            case INT64, SINT64, SFIXED64 -> narrow((Long) v);
            default -> v; // int32, sint32, sfixed32: an Integer already
        };
    }

    private static Object narrow(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    private static Object floating(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return d;
    }

    // --- well-known types --------------------------------------------------------------------

    private Object wellKnown(Message m, Descriptor type) {
        String name = type.getFullName();
        try {
            return switch (name) {
                case "google.protobuf.Timestamp" -> Timestamps.toString(com.google.protobuf.Timestamp.parseFrom(m.toByteString()));
                case "google.protobuf.Duration" -> Durations.toString(com.google.protobuf.Duration.parseFrom(m.toByteString()));
                case "google.protobuf.FieldMask" -> FieldMaskUtil.toJsonString(com.google.protobuf.FieldMask.parseFrom(m.toByteString()));
                case "google.protobuf.Struct" -> struct(Struct.parseFrom(m.toByteString()));
                case "google.protobuf.ListValue" -> list(ListValue.parseFrom(m.toByteString()));
                case "google.protobuf.Value" -> value(Value.parseFrom(m.toByteString()));
                case "google.protobuf.Any" -> any(m, type);
                default -> single(type.findFieldByNumber(1), m.getField(type.findFieldByNumber(1))); // a wrapper
            };
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + name + " in the response: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> struct(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static List<Object> list(ListValue l) {
        List<Object> out = new ArrayList<>(l.getValuesCount());
        for (Value v : l.getValuesList()) {
            out.add(value(v));
        }
        return out;
    }

    private static Object value(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> null;
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case STRUCT_VALUE -> struct(v.getStructValue());
            case LIST_VALUE -> list(v.getListValue());
            case NUMBER_VALUE -> {
                double d = v.getNumberValue();
                // Struct holds every number as a double; give back {"value": 750} as 750, not 750.0.
                yield d == Math.rint(d) && Math.abs(d) <= MAX_EXACT ? narrow((long) d) : floating(d);
            }
        };
    }

    private Object any(Message m, Descriptor anyType) {
        String url = (String) m.getField(anyType.findFieldByNumber(1));
        ByteString bytes = (ByteString) m.getField(anyType.findFieldByNumber(2));
        Map<String, Object> out = new LinkedHashMap<>();
        if (url.isEmpty()) {
            return out;
        }
        out.put("@type", url);
        String typeName = url.substring(url.lastIndexOf('/') + 1);
        Descriptor packed = types.apply(typeName);
        if (packed == null) {
            out.put("value", Base64.getEncoder().encodeToString(bytes.toByteArray()));
            return out;
        }
        DynamicMessage inner;
        try {
            inner = DynamicMessage.parseFrom(packed, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the google.protobuf.Any of " + typeName + " does not hold one: " + e.getMessage(), e);
        }
        Object written = write(inner);
        if (WellKnown.isWellKnown(typeName)) {
            out.put("value", written);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) written;
            out.putAll(fields);
        }
        return out;
    }
}
