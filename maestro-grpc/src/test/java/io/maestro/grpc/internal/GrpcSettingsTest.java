package io.maestro.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.maestro.model.ServiceBinding;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcSettingsTest {

    @Test
    void sizesAreBytesOrUnits() {
        assertThat(GrpcSettings.parseSize(1024)).isEqualTo(1024);
        assertThat(GrpcSettings.parseSize("8MiB")).isEqualTo(8 * 1024 * 1024);
        assertThat(GrpcSettings.parseSize("1.5 KB")).isEqualTo(1500);
        assertThatThrownBy(() -> GrpcSettings.parseSize("4GiB")).hasMessageContaining("2GiB-1");
        assertThatThrownBy(() -> GrpcSettings.parseSize("lots")).hasMessageContaining("max_message_size");
        assertThatThrownBy(() -> GrpcSettings.parseSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindingHeadersAreSentAsMetadataAndTheMetadataOptionWins() {
        ServiceBinding b = ServiceBinding.of("grpc", "h:1")
                .withHeader("X-Client", "header")
                .withHeader("X-Tenant", "acme")
                .withOption("metadata", Map.of("x-client", "metadata", "trace-bin", "AQI="));

        Metadata m = new Metadata();
        GrpcSettings.of(b).metadata().addTo(m);

        assertThat(m.get(Metadata.Key.of("x-client", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("metadata");
        assertThat(m.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("acme");
        assertThat(m.get(Metadata.Key.of("trace-bin", Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(1, 2);
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThatThrownBy(() -> GrpcSettings.of(ServiceBinding.of("grpc", "h:1").withOption("cert_file", "c.pem")))
                .hasMessageContaining("both cert_file and key_file");
    }

    @Test
    void plaintextMustBeABoolean() {
        assertThatThrownBy(() -> GrpcSettings.of(ServiceBinding.of("grpc", "h:1").withOption("plaintext", "yes")))
                .hasMessageContaining("plaintext must be true or false");
        assertThat(GrpcSettings.of(ServiceBinding.of("grpc", "h:1").withOption("plaintext", "true")).channel().plaintext()).isTrue();
    }

    @Test
    void nonAsciiCallMetadataIsPercentEncoded() {
        assertThat(DynamicCalls.ascii("exec-1:step")).isEqualTo("exec-1:step");
        assertThat(DynamicCalls.ascii("exécution 100%")).isEqualTo("ex%C3%A9cution 100%25");
    }
}
