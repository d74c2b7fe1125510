package io.maestro.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void jsonLikeValuesPassAtEveryDepth() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("n", null);
        nested.put("list", new LinkedList<>(List.of(1, "two", new BigDecimal("3.0"), List.of(true))));
        Object value = Collections.unmodifiableMap(Map.of("a", nested, "b", Arrays.asList(Map.of("c", 1L), null)));

        assertThatCode(() -> JsonValues.requireJsonLike(value)).doesNotThrowAnyException();
    }

    @Test
    void aNonStringKeyIsNamedWhereverItIs() {
        Map<Object, Object> bad = new LinkedHashMap<>();
        bad.put(7, "x");
        Object value = Map.of("outer", List.of(Map.of("ok", 1), bad));

        assertThatThrownBy(() -> JsonValues.requireJsonLike(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map keys must be strings, got 7");
    }

    @Test
    void aValueThatIsNotJsonLikeIsNamedInsideAListOrAMap() {
        assertThatThrownBy(() -> JsonValues.requireJsonLike(new LinkedList<>(List.of(1, new Object()))))
                .hasMessageContaining("not a JSON-like value: java.lang.Object");
        assertThatThrownBy(() -> JsonValues.requireJsonLike(Collections.unmodifiableMap(Map.of("k", new StringBuilder()))))
                .hasMessageContaining("not a JSON-like value: java.lang.StringBuilder");
    }
}
