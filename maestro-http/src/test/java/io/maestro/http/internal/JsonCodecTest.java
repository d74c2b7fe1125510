package io.maestro.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    private final JsonCodec json = new JsonCodec();

    private Object read(String text) throws IOException {
        return json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsIntegersAsTheSmallestTypeThatHoldsThem() throws IOException {
        assertThat(read("7")).isEqualTo(7);
        assertThat(read("-2147483649")).isEqualTo(-2147483649L);
        assertThat(read("92233720368547758070")).isEqualTo(new BigInteger("92233720368547758070"));
    }

    @Test
    void readsDecimalsAsDoublesOnlyWhenNoPrecisionIsLost() throws IOException {
        assertThat(read("0.1")).isEqualTo(0.1);
        assertThat(read("2.50")).isEqualTo(2.5);
        assertThat(read("1e3")).isEqualTo(1000.0);
        assertThat(read("0.30000000000000004")).isEqualTo(0.30000000000000004);
        assertThat(read("3.14159265358979323846")).isEqualTo(new BigDecimal("3.14159265358979323846"));
        assertThat(read("1e400")).isEqualTo(new BigDecimal("1e400"));
        assertThat(read("123456789.123456789")).isEqualTo(new BigDecimal("123456789.123456789"));
    }

    @Test
    void keepsKeyOrderAndLetsTheLastDuplicateWin() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) read("{\"b\":1,\"a\":2,\"b\":3}");

        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(map.get("b")).isEqualTo(3);
    }

    @Test
    void readsNothingAsNullAndRejectsTrailingContent() throws IOException {
        assertThat(read("  ")).isNull();
        assertThat(read("null")).isNull();
        assertThat(read("[1, {\"x\": [false]}]")).isEqualTo(List.of(1, Map.of("x", List.of(false))));
        assertThatThrownBy(() -> read("{} x")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"a\":")).isInstanceOf(IOException.class);
    }

    @Test
    void writesJsonLikeValues() throws IOException {
        assertThat(new String(json.write(Map.of("n", new BigDecimal("0.10"))), StandardCharsets.UTF_8)).isEqualTo("{\"n\":0.10}");
    }
}
