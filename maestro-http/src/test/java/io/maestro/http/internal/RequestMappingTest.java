package io.maestro.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMappingTest {

    @Test
    void parsesVerbPathAndVariables() {
        RequestMapping m = RequestMapping.parse("  get   /users/{user_id}/files/{name}.json ");

        assertThat(m.verb()).isEqualTo("GET");
        assertThat(m.variables()).containsExactly("user_id", "name");
        assertThat(m.render(Map.of("user_id", 5, "name", "a b"))).isEqualTo("/users/5/files/a%20b.json");
    }

    @Test
    void aBareNameIsAPostToThatName() {
        RequestMapping m = RequestMapping.parse("kyc.v1.Verify");

        assertThat(m.verb()).isEqualTo("POST");
        assertThat(m.render(Map.of())).isEqualTo("/kyc.v1.Verify");
        assertThat(m.sendsQuery()).isFalse();
    }

    @Test
    void encodesLiteralCharactersThatAreNotLegalInAPath() {
        assertThat(RequestMapping.parse("GET /a|b/ü").render(Map.of())).isEqualTo("/a%7Cb/%C3%BC");
        assertThat(RequestMapping.parse("GET /already%20encoded").render(Map.of())).isEqualTo("/already%20encoded");
    }

    @Test
    void rendersWholeDoublesWithoutAFraction() {
        assertThat(RequestMapping.parse("GET /n/{n}").render(Map.of("n", 17.0))).isEqualTo("/n/17");
        assertThat(RequestMapping.parse("GET /n/{n}").render(Map.of("n", 0.5))).isEqualTo("/n/0.5");
    }

    @Test
    void rejectsMalformedMethods() {
        assertThatThrownBy(() -> RequestMapping.parse("GET /a}")).hasMessageContaining("'}' without '{'");
        assertThatThrownBy(() -> RequestMapping.parse("GET /{}")).hasMessageContaining("must be a name");
        assertThatThrownBy(() -> RequestMapping.parse("GET /a#frag")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> RequestMapping.parse("TRACE /a")).hasMessageContaining("unsupported HTTP verb TRACE");
        assertThatThrownBy(() -> RequestMapping.parse("/a")).hasMessageContaining("needs a verb");
    }
}
