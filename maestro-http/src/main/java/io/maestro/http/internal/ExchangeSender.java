package io.maestro.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Sends an {@link Exchange} asynchronously and completes a future with the decoded answer or a
 * classified failure.
 *
 * <p>The answer is taken from the body subscriber, on the client's executor, as soon as the
 * body is read, not from the future {@code sendAsync} returns: the JDK completes that one on
 * {@code CompletableFuture}'s default executor, which on machines with fewer than three
 * processors starts a new thread per task; decoding and everything the engine chains on the
 * result would run there. That future only reports failures before a response (connection,
 * timeout, TLS) and is the handle to abort the exchange.
 *
 * <p>The returned future is the caller's handle on the exchange: cancelling it (as the engine
 * does when an attempt's time is up or its execution is cancelled) aborts the exchange and
 * closes its connection. The exchange is also aborted when no complete response (headers and
 * body) arrived within its timeout; the client's own request timeout covers only the wait for
 * the headers.
 *
 * <p>Per call, one small {@link InFlight} object is the body handler, the deadline task and
 * the completion hook; it lets go of the exchange and the result once the call is settled,
 * since the client may keep the handler reachable until the connection is reused.
 */
public final class ExchangeSender implements AutoCloseable {

    private final ResponseDecoder decoder;
    private final HttpFailures failures;
    /** The timer of every call's deadline: one daemon thread per transport; a cancelled deadline leaves its queue at once. */
    private final ScheduledThreadPoolExecutor deadlines;

    public ExchangeSender(JsonCodec json, Clock clock) {
        this.decoder = new ResponseDecoder(json);
        this.failures = new HttpFailures(clock);
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "maestro-http-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Stops the deadline timer (the transport is closing). */
    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    public CompletableFuture<Object> send(HttpClient client, Exchange exchange) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        long timeoutMillis = millis(exchange);
        if (timeoutMillis <= 0) {
            result.completeExceptionally(failures.timeout(exchange));
            return result;
        }
        InFlight call = new InFlight(result, exchange, client.executor().orElse(null));
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = client.sendAsync(exchange.request(), call);
        } catch (RuntimeException e) {
            result.completeExceptionally(failures.exchangeFailed(exchange, e));
            return result;
        }
        call.sent = sent;
        if (!result.isDone()) {
            sent.whenComplete(call.onSent());
            call.timer = deadlines.schedule(call, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        result.whenComplete(call);
        return result;
    }

    /**
     * One call in flight: the body handler (told of the answer by the body subscriber), the
     * deadline task, and the hook run when the caller's future completes.
     */
    private final class InFlight implements HttpResponse.BodyHandler<Void>, BoundedBodySubscriber.Listener, Runnable,
            BiConsumer<Object, Throwable> {

        private final long maxResponseSize;
        private final boolean head;
        // Cleared once the call is settled (see the class comment); every reader copes with null.
        private volatile CompletableFuture<Object> result;
        private volatile Exchange exchange;
        volatile CompletableFuture<?> sent;
        volatile Future<?> timer;

        private final Executor executor;

        InFlight(CompletableFuture<Object> result, Exchange exchange, Executor executor) {
            this.executor = executor;
            this.result = result;
            this.exchange = exchange;
            this.maxResponseSize = exchange.maxResponseSize();
            this.head = exchange.isHead();
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            return BoundedBodySubscriber.create(info, maxResponseSize, head, this);
        }

        /** The whole answer has been read (or reading it failed). */
        @Override
        public void onResponse(HttpResponse.ResponseInfo info, ResponseBody body, Throwable failure) {
            CompletableFuture<Object> r = result;
            Exchange e = exchange;
            if (r == null || e == null || r.isDone()) {
                return;
            }
            Runnable answer = () -> guarded(r, () -> {
                if (failure != null) {
                    r.completeExceptionally(failures.exchangeFailed(e, failure));
                } else {
                    settle(r, e, info.statusCode(), info.headers(), body);
                }
            });
            // Answered in a task of its own on the client's executor: what the caller chains on the
            // answer (often the next requests) then runs after the client has finished with this
            // exchange (its connection back in the pool), not inside the body reader.
            if (executor == null) {
                answer.run();
                return;
            }
            try {
                executor.execute(answer);
            } catch (RejectedExecutionException shutDown) {
                answer.run();
            }
        }

        /** A failure before any response (connection, timeout, TLS), reported by {@code sendAsync}'s future. */
        BiConsumer<Object, Throwable> onSent() {
            return (response, failure) -> {
                if (failure == null) {
                    return;
                }
                CompletableFuture<Object> r = result;
                Exchange e = exchange;
                if (r != null && e != null && !r.isDone()) {
                    guarded(r, () -> r.completeExceptionally(failures.exchangeFailed(e, failure)));
                }
            };
        }

        /** The deadline: no complete response in time. */
        @Override
        public void run() {
            CompletableFuture<Object> r = result;
            Exchange e = exchange;
            if (r != null && e != null && r.completeExceptionally(failures.timeout(e))) {
                cancelSent();
            }
        }

        /** The caller's future completed: unschedule the deadline, abort if cancelled, let go. */
        @Override
        public void accept(Object value, Throwable failure) {
            CompletableFuture<Object> r = result;
            Future<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            if (r != null && r.isCancelled()) {
                cancelSent(); // the caller gave up on the attempt: abort the exchange
            }
            result = null;
            exchange = null;
            timer = null;
        }

        private void cancelSent() {
            CompletableFuture<?> s = sent;
            if (s != null) {
                s.cancel(true);
            }
        }
    }

    private void settle(CompletableFuture<Object> result, Exchange exchange, int status, HttpHeaders headers, ResponseBody body) {
        if (status >= 200 && status < 300) {
            String contentType = headers.firstValue("Content-Type").orElse(null);
            try {
                result.complete(decoder.decode(contentType, body));
            } catch (IOException notJson) {
                result.completeExceptionally(HttpFailures.badResponse(exchange, contentType, body, notJson));
            }
        } else {
            result.completeExceptionally(failures.status(exchange, status, headers, body));
        }
    }

    /** Runs a completion step; a bug in it must fail the call rather than leave it hanging. */
    private static void guarded(CompletableFuture<Object> result, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private static long millis(Exchange exchange) {
        try {
            return exchange.timeout().toMillis();
        } catch (ArithmeticException huge) {
            return Long.MAX_VALUE;
        }
    }
}
