package io.maestro.http.internal;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body without ever holding more than a limit in memory. A successful
 * response's body is read whole, and fails with {@link ResponseTooLargeException} as soon as
 * it passes {@code max_response_size}, checked first against {@code Content-Length}: the
 * subscription is cancelled, which aborts the exchange. An error response's body is only
 * needed for the failure message: its first bytes are kept and the rest is drained (so the
 * connection can be reused) up to a small bound, then dropped.
 *
 * <p>Buffers are requested one at a time, so at most one chunk arrives past the limit.
 *
 * <p>The body (or the failure) is handed to a {@link Listener} on the thread that finished
 * reading it, before the stage the client sees ({@link #getBody()}) completes, so that whoever
 * waits for the client's response future finds the answer there. That stage completes with no
 * value: the client, which may keep the exchange reachable until its connection is reused, then
 * does not keep the body's bytes alive too. The subscriber lets go of its buffer and listener
 * once done.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<Void> {

    /** How much of an error body goes into the failure message. */
    static final int ERROR_BODY_KEPT = 1024;
    /** How much of an error body is read, at most, before the connection is dropped instead. */
    static final long ERROR_BODY_DRAINED = 64 * 1024;

    private final long limit;
    private final int keep;
    private final boolean failOverLimit;
    private final long declared;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private HttpResponse.ResponseInfo info;
    private Listener listener;
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int kept;
    private long seen;
    private boolean truncated;
    private boolean finished;

    private BoundedBodySubscriber(long limit, int keep, boolean failOverLimit, long declared,
            HttpResponse.ResponseInfo info, Listener listener) {
        this.limit = limit;
        this.keep = keep;
        this.failOverLimit = failOverLimit;
        this.declared = declared;
        this.info = info;
        this.listener = listener;
    }

    /**
     * Told of the whole answer (status, headers and body as read) on the thread that finished
     * reading it, before the body's stage completes.
     */
    @FunctionalInterface
    interface Listener {
        void onResponse(HttpResponse.ResponseInfo info, ResponseBody body, Throwable failure);
    }

    /**
     * The subscriber for one response.
     *
     * @param limit the binding's {@code max_response_size}
     * @param headRequest a HEAD response declares a length but has no body
     */
    static BoundedBodySubscriber create(HttpResponse.ResponseInfo info, long limit, boolean headRequest, Listener listener) {
        long declared = headRequest ? -1 : contentLength(info.headers());
        int status = info.statusCode();
        return status >= 200 && status < 300
                ? new BoundedBodySubscriber(limit, (int) Math.min(limit, Integer.MAX_VALUE - 16), true, declared, info, listener)
                : new BoundedBodySubscriber(Math.min(limit, ERROR_BODY_DRAINED), ERROR_BODY_KEPT, false, declared, info, listener);
    }

    /** The declared {@code Content-Length}, or -1 (the client rejects a malformed length itself). */
    private static long contentLength(HttpHeaders headers) {
        String value = headers.firstValue("Content-Length").orElse(null);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (failOverLimit && declared > limit) {
            s.cancel();
            fail(new ResponseTooLargeException(declared, true, limit));
            return;
        }
        int initial = declared >= 0 ? (int) Math.min(declared, keep) : Math.min(8192, keep);
        buffer = new byte[Math.max(initial, 16)];
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (finished) {
            return;
        }
        for (int i = 0, size = items.size(); i < size; i++) {
            ByteBuffer item = items.get(i);
            int n = item.remaining();
            seen += n;
            if (seen > limit) {
                subscription.cancel();
                if (failOverLimit) {
                    fail(new ResponseTooLargeException(seen, false, limit));
                } else {
                    truncated = true;
                    copy(item);
                    complete();
                }
                return;
            }
            copy(item);
        }
        if (!failOverLimit && kept >= keep && declared > limit) {
            subscription.cancel(); // nothing more of this error body is wanted, and it is too big to drain
            complete();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void copy(ByteBuffer item) {
        int n = Math.min(item.remaining(), keep - kept);
        if (n < item.remaining()) {
            truncated = true;
        }
        if (n <= 0) {
            return;
        }
        if (kept + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(keep, Math.max((long) buffer.length * 2, (long) kept + n)));
        }
        item.get(buffer, kept, n);
        kept += n;
    }

    private void complete() {
        if (finished) {
            return;
        }
        finished = true;
        byte[] bytes = buffer == null ? new byte[0] : kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept);
        ResponseBody body = new ResponseBody(bytes, seen, truncated);
        HttpResponse.ResponseInfo i = info;
        Listener l = release();
        l.onResponse(i, body, null);
        done.complete(null);
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        HttpResponse.ResponseInfo i = info;
        Listener l = release();
        l.onResponse(i, null, failure);
        done.completeExceptionally(failure);
    }

    /** Lets go of what the answer no longer needs once it is handed on. */
    private Listener release() {
        Listener l = listener;
        listener = null;
        info = null;
        buffer = null;
        return l;
    }
}
