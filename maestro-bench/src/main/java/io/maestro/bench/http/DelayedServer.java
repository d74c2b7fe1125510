package io.maestro.bench.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server that answers every request after a fixed delay with a small JSON
 * body. A handler only schedules its answer: waiting requests hold no thread, so thousands can
 * wait at once on a few threads (the JDK server's dispatcher, two handler threads, two timer
 * threads).
 */
final class DelayedServer implements AutoCloseable {

    private static final String THREAD_PREFIX = "delayed-server-";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final long delayMillis;
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    private DelayedServer(long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        // Keep-alive connections must stay open: the default closes all but 200 idle ones,
        // which would make both clients reconnect (and wear out ephemeral ports) under load.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        // Headers and body are written separately: without TCP_NODELAY, Nagle's algorithm and
        // the client's delayed ACK add ~40 ms to every response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        handlers = Executors.newFixedThreadPool(2, r -> daemon(r, "handler"));
        timer = Executors.newScheduledThreadPool(2, r -> daemon(r, "timer"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    static DelayedServer start(long delayMillis) throws IOException {
        return new DelayedServer(delayMillis);
    }

    /** Whether a thread belongs to this server (the JDK server's own threads included). */
    static boolean owns(String threadName) {
        return threadName.startsWith(THREAD_PREFIX) || threadName.startsWith("HTTP-Dispatcher")
                || threadName.startsWith("server-timer") || threadName.startsWith("idle-timeout-task");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests have arrived so far. */
    long received() {
        return received.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        received.incrementAndGet();
        timer.schedule(() -> answer(exchange), delayMillis, TimeUnit.MILLISECONDS);
    }

    private static void answer(HttpExchange exchange) {
        byte[] body = ("{\"ok\":true,\"path\":\"" + exchange.getRequestURI().getRawPath() + "\"}").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // the client aborted: nothing to do
        } finally {
            exchange.close();
        }
    }

    private static Thread daemon(Runnable r, String role) {
        Thread t = new Thread(r, THREAD_PREFIX + role);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
    }
}
