package io.maestro.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Sends an {@link Exchange} asynchronously and completes a future with the decoded answer or a
 * classified failure.
 *
 * <p>The body subscriber hands the answer (status, headers, body as read, or the failure) to the
 * call before it completes the body's stage; the call settles when the future
 * {@code sendAsync} returns completes, which the JDK does only after the exchange is over (the
 * connection back in the pool) and, for {@code sendAsync}, always on
 * {@code CompletableFuture}'s default executor. When that executor is the common
 * {@code ForkJoinPool} (parallelism 2 or more), decoding and everything the engine chains on
 * the result run right there, as in hand-written {@code sendAsync(..).thenApply(..)} code: no
 * extra hand-off per call. Below that parallelism the JDK starts a new thread per task; the call
 * then settles in a task on the client's executor instead, so that the work runs on the
 * transport's bounded threads, not on those short-lived ones. (Handing every answer to the
 * client's executor unconditionally costs about a fifth of the throughput at 5 000 requests in
 * flight on 2 cores; see docs/BENCHMARKS.md.)
 *
 * <p>The returned future is the caller's handle on the exchange: cancelling it (as the engine
 * does when an attempt's time is up or its execution is cancelled) aborts the exchange and
 * closes its connection. The exchange is also aborted when no complete response (headers and
 * body) arrived within its timeout. That deadline is the only timer per call: requests carry
 * no timeout of the client's own, which would cover only the wait for the headers (and cost the
 * client's selector thread a timer per request).
 *
 * <p>Per call, one {@link InFlight} object is the returned future, the body handler, the
 * deadline task and the completion hook; it lets go of the exchange and the answer once the
 * call is settled, since the client may keep the handler reachable until the connection is
 * reused.
 */
public final class ExchangeSender implements AutoCloseable {

    /**
     * Whether {@code sendAsync}'s future completes on the common pool (CompletableFuture's
     * default executor), rather than on a new thread per task.
     */
    private static final boolean COMPLETES_ON_COMMON_POOL = ForkJoinPool.getCommonPoolParallelism() > 1;

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
        long timeoutMillis = millis(exchange);
        if (timeoutMillis <= 0) {
            return CompletableFuture.failedFuture(failures.timeout(exchange));
        }
        InFlight call = new InFlight(exchange);
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = client.sendAsync(exchange.request(), call);
        } catch (RuntimeException e) {
            call.fail(failures.exchangeFailed(exchange, e));
            return call;
        }
        call.sent = sent;
        if (call.abortWanted) {
            call.cancelSent(); // the body went past the limit before sendAsync had returned
        }
        if (!call.isDone()) {
            Executor executor = client.executor().orElse(null);
            if (COMPLETES_ON_COMMON_POOL || executor == null) {
                sent.whenComplete(call);
            } else {
                // Run here instead if the executor is shut down: a call must never be left unsettled.
                sent.whenCompleteAsync(call, task -> {
                    try {
                        executor.execute(task);
                    } catch (RejectedExecutionException shutDown) {
                        task.run();
                    }
                });
            }
            call.timer = deadlines.schedule(call, timeoutMillis, TimeUnit.MILLISECONDS);
            if (call.isDone()) {
                call.release(); // settled before the timer was there to be cancelled
            }
        }
        return call;
    }

    /**
     * One call in flight, and the future the caller holds (cancelling it aborts the exchange): the
     * body handler (told of the answer by the body subscriber), the deadline, and the hook run
     * when {@code sendAsync}'s future completes. One object per call rather than several:
     * thousands are in flight at once.
     */
    private final class InFlight extends CompletableFuture<Object> implements HttpResponse.BodyHandler<Void>,
            BoundedBodySubscriber.Listener, BiConsumer<HttpResponse<Void>, Throwable>, Callable<Void> {

        private final long maxResponseSize;
        private final boolean head;
        // Cleared once the call is settled (see the class comment); every reader copes with null.
        private volatile Exchange exchange;
        volatile CompletableFuture<?> sent;
        volatile Future<?> timer;
        // The answer as the body subscriber handed it over, kept until sendAsync's future completes.
        private volatile HttpResponse.ResponseInfo info;
        private volatile ResponseBody body;
        private volatile Throwable bodyFailure;
        /** Set before the exchange is aborted for a timeout or a cancellation, whose failure then wins. */
        private volatile boolean givenUp;
        /** Set when the body went past the limit: the exchange is aborted (once sendAsync has returned it). */
        volatile boolean abortWanted;

        InFlight(Exchange exchange) {
            this.exchange = exchange;
            this.maxResponseSize = exchange.maxResponseSize();
            this.head = exchange.isHead();
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            return BoundedBodySubscriber.create(info, maxResponseSize, head, this);
        }

        /** The whole answer has been read (or reading it failed); told before the body's stage completes. */
        @Override
        public void onResponse(HttpResponse.ResponseInfo info, ResponseBody body, Throwable failure) {
            this.body = body;
            this.bodyFailure = failure;
            this.info = info; // last: accept reads it first
        }

        @Override
        public void abort() {
            abortWanted = true;
            cancelSent();
        }

        /** {@code sendAsync}'s future completed: the exchange is over; settle the call with what was read. */
        @Override
        public void accept(HttpResponse<Void> response, Throwable failure) {
            Exchange e = exchange;
            HttpResponse.ResponseInfo i = info;
            ResponseBody b = body;
            Throwable bf = bodyFailure;
            info = null;
            body = null;
            bodyFailure = null;
            if (e == null || isDone() || givenUp) {
                return;
            }
            release();
            try {
                if (i != null && bf == null && b != null) {
                    settle(this, e, i.statusCode(), i.headers(), b);
                } else if (i != null && bf != null) {
                    completeExceptionally(failures.exchangeFailed(e, bf));
                } else {
                    // No response: connection, timeout or TLS failure before one arrived.
                    completeExceptionally(failures.exchangeFailed(e, failure != null ? failure
                            : new java.io.IOException("the exchange ended without a response")));
                }
            } catch (RuntimeException | Error bug) {
                completeExceptionally(bug); // a bug here must fail the call rather than leave it hanging
            }
        }

        /** The deadline: no complete response in time. (A Callable: the timer wraps it in nothing more.) */
        @Override
        public Void call() {
            Exchange e = exchange;
            if (e != null && !isDone()) {
                givenUp = true;
                cancelSent(); // aborted before anything downstream runs
                completeExceptionally(failures.timeout(e));
                release();
            }
            return null;
        }

        void fail(Throwable failure) {
            completeExceptionally(failure);
            release();
        }

        /** The caller gave up on the call (the engine does when an attempt's time is up or its execution is cancelled). */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) {
                return false;
            }
            givenUp = true;
            cancelSent(); // the exchange is aborted before anything downstream of the call runs
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            release();
            return cancelled;
        }

        /** Unschedules the deadline and lets go of what the settled call no longer needs. */
        void release() {
            Future<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            exchange = null;
            timer = null;
            info = null;
            body = null;
            bodyFailure = null;
        }

        void cancelSent() {
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

    private static long millis(Exchange exchange) {
        try {
            return exchange.timeout().toMillis();
        } catch (ArithmeticException huge) {
            return Long.MAX_VALUE;
        }
    }
}
