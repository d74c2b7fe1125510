package io.maestro.http.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 */
public final class ExchangeSender {

    private final ResponseDecoder decoder;
    private final HttpFailures failures;

    public ExchangeSender(JsonCodec json, Clock clock) {
        this.decoder = new ResponseDecoder(json);
        this.failures = new HttpFailures(clock);
    }

    public CompletableFuture<Object> send(HttpClient client, Exchange exchange) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        long timeoutMillis = millis(exchange);
        if (timeoutMillis <= 0) {
            result.completeExceptionally(failures.timeout(exchange));
            return result;
        }
        HttpResponse.BodyHandler<ResponseBody> handler = BoundedBodySubscriber.handler(exchange.maxResponseSize(), exchange.isHead(),
                (info, body, failure) -> guarded(result, () -> {
                    if (failure != null) {
                        result.completeExceptionally(failures.exchangeFailed(exchange, failure));
                    } else {
                        settle(result, exchange, info.statusCode(), info.headers(), body);
                    }
                }));
        CompletableFuture<HttpResponse<ResponseBody>> sent;
        try {
            sent = client.sendAsync(exchange.request(), handler);
        } catch (RuntimeException e) {
            result.completeExceptionally(failures.exchangeFailed(exchange, e));
            return result;
        }
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                guarded(result, () -> result.completeExceptionally(failures.exchangeFailed(exchange, failure)));
            }
        });
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        deadline.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .exceptionally(timedOut -> {
                    if (result.completeExceptionally(failures.timeout(exchange))) {
                        sent.cancel(true);
                    }
                    return null;
                });
        result.whenComplete((value, failure) -> {
            deadline.complete(null); // unschedules the timer
            if (result.isCancelled()) {
                sent.cancel(true); // the caller gave up on the attempt: abort the exchange
            }
        });
        return result;
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
