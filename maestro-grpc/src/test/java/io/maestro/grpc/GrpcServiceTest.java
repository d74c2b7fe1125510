package io.maestro.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcServiceTest {

    @Test
    void aReflectiveBindingIsOfTypeGrpcWithTls() {
        ServiceBinding b = GrpcService.reflective("localhost:50051");

        assertThat(b.type()).isEqualTo("grpc");
        assertThat(b.endpoint()).isEqualTo("localhost:50051");
        assertThat(b.options()).isEmpty();
    }

    @Test
    void aDescriptorSetBindingNamesTheFile() {
        ServiceBinding b = GrpcService.fromDescriptorSet("localhost:50051", Path.of("kyc.pb"));

        assertThat(b.options()).containsEntry("descriptor_set", "kyc.pb");
    }

    @Test
    void theBuilderWritesTheSameOptionKeysAsYaml() {
        ServiceBinding b = GrpcService.builder("kyc:443")
                .plaintext(false)
                .service("kyc.v1.KycService")
                .metadata("X-Client", "maestro")
                .maxMessageSize(8 * 1024 * 1024)
                .trustCertificates(Path.of("ca.pem"))
                .clientCertificate(Path.of("client.pem"), Path.of("client.key"))
                .authority("kyc.internal")
                .ignoreUnknownFields(true)
                .timeout(Duration.ofSeconds(2))
                .build();

        assertThat(b.options()).containsEntry("plaintext", false).containsEntry("service", "kyc.v1.KycService")
                .containsEntry("metadata", Map.of("X-Client", "maestro")).containsEntry("max_message_size", 8 * 1024 * 1024)
                .containsEntry("ca_file", "ca.pem").containsEntry("cert_file", "client.pem").containsEntry("key_file", "client.key")
                .containsEntry("authority", "kyc.internal").containsEntry("ignore_unknown_fields", true);
        assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anEndpointThatIsAUrlIsRefusedWithAHint() {
        assertThatThrownBy(() -> GrpcService.reflective("http://localhost:50051"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> GrpcService.reflective(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metadataMaestroSetsItselfCannotBeBound() {
        assertThatThrownBy(() -> GrpcService.builder("h:1").metadata("Idempotency-Key", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by Maestro");
        assertThatThrownBy(() -> GrpcService.builder("h:1").metadata("maestro-attempt", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrpcService.builder("h:1").metadata("grpc-timeout", "1S")).hasMessageContaining("reserved by gRPC");
        assertThatThrownBy(() -> GrpcService.builder("h:1").metadata("bad key", "x")).hasMessageContaining("invalid metadata key");
        assertThatThrownBy(() -> GrpcService.builder("h:1").metadata("x-name", "café")).hasMessageContaining("printable ASCII");
    }

    @Test
    void tlsFilesWithPlaintextContradictEachOther() {
        assertThatThrownBy(() -> GrpcService.builder("h:1").plaintext().trustCertificates(Path.of("ca.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plaintext: false");
    }

    @Test
    void aMalformedServiceNameIsRefused() {
        assertThatThrownBy(() -> GrpcService.builder("h:1").service("kyc.v1/KycService"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kyc.v1.KycService");
    }

    @Test
    void aBindingWithAMisspelledOptionFailsItsCallsAsAnInvalidBinding() {
        ServiceBinding b = ServiceBinding.of("grpc", "127.0.0.1:1").withOption("plaintxt", true);

        try (GrpcTransport t = GrpcTransport.create()) {
            MaestroException e = GrpcFixture.failure(t.call(GrpcFixture.call(b, "Ping", Map.of(), Duration.ofSeconds(1), 1)).toCompletableFuture());

            assertThat(e.code()).isEqualTo("invalid_binding");
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("unknown option 'plaintxt'", "did you mean 'plaintext'?");
        }
    }

    @Test
    void yamlStyleOptionsAreRead() {
        // as maestro-yaml builds them: sizes as numbers, metadata as a map, booleans
        ServiceBinding b = ServiceBinding.of("grpc", "127.0.0.1:1")
                .withOption("plaintext", true)
                .withOption("max_message_size", 1048576L)
                .withOption("metadata", Map.of("x-client", "maestro"));

        io.maestro.grpc.internal.GrpcSettings s = io.maestro.grpc.internal.GrpcSettings.of(b);

        assertThat(s.channel().plaintext()).isTrue();
        assertThat(s.maxMessageSize()).isEqualTo(1048576);
        assertThat(s.metadata().ascii()).hasSize(1);
    }

    @Test
    void theTransportServesGrpcAndIsFoundWithServiceLoader() {
        try (GrpcTransport t = GrpcTransport.create()) {
            assertThat(t.types()).containsExactly("grpc");
        }
        assertThat(java.util.ServiceLoader.load(io.maestro.spi.transport.TransportProvider.class).stream()
                .map(p -> p.type().getName())).contains(GrpcTransportProvider.class.getName());
    }
}
