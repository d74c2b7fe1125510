package io.maestro.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The JSON-like values Maestro passes around: {@code Map<String, ?>} (insertion-ordered),
 * {@code List<?>}, {@link String}, {@link Number}, {@link Boolean} and {@code null}.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Checks that a value is JSON-like, without copying it.
     *
     * @throws IllegalArgumentException naming the first value that is not
     */
    public static void requireJsonLike(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            // forEach rather than entrySet(): an unmodifiable view then allocates no wrapper per entry.
            map.forEach(JsonValues::requireJsonLikeEntry);
            return;
        }
        if (value instanceof List<?> list) {
            if (list instanceof RandomAccess) {
                for (int i = 0; i < list.size(); i++) {
                    requireJsonLike(list.get(i));
                }
            } else {
                for (Object item : list) {
                    requireJsonLike(item);
                }
            }
            return;
        }
        throw new IllegalArgumentException("not a JSON-like value: " + value.getClass().getName());
    }

    private static void requireJsonLikeEntry(Object key, Object value) {
        if (!(key instanceof String)) {
            throw new IllegalArgumentException("map keys must be strings, got " + key);
        }
        requireJsonLike(value);
    }

    /**
     * A deep, unmodifiable copy of a JSON-like value (maps keep their order and may hold null).
     *
     * @throws IllegalArgumentException for a value that is not JSON-like
     */
    public static Object immutableCopy(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
                }
                copy.put(key, immutableCopy(e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(immutableCopy(item));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON-like value: " + value.getClass().getName());
    }
}
