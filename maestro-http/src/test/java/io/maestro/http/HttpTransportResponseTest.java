package io.maestro.http;

import static io.maestro.http.Calls.call;
import static io.maestro.http.Calls.failure;
import static io.maestro.http.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.MaestroException;
import io.maestro.http.LoopbackServer.Reply;
import io.maestro.model.ServiceBinding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How answers become values or failures. */
class HttpTransportResponseTest {

    private LoopbackServer server;
    private HttpTransport transport;
    private ServiceBinding binding;

    @BeforeEach
    void start() {
        server = LoopbackServer.start();
        transport = HttpTransport.builder()
                .clock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC))
                .build();
        binding = HttpService.of(server.url());
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private CompletionStage<Object> get(String path) {
        return transport.call(call(binding, "GET " + path, Map.of()));
    }

    @Test
    void parsesJsonIntoOrderedMapsListsAndExactNumbers() throws Exception {
        server.on("GET /r", Reply.json(200, """
                {"z": 1, "a": [true, null, "s"], "long": 12345678901, "big": 123456789012345678901234567890,
                 "rate": 4.25, "precise": 0.12345678901234567890123, "huge": 1e400, "nested": {"k": -0.5}}"""));

        Object value = result(get("/r"));

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("z", "a", "long", "big", "rate", "precise", "huge", "nested");
        assertThat(map.get("z")).isEqualTo(1);
        assertThat(map.get("a")).isEqualTo(java.util.Arrays.asList(true, null, "s"));
        assertThat(map.get("long")).isEqualTo(12345678901L);
        assertThat(map.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(map.get("rate")).isEqualTo(4.25);
        assertThat(map.get("precise")).isEqualTo(new BigDecimal("0.12345678901234567890123"));
        assertThat(map.get("huge")).isEqualTo(new BigDecimal("1e400"));
        assertThat(map.get("nested")).isEqualTo(Map.of("k", -0.5));
    }

    @Test
    void returnsTextAsAString() throws Exception {
        server.on("GET /t", Reply.text(200, "text/plain; charset=utf-8", "héllo"));

        assertThat(result(get("/t"))).isEqualTo("héllo");
    }

    @Test
    void decodesTextInTheCharsetItNames() throws Exception {
        server.on("GET /t", new Reply(200, Map.of("Content-Type", "text/plain; charset=ISO-8859-1"),
                new byte[] {'c', 'a', 'f', (byte) 0xE9}));

        assertThat(result(get("/t"))).isEqualTo("café");
    }

    @Test
    void parsesABodyWithoutContentTypeWhenItIsJsonAndOtherwiseReturnsIt() throws Exception {
        server.on("GET /json", Reply.text(200, null, "{\"ok\": true}"));
        server.on("GET /text", Reply.text(200, null, "ok then"));

        assertThat(result(get("/json"))).isEqualTo(Map.of("ok", true));
        assertThat(result(get("/text"))).isEqualTo("ok then");
    }

    @Test
    void parsesProblemJsonAndOtherJsonSuffixes() throws Exception {
        server.on("GET /p", Reply.text(200, "application/vnd.api+json", "[1]"));

        assertThat(result(get("/p"))).isEqualTo(List.of(1));
    }

    @Test
    void noContentAndEmptyBodiesYieldNull() throws Exception {
        server.on("GET /none", Reply.status(204));
        server.on("GET /empty", Reply.text(200, "application/json", ""));

        assertThat(result(get("/none"))).isNull();
        assertThat(result(get("/empty"))).isNull();
    }

    @Test
    void aBodyDeclaredAsJsonThatIsNotFailsAsABadResponse() throws Exception {
        server.on("GET /broken", Reply.json(200, "{\"value\": 7"));
        server.on("GET /trailing", Reply.json(200, "{} {}"));

        MaestroException e = failure(get("/broken"));
        assertThat(e.code()).isEqualTo("bad_response");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("{\"value\": 7");
        assertThat(failure(get("/trailing")).code()).isEqualTo("bad_response");
    }

    @Test
    void aClientErrorFailsWithStatusAndBodyAndIsNotRetryable() throws Exception {
        server.on("GET /scores/1", Reply.json(400, "{\"error\":\"applicant_id is required\"}"));

        MaestroException e = failure(get("/scores/1"));

        assertThat(e.code()).isEqualTo("http_400");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage())
                .contains("credit_bureau")
                .contains("GET " + server.url() + "/scores/1")
                .contains("400")
                .contains("applicant_id is required");
    }

    @Test
    void notFoundIsNotRetryable() throws Exception {
        MaestroException e = failure(get("/nowhere"));

        assertThat(e.code()).isEqualTo("http_404");
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void serverErrorsAndThrottlingAreRetryable() throws Exception {
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            server.on("GET /s" + status, Reply.status(status));
            MaestroException e = failure(get("/s" + status));
            assertThat(e.code()).isEqualTo("http_" + status);
            assertThat(e.isRetryable()).as("status %d", status).isTrue();
            assertThat(e.getMessage()).contains("empty body");
        }
        server.on("GET /s501", Reply.status(501));
        assertThat(failure(get("/s501")).isRetryable()).isFalse();
    }

    @Test
    void passesRetryAfterSecondsOnAsAHint() throws Exception {
        server.on("GET /busy", Reply.json(429, "{}").header("Retry-After", "3"));

        MaestroException e = failure(get("/busy"));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void passesRetryAfterAsHttpDateOnAsTheTimeLeftUntilIt() throws Exception {
        server.on("GET /maintenance", Reply.status(503).header("Retry-After", "Wed, 01 Jan 2025 00:02:00 GMT"));
        server.on("GET /past", Reply.status(503).header("Retry-After", "Tue, 31 Dec 2024 23:00:00 GMT"));
        server.on("GET /garbled", Reply.status(503).header("Retry-After", "soon"));

        assertThat(failure(get("/maintenance")).retryAfter()).contains(Duration.ofMinutes(2));
        assertThat(failure(get("/past")).retryAfter()).contains(Duration.ZERO);
        assertThat(failure(get("/garbled")).retryAfter()).isEmpty();
    }

    @Test
    void truncatesALongErrorBodyInTheMessage() throws Exception {
        server.on("GET /long", Reply.text(500, "text/plain", "x".repeat(5000)));

        MaestroException e = failure(get("/long"));

        assertThat(e.getMessage()).contains("x".repeat(1024)).doesNotContain("x".repeat(1025)).endsWith("(truncated)");
        assertThat(e.getMessage().length()).isLessThan(1300);
    }

    @Test
    void doesNotFollowRedirects() throws Exception {
        server.on("GET /old", Reply.status(302).header("Location", server.url() + "/new"));
        server.on("GET /new", Reply.json(200, "{}"));

        MaestroException e = failure(get("/old"));

        assertThat(e.code()).isEqualTo("http_302");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("redirect to " + server.url() + "/new");
        assertThat(server.requests()).extracting(LoopbackServer.Received::rawPath).containsExactly("/old");
    }

    @Test
    void rejectsAResponseWhoseDeclaredLengthIsOverTheLimitWithoutReadingIt() throws Exception {
        server.on("GET /big", Reply.declared(200, 20L * 1024 * 1024));
        ServiceBinding small = HttpService.builder(server.url()).maxResponseSize(1024 * 1024).build();

        MaestroException e = failure(transport.call(call(small, "GET /big", Map.of())));

        assertThat(e.code()).isEqualTo("response_too_large");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("20971520 bytes").contains("1048576");
        awaitStreamAborted("/big");
    }

    @Test
    void abortsAStreamedResponseOnceItPassesTheLimit() throws Exception {
        server.on("GET /stream", Reply.streamed(200, 64L * 1024 * 1024));
        ServiceBinding small = HttpService.builder(server.url()).maxResponseSize(256 * 1024).build();

        MaestroException e = failure(transport.call(call(small, "GET /stream", Map.of())));

        assertThat(e.code()).isEqualTo("response_too_large");
        assertThat(e.getMessage()).contains("262144");
        awaitStreamAborted("/stream");
    }

    @Test
    void readsABodyThatArrivesInManyPiecesWhole() throws Exception {
        // 300 KiB: several reads, with and without a declared length, both under the limit.
        server.on("GET /chunked", Reply.paddedJson(200, "{\"n\": [1, 2, 3]}", 300 * 1024, false));
        server.on("GET /declared", Reply.paddedJson(200, "{\"n\": [4]}", 300 * 1024, true));
        ServiceBinding roomy = HttpService.builder(server.url()).maxResponseSize(1024 * 1024).build();

        assertThat(result(transport.call(call(roomy, "GET /chunked", Map.of())))).isEqualTo(Map.of("n", List.of(1, 2, 3)));
        assertThat(result(transport.call(call(roomy, "GET /declared", Map.of())))).isEqualTo(Map.of("n", List.of(4)));
    }

    @Test
    void acceptsAResponseExactlyAtTheLimit() throws Exception {
        String json = "[" + "1,".repeat(499) + "1]"; // 1000 bytes
        server.on("GET /exact", Reply.json(200, json));
        ServiceBinding exact = HttpService.builder(server.url()).maxResponseSize(json.length()).build();

        assertThat((List<?>) result(transport.call(call(exact, "GET /exact", Map.of())))).hasSize(500);
    }

    @Test
    void aClosedPortFailsWithARetryableConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        MaestroException e = failure(transport.call(call(HttpService.of("http://127.0.0.1:" + port), "GET /x", Map.of())));

        assertThat(e.code()).isEqualTo("connection");
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheRequestIsAborted() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            long start = System.nanoTime();
            MaestroException e = failure(transport.call(call(HttpService.of(silent.url()), "GET /hang", Map.of(), Duration.ofMillis(300))));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(e.code()).isEqualTo("timeout");
            assertThat(e.isRetryable()).isTrue();
            assertThat(elapsedMillis).isBetween(250L, 3000L);
            assertThat(silent.awaitDroppedConnection(5000)).as("the server saw the connection dropped").isTrue();
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutToo() throws Exception {
        server.on("GET /slow", Reply.stalled());

        long start = System.nanoTime();
        MaestroException e = failure(transport.call(call(binding, "GET /slow", Map.of(), Duration.ofMillis(400))));

        assertThat(e.code()).isEqualTo("timeout");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(350L, 3000L);
    }

    @Test
    void cancellingTheStageAbortsTheRequest() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            CompletableFuture<Object> stage = transport.call(call(HttpService.of(silent.url()), "POST /Hang", Map.of("a", 1), Duration.ofSeconds(30)))
                    .toCompletableFuture();
            assertThat(silent.awaitRequest(5000)).as("the request reached the server").isTrue();

            assertThat(stage.cancel(true)).isTrue();

            assertThat(silent.awaitDroppedConnection(5000)).as("the server saw the connection dropped").isTrue();
            assertThat(stage).isCancelled();
        }
    }

    private void awaitStreamAborted(String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!server.abortedStreams().contains(path) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.abortedStreams()).as("the server could not send the whole body").contains(path);
        assertThat(server.completedStreams()).doesNotContain(path);
    }

    /**
     * Where a call's stage completes: on the common pool, like any {@code sendAsync} code, when
     * the JDK completes its futures there (parallelism 2 or more; the second test run sets it);
     * otherwise on the transport's own threads, never on the thread the JDK starts per task.
     */
    @Test
    void settlesOnTheCommonPoolOrElseOnTheTransportsThreads() throws Exception {
        server.on("GET /where", Reply.json(200, "{\"ok\": true}"));
        boolean commonPool = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() > 1;
        int checked = 0;
        for (int i = 0; i < 20; i++) {
            CompletableFuture<Object> stage = get("/where").toCompletableFuture();
            // Chained before the answer can arrive (the server answers after the request is read),
            // so the action runs on the thread that completes the stage.
            CompletableFuture<String> thread = stage.thenApply(v -> Thread.currentThread().getName());
            String name = thread.get(10, java.util.concurrent.TimeUnit.SECONDS);
            if (stage.isDone() && name.equals(Thread.currentThread().getName())) {
                continue; // answered before thenApply was chained: ran here, says nothing
            }
            if (commonPool) {
                assertThat(name).as("parallelism %d", java.util.concurrent.ForkJoinPool.getCommonPoolParallelism())
                        .startsWith("ForkJoinPool.commonPool-worker");
            } else {
                assertThat(name).startsWith("maestro-http-");
            }
            checked++;
        }
        assertThat(checked).as("calls answered after their action was chained").isPositive();
    }
}
