package io.maestro.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.testing.TlsTesting;
import io.maestro.MaestroException;
import io.maestro.grpc.demo.DemoServer;
import io.maestro.grpc.demo.KycDemoService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS (the default) against a real TLS server, with gRPC's test certificates. */
class TlsTest {

    /** A host name the test server certificate is valid for (*.test.google.fr). */
    private static final String AUTHORITY = "foo.test.google.fr";

    @TempDir
    static Path dir;
    private static DemoServer server;
    private static Path ca;
    private static GrpcTransport transport;

    @BeforeAll
    static void start() throws IOException {
        server = DemoServer.builder().service(new KycDemoService())
                .tls(TlsTesting.loadCert("server1.pem"), TlsTesting.loadCert("server1.key"))
                .start();
        ca = copy("ca.pem");
        transport = GrpcTransport.create();
    }

    @AfterAll
    static void stop() {
        transport.close();
        server.close();
    }

    private static Path copy(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = TlsTesting.loadCert(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static Object call(io.maestro.model.ServiceBinding binding) {
        return GrpcFixture.await(transport.call(GrpcFixture.call(binding, "VerifyIdentity", Map.of("applicant_id", "A-1"),
                java.time.Duration.ofSeconds(10), 1)).toCompletableFuture());
    }

    @Test
    void callsATlsServerTrustingTheGivenCertificates() {
        Object r = call(GrpcService.builder(server.endpoint()).trustCertificates(ca).authority(AUTHORITY).build());

        assertThat(r).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("verified", true);
    }

    @Test
    void aServerCertificateNotTrustedFailsTheCall() {
        MaestroException e = GrpcFixture.failure(transport.call(GrpcFixture.call(
                GrpcService.builder(server.endpoint()).authority(AUTHORITY).build(), "VerifyIdentity", Map.of(),
                java.time.Duration.ofSeconds(10), 1)).toCompletableFuture());

        assertThat(e.code()).isEqualTo("grpc_UNAVAILABLE");
        assertThat(e.getMessage()).contains("server reflection of " + server.endpoint());
    }

    @Test
    void tlsToAPlaintextServerSaysTheServerMayNotSpeakTls() {
        try (DemoServer plain = DemoServer.builder().service(new KycDemoService()).start()) {
            MaestroException e = GrpcFixture.failure(transport.call(GrpcFixture.call(
                    GrpcService.reflective(plain.endpoint()), "VerifyIdentity", Map.of(), java.time.Duration.ofSeconds(10), 1)).toCompletableFuture());

            assertThat(e.code()).isEqualTo("grpc_UNAVAILABLE");
            assertThat(e.getMessage()).contains("plaintext: true");
        }
    }

    @Test
    void anUnreadableCaFileIsAnInvalidBinding() {
        MaestroException e = GrpcFixture.failure(transport.call(GrpcFixture.call(
                GrpcService.builder("127.0.0.1:1").trustCertificates(dir.resolve("missing.pem")).build(), "VerifyIdentity", Map.of(),
                java.time.Duration.ofSeconds(10), 1)).toCompletableFuture());

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("missing.pem");
    }
}
