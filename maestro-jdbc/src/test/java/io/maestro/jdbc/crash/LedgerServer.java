package io.maestro.jdbc.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The services of the crash tests, in the test's own process (so they outlive the killed child):
 * every call is written to a ledger with its idempotency key; answers are deterministic
 * ({@code {"value": "B({...input...})"}}) so that a run with crashes can be compared with one
 * without; {@code Fail} always answers 422.
 */
final class LedgerServer implements AutoCloseable {

    /** One call received: by which instance, from when to when (nanoTime). */
    record Call(String method, String key, int attempt, String instance, long start, long end) {
        String executionId() {
            return key.substring(0, key.indexOf(':'));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Call> ledger = new CopyOnWriteArrayList<>();

    private final long delayMs;

    LedgerServer() throws IOException {
        this(30);
    }

    LedgerServer(long delayMs) throws IOException {
        this.delayMs = delayMs;
        // Three instances keep hundreds of keep-alive connections: the JDK server's default closes
        // all but 200 idle ones, and a client that picks a connection as it is closed fails a POST
        // (which java.net.http does not retry). The server reads this once, when first used.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            String method = ex.getRequestURI().getPath().substring(1);
            Object input = JSON.readValue(ex.getRequestBody().readAllBytes(), Object.class);
            long start = System.nanoTime();
            try {
                Thread.sleep(delayMs); // long enough for a kill to land while a call is in flight
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ledger.add(new Call(method, ex.getRequestHeaders().getFirst("Idempotency-Key"),
                    Integer.parseInt(ex.getRequestHeaders().getFirst("X-Maestro-Attempt")),
                    String.valueOf(ex.getRequestHeaders().getFirst("X-Instance")), start, System.nanoTime()));
            int status = method.equals("Fail") ? 422 : 200;
            byte[] body = (status == 200 ? JSON.writeValueAsString(Map.of("value", method + JSON.writeValueAsString(input)))
                    : "{\"error\": \"refused\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            try {
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            } catch (IOException callerGone) {
                // the caller was killed: the call still happened, and the ledger says so
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> all() {
        return List.copyOf(ledger);
    }

    List<Call> calls(String executionId) {
        return ledger.stream().filter(c -> c.executionId().equals(executionId)).toList();
    }

    long count(String executionId, String method) {
        return calls(executionId).stream().filter(c -> c.method().equals(method)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
