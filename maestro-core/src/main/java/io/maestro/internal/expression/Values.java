package io.maestro.internal.expression;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Type names, text rendering, equality and ordering of JSON-like context values. */
final class Values {

    /** Returned by {@link #order} when two values have no order (different types, null, NaN). */
    static final int UNORDERED = Integer.MIN_VALUE;

    // Configured once and never reconfigured: ObjectMapper is then safe to share between threads.
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Values() {}

    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * The value as text inside a string: null is empty, whole numbers have no fraction, maps and
     * lists are JSON.
     */
    static String render(Object value, int position) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return renderNumber(n);
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new EvaluationError(position, "cannot render " + typeName(value) + " as JSON: " + e.getOriginalMessage());
        }
    }

    private static String renderNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            // Float.toString keeps a float's short form; the widened double would print noise digits
            return new BigDecimal(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d))
                    .stripTrailingZeros().toPlainString();
        }
        if (n instanceof BigDecimal b) {
            return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
        }
        return n.toString();
    }

    /** Equality as {@code ==} sees it: numbers by value across types, lists and maps deeply. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return !Numbers.isNaN(x) && !Numbers.isNaN(y) && Numbers.compare(x, y) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                Object other = y.get(entry.getKey());
                if ((other == null && !y.containsKey(entry.getKey())) || !equal(entry.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * The sign of comparing two values, or {@link #UNORDERED}: only two numbers or two strings
     * have an order.
     */
    static int order(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Numbers.isNaN(x) || Numbers.isNaN(y) ? UNORDERED : Numbers.compare(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        return UNORDERED;
    }
}
