package io.maestro.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.ServiceBinding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BindingOptionsTest {

    private static BindingOptions of(String name, Object value) {
        return BindingOptions.of(ServiceBinding.of("http", "http://h").withOption(name, value));
    }

    @Test
    void readsTheMaxResponseSizeAsBytesOrWithAUnit() {
        assertThat(BindingOptions.of(ServiceBinding.of("http", "http://h")).maxResponseSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(of("max_response_size", 2048).maxResponseSize()).isEqualTo(2048);
        assertThat(of("max_response_size", "512KiB").maxResponseSize()).isEqualTo(512 * 1024);
        assertThat(of("max_response_size", "1.5 MB").maxResponseSize()).isEqualTo(1_500_000);
        assertThat(of("max_response_size", "2gib").maxResponseSize()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThatThrownBy(() -> of("max_response_size", "lots")).hasMessageContaining("max_response_size");
        assertThatThrownBy(() -> of("max_response_size", -1)).hasMessageContaining("positive");
    }

    @Test
    void readsTrustSettingsAndGuessesTheirType() {
        assertThat(of("trust_store", "ca.crt").trust()).isEqualTo(new TrustSettings("ca.crt", null, "PEM"));
        assertThat(of("trust_store", "t.jks").trust().type()).isEqualTo("JKS");
        assertThat(of("trust_store", "t.p12").trust().type()).isEqualTo("PKCS12");
        assertThat(of("trust_store", "t.p12").trust().toString()).doesNotContain("password");
        assertThatThrownBy(() -> of("trust_store_password", "x")).hasMessageContaining("need trust_store");
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

        assertThat(HttpFailures.retryAfter("120", clock)).isEqualTo(Duration.ofMinutes(2));
        assertThat(HttpFailures.retryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
        assertThat(HttpFailures.retryAfter("Sat, 01 Mar 2025 12:00:30 GMT", clock)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpFailures.retryAfter("-5", clock)).isNull();
        assertThat(HttpFailures.retryAfter("99999999999999999999999", clock)).isNull();
    }
}
