package io.maestro.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderTemplateTest {

    private final JsonCodec json = new JsonCodec();

    private String render(String template, Object input) {
        return HeaderTemplate.parse(template).render(input, json::writeString);
    }

    @Test
    void readsPathsIntoTheInput() {
        Map<String, Object> input = Map.of("a", Map.of("b", "deep"), "list", List.of("x", Map.of("k", 2.0)), "odd key", true);

        assertThat(render("v={{ .input.a.b }}", input)).isEqualTo("v=deep");
        assertThat(render("{{input.list[1].k}}", input)).isEqualTo("2");
        assertThat(render("{{ .input['odd key'] }}", input)).isEqualTo("true");
        assertThat(render("{{ .input.a }}", input)).isEqualTo("{\"b\":\"deep\"}");
        assertThat(render("{{ .input.none.deeper }}|{{ .input.list[9] }}", input)).isEqualTo("|");
        assertThat(render("plain", input)).isEqualTo("plain");
    }

    @Test
    void rejectsAnythingButAPathIntoTheInput() {
        assertThatThrownBy(() -> HeaderTemplate.parse("{{ .inputs.x }}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderTemplate.parse("{{ .credit_score.value }}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderTemplate.parse("{{ .input.a + 1 }}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderTemplate.parse("{{ .input.a[99999999999] }}")).isInstanceOf(IllegalArgumentException.class);
    }
}
