package io.maestro.http.internal;

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
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<ResponseBody> {

    /** How much of an error body goes into the failure message. */
    static final int ERROR_BODY_KEPT = 1024;
    /** How much of an error body is read, at most, before the connection is dropped instead. */
    static final long ERROR_BODY_DRAINED = 64 * 1024;

    private final long limit;
    private final int keep;
    private final boolean failOverLimit;
    private final long declared;
    private final CompletableFuture<ResponseBody> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int kept;
    private long seen;
    private boolean truncated;

    private BoundedBodySubscriber(long limit, int keep, boolean failOverLimit, long declared) {
        this.limit = limit;
        this.keep = keep;
        this.failOverLimit = failOverLimit;
        this.declared = declared;
    }

    /** Told of the whole answer (status, headers and body as read) on the thread that finished reading it. */
    @FunctionalInterface
    interface Listener {
        void onResponse(HttpResponse.ResponseInfo info, ResponseBody body, Throwable failure);
    }

    /**
     * @param limit the binding's {@code max_response_size}
     * @param headRequest a HEAD response declares a length but has no body
     */
    static HttpResponse.BodyHandler<ResponseBody> handler(long limit, boolean headRequest, Listener listener) {
        return info -> {
            long declared = -1;
            if (!headRequest) {
                try {
                    declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                } catch (NumberFormatException e) {
                    declared = -1; // the client rejects a malformed length itself
                }
            }
            boolean success = info.statusCode() >= 200 && info.statusCode() < 300;
            BoundedBodySubscriber subscriber = success
                    ? new BoundedBodySubscriber(limit, (int) Math.min(limit, Integer.MAX_VALUE - 16), true, declared)
                    : new BoundedBodySubscriber(Math.min(limit, ERROR_BODY_DRAINED), ERROR_BODY_KEPT, false, declared);
            subscriber.result.whenComplete((body, failure) -> listener.onResponse(info, body, failure));
            return subscriber;
        };
    }

    @Override
    public CompletionStage<ResponseBody> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (failOverLimit && declared > limit) {
            s.cancel();
            result.completeExceptionally(new ResponseTooLargeException(declared, true, limit));
            return;
        }
        int initial = declared >= 0 ? (int) Math.min(declared, keep) : Math.min(8192, keep);
        buffer = new byte[Math.max(initial, 16)];
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            seen += n;
            if (seen > limit) {
                subscription.cancel();
                if (failOverLimit) {
                    result.completeExceptionally(new ResponseTooLargeException(seen, false, limit));
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
        result.completeExceptionally(error);
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
        if (result.isDone()) {
            return;
        }
        result.complete(new ResponseBody(kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept), seen, truncated));
    }
}
