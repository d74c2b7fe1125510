package io.maestro.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback (the JDK's {@link HttpServer}, port 0) for tests: routes
 * {@code "VERB /raw/path"} to canned replies and records every request as received.
 */
public final class LoopbackServer implements AutoCloseable {

    /** A request as the server saw it (raw path and query, i.e. still percent-encoded). */
    public record Received(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Chooses the reply; {@code count} is 1 for the first request of the route. */
    @FunctionalInterface
    public interface Responder {
        Reply reply(Received request, int count) throws Exception;
    }

    /** What to answer. {@code streamed > 0}: that many bytes, sent chunked without a length. */
    public record Reply(int status, Map<String, String> headers, byte[] body, long streamed, long declaredLength, boolean hang, boolean stall) {

        public Reply(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, 0, -1, false, false);
        }

        public static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply text(int status, String contentType, String text) {
            Map<String, String> h = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
            return new Reply(status, h, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply status(int status) {
            return new Reply(status, Map.of(), new byte[0]);
        }

        /** {@code bytes} bytes of body, chunked, without Content-Length. */
        public static Reply streamed(int status, long bytes) {
            return new Reply(status, Map.of("Content-Type", "application/json"), new byte[0], bytes, -1, false, false);
        }

        /**
         * A JSON body followed by {@code padding} spaces (still valid JSON), written 64 KiB at a
         * time: chunked without a length, or with its whole length declared.
         */
        public static Reply paddedJson(int status, String json, long padding, boolean declareLength) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            return new Reply(status, Map.of("Content-Type", "application/json"), body, padding,
                    declareLength ? body.length + padding : -1, false, false);
        }

        /** Declares {@code bytes} in Content-Length, then tries to send them. */
        public static Reply declared(int status, long bytes) {
            return new Reply(status, Map.of("Content-Type", "application/json"), new byte[0], bytes, bytes, false, false);
        }

        /** Never answers (the exchange stays open until the server stops). */
        public static Reply never() {
            return new Reply(0, Map.of(), new byte[0], 0, -1, true, false);
        }

        /** Sends the headers and the first byte of a JSON body, then nothing until the server stops. */
        public static Reply stalled() {
            return new Reply(200, Map.of("Content-Type", "application/json"), new byte[0], 0, -1, false, true);
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, streamed, declaredLength, hang, stall);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final List<HttpExchange> held = new CopyOnWriteArrayList<>();
    private final List<String> abortedStreams = new CopyOnWriteArrayList<>();
    private final List<String> completedStreams = new CopyOnWriteArrayList<>();

    private LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LoopbackServer start() {
        try {
            return new LoopbackServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Routes {@code "GET /raw/path"} (the path as sent, percent-encoded). */
    public LoopbackServer on(String route, Responder responder) {
        routes.put(route, responder);
        return this;
    }

    public LoopbackServer on(String route, Reply reply) {
        return on(route, (request, count) -> reply);
    }

    public List<Received> requests() {
        return new ArrayList<>(received);
    }

    public List<Received> requests(String rawPath) {
        return received.stream().filter(r -> r.rawPath().equals(rawPath)).toList();
    }

    public Received onlyRequest() {
        List<Received> all = requests();
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    /** Paths of streamed bodies the client stopped reading before the end. */
    public List<String> abortedStreams() {
        return List.copyOf(abortedStreams);
    }

    public List<String> completedStreams() {
        return List.copyOf(completedStreams);
    }

    @Override
    public void close() {
        held.forEach(HttpExchange::close);
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received r = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
        received.add(r);
        String route = r.method() + " " + r.rawPath();
        Responder responder = routes.get(route);
        Reply reply;
        try {
            reply = responder == null
                    ? Reply.text(404, "text/plain", "no route " + route)
                    : responder.reply(r, counts.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet());
        } catch (Exception e) {
            reply = Reply.text(599, "text/plain", "test responder failed: " + e);
        }
        if (reply.hang()) {
            held.add(exchange);
            return;
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (reply.stall()) {
            stall(exchange);
            return;
        }
        if (reply.streamed() > 0) {
            stream(exchange, reply);
            return;
        }
        boolean noBody = reply.body().length == 0 || r.method().equals("HEAD");
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
        exchange.close();
    }

    private void stall(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write('[');
        out.flush();
        held.add(exchange);
    }

    private void stream(HttpExchange exchange, Reply reply) {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        long sent = 0;
        try {
            exchange.sendResponseHeaders(reply.status(), reply.declaredLength() > 0 ? reply.declaredLength() : 0);
            OutputStream out = exchange.getResponseBody();
            out.write(reply.body());
            while (sent < reply.streamed()) {
                int n = (int) Math.min(chunk.length, reply.streamed() - sent);
                out.write(chunk, 0, n);
                out.flush();
                sent += n;
            }
            out.close();
            completedStreams.add(exchange.getRequestURI().getRawPath());
        } catch (IOException e) {
            abortedStreams.add(exchange.getRequestURI().getRawPath());
        } finally {
            exchange.close();
        }
    }
}
