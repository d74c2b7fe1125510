package io.maestro.internal.expression;

import io.maestro.internal.expression.Numbers.Operation;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operations generated MVEL source is allowed to call, and the only names it imports.
 *
 * <p>They carry Maestro's semantics where MVEL's differ: a path through missing data is null,
 * comparisons with null are false, numbers compare by value across types. Operations that can
 * fail take the offset of their operator in the template, to report where.
 *
 * <p>Public only because MVEL invokes them; not an API.
 */
public final class Builtins {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Builtins() {}

    // ---- paths

    /** Follows constant keys (property names and indexes) from {@code base}; null once anything is missing. */
    public static Object path(Object base, Object keys) {
        Object current = base;
        for (Object key : (Object[]) keys) {
            if (current == null) {
                return null;
            }
            current = step(current, key);
        }
        return current;
    }

    /** {@code base[key]} with a computed key. */
    public static Object at(Object base, Object key) {
        return base == null || key == null ? null : step(base, key);
    }

    private static Object step(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            if (key instanceof String) {
                return map.get(key);
            }
            // JSON object keys are strings: m[0] means m['0']
            return key instanceof Number n && Numbers.isIntegral(n) ? map.get(Values.render(n, -1)) : null;
        }
        if (container instanceof List<?> list && key instanceof Number n && Numbers.isIntegral(n)) {
            long index = n.longValue();
            return index >= 0 && index < list.size() ? list.get((int) index) : null;
        }
        return null;
    }

    // ---- logic

    /** The truth of an operand of {@code && || ! ?:}: null is false, anything but a boolean is an error. */
    public static boolean opTest(Object value, int position) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value == null) {
            return false;
        }
        throw new EvaluationError(position, "expected a boolean, got " + Values.typeName(value));
    }

    public static boolean opNot(Object value, int position) {
        return !opTest(value, position);
    }

    // ---- comparison

    public static boolean opEqual(Object a, Object b) {
        return Values.equal(a, b);
    }

    public static boolean opNotEqual(Object a, Object b) {
        return !Values.equal(a, b);
    }

    public static boolean opLess(Object a, Object b) {
        int order = Values.order(a, b);
        return order != Values.UNORDERED && order < 0;
    }

    public static boolean opLessEqual(Object a, Object b) {
        int order = Values.order(a, b);
        return order != Values.UNORDERED && order <= 0;
    }

    public static boolean opGreater(Object a, Object b) {
        int order = Values.order(a, b);
        return order != Values.UNORDERED && order > 0;
    }

    public static boolean opGreaterEqual(Object a, Object b) {
        int order = Values.order(a, b);
        return order != Values.UNORDERED && order >= 0;
    }

    // ---- arithmetic

    public static Object opNegate(Object value, int position) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return Numbers.negate(n);
        }
        throw new EvaluationError(position, "operator '-' expects a number, got " + Values.typeName(value));
    }

    /** Adds numbers, or concatenates when either side is a string. */
    public static Object opAdd(Object a, Object b, int position) {
        if (a instanceof String || b instanceof String) {
            return Values.render(a, position).concat(Values.render(b, position));
        }
        return arithmetic(Operation.ADD, "+", a, b, position);
    }

    public static Object opSubtract(Object a, Object b, int position) {
        return arithmetic(Operation.SUBTRACT, "-", a, b, position);
    }

    public static Object opMultiply(Object a, Object b, int position) {
        return arithmetic(Operation.MULTIPLY, "*", a, b, position);
    }

    public static Object opDivide(Object a, Object b, int position) {
        return arithmetic(Operation.DIVIDE, "/", a, b, position);
    }

    public static Object opRemainder(Object a, Object b, int position) {
        return arithmetic(Operation.REMAINDER, "%", a, b, position);
    }

    private static Object arithmetic(Operation operation, String symbol, Object a, Object b, int position) {
        if (a == null || b == null) {
            return null;
        }
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            throw new EvaluationError(position, "operator '" + symbol + "' expects numbers, got "
                    + Values.typeName(a) + " and " + Values.typeName(b));
        }
        if ((operation == Operation.DIVIDE || operation == Operation.REMAINDER) && Numbers.isZero(y)) {
            throw new EvaluationError(position, "division by zero");
        }
        return Numbers.apply(operation, x, y);
    }

    // ---- functions

    public static Object fnLen(Object value, int position) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        throw new EvaluationError(position, "len expects a string, list or map, got " + Values.typeName(value));
    }

    public static Object fnLower(Object value, int position) {
        return value == null ? null : text("lower", value, position).toLowerCase(Locale.ROOT);
    }

    public static Object fnUpper(Object value, int position) {
        return value == null ? null : text("upper", value, position).toUpperCase(Locale.ROOT);
    }

    public static Object fnTrim(Object value, int position) {
        return value == null ? null : text("trim", value, position).strip();
    }

    /** Substring of a string, element of a list (by {@code ==}), or key of a map. */
    public static boolean fnContains(Object haystack, Object needle, int position) {
        if (haystack == null || needle == null) {
            return false;
        }
        if (haystack instanceof String s) {
            return s.contains(Values.render(needle, position));
        }
        if (haystack instanceof List<?> list) {
            for (Object element : list) {
                if (Values.equal(element, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (haystack instanceof Map<?, ?> map) {
            return (needle instanceof String || needle instanceof Number)
                    && map.containsKey(Values.render(needle, position));
        }
        throw new EvaluationError(position, "contains expects a string, list or map, got " + Values.typeName(haystack));
    }

    public static boolean fnStartsWith(Object value, Object prefix, int position) {
        return value != null && prefix != null
                && text("startsWith", value, position).startsWith(Values.render(prefix, position));
    }

    public static boolean fnEndsWith(Object value, Object suffix, int position) {
        return value != null && suffix != null
                && text("endsWith", value, position).endsWith(Values.render(suffix, position));
    }

    public static Object fnDefault(Object value, Object fallback, int position) {
        return value != null ? value : fallback;
    }

    public static Object fnString(Object value, int position) {
        return Values.render(value, position);
    }

    public static Object fnNumber(Object value, int position) {
        if (value == null || value instanceof Number) {
            return value;
        }
        if (value instanceof String s) {
            String trimmed = s.strip();
            if (INTEGER.matcher(trimmed).matches()) {
                return Numbers.normalize(new BigInteger(trimmed));
            }
            if (DECIMAL.matcher(trimmed).matches()) {
                return Double.parseDouble(trimmed);
            }
            throw new EvaluationError(position, "cannot convert string '" + s + "' to a number");
        }
        throw new EvaluationError(position, "cannot convert " + Values.typeName(value) + " to a number");
    }

    /** Null, or an empty string, list or map. */
    public static boolean fnEmpty(Object value, int position) {
        return value == null
                || (value instanceof String s && s.isEmpty())
                || (value instanceof List<?> list && list.isEmpty())
                || (value instanceof Map<?, ?> map && map.isEmpty());
    }

    private static String text(String function, Object value, int position) {
        if (value instanceof String s) {
            return s;
        }
        throw new EvaluationError(position, function + " expects a string, got " + Values.typeName(value));
    }
}
