package io.maestro.jdbc.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.MaestroException;
import io.maestro.spi.transport.ServiceCall;
import io.maestro.spi.transport.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Calls the test's ledger server over HTTP (type {@code ledger}), carrying the idempotency key. */
final class LedgerTransport implements Transport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String instance;
    private final HttpClient client = HttpClient.newHttpClient();

    LedgerTransport(String baseUrl) {
        this(baseUrl, "-");
    }

    /** @param instance sent as {@code X-Instance}, so the ledger knows which instance called */
    LedgerTransport(String baseUrl, String instance) {
        this.baseUrl = baseUrl;
        this.instance = instance;
    }

    @Override
    public Set<String> types() {
        return Set.of("ledger");
    }

    @Override
    public CompletionStage<Object> call(ServiceCall call) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + call.method()))
                    .header("Idempotency-Key", call.metadata().idempotencyKey())
                    .header("X-Maestro-Attempt", String.valueOf(call.metadata().attempt()))
                    .header("X-Instance", instance)
                    .timeout(call.timeout())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(call.input())))
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
                if (response.statusCode() >= 400) {
                    throw new MaestroException("http_" + response.statusCode(), "ledger answered " + response.statusCode(),
                            response.statusCode() >= 500);
                }
                try {
                    return JSON.readValue(response.body(), Object.class);
                } catch (java.io.IOException e) {
                    throw new MaestroException("bad_response", e.getMessage(), false);
                }
            });
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
