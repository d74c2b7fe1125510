package io.maestro.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.RetrySpec;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpServiceTest {

    @Test
    void ofMakesAnHttpBindingWithDefaults() {
        ServiceBinding b = HttpService.of("http://localhost:8081");

        assertThat(b.type()).isEqualTo("http");
        assertThat(b.endpoint()).isEqualTo("http://localhost:8081");
        assertThat(b.headers()).isEmpty();
        assertThat(b.timeout()).isNull();
        assertThat(b.options()).isEmpty();
    }

    @Test
    void theBuilderPutsTransportSettingsInSnakeCaseOptions() {
        ServiceBinding b = HttpService.builder("https://api.example.com/v1/")
                .header("X-Client", "maestro")
                .timeout(Duration.ofSeconds(2))
                .maxResponseSize(1024)
                .trustStore(Path.of("ca.pem"), null)
                .retry(RetrySpec.none())
                .build();

        assertThat(b.headers()).isEqualTo(Map.of("X-Client", "maestro"));
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.retry()).isEqualTo(RetrySpec.none());
        assertThat(b.options()).containsExactly(
                Map.entry(HttpService.MAX_RESPONSE_SIZE, 1024L),
                Map.entry(HttpService.TRUST_STORE, "ca.pem"));
        assertThat(HttpService.builder("https://h").trustStore(Path.of("t.p12"), "pw", "p12").build().options())
                .containsEntry("trust_store_password", "pw")
                .containsEntry("trust_store_type", "PKCS12");
    }

    @Test
    void rejectsEndpointsThatAreNotHttpUrls() {
        assertThatThrownBy(() -> HttpService.of("localhost:8081")).hasMessageContaining("http://");
        assertThatThrownBy(() -> HttpService.of("ftp://host")).hasMessageContaining("http://");
        assertThatThrownBy(() -> HttpService.of("http:///path")).hasMessageContaining("no host");
        assertThatThrownBy(() -> HttpService.of("http://host/?q=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> HttpService.of("http://user:pw@host")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> HttpService.of(" ")).hasMessageContaining("endpoint");
    }

    @Test
    void rejectsHeadersItCannotSend() {
        HttpService.Builder b = HttpService.builder("http://h");

        assertThatThrownBy(() -> b.header("Idempotency-Key", "x")).hasMessageContaining("set by Maestro");
        assertThatThrownBy(() -> b.header("x-maestro-attempt", "1")).hasMessageContaining("set by Maestro");
        assertThatThrownBy(() -> b.header("Host", "h")).hasMessageContaining("HTTP client");
        assertThatThrownBy(() -> b.header("Bad Name", "v")).hasMessageContaining("invalid header name");
        assertThatThrownBy(() -> b.header("X-Id", "{{ .execution.id }}")).hasMessageContaining("only read the step input");
        assertThatThrownBy(() -> b.header("X-Id", "{{ len(.input.x) }}")).hasMessageContaining("only read the step input");
    }

    @Test
    void rejectsNonPositiveLimitsAndTimeouts() {
        assertThatThrownBy(() -> HttpService.builder("http://h").maxResponseSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpService.builder("http://h").timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpService.builder("http://h").trustStore(Path.of("x"), null, "PEMX"))
                .hasMessageContaining("PKCS12, JKS or PEM");
    }
}
