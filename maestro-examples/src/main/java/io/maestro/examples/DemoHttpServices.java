package io.maestro.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loan example's HTTP/JSON services on one loopback server, one path prefix each, so that a
 * bindings file can point each service at {@code http://127.0.0.1:<port>/<prefix>}:
 * {@code /credit} (GetCreditScore: the applicant id's digits are the score), {@code /employer}
 * (VerifyIncome), {@code /review} (CreateReviewTask), {@code /documents} (GenerateContract), and
 * {@code /documents-broken}, whose GenerateContract always answers 422 (a permanent failure).
 * Nothing about them is Java-specific: plain JSON over HTTP/1.1.
 */
public final class DemoHttpServices implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "demo-http");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger ids = new AtomicInteger();

    public DemoHttpServices() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/credit/GetCreditScore", ex -> answer(ex, in -> Map.of("value", score(in), "bureau", "demo")));
        server.createContext("/employer/VerifyIncome", ex -> answer(ex, in -> Map.of("annual_income", 85_000, "employer", "ACME")));
        server.createContext("/review/CreateReviewTask", ex -> answer(ex, in -> Map.of("task_id", "T-" + ids.incrementAndGet(),
                "priority", String.valueOf(in.get("priority")))));
        server.createContext("/documents/GenerateContract", ex -> answer(ex, in -> Map.of("contract_id", "C-" + ids.incrementAndGet(),
                "terms", String.valueOf(in.get("terms")))));
        server.createContext("/documents-broken/GenerateContract", ex -> reply(ex, 422,
                Map.of("error", "no contract template for these terms")));
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Handler {
        Map<String, Object> handle(Map<?, ?> input);
    }

    private static void answer(HttpExchange ex, Handler handler) throws IOException {
        try (InputStream body = ex.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            Map<?, ?> input = bytes.length == 0 ? Map.of() : JSON.readValue(bytes, Map.class);
            reply(ex, 200, handler.handle(input));
        } catch (IOException | RuntimeException e) {
            reply(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static void reply(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>(body);
        byte[] bytes = JSON.writeValueAsBytes(out);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    static int score(Map<?, ?> input) {
        String id = String.valueOf(input.get("applicant_id"));
        String digits = id.replaceAll("^\\D*(\\d+).*$", "$1");
        return digits.matches("\\d+") ? Integer.parseInt(digits) : 500;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
