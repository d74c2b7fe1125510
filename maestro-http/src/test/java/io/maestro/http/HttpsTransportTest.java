package io.maestro.http;

import static io.maestro.http.Calls.call;
import static io.maestro.http.Calls.failure;
import static io.maestro.http.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.maestro.MaestroException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against a real HTTPS server on loopback whose certificate (made with the JDK's keytool)
 * names only {@code localhost}.
 */
class HttpsTransportTest {

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private HttpTransport transport;

    @BeforeAll
    static void startServer() throws Exception {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-keystore", dir.resolve("server.p12").toString(), "-storetype", "PKCS12", "-storepass", "serverpw", "-keypass", "serverpw");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", "serverpw", "-file", dir.resolve("server.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.pem").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", "trustpw");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, "serverpw".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "serverpw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = "{\"secure\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void createTransport() {
        transport = HttpTransport.create();
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    private static String url(String host) {
        return "https://" + host + ":" + server.getAddress().getPort();
    }

    @Test
    void trustsAServerWhoseCertificateIsInAPemTrustFile() throws Exception {
        var binding = HttpService.builder(url("localhost")).trustStore(dir.resolve("server.pem"), null).build();

        assertThat(result(transport.call(call(binding, "GET /hello", Map.of())))).isEqualTo(Map.of("secure", true));
    }

    @Test
    void trustsAServerWhoseCertificateIsInAPkcs12TrustStore() throws Exception {
        var binding = HttpService.builder(url("localhost")).trustStore(dir.resolve("trust.p12"), "trustpw").build();

        assertThat(result(transport.call(call(binding, "GET /hello", Map.of())))).isEqualTo(Map.of("secure", true));
    }

    @Test
    void rejectsACertificateThatDoesNotNameTheHost() throws Exception {
        var binding = HttpService.builder(url("127.0.0.1")).trustStore(dir.resolve("server.pem"), null).build();

        MaestroException e = failure(transport.call(call(binding, "GET /hello", Map.of())));

        assertThat(e.code()).isEqualTo("tls");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void rejectsAnUntrustedCertificateWithTheDefaultTrust() throws Exception {
        MaestroException e = failure(transport.call(call(HttpService.of(url("localhost")), "GET /hello", Map.of())));

        assertThat(e.code()).isEqualTo("tls");
    }

    @Test
    void aTrustStoreThatCannotBeReadFailsAsABindingError() throws Exception {
        var binding = HttpService.builder(url("localhost")).trustStore(dir.resolve("missing.pem"), null).build();

        MaestroException e = failure(transport.call(call(binding, "GET /hello", Map.of())));

        assertThat(e.code()).isEqualTo("invalid_binding");
        assertThat(e.getMessage()).contains("missing.pem");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
