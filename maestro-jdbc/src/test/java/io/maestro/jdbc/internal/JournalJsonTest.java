package io.maestro.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalJsonTest {

    private final JournalJson json = new JournalJson();

    private Map<String, Object> roundTrip(Map<String, Object> data) {
        return json.decode(json.encode(data));
    }

    @Test
    void numbersComeBackWithTheirJavaType() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("int", 720);
        data.put("negative", -3);
        data.put("double", 4.25);
        data.put("wholeDouble", 2.0);
        data.put("bigLong", 9_007_199_254_740_993L);
        data.put("smallLong", 5L);
        data.put("decimal", new BigDecimal("1.50"));
        data.put("bigint", new BigInteger("12345678901234567890123"));
        data.put("smallBigint", BigInteger.TWO);
        data.put("float", 1.5f);
        data.put("nan", Double.NaN);
        data.put("infinity", Double.NEGATIVE_INFINITY);
        data.put("short", (short) 7);
        data.put("byte", (byte) -1);

        Map<String, Object> back = roundTrip(data);

        assertThat(back).isEqualTo(data);
        back.forEach((k, v) -> assertThat(v).as(k).isExactlyInstanceOf(data.get(k).getClass()));
    }

    @Test
    void nestedStructuresAndNullsRoundTrip() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("none", null);
        inner.put("list", Arrays.asList(1, "two", false, null, List.of(3L, Map.of("deep", 4.5))));
        Map<String, Object> data = Map.of("output", inner, "text", "ünïcødé \"quoted\"");
        assertThat(roundTrip(data)).isEqualTo(data);
    }

    @Test
    void aMapWhoseOnlyKeyLooksLikeAMarkerStaysAMap() {
        Map<String, Object> data = Map.of(
                "a", Map.of("@long", 5),
                "b", Map.of("@map", Map.of("@decimal", "x")),
                "c", Map.of("@long", 5, "other", 1));
        assertThat(roundTrip(data)).isEqualTo(data);
    }

    @Test
    void emptyDataIsStoredAsNull() {
        assertThat(json.encode(Map.of())).isNull();
        assertThat(json.decode(null)).isEmpty();
    }

    @Test
    void readDataCannotBeModified() {
        Map<String, Object> back = roundTrip(Map.of("list", List.of(1), "map", Map.of("k", "v")));
        assertThatThrownBy(() -> back.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) back.get("list")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void otherValuesAreStoredInTheirJsonForm() {
        record Point(int x, int y) {
        }
        Map<String, Object> back = roundTrip(Map.of("p", new Point(1, 2), "when", java.time.Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(back).containsEntry("p", Map.of("x", 1, "y", 2)).containsEntry("when", "2030-01-01T00:00:00Z");
    }
}
