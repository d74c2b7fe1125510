package io.maestro.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.spi.transport.Transport;
import io.maestro.spi.transport.TransportProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HttpTransportProviderTest {

    @Test
    void isFoundWithServiceLoaderAndServesHttpBindings() {
        TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof HttpTransportProvider)
                .findFirst()
                .orElseThrow();

        try (Transport t = provider.create()) {
            assertThat(t).isInstanceOf(HttpTransport.class);
            assertThat(t.types()).containsExactly("http");
        }
    }

    @Test
    void usesAGivenClientAndLeavesItOpen() throws Exception {
        try (LoopbackServer server = LoopbackServer.start()) {
            server.on("GET /x", LoopbackServer.Reply.json(200, "{\"ok\":true}"));
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().build(); // Redirect.NEVER is the default
            HttpTransport t = HttpTransport.builder().client(client).build();

            assertThat(Calls.result(t.call(Calls.call(HttpService.of(server.url()), "GET /x", null)))).isEqualTo(java.util.Map.of("ok", true));
            t.close();
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/x")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAClientThatFollowsRedirects() {
        java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpTransport.builder().client(following))
                .hasMessageContaining("must not follow redirects");
    }

    @Test
    void aClosedTransportRefusesCalls() throws Exception {
        HttpTransport t = HttpTransport.create();
        t.close();

        assertThat(Calls.failure(t.call(Calls.call(HttpService.of("http://127.0.0.1:1"), "GET /x", null))).code()).isEqualTo("closed");
    }
}
