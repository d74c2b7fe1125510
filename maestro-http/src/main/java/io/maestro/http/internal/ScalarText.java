package io.maestro.http.internal;

import java.math.BigDecimal;

/**
 * The text of a JSON-like scalar in a URL or a header. Numbers read as people write them: a
 * whole double is {@code 17}, not {@code 17.0}, and no number uses an exponent.
 */
final class ScalarText {

    private ScalarText() {
    }

    static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return value.toString();
            }
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
