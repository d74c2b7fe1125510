package io.maestro.http;

import io.maestro.MaestroException;
import io.maestro.http.internal.Exchange;
import io.maestro.http.internal.ExchangeSender;
import io.maestro.http.internal.HttpClients;
import io.maestro.http.internal.JsonCodec;
import io.maestro.http.internal.RequestFactory;
import io.maestro.spi.transport.ServiceCall;
import io.maestro.spi.transport.Transport;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls {@code type: http} services (bindings made with {@link HttpService}) over HTTP/JSON
 * with {@code java.net.http}. Found with {@link java.util.ServiceLoader}, so an orchestrator
 * uses it as soon as this module is on the class path; it can also be registered explicitly:
 *
 * <pre>{@code
 * Orchestrator o = Orchestrator.builder()
 *     .transport(HttpTransport.create())
 *     .service("credit_bureau", HttpService.of("http://localhost:8081"))
 *     .build();
 * }</pre>
 *
 * <h2>Requests</h2>
 * A step's method is {@code "VERB /path/{var}"} or a bare name, meaning {@code POST /Name}:
 * <ul>
 *   <li>{@code {var}} is taken from the step input (a map), rendered as text (a whole double as
 *       {@code 17}, never with an exponent) and percent-encoded as one path segment, so
 *       {@code "a b/c"} becomes {@code a%20b%2Fc}; it is then removed from the input. A missing,
 *       null, empty, map or list value fails the call ({@code invalid_input}).
 *   <li>GET, HEAD, DELETE and OPTIONS send the rest of the input (a map, or null) as query
 *       parameters in input order: null values are left out, a list repeats the key
 *       ({@code tag=a&tag=b}), a map is sent as its JSON text; spaces are {@code %20}.
 *   <li>POST, PUT and PATCH send the rest of the input as a JSON body
 *       ({@code Content-Type: application/json}); a null input sends no body.
 *   <li>Every request carries {@code Idempotency-Key}, {@code X-Maestro-Execution-Id},
 *       {@code X-Maestro-Step-Id}, {@code X-Maestro-Attempt}, {@code User-Agent: maestro/<version>}
 *       and {@code Accept: application/json}, then the binding's headers, whose values may hold
 *       {@code {{ .input.<path> }}} templates over the step input (nothing else of the
 *       context); a value that renders empty is not sent. Binding headers may replace
 *       {@code Accept}, {@code User-Agent} and {@code Content-Type}, never the Maestro ones.
 * </ul>
 *
 * <h2>Responses</h2>
 * 2xx: an empty body is {@code null}; a JSON content type ({@code application/json},
 * {@code +json}) is parsed into {@code LinkedHashMap}, {@code ArrayList}, String, Boolean,
 * null and numbers with their exact value (Integer, Long or BigInteger; a decimal is a Double
 * when the double prints as the same number, otherwise a BigDecimal); a body without a content
 * type is parsed if it is JSON and otherwise returned as a string; any other content type is
 * returned as a string. Everything else fails with a {@link MaestroException}:
 * <ul>
 *   <li>{@code http_<status>} for 3xx (redirects are never followed), 4xx and 5xx; retryable for
 *       408, 429, 500, 502, 503 and 504; the message holds the first KiB of the body, and a
 *       {@code Retry-After} header (seconds or HTTP date) is passed on as
 *       {@link MaestroException#retryAfter()};
 *   <li>{@code connection} (retryable) when refused, reset or closed, {@code timeout}
 *       (retryable) when no complete response arrived within the attempt's timeout,
 *       {@code tls} when the certificate is not trusted or does not match the host;
 *   <li>{@code bad_response} for a body declared as JSON that is not, and
 *       {@code response_too_large} for a body over the binding's {@code max_response_size}
 *       (default 10 MiB), detected from {@code Content-Length} or while reading, without ever
 *       buffering more than the limit;
 *   <li>{@code invalid_method}, {@code invalid_input}, {@code invalid_binding} when the call
 *       cannot be made into a request.
 * </ul>
 *
 * <h2>Concurrency</h2>
 * Fully asynchronous: no thread waits for a response. One {@link HttpClient} per transport
 * (and so per orchestrator), plus one per distinct custom trust store, all on one small fixed
 * pool of daemon threads ({@code max(2, processors)}) unless an executor is given; thousands
 * of calls in flight use no more threads. Cancelling the returned stage aborts the exchange.
 * Cleartext endpoints use HTTP/1.1; {@code https} ones negotiate HTTP/2 or HTTP/1.1.
 * Thread-safe.
 *
 * <p>On machines with two processors or fewer, set
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} (or more): {@code java.net.http}
 * completes every {@code sendAsync} future on {@code CompletableFuture}'s default executor,
 * which below a parallelism of 2 starts a new thread per task. With the common pool, stages
 * returned here complete on its threads, as hand-written {@code sendAsync} code would; below
 * that parallelism this transport does no work on the threads started per task (answers are
 * then delivered from the client's executor), but creating a thread per response still costs
 * throughput and makes the live thread count follow the load.
 */
public final class HttpTransport implements Transport {

    private final HttpClients clients;
    private final RequestFactory requests;
    private final ExchangeSender sender;
    private final ExecutorService ownedExecutor;
    private volatile boolean closed;

    private HttpTransport(Executor executor, HttpClient client, Clock clock) {
        ExecutorService owned = null;
        if (executor == null) {
            owned = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), new DaemonThreads());
            executor = owned;
        }
        this.ownedExecutor = owned;
        JsonCodec json = new JsonCodec();
        this.clients = new HttpClients(executor, client);
        this.requests = new RequestFactory(json);
        this.sender = new ExchangeSender(json, clock);
    }

    /** A transport with its own thread pool and the system clock. */
    public static HttpTransport create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True: each call fails with code {@code timeout}, its exchange aborted, when no complete
     * response (headers and body) arrived within the call's timeout.
     */
    @Override
    public boolean timesOutCalls() {
        return true;
    }

    @Override
    public Set<String> types() {
        return Set.of(HttpService.TYPE);
    }

    @Override
    public CompletionStage<Object> call(ServiceCall call) {
        if (closed) {
            return CompletableFuture.failedFuture(new MaestroException("closed", "the HTTP transport is closed", false));
        }
        Exchange exchange;
        HttpClient client;
        try {
            exchange = requests.prepare(call);
            client = clients.client(exchange.trust());
        } catch (MaestroException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new MaestroException("invalid_binding", "service " + call.service() + ": " + e.getMessage(), false, e));
        }
        return sender.send(client, exchange);
    }

    /** Aborts in-flight calls where the JDK allows it and stops the transport's own threads. */
    @Override
    public void close() {
        closed = true;
        clients.close();
        sender.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    /** Configures an {@link HttpTransport}. Mutable, not thread-safe. */
    public static final class Builder {

        private Executor executor;
        private HttpClient client;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Runs the HTTP clients' work on this executor (default: a fixed pool owned by the
         * transport), and the completion of returned stages too when the common pool's
         * parallelism is below 2 (otherwise they complete on the common pool, where the JDK
         * completes {@code sendAsync}'s futures). An executor given here is not shut down by
         * {@link HttpTransport#close()}. Its tasks must never block.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Uses this client (its proxy, authenticator, connect timeout, TLS settings, executor)
         * for every binding without a custom trust store, e.g. to share one connection pool
         * with other code. Host name verification is then the client's business. It is not
         * closed by {@link HttpTransport#close()}.
         *
         * @throws IllegalArgumentException if the client follows redirects
         */
        public Builder client(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("the HTTP client must not follow redirects (Redirect.NEVER); it follows "
                        + client.followRedirects());
            }
            this.client = client;
            return this;
        }

        /** The clock against which an HTTP-date {@code Retry-After} is read. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public HttpTransport build() {
            return new HttpTransport(executor, client, clock);
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "maestro-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
